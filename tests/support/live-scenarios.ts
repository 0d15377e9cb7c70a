// The live-layer scenarios of SPEC §8, shared by the test files that run them on different
// engines (tests/integration/live.test.ts on the suite's database, whichever transport it gives;
// live-change-streams.test.ts on a mongo-java-server of its own with its oplog, so that change
// streams are exercised). Two server instances as real processes on one database: 20 subscribers
// on the two get each of 500 events from both instances once, in order per ticket, and nothing more
// during a quiet minute; a stream that drops and resumes on the other instance gets exactly the
// gap; presence crosses instances within about a second; SIGKILL of the instance that relays, in
// the middle of a burst, loses no event of a change that was stored.
import { randomBytes } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenDeskEvents, type DeskEventsListener } from './desk-events';
import { newPerson, TICKET } from './fixtures';
import { ADMIN, databaseUri } from './harness';
import { killAllServerProcesses, sleep, startServerProcess, waitUntil, type ServerProcess } from './process';

export interface LiveDatabase {
  /** `mongodb://` URI without a database name. */
  uri: string;
  stop?: () => Promise<void>;
}

export interface LiveScenarioOptions {
  /** The engine to run on, resolved in beforeAll (started there when the file owns it). */
  database: () => Promise<LiveDatabase>;
  /** The transport both instances must announce; any when unset. */
  transport?: 'change streams' | 'polling';
}

const QUIET_MS = 60_000;
const ENV = { ADMIN_LOGIN: ADMIN.login, ADMIN_PASSWORD: ADMIN.password, RATE_LIMIT_MULTIPLIER: '1000' };

const ticketEvents = (l: DeskEventsListener, protocols: Set<string>) => l.alerts.filter((e) => 'row' in e.event && protocols.has(e.protocol));

function perTicket(events: DeskEventsListener['alerts']): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const e of events) {
    const list = map.get(e.protocol) ?? [];
    list.push(`${e.event.event as string}@${e.event.at as string}`);
    map.set(e.protocol, list);
  }
  return map;
}

/** Every event once, ids strictly increasing, and per ticket exactly its stored history, in order. */
function expectExactlyOnce(events: DeskEventsListener['alerts'], expected: Map<string, string[]>, label: string) {
  const ids = events.map((e) => Number(e.id));
  expect(new Set(ids).size, `${label}: an event arrived twice`).toBe(ids.length);
  expect(ids, `${label}: out of order`).toEqual([...ids].sort((x, y) => x - y));
  const got = perTicket(events);
  for (const [protocol, history] of expected) expect(got.get(protocol) ?? [], `${label}: ${protocol}`).toEqual(history);
  expect(events.length, label).toBe([...expected.values()].reduce((n, h) => n + h.length, 0));
}

/** Registers the scenarios (hooks and tests) in the calling test file. */
export function liveScenarios(options: LiveScenarioOptions): void {
  const { transport } = options;
  let engine: LiveDatabase | undefined;
  let mongo: MongoClient;
  let db: Db;
  let dbName: string;
  let a: ServerProcess;
  let b: ServerProcess;
  const listeners: DeskEventsListener[] = [];

  async function professional(instance: ServerProcess) {
    const person = newPerson();
    const anonymous = instance.client();
    const { signupToken } = await anonymous.auth.checkSignup.mutate({ name: person.name, cpf: person.cpf, email: person.email });
    return (await anonymous.auth.signup.mutate({ signupToken, login: person.login, password: person.password })).token;
  }

  async function staff(instance: ServerProcess, name: string) {
    const admin = instance.client((await instance.client().auth.login.mutate(ADMIN)).token);
    const id = randomBytes(4).toString('hex');
    const credentials = { login: `att.${id}`, password: 'Atendimento-Seguro-1' };
    await admin.admin.attendants.create.mutate({ name, email: `att.${id}@causp.test`, role: 'attendant', ...credentials });
    const first = await instance.client().auth.login.mutate(credentials);
    // An admin-set password is replaced at the first login (password_change_required).
    return (await instance.client(first.token).account.changePassword.mutate({ currentPassword: credentials.password, newPassword: 'Atendimento-Proprio-7' })).token;
  }

  async function listen(instance: ServerProcess, token: string, lastEventId?: string) {
    const listener = await listenDeskEvents(instance.url, token, { lastEventId });
    listeners.push(listener);
    return listener;
  }

  /** What each ticket's history says happened, as `event@at`, in order: what its events must say. */
  async function histories(protocols: Iterable<string>): Promise<Map<string, string[]>> {
    const docs = await db.collection('tickets').find({ protocol: { $in: [...protocols] } }, { projection: { protocol: 1, history: 1 } }).toArray();
    return new Map(docs.map((d) => [d.protocol as string, (d.history as Array<{ event: string; at: Date }>).map((h) => `${h.event}@${h.at.toISOString()}`)]));
  }

  beforeAll(async () => {
    engine = await options.database();
    mongo = await MongoClient.connect(engine.uri);
    dbName = `cau_live_${randomBytes(4).toString('hex')}`;
    db = mongo.db(dbName);
    const uri = databaseUri(engine.uri, dbName);
    [a, b] = await Promise.all([
      startServerProcess({ name: 'A', mongodbUri: uri, env: ENV }),
      startServerProcess({ name: 'B', mongodbUri: uri, env: ENV }),
    ]);
  }, 120_000);
  afterAll(async () => {
    for (const listener of listeners) listener.close();
    await killAllServerProcesses();
    await mongo?.db(dbName).dropDatabase().catch(() => undefined);
    await mongo?.close();
    await engine?.stop?.();
  });

  describe(`two instances, one database${transport ? ` (${transport})` : ''}`, () => {
    it(`announces the transport it chose${transport ? `: ${transport}` : ''}`, () => {
      const announced = transport === 'change streams' ? /desk events: change streams/ : transport === 'polling' ? /desk events: no change streams, polling/
        : /desk events: (change streams|no change streams, polling)/;
      for (const instance of [a, b]) expect(instance.output()).toMatch(announced);
    });

    it('20 subscribers get each of 500 events from both instances exactly once, in order per ticket, and nothing in a quiet minute', async () => {
      const pros = await Promise.all([professional(a), professional(b)]);
      const desks = await Promise.all([staff(a, 'Carlos Mendes'), staff(b, 'Bruna Lima')]);
      const subscribers = await Promise.all(Array.from({ length: 20 }, (_, i) => listen(i % 2 ? b : a, desks[i % 2]!)));

      // 10 tickets (5 per professional, each through its own instance), then notes in bursts from both instances.
      const protocols: string[] = [];
      for (let i = 0; i < 10; i++) {
        const instance = i % 2 ? b : a;
        protocols.push((await instance.client(pros[i % 2]).tickets.create.mutate(TICKET)).protocol);
      }
      const ours = new Set(protocols);
      let sent = protocols.length;
      for (let burst = 0; burst < 7; burst++) {
        const size = burst < 6 ? 70 : 500 - sent;
        await Promise.all(Array.from({ length: size }, (_, i) => {
          const instance = i % 2 ? b : a;
          return instance.client(desks[i % 2]).desk.note.mutate({ protocol: protocols[(burst * 7 + i) % 10]!, message: `Nota ${burst}.${i}` });
        }));
        sent += size;
        await sleep(200);
      }
      expect(sent).toBe(500);
      const expected = await histories(protocols);
      expect([...expected.values()].reduce((n, h) => n + h.length, 0)).toBe(500);

      for (const [i, subscriber] of subscribers.entries()) {
        await waitUntil(() => ticketEvents(subscriber, ours).length >= 500, {
          timeoutMs: 15_000, message: `subscriber ${i} did not get 500 events`, describe: () => `${ticketEvents(subscriber, ours).length}; ${subscriber.errors.join('; ')}`,
        });
      }
      const counted = subscribers.map((s) => s.alerts.length);
      await sleep(QUIET_MS);
      for (const [i, subscriber] of subscribers.entries()) {
        expect(subscriber.alerts.length, `subscriber ${i} received something during the quiet minute`).toBe(counted[i]);
        expectExactlyOnce(ticketEvents(subscriber, ours), expected, `subscriber ${i} on ${i % 2 ? 'B' : 'A'}`);
        expect(subscriber.errors, `subscriber ${i}`).toEqual([]);
      }
      // The events carried their data: the last one of each ticket has its row as it is now.
      const last = ticketEvents(subscribers[0]!, ours).at(-1)!;
      expect(last.event.row).toMatchObject({ protocol: last.protocol, status: 'open' });
      // Counts kept from the events' status changes agree with the database.
      const counts = last.event.counts as { all: number; todo: number };
      expect(counts.all).toBe(await db.collection('tickets').countDocuments());
      expect(counts.todo).toBe(await db.collection('tickets').countDocuments({ status: { $in: ['open', 'in_progress'] } }));
      for (const subscriber of subscribers) subscriber.close();
    }, 240_000);

    it('a stream that drops on A and resumes on B with lastEventId gets exactly the gap', async () => {
      const pro = await professional(b);
      const desk = await staff(a, 'Denise Rocha');
      const first = await listen(a, desk);
      const { protocol } = await a.client(pro).tickets.create.mutate(TICKET);
      await waitUntil(() => first.alerts.some((e) => e.protocol === protocol), { timeoutMs: 3_000, message: 'no first event' });
      first.close();
      const lastId = first.lastId()!;
      for (let i = 0; i < 20; i++) await (i % 2 ? a : b).client(desk).desk.note.mutate({ protocol, message: `Enquanto fora ${i}` });
      const resumed = await listen(b, desk, lastId);
      const expected = (await histories([protocol])).get(protocol)!.slice(1);
      await waitUntil(() => resumed.alerts.filter((e) => e.protocol === protocol).length >= 20, { timeoutMs: 5_000, message: 'the gap did not arrive' });
      await sleep(1_000);
      expect(resumed.alerts.filter((e) => 'row' in e.event).map((e) => e.protocol)).toEqual(Array(20).fill(protocol));
      expect(perTicket(resumed.alerts.filter((e) => 'row' in e.event)).get(protocol)).toEqual(expected);
      expect(Number(resumed.alerts[0]!.id)).toBe(Number(lastId) + 1);
      resumed.close();
    }, 30_000);

    it('presence set through one instance reaches a stream on the other within about a second', async () => {
      const pro = await professional(a);
      const [here, there] = await Promise.all([staff(a, 'Fernanda Alves'), staff(b, 'Gustavo Lima')]);
      const { protocol } = await a.client(pro).tickets.create.mutate(TICKET);
      const watching = await listen(b, there);
      const sentAt = performance.now();
      await a.client(here).desk.presence.mutate({ protocol, state: 'typing' });
      const seen = await waitUntil(() => watching.alerts.find((e) => e.kind === 'typing' && e.protocol === protocol), {
        timeoutMs: 3_000, intervalMs: 10, message: 'presence did not cross instances',
      });
      expect(seen.at - sentAt).toBeLessThan(1_500);
      expect(seen.event.attendant).toMatchObject({ name: 'Fernanda Alves' });
      expect((await b.client(there).desk.get.query({ protocol })).viewers).toEqual([expect.objectContaining({ name: 'Fernanda Alves', typing: true })]);
      watching.close();
    }, 30_000);

    it('SIGKILL of the relaying instance in the middle of a burst loses no stored change\'s event for the other\'s subscribers', async () => {
      const lease = await db.collection<{ _id: string; owner: string }>('leases').findOne({ _id: 'desk-events-relay' });
      const relayPid = Number(String(lease?.owner).split(':')[0]);
      const [doomed, survivor] = relayPid === b.pid ? [b, a] : [a, b];
      expect(doomed.pid, 'the lease names one of the two instances').toBe(relayPid);

      const pro = await professional(survivor);
      const desk = await staff(survivor, 'Eduardo Prado');
      const subscribers = await Promise.all(Array.from({ length: 4 }, () => listen(survivor, desk)));
      const protocols: string[] = [];
      for (let i = 0; i < 5; i++) protocols.push((await survivor.client(pro).tickets.create.mutate(TICKET)).protocol);
      const ours = new Set(protocols);

      // 300 notes through the doomed instance, 30 at a time; it dies after the first 90 have been answered.
      let answered = 0;
      const burst = (async () => {
        for (let round = 0; round < 10; round++) {
          await Promise.allSettled(Array.from({ length: 30 }, (_, i) =>
            doomed.client(desk).desk.note.mutate({ protocol: protocols[i % 5]!, message: `Rajada ${round}.${i}` }).then(() => answered++)));
        }
      })();
      await waitUntil(() => answered >= 90, { timeoutMs: 20_000, message: 'the burst did not get going' });
      expect(await doomed.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
      await burst;
      // Changes still coming, now through the survivor.
      for (let i = 0; i < 10; i++) await survivor.client(desk).desk.note.mutate({ protocol: protocols[i % 5]!, message: `Depois ${i}` });

      const expected = await histories(protocols);
      const total = [...expected.values()].reduce((n, h) => n + h.length, 0);
      expect(total).toBeGreaterThanOrEqual(5 + 90 + 10);
      for (const [i, subscriber] of subscribers.entries()) {
        await waitUntil(() => ticketEvents(subscriber, ours).length >= total, {
          timeoutMs: 15_000, message: `subscriber ${i} on the survivor missed events of stored changes`,
          describe: () => `${ticketEvents(subscriber, ours).length} of ${total}`,
        });
      }
      await sleep(1_500);
      for (const [i, subscriber] of subscribers.entries()) expectExactlyOnce(ticketEvents(subscriber, ours), expected, `subscriber ${i}`);
      // The survivor took the relay over.
      const after = await db.collection<{ _id: string; owner: string }>('leases').findOne({ _id: 'desk-events-relay' });
      expect(Number(after!.owner.split(':')[0])).toBe(survivor.pid);
    }, 90_000);
  });
}
