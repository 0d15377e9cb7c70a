// desk.events over SSE, read the way the desk subscribes: the `eventsource` package, with the
// session in the Authorization header through its `fetch` option (a token in the URL is refused).
// Every event is tracked: its id is kept, and a listener can be closed and resumed from the last
// id (`lastEventId` in the input, as tRPC's httpSubscriptionLink does). Used by the integration
// tests and by the alert-latency benchmark.
import { EventSource } from 'eventsource';

export interface DeskAlert {
  /** The tracked id the server gave the event. */
  id: string;
  kind: string;
  protocol: string;
  /** performance.now() when the message carrying it arrived. */
  at: number;
  /** The whole event as sent. */
  event: Record<string, unknown>;
}

export interface DeskEventsListener {
  /** Every event in arrival order (ticket, presence and reset events). */
  alerts: DeskAlert[];
  /** Errors the stream reported (serialized errors, failed connections). */
  errors: string[];
  /** The id of the last event received. */
  lastId(): string | undefined;
  close(): void;
}

export interface ListenOptions {
  lastEventId?: string;
  /** Resolve at once instead of waiting for the server's `connected`. */
  noWait?: boolean;
}

/** Subscribes and resolves once the server says `connected` (or after 5 s at the latest). */
export async function listenDeskEvents(base: string, token: string, options: ListenOptions = {}): Promise<DeskEventsListener> {
  const url = new URL(`${base}/trpc/desk.events`);
  if (options.lastEventId !== undefined) url.searchParams.set('input', JSON.stringify({ lastEventId: options.lastEventId }));
  const alerts: DeskAlert[] = [];
  const errors: string[] = [];
  const source = new EventSource(url.toString(), {
    fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, authorization: `Bearer ${token}` } }),
  });
  let connected!: () => void;
  const ready = new Promise<void>((resolve) => (connected = resolve));
  source.addEventListener('connected', () => connected());
  source.addEventListener('serialized-error', (message) => errors.push(message.data));
  source.addEventListener('error', (error) => errors.push(String((error as { message?: string }).message ?? 'error')));
  source.onmessage = (message) => {
    const at = performance.now();
    if (!message.data) return;
    const event = JSON.parse(message.data) as Record<string, unknown>;
    if (typeof event.kind === 'string') {
      alerts.push({ id: message.lastEventId, kind: event.kind, protocol: String(event.protocol ?? ''), at, event });
    }
  };
  if (!options.noWait) await Promise.race([ready, new Promise((resolve) => setTimeout(resolve, 5_000))]);
  return {
    alerts,
    errors,
    lastId: () => alerts.at(-1)?.id,
    close: () => source.close(),
  };
}
