// Idle sign-out of the professional's session: only the person's own input counts as activity
// (keys, pointer, the page getting focus or becoming visible), never the widget's own refreshes,
// which carry the background header. While the person is active the widget pings the server
// (auth.me, which counts there) at most once a minute, plus once at the end of that minute if they
// kept going, so the server's idle clock is never behind this one. A warning shows one minute
// before the limit; at the limit the widget signs out.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { SessionClock } from '../api/api-client';

export const PING_EVERY_MS = 60_000;
export const WARNING_MS = 60_000;
/** Until the server tells its limit (auth.me's session clock): the professionals' default, 24 h. */
export const DEFAULT_IDLE_MS = 24 * 60 * 60_000;
const TICK_MS = 1_000;

export interface IdleHooks {
  /** A user-activity ping (auth.me without the background header); answers the session clock if the server has one. */
  ping(): Promise<SessionClock | undefined>;
  /** The limit was reached. */
  expired(): void;
}

export class IdleController implements ReactiveController {
  limitMs = DEFAULT_IDLE_MS;
  running = false;
  private lastActivity = 0;
  private lastPing = 0;
  private now = 0;
  private ticker: ReturnType<typeof setInterval> | null = null;
  private trailing: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly hooks: IdleHooks,
  ) {
    host.addController(this);
  }

  get remainingMs(): number {
    return Math.max(0, this.limitMs - (this.now - this.lastActivity));
  }

  get warning(): boolean {
    return this.running && this.remainingMs <= WARNING_MS;
  }

  get remainingSeconds(): number {
    return Math.ceil(this.remainingMs / 1000);
  }

  hostDisconnected(): void {
    this.stop();
  }

  /** A session began (or was found): the clock starts, and the server's limit is asked for. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.lastActivity = this.now = Date.now();
    globalThis.addEventListener('keydown', this.activity, { capture: true, passive: true });
    globalThis.addEventListener('pointerdown', this.activity, { capture: true, passive: true });
    globalThis.addEventListener('focus', this.activity);
    document.addEventListener('visibilitychange', this.onVisibility);
    this.ticker = setInterval(this.tick, TICK_MS);
    this.ping();
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    globalThis.removeEventListener('keydown', this.activity, { capture: true });
    globalThis.removeEventListener('pointerdown', this.activity, { capture: true });
    globalThis.removeEventListener('focus', this.activity);
    document.removeEventListener('visibilitychange', this.onVisibility);
    if (this.ticker) clearInterval(this.ticker);
    if (this.trailing) clearTimeout(this.trailing);
    this.ticker = this.trailing = null;
    this.host.requestUpdate();
  }

  /** The person did something: the clock starts again (also "Continuar conectado"). */
  readonly activity = () => {
    if (!this.running) return;
    const wasWarning = this.warning;
    this.lastActivity = this.now = Date.now();
    const since = this.now - this.lastPing;
    if (since >= PING_EVERY_MS) this.ping();
    else this.trailing ??= setTimeout(() => {
      this.trailing = null;
      if (this.running) this.ping();
    }, PING_EVERY_MS - since);
    if (wasWarning) this.host.requestUpdate();
  };

  private ping(): void {
    this.lastPing = Date.now();
    this.hooks.ping().then(
      (clock) => {
        if (clock && Number.isFinite(clock.idleMs) && clock.idleMs > 0) this.limitMs = clock.idleMs;
      },
      () => undefined,
    );
  }

  private readonly onVisibility = () => {
    if (document.visibilityState === 'visible') this.activity();
  };

  private readonly tick = () => {
    const wasWarning = this.warning;
    this.now = Date.now();
    if (this.remainingMs <= 0) {
      this.stop();
      this.hooks.expired();
      return;
    }
    if (wasWarning || this.warning) this.host.requestUpdate();
  };
}
