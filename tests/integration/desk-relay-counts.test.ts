// The desk-events relay's running counts when counting every ticket is slow (FerretDB v2 at
// 1 000 000 tickets: the relay's count outlasted a read's 5 s bound and the relay failed every pass,
// so no live event reached any desk). The server talks to the test engine through a proxy that holds
// that count (the only query filtering on `liveOutbox.0`) for longer than the test waits for an
// event: a relay that takes over starts from the newest stored event's counts instead, its
// reconciliation runs beside the relaying, and once the count answers it corrects a drift.
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDeskEvents, type DeskEvents } from '@cau/server';
import { attendant, openTicket, signUp } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/harness';
import { waitUntil } from '../support/process';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

const HOLD_MS = 8_000;
/** Well under HOLD_MS: an event that waited for a held count would miss it. */
const EVENT_WITHIN_MS = 3_000;

let proxy: TcpProxy;
let server: TestServer;
let relay: DeskEvents | undefined;
let holdCounts = false;
/** The relay's count messages seen (five per count, one per status), and those held. */
let seen = 0;
let held = 0;

beforeAll(async () => {
  const target = new URL(inject('mongoUri'));
  proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) }, 0, {
    holdClientMessage(message) {
      if (!message.includes('liveOutbox.0\0')) return 0;
      seen += 1;
      if (!holdCounts) return 0;
      held += 1;
      return HOLD_MS;
    },
  });
  server = await startTestServer({}, { mongoUri: `mongodb://127.0.0.1:${proxy.port}/?directConnection=true` });
});

afterAll(async () => {
  await relay?.stop();
  await server?.close();
  await proxy?.close();
});

interface StoredEvent { _id: number; protocol: string; counts: Record<string, number> }
const events = () => server.db.collection<StoredEvent>('deskevents');
const eventAfter = (seq: number, what: string) => waitUntil(
  async () => (await events().find({ _id: { $gt: seq } }).sort({ _id: 1 }).limit(1).toArray())[0],
  { timeoutMs: EVENT_WITHIN_MS, message: `no event for ${what}` },
);
const newestSeq = async () => (await events().find().sort({ _id: -1 }).limit(1).toArray())[0]?._id ?? 0;
/** The counts as stored: what every event's counts must equal once the relay has settled. */
async function storedCounts() {
  const n = (status: string) => server.db.collection('tickets').countDocuments({ status });
  const [open, inProgress, pending, approval, closed] = await Promise.all(['open', 'in_progress', 'pending_professional', 'awaiting_approval', 'closed'].map(n));
  return { todo: open! + inProgress!, in_progress: inProgress, pending_professional: pending, awaiting_approval: approval, closed };
}

describe('the relay when counting every ticket is slow', () => {
  let pro: Awaited<ReturnType<typeof signUp>>;
  let desk: Awaited<ReturnType<typeof attendant>>;
  let first: string;

  it('a relay that takes over relays at once, from the newest stored event\'s counts', async () => {
    pro = await signUp(server);
    desk = await attendant(server);
    first = await openTicket(pro);
    const before = await eventAfter(0, 'the first ticket');
    expect(before.protocol).toBe(first);

    // The server's relay hands over; a new one takes the lease while every count is held.
    await server.deps.events.stop();
    holdCounts = true;
    relay = await createDeskEvents(server.deps.log, { transport: 'poll', tickets: server.deps.tickets, users: server.deps.users, reconcileEveryMs: 300 });
    const seq = await newestSeq();
    await desk.api.desk.take.mutate({ protocol: first });
    const taken = await eventAfter(seq, 'the take');
    expect(taken.protocol).toBe(first);
    expect(taken.counts).toMatchObject(await storedCounts());
  });

  it('its recount runs beside the relaying: events flow while it is held, and their counts stay exact', async () => {
    // The take left the relay with events since its last recount: the recount starts and is held.
    await waitUntil(() => held > 0, { timeoutMs: 5_000, message: 'the relay never recounted' });
    const seq = await newestSeq();
    const second = await openTicket(pro);
    const created = await eventAfter(seq, 'a new ticket during the held recount');
    expect(created.protocol).toBe(second);
    expect(created.counts).toMatchObject(await storedCounts());
    await desk.api.desk.take.mutate({ protocol: second });
    expect((await eventAfter(created._id, 'a take during the held recount')).counts).toMatchObject(await storedCounts());
  });

  it('a recount that answers corrects a drift (a ticket written without an event)', async () => {
    holdCounts = false;
    const template = await server.db.collection('tickets').findOne({ protocol: first });
    await server.db.collection('tickets').insertOne({ ...template!, _id: new ObjectId(), protocol: '2026-999902', status: 'closed', liveOutbox: [] });
    // A recount that starts after the insert (once the held one has ended) and answers at once.
    const from = seen;
    await waitUntil(() => seen >= from + 5, { timeoutMs: HOLD_MS + 5_000, message: 'no recount after the drift' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const seq = await newestSeq();
    const third = await openTicket(pro);
    const created = await eventAfter(seq, 'a new ticket after the recount');
    expect(created.protocol).toBe(third);
    expect(created.counts).toMatchObject(await storedCounts());
    expect(created.counts.closed).toBe(1);
  }, 20_000);
});
