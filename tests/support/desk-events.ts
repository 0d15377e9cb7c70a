// desk.events over SSE, read with plain fetch the way the desk subscribes (tRPC SSE, the token as a
// connection param, since EventSource cannot send headers). Used by the fault tests and by the
// alert-latency benchmark.

export interface DeskAlert {
  kind: string;
  protocol: string;
  /** performance.now() when the chunk carrying it arrived. */
  at: number;
}

export interface DeskEventsListener {
  /** Every alert in arrival order. */
  alerts: DeskAlert[];
  close(): void;
}

/** Subscribes and resolves once the server says `connected` (or after 5 s at the latest). */
export async function listenDeskEvents(base: string, token: string): Promise<DeskEventsListener> {
  const controller = new AbortController();
  const response = await fetch(`${base}/trpc/desk.events?connectionParams=${encodeURIComponent(JSON.stringify({ token }))}`, {
    headers: { accept: 'text/event-stream' },
    signal: controller.signal,
  });
  if (response.status !== 200) throw new Error(`desk.events answered ${response.status}`);
  const alerts: DeskAlert[] = [];
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let connected!: () => void;
  const ready = new Promise<void>((resolve) => (connected = resolve));
  void (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        const at = performance.now();
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (/^event: connected/m.test(block)) connected();
          // Named events are the protocol's own (connected, ping, return, serialized-error).
          if (/^event: /m.test(block)) continue;
          const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
          if (!data) continue;
          const event = JSON.parse(data) as { kind?: string; protocol?: string };
          if (event.kind && event.protocol) alerts.push({ kind: event.kind, protocol: event.protocol, at });
        }
      }
    } catch {
      // closed by the caller
    }
  })();
  await Promise.race([ready, new Promise((resolve) => setTimeout(resolve, 5_000))]);
  return { alerts, close: () => controller.abort() };
}
