// Keeps a screen current without a reload: it refreshes when the page gets focus or becomes
// visible again, on a light poll while visible, and at a moment the screen asks for (a deadline
// about to pass). The refreshes are the widget's own, so screens send them as background requests,
// which do not keep an idle session awake.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** How often a visible screen refreshes by itself. */
export const POLL_MS = 30_000;
/** Focus and visibility often arrive together: one refresh for both. */
const MIN_GAP_MS = 2_000;
/** A deadline passes; the server's job closes the ticket a moment later. */
const AFTER_DEADLINE_MS = 1_500;
/** While a passed deadline still shows as pending (the job has not run yet), look again this often… */
const OVERDUE_RETRY_MS = 5_000;
/** …for this long after the deadline; then the poll carries on. */
const OVERDUE_WINDOW_MS = 2 * 60_000;

export class RefreshController implements ReactiveController {
  private poll: ReturnType<typeof setInterval> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private last = 0;

  constructor(
    host: ReactiveControllerHost,
    private readonly refresh: () => void,
    private readonly everyMs = POLL_MS,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.last = Date.now();
    globalThis.addEventListener('focus', this.onFocus);
    document.addEventListener('visibilitychange', this.onVisibility);
    this.poll = setInterval(() => this.visible() && this.run(), this.everyMs);
  }

  hostDisconnected(): void {
    globalThis.removeEventListener('focus', this.onFocus);
    document.removeEventListener('visibilitychange', this.onVisibility);
    if (this.poll) clearInterval(this.poll);
    if (this.timer) clearTimeout(this.timer);
    this.poll = this.timer = null;
  }

  /**
   * Refreshes once just after `instant` (an ISO deadline), if that comes before the next poll; a
   * deadline passed moments ago is looked at again shortly.
   */
  at(instant: string | null): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!instant) return;
    const until = Date.parse(instant) - Date.now();
    if (!Number.isFinite(until) || until < -OVERDUE_WINDOW_MS) return;
    const wait = until < 0 ? OVERDUE_RETRY_MS : until + AFTER_DEADLINE_MS;
    if (wait > this.everyMs) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.run(true);
    }, wait);
  }

  private visible(): boolean {
    return document.visibilityState !== 'hidden';
  }

  private run(force = false): void {
    const now = Date.now();
    if (!force && now - this.last < MIN_GAP_MS) return;
    this.last = now;
    this.refresh();
  }

  private readonly onFocus = () => this.run();
  private readonly onVisibility = () => {
    if (this.visible()) this.run();
  };
}
