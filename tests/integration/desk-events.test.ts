// Desk events between instances (SPEC §4: alerts within 2 seconds, with several instances): what one
// instance publishes in a burst is stored in a few batched writes, not one write per event, and
// another instance polling the same database receives every event exactly once. Stopping an
// instance stores what it had not stored yet.
import { createDeskEvents, DeskEventModel, type RunningServer } from '@cau/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from '../support/harness';
import { waitUntil } from '../support/process';

type DeskEvents = RunningServer['deps']['events'];
type DeskEvent = Parameters<Parameters<DeskEvents['subscribe']>[0]>[0];

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  vi.restoreAllMocks();
  await server?.close();
});

function publishBurst(events: DeskEvents, prefix: string, count: number): void {
  for (let i = 0; i < count; i++) {
    events.publish({ kind: 'changed', protocol: `${prefix}-${String(i).padStart(6, '0')}`, at: new Date().toISOString(), status: 'open' });
  }
}

describe('desk events across instances', () => {
  it('stores a burst of 300 events in a few writes and another instance hears each one once', async () => {
    const other = createDeskEvents(server.deps.log, { pollMs: 100 });
    const heard: DeskEvent[] = [];
    other.subscribe((event) => {
      if (event.protocol.startsWith('9001-')) heard.push(event);
    });
    const writes = vi.spyOn(DeskEventModel, 'insertMany');
    try {
      publishBurst(server.deps.events, '9001', 300);
      await waitUntil(() => heard.length >= 300, { timeoutMs: 10_000, message: 'the other instance did not hear all 300 events' });
      // Give a duplicate delivery the chance to show up before counting.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(heard).toHaveLength(300);
      expect(new Set(heard.map((e) => e.id)).size).toBe(300);
      expect(new Set(heard.map((e) => e.protocol)).size).toBe(300);
      expect(writes.mock.calls.length).toBeGreaterThanOrEqual(1);
      expect(writes.mock.calls.length).toBeLessThanOrEqual(3);
      expect(await server.db.collection('deskevents').countDocuments({ protocol: /^9001-/ })).toBe(300);
    } finally {
      writes.mockRestore();
      await other.stop();
    }
  });

  it('stores the events still waiting for their write when the instance stops', async () => {
    const leaving = createDeskEvents(server.deps.log, { pollMs: 100 });
    publishBurst(leaving, '9002', 25);
    await leaving.stop();
    expect(await server.db.collection('deskevents').countDocuments({ protocol: /^9002-/ })).toBe(25);
  });
});
