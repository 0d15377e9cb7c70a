// Data loading for a screen: runs one request at a time (a newer one aborts the older), tracks
// loading and failure, and re-renders the host. A failed load keeps what was shown before.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { toApiError, type ApiError } from '../api/api-error';

export class LoadController implements ReactiveController {
  loading = false;
  error: ApiError | null = null;
  private current: AbortController | null = null;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.current?.abort();
    this.current = null;
  }

  /** Runs `task`; resolves to its result, or to undefined when it failed or was superseded. */
  async run<T>(task: (signal: AbortSignal) => Promise<T>): Promise<T | undefined> {
    this.current?.abort();
    const controller = new AbortController();
    this.current = controller;
    this.loading = true;
    this.error = null;
    this.host.requestUpdate();
    try {
      const result = await task(controller.signal);
      return this.current === controller ? result : undefined;
    } catch (error) {
      const failure = toApiError(error);
      if (this.current === controller && failure.reason !== 'aborted') this.error = failure;
      return undefined;
    } finally {
      if (this.current === controller) {
        this.loading = false;
        this.current = null;
        this.host.requestUpdate();
      }
    }
  }
}
