// The live layer on one instance (SPEC §8): events that carry their data, resumes that give exactly
// the gap, crash recovery of the relay, header-only authentication, the idle clock, server-side
// alerts, presence, and the colleague named in a conflict. Several instances: live.test.ts.
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeskEvents } from '@cau/server';
import { listenDeskEvents, type DeskEventsListener } from '../support/desk-events';
import { attendant, openTicket, signUp, TICKET } from '../support/fixtures';
import { expectReason, startTestServer, type TestServer } from '../support/harness';
import { sleep, waitUntil } from '../support/process';

let server: TestServer;
let pro: Awaited<ReturnType<typeof signUp>>;
let carlos: Awaited<ReturnType<typeof attendant>>;
let bruna: Awaited<ReturnType<typeof attendant>>;
const listeners: DeskEventsListener[] = [];

beforeAll(async () => {
  server = await startTestServer();
  pro = await signUp(server);
  [carlos, bruna] = await Promise.all([attendant(server, 'Carlos Mendes'), attendant(server, 'Bruna Lima')]);
});
afterAll(async () => {
  for (const listener of listeners) listener.close();
  await server?.close();
});

async function listen(token: string, lastEventId?: string) {
  const listener = await listenDeskEvents(server.url, token, { lastEventId });
  listeners.push(listener);
  return listener;
}

const ticketEvents = (l: DeskEventsListener, protocol?: string) =>
  l.alerts.filter((a) => 'row' in a.event && (!protocol || a.protocol === protocol));

function waitFor(l: DeskEventsListener, what: string, test: () => boolean, timeoutMs = 3_000) {
  return waitUntil(test, { timeoutMs, intervalMs: 10, message: what, describe: () => JSON.stringify(l.alerts.map((a) => [a.id, a.kind, a.protocol]).slice(-20)) });
}

describe('events carry their data', () => {
  it('a new ticket arrives once, tracked, with its queue row, the counts and the actor; a take names the assignee', async () => {
    const desk = await listen(carlos.token);
    const before = await carlos.api.desk.queue.query({ view: 'todo' });
    const sentAt = performance.now();
    const protocol = await openTicket(pro);
    await waitFor(desk, 'no new_ticket event', () => ticketEvents(desk, protocol).length === 1);
    const created = ticketEvents(desk, protocol)[0]!;
    // One instance delivers its own events without waiting for a poll; the figure is in bench/.
    expect(created.at - sentAt).toBeLessThan(1_000);
    expect(created.id).toMatch(/^\d{12}$/);
    const event = created.event as Record<string, any>;
    expect(event).toMatchObject({ kind: 'new_ticket', event: 'create', protocol, status: 'open', actor: { name: pro.name, role: 'professional' } });
    expect(event.row).toMatchObject({ protocol, subject: TICKET.subject, status: 'open', professional: { name: pro.name } });
    expect(event.row.professional.cpf).toMatch(/^\*\*\*\./);
    expect(event.counts.todo).toBe(before.counts.todo + 1);
    expect(event.counts.all).toBe(before.counts.all + 1);
    expect(event.assigneeChanged).toBeUndefined();

    await bruna.api.desk.take.mutate({ protocol });
    await waitFor(desk, 'no take event', () => ticketEvents(desk, protocol).length === 2);
    const taken = ticketEvents(desk, protocol)[1]!.event as Record<string, any>;
    expect(taken).toMatchObject({ kind: 'changed', event: 'take', status: 'in_progress', assigneeId: bruna.id, assigneeChanged: true, actor: { id: bruna.id, name: 'Bruna Lima' } });
    expect(taken.row.assignee).toEqual({ id: bruna.id, name: 'Bruna Lima' });
    expect(Number(ticketEvents(desk, protocol)[1]!.id)).toBeGreaterThan(Number(created.id));
    // The queue's counts come from the events, never behind them.
    // They say which event they include, so a desk that got a later event keeps its counts.
    const after = await carlos.api.desk.queue.query({ view: 'todo' });
    expect(after.counts.todo).toBe(taken.counts.todo);
    expect(after.countsSeq).toBe(Number(ticketEvents(desk, protocol)[1]!.id));
    expect(before.countsSeq).toBeLessThan(Number(created.id));
  });
});

describe('resuming', () => {
  it('a stream resumed from lastEventId gets exactly the events it missed, in order; an unknown id gets one reset', async () => {
    const first = await listen(carlos.token);
    const protocol = await openTicket(pro);
    await waitFor(first, 'first event', () => ticketEvents(first, protocol).length === 1);
    const lastId = first.lastId()!;
    first.close();

    // Missed while away: 12 changes.
    for (let i = 0; i < 12; i++) await carlos.api.desk.note.mutate({ protocol, message: `Nota interna ${i}` });
    const missed = await waitUntil(async () => {
      const docs = await server.db.collection('deskevents').find({ _id: { $gt: Number(lastId) } as never }).sort({ _id: 1 }).toArray();
      return docs.length >= 12 && docs;
    }, { timeoutMs: 3_000, message: 'the 12 events were not stored' });
    expect(missed).toHaveLength(12);

    const resumed = await listen(carlos.token, lastId);
    await waitFor(resumed, 'the gap was not replayed', () => resumed.alerts.length >= 12);
    await carlos.api.desk.note.mutate({ protocol, message: 'Depois da volta' });
    await waitFor(resumed, 'the live event after the gap', () => resumed.alerts.length >= 13);
    await sleep(300);
    expect(resumed.alerts.map((a) => Number(a.id))).toEqual([...missed.map((d) => d._id as unknown as number), Number(missed.at(-1)!._id) + 1]);
    expect(resumed.alerts.every((a) => a.kind === 'changed' && a.event.event === 'note')).toBe(true);

    const lost = await listen(carlos.token, 'nao-e-um-id');
    await waitFor(lost, 'no reset for an unknown id', () => lost.alerts.length >= 1);
    expect(lost.alerts[0]!.kind).toBe('reset');
    const future = await listen(carlos.token, '999999999999');
    await waitFor(future, 'no reset for an id from another database', () => future.alerts.length >= 1);
    expect(future.alerts[0]!.kind).toBe('reset');
  });

  it('an id whose events were purged gets a reset, not a partial replay', async () => {
    const desk = await listen(carlos.token);
    for (let i = 0; i < 3; i++) await openTicket(pro);
    await waitFor(desk, 'events', () => ticketEvents(desk).length === 3);
    const ids = ticketEvents(desk).map((a) => Number(a.id));
    // As the purge leaves it: the oldest of the three is gone. An instance started now has none of
    // them in memory, so it answers from the database.
    await server.db.collection('deskevents').deleteMany({ _id: { $lte: ids[0]! } as never });
    const fresh = await createDeskEvents(server.deps.log, { transport: 'poll' });
    try {
      expect(await fresh.since(ids[0]! - 1)).toBeNull();
      expect((await fresh.since(ids[0]!))!.map((d) => d.seq)).toEqual(ids.slice(1));
      expect(await fresh.since(ids[2]!)).toEqual([]);
      expect(await fresh.since(ids[2]! + 1_000)).toBeNull();
    } finally {
      await fresh.stop();
    }
  });
});

describe('relay crash recovery', () => {
  it('an entry left in a ticket by a writer that died is relayed; one relayed but not yet pulled is not relayed again', async () => {
    const desk = await listen(carlos.token);
    const protocol = await openTicket(pro);
    await waitFor(desk, 'event', () => ticketEvents(desk, protocol).length === 1);
    const tickets = server.db.collection('tickets');
    const ticket = (await tickets.findOne({ protocol }))!;
    const row = ticketEvents(desk, protocol)[0]!.event.row;
    const actor = { id: ticket.professional.id, name: ticket.professional.name, role: 'professional' };
    const entry = (id: ObjectId) => ({ _id: id, kind: 'changed', event: 'note', at: new Date(), status: 'open', actor, assigneeId: null, assigneeChanged: false, row });

    // Relayed before the crash (stored with its sequence number), not yet pulled from the ticket.
    const relayed = new ObjectId();
    const head = Number(desk.lastId());
    await server.db.collection('deskevents').insertOne({
      _id: head + 1 as never, eventId: relayed, kind: 'changed', event: 'note', protocol, subject: ticket.subject, status: 'open',
      at: new Date(), actor, assigneeId: null, assigneeChanged: false, row, counts: ticketEvents(desk, protocol)[0]!.event.counts,
    });
    // Written by an instance that died before it could say so.
    const orphan = new ObjectId();
    await tickets.updateOne({ _id: ticket._id }, { $push: { liveOutbox: { $each: [entry(relayed), entry(orphan)] } } as never });

    await waitUntil(async () => ((await tickets.findOne({ protocol }))!.liveOutbox as unknown[]).length === 0, {
      timeoutMs: 3_000, message: 'the relay did not pick up the entries',
    });
    await waitFor(desk, 'the two events', () => ticketEvents(desk, protocol).length === 3);
    await sleep(500);
    const stored = await server.db.collection('deskevents').find({ eventId: { $in: [relayed, orphan] } }).sort({ _id: 1 }).toArray();
    expect(stored.map((d) => d._id)).toEqual([head + 1, head + 2]);
    expect(ticketEvents(desk, protocol).map((a) => Number(a.id))).toEqual([head, head + 1, head + 2]);
  });
});

describe('authentication of the stream and the idle clock', () => {
  async function streamStatus(url: string, headers: Record<string, string> = {}) {
    const controller = new AbortController();
    const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
    // Whatever the stream says within a second and a half.
    let text = '';
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    const until = Date.now() + 1_500;
    while (Date.now() < until) {
      const chunk = await Promise.race([reader.read(), sleep(until - Date.now()).then(() => null)]);
      if (!chunk || chunk.done) break;
      text += chunk.value;
    }
    controller.abort();
    return { status: response.status, text };
  }

  it('refuses a token in connectionParams or in the query string, even beside a valid header; takes any case of "Bearer"', async () => {
    const base = `${server.url}/trpc/desk.events`;
    const params = `connectionParams=${encodeURIComponent(JSON.stringify({ token: carlos.token }))}`;
    for (const [url, headers] of [
      [`${base}?${params}`, {}],
      [`${base}?token=${carlos.token}`, {}],
      [`${base}?access_token=${carlos.token}`, {}],
      [`${base}?${params}`, { authorization: `Bearer ${carlos.token}` }],
    ] as const) {
      const { status, text } = await streamStatus(url, headers);
      // tRPC answers a refused subscription inside the stream: an error, and not one event.
      expect(`${status} ${text}`, url).toMatch(/"reason":"unauthenticated"/);
      expect(text.split('\n').filter((l) => l.startsWith('id:'))).toEqual([]);
    }
    const { status, text } = await streamStatus(base, { authorization: `bEaReR ${carlos.token}` });
    expect(status).toBe(200);
    expect(text).toMatch(/event: connected/);
    expect(text).not.toMatch(/serialized-error/);
    expect((await server.client(undefined, { authorization: `bearer ${carlos.token}` }).auth.me.query()).name).toBe('Carlos Mendes');
  });

  it('background requests and the stream do not move the idle clock; the person\'s own requests do; auth.me says when it ends', async () => {
    const desk = await attendant(server, 'Denise Idle');
    const sessions = server.db.collection('sessions');
    const user = (await server.db.collection('users').findOne({ login: desk.login }))!;
    const away = new Date(Date.now() - 10 * 60_000);
    await sessions.updateOne({ userId: user._id }, { $set: { lastSeenAt: away } });
    const background = server.client(desk.token, { 'x-cau-background': '1' });

    const me = await background.auth.me.query();
    expect(me.session.idleMs).toBe(30 * 60_000);
    expect(Date.parse(me.session.idleExpiresAt)).toBe(away.getTime() + 30 * 60_000);
    await background.desk.queue.query({ view: 'todo' });
    await background.desk.alerts.list.query();
    const stream = await listen(desk.token);
    await sleep(300);
    stream.close();
    expect((await sessions.findOne({ userId: user._id }))!.lastSeenAt).toEqual(away);

    const before = Date.now();
    const own = await desk.api.auth.me.query();
    const seen = (await sessions.findOne({ userId: user._id }))!.lastSeenAt as Date;
    expect(seen.getTime()).toBeGreaterThanOrEqual(before - 1_000);
    expect(Date.parse(own.session.idleExpiresAt)).toBe(seen.getTime() + 30 * 60_000);

    // Past the idle limit, an open stream ends with unauthenticated, and background requests are refused like any other.
    const open = await listen(desk.token);
    await sessions.updateOne({ userId: user._id }, { $set: { lastSeenAt: new Date(Date.now() - 31 * 60_000) } });
    await waitUntil(() => open.errors.some((e) => /"reason":"unauthenticated"/.test(e)), {
      timeoutMs: 15_000, message: 'the stream outlived its session', describe: () => open.errors.join('; '),
    });
    await expectReason(background.desk.alerts.list.query(), 'unauthenticated', 401);
  }, 30_000);
});

describe('alerts kept on the server', () => {
  it('every attendant gets new tickets and answers; opening clears one\'s own; a take clears everyone\'s; an assignment alerts the assignee', async () => {
    const erika = await attendant(server, 'Érika Souza');
    await erika.api.desk.alerts.clear.mutate({});
    await carlos.api.desk.alerts.clear.mutate({});
    const desk = await listen(erika.token);
    const [p1, p2] = [await openTicket(pro), await openTicket(pro)];
    await waitFor(desk, 'events', () => ticketEvents(desk, p2).length === 1);
    await waitUntil(async () => (await erika.api.desk.alerts.list.query()).total === 2, { timeoutMs: 2_000, message: 'alerts not stored' });
    const list = await erika.api.desk.alerts.list.query();
    expect(list.items.map((a) => [a.kind, a.protocol])).toEqual([['new_ticket', p2], ['new_ticket', p1]]);
    expect(list.items[0]!.subject).toBe(TICKET.subject);
    expect(list.items[0]!.id).toBe(ticketEvents(desk, p2)[0]!.id);

    // Opening p1 clears Érika's alert of it, not Carlos's.
    await erika.api.desk.get.query({ protocol: p1 });
    expect((await erika.api.desk.alerts.list.query()).items.map((a) => a.protocol)).toEqual([p2]);
    expect((await carlos.api.desk.alerts.list.query()).items.map((a) => a.protocol).sort()).toEqual([p1, p2].sort());

    // Carlos takes p2: nobody's alert of it stays.
    await carlos.api.desk.take.mutate({ protocol: p2 });
    await waitUntil(async () => (await erika.api.desk.alerts.list.query()).total === 0, { timeoutMs: 2_000, message: 'the take did not clear the alerts' });
    expect((await carlos.api.desk.alerts.list.query()).items.map((a) => a.protocol)).toEqual([p1]);

    // Carlos hands p2 to Érika: she is alerted, with an `assigned` event naming her; the history says to whom.
    await carlos.api.desk.assign.mutate({ protocol: p2, attendantId: erika.id });
    await waitFor(desk, 'assigned event', () => ticketEvents(desk, p2).some((a) => a.kind === 'assigned'));
    expect(ticketEvents(desk, p2).find((a) => a.kind === 'assigned')!.event).toMatchObject({ assigneeId: erika.id, assigneeChanged: true });
    await waitUntil(async () => (await erika.api.desk.alerts.list.query()).total === 1, { timeoutMs: 2_000, message: 'no assigned alert' });
    expect((await erika.api.desk.alerts.list.query()).items[0]).toMatchObject({ kind: 'assigned', protocol: p2 });
    expect((await carlos.api.desk.alerts.list.query()).items.map((a) => a.kind)).not.toContain('assigned');
    const history = (await erika.api.desk.get.query({ protocol: p2 })).history;
    expect(history.find((h) => h.event === 'assign')!.assignee).toEqual({ id: erika.id, name: 'Érika Souza' });
    expect(history.find((h) => h.event === 'take')!.assignee).toEqual({ id: carlos.id, name: 'Carlos Mendes' });

    // A professional's comments: one alert per ticket while unread, for its assignee.
    await carlos.api.desk.alerts.clear.mutate({});
    for (let i = 0; i < 3; i++) await pro.api.tickets.comment.mutate({ protocol: p2, message: `Mais uma informação ${i}` });
    await waitFor(desk, 'comments', () => ticketEvents(desk, p2).filter((a) => a.kind === 'commented').length === 3);
    await waitUntil(async () => (await erika.api.desk.alerts.list.query()).items.some((a) => a.kind === 'commented'), { timeoutMs: 2_000, message: 'no comment alert' });
    await sleep(300);
    const after = await erika.api.desk.alerts.list.query();
    expect(after.items.filter((a) => a.kind === 'commented')).toHaveLength(1);
    expect(after.items.find((a) => a.kind === 'commented')!.id).toBe(ticketEvents(desk, p2).filter((a) => a.kind === 'commented').at(-1)!.id);
    expect((await carlos.api.desk.alerts.list.query()).total).toBe(0);

    await erika.api.desk.alerts.clear.mutate({ protocol: p2 });
    expect((await erika.api.desk.alerts.list.query()).total).toBe(0);
  });

  it('lists at most 50, newest first, and counts them all', async () => {
    const fabio = await attendant(server, 'Fábio Reis');
    const desk = await listen(fabio.token);
    const many = await signUp(server);
    const protocols: string[] = [];
    for (let i = 0; i < 53; i++) protocols.push(await openTicket(many));
    await waitFor(desk, 'events', () => ticketEvents(desk).filter((a) => protocols.includes(a.protocol)).length === 53, 10_000);
    await waitUntil(async () => (await fabio.api.desk.alerts.list.query()).total === 53, { timeoutMs: 3_000, message: 'not 53 alerts' });
    const list = await fabio.api.desk.alerts.list.query();
    expect(list.items).toHaveLength(50);
    expect(list.items[0]!.protocol).toBe(protocols.at(-1));
  }, 60_000);
});

describe('presence', () => {
  it('a colleague viewing or typing shows in desk.get and reaches the others\' streams; left and expiry remove it', async () => {
    const protocol = await openTicket(pro);
    const watching = await listen(bruna.token);
    await carlos.api.desk.presence.mutate({ protocol, state: 'viewing' });
    expect((await bruna.api.desk.get.query({ protocol })).viewers).toEqual([{ id: carlos.id, name: 'Carlos Mendes', typing: false }]);
    expect((await carlos.api.desk.get.query({ protocol })).viewers).toEqual([]);
    await waitFor(watching, 'no viewing event', () => watching.alerts.some((a) => a.kind === 'viewing' && a.protocol === protocol));
    const viewing = watching.alerts.find((a) => a.kind === 'viewing')!;
    expect(viewing.event).toMatchObject({ protocol, attendant: { id: carlos.id, name: 'Carlos Mendes' } });
    expect(viewing.id).toMatch(/^\d{12}\.p\d+$/);

    await carlos.api.desk.presence.mutate({ protocol, state: 'typing' });
    expect((await bruna.api.desk.get.query({ protocol })).viewers).toEqual([{ id: carlos.id, name: 'Carlos Mendes', typing: true }]);
    await waitFor(watching, 'no typing event', () => watching.alerts.some((a) => a.kind === 'typing'));

    await carlos.api.desk.presence.mutate({ protocol, state: 'left' });
    expect((await bruna.api.desk.get.query({ protocol })).viewers).toEqual([]);
    await waitFor(watching, 'no left event', () => watching.alerts.some((a) => a.kind === 'left'));

    // Presence is not activity, and needs a ticket that exists.
    await expectReason(carlos.api.desk.presence.mutate({ protocol: '2020-999999', state: 'viewing' }), 'not_found');
  });

  it('a heartbeat older than 30 s no longer counts', async () => {
    const protocol = await openTicket(pro);
    await carlos.api.desk.presence.mutate({ protocol, state: 'viewing' });
    await server.db.collection('deskpresences').updateOne({ protocol }, { $set: { at: new Date(Date.now() - 31_000) } });
    expect((await bruna.api.desk.get.query({ protocol })).viewers).toEqual([]);
  });
});

describe('conflicts name the change that won', () => {
  it('the losing resolve carries lastChange: who, what, when', async () => {
    const protocol = await openTicket(pro);
    await carlos.api.desk.take.mutate({ protocol });
    await carlos.api.desk.resolve.mutate({ protocol, message: 'Resolvido por aqui.' });
    const error = await expectReason(bruna.api.desk.resolve.mutate({ protocol, message: 'Eu também resolvi.' }), 'invalid_transition');
    const lastChange = (error.data as { lastChange?: { actor: { id: string; name: string }; event: string; at: string } }).lastChange;
    expect(lastChange).toMatchObject({ actor: { id: carlos.id, name: 'Carlos Mendes' }, event: 'resolve' });
    expect(Date.now() - Date.parse(lastChange!.at)).toBeLessThan(10_000);
  });

  it('a race lost at the write (conflict) carries it as well', async () => {
    const protocol = await openTicket(pro);
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => (i % 2 ? carlos : bruna).api.desk.take.mutate({ protocol })));
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const { reason } of lost) {
      expect(['conflict', 'invalid_transition']).toContain(reason.data.reason);
      expect(reason.data.lastChange.event).toBe('take');
    }
  });
});
