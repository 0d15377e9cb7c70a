// The server as real processes (SPEC §3 "Expiry runs as Agenda jobs … also after a server restart
// or crash, and with several server instances running", §7): deadlines that pass while the only
// instance is SIGKILLed close exactly once after the restart; two instances on one database close
// each of 20 simultaneous deadlines exactly once; SIGTERM shuts down gracefully and the other
// instance carries on with the jobs; an attendant on one instance hears of a ticket created on another.
import { randomBytes } from 'node:crypto';
import { createTRPCClient, httpLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import type { AppRouter } from '@cau/server';
import { EventSource } from 'eventsource';
import { MongoClient, type Db, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { newPerson, TICKET } from '../support/fixtures';
import { ADMIN, databaseUri, type Client } from '../support/harness';
import {
  killAllServerProcesses, portIsOpen, sleep, startServerProcess, waitUntil, type ServerProcess,
} from '../support/process';

const DEADLINE_MS = 3_000;
const JOBS_EVERY_MS = 1_000;
const ENV = {
  ADMIN_LOGIN: ADMIN.login,
  ADMIN_PASSWORD: ADMIN.password,
  DEADLINE_PENDING: 'PT3S',
  DEADLINE_APPROVAL: 'PT3S',
  REMINDER_BEFORE: 'PT2S',
  JOBS_EVERY: '1 second',
  // Every request comes from 127.0.0.1: the per-address limits would measure the test, not the server.
  RATE_LIMIT_MULTIPLIER: '1000',
};

let mongo: MongoClient;
const databases: string[] = [];

beforeAll(async () => {
  mongo = await MongoClient.connect(inject('mongoUri'));
});
afterAll(async () => {
  await killAllServerProcesses();
  for (const name of databases) await mongo?.db(name).dropDatabase().catch(() => undefined);
  await mongo?.close();
});

/** A fresh database that the instances of one scenario share. */
function newDatabase(): { uri: string; db: Db } {
  const name = `cau_instances_${randomBytes(4).toString('hex')}`;
  databases.push(name);
  return { uri: databaseUri(inject('mongoUri'), name), db: mongo.db(name) };
}

const start = (name: string, uri: string) => startServerProcess({ name, mongodbUri: uri, env: ENV });

const sleepUntil = (at: number) => sleep(Math.max(0, at - Date.now()));

// ---- people, through the API of whichever instance is given ----

async function professional(instance: ServerProcess) {
  const person = newPerson();
  const anonymous = instance.client();
  const { signupToken } = await anonymous.auth.checkSignup.mutate({ name: person.name, cpf: person.cpf, email: person.email });
  const session = await anonymous.auth.signup.mutate({ signupToken, login: person.login, password: person.password });
  return { ...person, token: session.token, on: (other: ServerProcess) => other.client(session.token) };
}

async function staff(instance: ServerProcess) {
  const admin = instance.client((await instance.client().auth.login.mutate(ADMIN)).token);
  const id = randomBytes(4).toString('hex');
  const credentials = { login: `att.${id}`, password: 'Atendimento-Seguro-1' };
  await admin.admin.attendants.create.mutate({ name: 'Bruno Atendente', email: `att.${id}@causp.test`, role: 'attendant', ...credentials });
  const first = await instance.client().auth.login.mutate(credentials);
  // An admin-set password is replaced at the first login (password_change_required).
  const { token } = await instance.client(first.token).account.changePassword.mutate({ currentPassword: credentials.password, newPassword: 'Atendimento-Proprio-7' });
  return { token, on: (other: ServerProcess) => other.client(token) };
}

/** Opens and takes a ticket, ready for request_info or resolve. */
async function takenTicket(pro: Client, desk: Client): Promise<string> {
  const { protocol } = await pro.tickets.create.mutate(TICKET);
  await desk.desk.take.mutate({ protocol });
  return protocol;
}

/** Moves taken tickets into their waiting states all at once (even: pending_professional, odd: awaiting_approval). */
async function startDeadlines(protocols: string[], deskFor: (i: number) => Client) {
  return Promise.all(protocols.map(async (protocol, i) => {
    const desk = deskFor(i);
    const moved = i % 2 === 0
      ? await desk.desk.requestInfo.mutate({ protocol, message: 'Envie o comprovante de pagamento, por favor.' })
      : await desk.desk.resolve.mutate({ protocol, message: 'Baixamos o boleto; confira, por favor.' });
    return { protocol, deadline: Date.parse(moved.deadlineAt!), expected: i % 2 === 0 ? 'no_response' : 'approval_timeout' };
  }));
}

// ---- what is stored ----

type Stored = Document & { history: Array<{ event: string; to: string; actor: { role: string } }>; outbox: Array<{ template: string }> };

async function stored(db: Db, protocols: string[]): Promise<Stored[]> {
  const docs = (await db.collection('tickets').find({ protocol: { $in: protocols } }).toArray()) as unknown as Stored[];
  return protocols.map((p) => docs.find((d) => d.protocol === p)!);
}

function summary(doc: Stored): string {
  return `${doc.protocol}: ${doc.status}/${doc.outcome} deadline=${doc.deadlineAt?.toISOString?.()} ` +
    `history=[${doc.history.map((h) => `${h.event}:${h.actor.role}`).join(',')}] outbox=[${doc.outbox.map((m) => m.template).join(',')}]`;
}

/** The recurring jobs as Agenda stored them, for failure messages. */
async function jobsState(db: Db): Promise<string> {
  const jobs = await db.collection('agendaJobs').find({}, { projection: { name: 1, lockedAt: 1, lastModifiedBy: 1, nextRunAt: 1, lastRunAt: 1 } }).toArray();
  return jobs.map((j) => `${j.name}: lockedAt=${j.lockedAt?.toISOString?.()} by=${j.lastModifiedBy} lastRunAt=${j.lastRunAt?.toISOString?.()} nextRunAt=${j.nextRunAt?.toISOString?.()}`).join('\n');
}

async function allClosed(db: Db, protocols: string[], timeoutMs: number, what: string): Promise<Stored[]> {
  return waitUntil(
    async () => {
      const docs = await stored(db, protocols);
      return docs.every((d) => d.status === 'closed') ? docs : undefined;
    },
    {
      timeoutMs,
      intervalMs: 100,
      message: what,
      describe: async () => `now=${new Date().toISOString()}\n${(await stored(db, protocols)).filter((d) => d.status !== 'closed').map(summary).join('\n')}\n${await jobsState(db)}`,
    },
  );
}

/** Each ticket closed once by its deadline: one expire entry, one closing entry, one closing mail, at most one reminder. */
function expectClosedExactlyOnce(docs: Stored[], tickets: Array<{ protocol: string; expected: string }>) {
  for (const [i, doc] of docs.entries()) {
    const { expected } = tickets[i]!;
    const mail = expected === 'no_response' ? 'closed_no_response' : 'closed_approval_timeout';
    const where = summary(doc);
    expect(doc.outcome, where).toBe(expected);
    expect(doc.history.filter((h) => h.event === 'expire'), where).toHaveLength(1);
    expect(doc.history.filter((h) => h.to === 'closed'), where).toHaveLength(1);
    expect(doc.history.find((h) => h.event === 'expire')!.actor.role, where).toBe('system');
    expect(doc.outbox.filter((m) => m.template === mail), where).toHaveLength(1);
    expect(doc.outbox.filter((m) => m.template.startsWith('closed_')), where).toHaveLength(1);
    expect(doc.outbox.filter((m) => m.template === 'reminder').length, where).toBeLessThanOrEqual(1);
  }
}

describe('a crash while deadlines pass', () => {
  it('SIGKILLed before the deadlines: after the restart every overdue ticket closes, exactly once, at once', async () => {
    const { uri, db } = newDatabase();
    const first = await start('first', uri);
    const pro = await professional(first);
    const desk = await staff(first);
    const protocols = await Promise.all(Array.from({ length: 6 }, () => takenTicket(pro.on(first), desk.on(first))));
    const tickets = await startDeadlines(protocols, () => desk.on(first));

    const exit = await first.kill('SIGKILL');
    const killedAt = Date.now();
    expect(exit).toEqual({ code: null, signal: 'SIGKILL' });
    const earliest = Math.min(...tickets.map((t) => t.deadline));
    expect(killedAt, 'the server was killed after a deadline had passed; the machine is too slow for this test').toBeLessThan(earliest);

    // Past every deadline with no server running: nothing closed them.
    await sleepUntil(Math.max(...tickets.map((t) => t.deadline)) + 1_500);
    for (const doc of await stored(db, protocols)) {
      expect(doc.status, summary(doc)).toMatch(/^(pending_professional|awaiting_approval)$/);
      expect(doc.deadlineAt.getTime()).toBeLessThan(Date.now());
    }

    const restarted = await start('restarted', uri);
    const readyAt = Date.now();
    const docs = await allClosed(db, protocols, 5_000, 'the overdue tickets did not close soon after the restart');
    for (const doc of docs) {
      expect(doc.closedAt.getTime() - readyAt, `${summary(doc)} closed too long after the restart`).toBeLessThanOrEqual(2 * JOBS_EVERY_MS + 1_000);
    }

    // A few more job runs change nothing.
    await sleep(3 * JOBS_EVERY_MS);
    const settled = await stored(db, protocols);
    expectClosedExactlyOnce(settled, tickets);
    expect(settled.map((d) => d.version)).toEqual(docs.map((d) => d.version));
    expect(await restarted.stop()).toEqual({ code: 0, signal: null });
  }, 60_000);
});

describe('two instances on one database', () => {
  let a: ServerProcess;
  let b: ServerProcess;
  let database: { uri: string; db: Db };

  beforeAll(async () => {
    database = newDatabase();
    // Both start together: first-admin creation, indexes, the shared secret and the job schedule race.
    [a, b] = await Promise.all([start('A', database.uri), start('B', database.uri)]);
  }, 60_000);

  it('closes each of 20 deadlines that pass at once exactly once, with one closing mail and at most one reminder', async () => {
    // Four professionals, as one may only have a few tickets open at a time.
    const pros = await Promise.all([a, b, a, b].map((instance) => professional(instance)));
    const desk = await staff(b);
    const protocols = await Promise.all(Array.from({ length: 20 }, (_, i) => {
      const [proOn, deskOn] = i % 2 === 0 ? [a, b] : [b, a];
      return takenTicket(pros[i % 4]!.on(proOn), desk.on(deskOn));
    }));
    const tickets = await startDeadlines(protocols, (i) => desk.on(i % 2 === 0 ? a : b));
    const deadlines = tickets.map((t) => t.deadline);
    expect(Math.max(...deadlines) - Math.min(...deadlines), 'the deadlines should pass together').toBeLessThan(2_000);

    const docs = await allClosed(database.db, protocols, Math.max(...deadlines) - Date.now() + 4_000, 'not every ticket closed by itself');
    for (const [i, doc] of docs.entries()) {
      const late = doc.closedAt.getTime() - tickets[i]!.deadline;
      expect(late, summary(doc)).toBeGreaterThanOrEqual(0);
      expect(late, summary(doc)).toBeLessThanOrEqual(JOBS_EVERY_MS + 2_000);
    }
    await sleep(3 * JOBS_EVERY_MS);
    const settled = await stored(database.db, protocols);
    expectClosedExactlyOnce(settled, tickets);
    expect(settled.map((d) => d.version)).toEqual(docs.map((d) => d.version));
    // The reminders did go out (once each at most, checked above).
    expect(settled.filter((d) => d.outbox.some((m) => m.template === 'reminder')).length).toBeGreaterThan(0);
    // One schedule per job, however many instances registered it.
    for (const name of ['ticket:expire-overdue', 'ticket:remind']) {
      expect(await database.db.collection('agendaJobs').countDocuments({ name }), name).toBe(1);
    }
    expect(a.running() && b.running()).toBe(true);
  }, 60_000);

  it('an attendant subscribed on A hears of a ticket created on B within 2 seconds', async () => {
    const desk = await staff(a);
    const pro = await professional(b);
    const received: Array<{ kind: string; protocol: string; at: number }> = [];
    const errors: unknown[] = [];
    const client = createTRPCClient<AppRouter>({
      links: [
        splitLink({
          condition: (op) => op.type === 'subscription',
          true: httpSubscriptionLink({
            url: `${a.url}/trpc`,
            EventSource,
            // The session goes in the header, as the desk sends it (a token in the URL is refused).
            eventSourceOptions: () => ({
              fetch: (input: string | URL, init?: RequestInit) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), authorization: `Bearer ${desk.token}` } }),
            }),
          }),
          false: httpLink({ url: `${a.url}/trpc`, headers: { authorization: `Bearer ${desk.token}` } }),
        }),
      ],
    });
    let started!: () => void;
    const subscribed = new Promise<void>((resolve) => (started = resolve));
    const subscription = client.desk.events.subscribe(undefined, {
      onStarted: () => started(),
      onData: ({ data: event }) => 'protocol' in event && received.push({ kind: event.kind, protocol: event.protocol, at: Date.now() }),
      onError: (error) => errors.push(error),
    });
    try {
      await Promise.race([subscribed, sleep(5_000).then(() => Promise.reject(new Error(`desk.events did not start on A: ${String(errors[0] ?? '')}`)))]);

      const sentAt = Date.now();
      const { protocol } = await pro.on(b).tickets.create.mutate(TICKET);
      const alert = await waitUntil(() => received.find((e) => e.kind === 'new_ticket' && e.protocol === protocol), {
        timeoutMs: 2_000,
        intervalMs: 20,
        message: `no new_ticket event for ${protocol} on A`,
        describe: () => `received: ${JSON.stringify(received)}; errors: ${errors.map(String).join('; ')}`,
      });
      expect(alert.at - sentAt).toBeLessThanOrEqual(2_000);

      // The professional's answer, given on B, reaches A as well.
      const deskOnB = desk.on(b);
      await deskOnB.desk.requestInfo.mutate({ protocol, message: 'Qual o número do boleto?' });
      const answeredAt = Date.now();
      await pro.on(b).tickets.provideInfo.mutate({ protocol, message: 'O número é 123456.' });
      const answered = await waitUntil(() => received.find((e) => e.kind === 'answered' && e.protocol === protocol), {
        timeoutMs: 2_000,
        intervalMs: 20,
        message: `no answered event for ${protocol} on A`,
        describe: () => `received: ${JSON.stringify(received)}`,
      });
      expect(answered.at - answeredAt).toBeLessThanOrEqual(2_000);
      // Each event arrives once, not once per instance that saw it.
      expect(received.filter((e) => e.kind === 'new_ticket' && e.protocol === protocol)).toHaveLength(1);
      expect(errors).toEqual([]);
    } finally {
      subscription.unsubscribe();
    }
  }, 30_000);

  it('SIGTERM: the instance holding the job locks shuts down gracefully (exit 0, port closed) and the other carries on at once', async () => {
    // The instance that holds the expiry job's lock right now is the one to stop: its locks are
    // what the other would otherwise wait out. Agenda records the locking instance in
    // `lastModifiedBy` (host:pid:random, see server/src/jobs/scheduler.ts).
    const holderPid = await waitUntil(async () => {
      const job = await database.db.collection('agendaJobs').findOne({ name: 'ticket:expire-overdue', lockedAt: { $ne: null } });
      return [a, b].find((p) => String(job?.lastModifiedBy ?? '').includes(`:${p.pid}:`))?.pid;
    }, { timeoutMs: 5_000, intervalMs: 20, message: 'neither instance was seen holding the expiry job lock', describe: () => jobsState(database.db) });
    const [leaving, staying] = holderPid === a.pid ? [a, b] : [b, a];

    const pro = await professional(staying);
    const desk = await staff(staying);
    // An open alert stream on the leaving instance must not keep it from stopping.
    const stream = await fetch(`${leaving.url}/trpc/desk.events`, {
      headers: { accept: 'text/event-stream', authorization: `Bearer ${desk.token}` },
    });
    expect(stream.status).toBe(200);
    const reading = stream.body!.getReader();
    const drained = (async () => {
      try {
        while (!(await reading.read()).done);
      } catch {
        // the connection was cut by the shutdown: that is the point
      }
    })();

    const signalledAt = Date.now();
    const log = () => leaving.output().split('\n').slice(-20).join('\n');
    const exit = await Promise.race([
      leaving.kill('SIGTERM'),
      sleep(15_000).then(() => Promise.reject(new Error(`${leaving.name} did not exit within 15 s of SIGTERM:\n${log()}`))),
    ]);
    expect(exit, log()).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalledAt).toBeLessThan(10_000);
    expect(await portIsOpen(leaving.port), `${leaving.name} still accepts connections after exiting`).toBe(false);
    await drained;
    expect(leaving.output()).toMatch(/"msg":"stopped"/);
    // It left no job locked behind it.
    const stillLocked = await database.db.collection('agendaJobs')
      .find({ lockedAt: { $ne: null }, lastModifiedBy: { $regex: `:${leaving.pid}:` } }).toArray();
    expect(stillLocked.map((j) => j.name), await jobsState(database.db)).toEqual([]);

    // The other instance alone now: a deadline set now closes within a job period of passing.
    const protocols = await Promise.all([0, 1].map(() => takenTicket(pro.on(staying), desk.on(staying))));
    const tickets = await startDeadlines(protocols, () => desk.on(staying));
    const docs = await allClosed(database.db, protocols, DEADLINE_MS + JOBS_EVERY_MS + 3_000, `${staying.name} did not close the tickets after ${leaving.name} stopped`);
    for (const [i, doc] of docs.entries()) {
      expect(doc.closedAt.getTime() - tickets[i]!.deadline, summary(doc)).toBeLessThanOrEqual(JOBS_EVERY_MS + 2_000);
    }
    expectClosedExactlyOnce(docs, tickets);
    expect(await staying.stop()).toEqual({ code: 0, signal: null });
  }, 60_000);
});
