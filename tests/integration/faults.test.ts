// Faults against real processes (SPEC §3 "exactly once … also after a crash", §7): the server
// SIGKILLed under load loses no acknowledged ticket and leaves none half-written; a database cut
// off for 10 s gives fast 503 `unavailable` answers, the server recovers by itself and a deadline
// that passed meanwhile fires once; mail queued while SMTP is down is delivered once when it
// returns; two instances behind round-robin clients deliver every alert and fire each deadline once.
import { randomBytes } from 'node:crypto';
import { DEFAULT_SECURITY_SETTINGS, REASON_MESSAGES } from '@cau/shared';
import { MongoClient, type Db, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { newPerson, TICKET } from '../support/fixtures';
import { listenDeskEvents } from '../support/desk-events';
import { ADMIN, databaseUri } from '../support/harness';
import { killAllServerProcesses, sleep, startServerProcess, waitUntil, type ServerProcess } from '../support/process';
import { startSmtp } from '../support/smtp';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

const BASE_ENV = {
  ADMIN_LOGIN: ADMIN.login,
  ADMIN_PASSWORD: ADMIN.password,
  JOBS_EVERY: '1 second',
  // Every request comes from 127.0.0.1: the per-address limits would measure the test, not the server.
  RATE_LIMIT_MULTIPLIER: '1000',
  LOG_LEVEL: 'warn',
};

let mongo: MongoClient;
const databases: string[] = [];
const proxies: TcpProxy[] = [];

beforeAll(async () => {
  mongo = await MongoClient.connect(inject('mongoUri'));
});
afterAll(async () => {
  await killAllServerProcesses();
  for (const proxy of proxies) await proxy.close();
  for (const name of databases) await mongo?.db(name).dropDatabase().catch(() => undefined);
  await mongo?.close();
});

/** A fresh database whose open-ticket cap will not get in the way of a load. */
async function newDatabase(): Promise<{ name: string; uri: string; db: Db }> {
  const name = `cau_faults_${randomBytes(4).toString('hex')}`;
  databases.push(name);
  const db = mongo.db(name);
  await db.collection<{ _id: string }>('settings').insertOne({
    _id: 'security', value: { ...DEFAULT_SECURITY_SETTINGS, maxOpenTicketsPerProfessional: 100_000 }, createdAt: new Date(), updatedAt: new Date(),
  } as never);
  return { name, uri: databaseUri(inject('mongoUri'), name), db };
}

async function proxy(port: number): Promise<TcpProxy> {
  const started = await startTcpProxy({ port });
  proxies.push(started);
  return started;
}

// ---- plain tRPC over HTTP, so that a failed call shows its status and reason ----

interface Answer<T> {
  status: number;
  data?: T;
  error?: { message: string; data: { reason: string; httpStatus: number } };
  ms: number;
}

async function call<T = Document>(base: string, procedure: string, input: unknown, token?: string, kind: 'query' | 'mutation' = 'mutation'): Promise<Answer<T>> {
  const started = Date.now();
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const url = kind === 'query'
    ? `${base}/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input ?? {}))}`
    : `${base}/trpc/${procedure}`;
  try {
    const response = await fetch(url, {
      method: kind === 'query' ? 'GET' : 'POST',
      headers,
      body: kind === 'query' ? undefined : JSON.stringify(input ?? {}),
      signal: AbortSignal.timeout(20_000),
    });
    const json = (await response.json().catch(() => ({}))) as { result?: { data: T }; error?: Answer<T>['error'] };
    return { status: response.status, data: json.result?.data, error: json.error, ms: Date.now() - started };
  } catch (error) {
    return { status: 0, error: { message: String(error), data: { reason: 'network', httpStatus: 0 } }, ms: Date.now() - started };
  }
}

async function must<T = Document>(base: string, procedure: string, input: unknown, token?: string, kind: 'query' | 'mutation' = 'mutation'): Promise<T> {
  const answer = await call<T>(base, procedure, input, token, kind);
  if (answer.status !== 200) throw new Error(`${procedure}: HTTP ${answer.status} ${JSON.stringify(answer.error)}`);
  return answer.data!;
}

async function professional(base: string): Promise<string> {
  const person = newPerson();
  const { signupToken } = await must<{ signupToken: string }>(base, 'auth.checkSignup', { name: person.name, cpf: person.cpf, email: person.email });
  return (await must<{ token: string }>(base, 'auth.signup', { signupToken, login: person.login, password: person.password })).token;
}

async function attendant(base: string): Promise<string> {
  const admin = (await must<{ token: string }>(base, 'auth.login', ADMIN)).token;
  const id = randomBytes(4).toString('hex');
  const credentials = { login: `att.${id}`, password: 'Atendimento-Seguro-1' };
  await must(base, 'admin.attendants.create', { name: 'Bruno Atendente', email: `att.${id}@causp.test`, role: 'attendant', ...credentials }, admin);
  const first = (await must<{ token: string }>(base, 'auth.login', credentials)).token;
  // An admin-set password is replaced at the first login (password_change_required).
  return (await must<{ token: string }>(base, 'account.changePassword', { currentPassword: credentials.password, newPassword: 'Atendimento-Proprio-7' }, first)).token;
}

const createTicket = (base: string, token: string) => call<{ protocol: string }>(base, 'tickets.create', TICKET, token);

/** A ticket of `pro` moved to pending_professional by `desk`; returns its protocol. */
async function pendingTicket(base: string, pro: string, desk: string): Promise<string> {
  const { protocol } = await must<{ protocol: string }>(base, 'tickets.create', TICKET, pro);
  await must(base, 'desk.requestInfo', { protocol, message: 'Envie o comprovante de pagamento, por favor.' }, desk);
  return protocol;
}

type Stored = Document & { history: Array<{ event: string; to: string }>; outbox: Array<{ _id: unknown; template: string; status: string; nextAttemptAt: Date; attempts?: number; leaseUntil?: Date | null }> };

/** Closed by its deadline exactly once: one expire entry, one move to closed, one closing mail. */
function expectExpiredOnce(doc: Stored) {
  const where = `${doc.protocol}: ${doc.status} history=${doc.history.map((h) => h.event).join(',')} outbox=${doc.outbox.map((m) => m.template).join(',')}`;
  expect(doc.status, where).toBe('closed');
  expect(doc.outcome, where).toBe('no_response');
  expect(doc.history.filter((h) => h.event === 'expire'), where).toHaveLength(1);
  expect(doc.history.filter((h) => h.to === 'closed'), where).toHaveLength(1);
  expect(doc.outbox.filter((m) => m.template === 'closed_no_response'), where).toHaveLength(1);
}

// One scenario at a time: run side by side on 2 cores they starved each other into timeouts.
describe('faults', () => {
  it('SIGKILL under load: every acknowledged ticket survives, none is half-written, clients recover after the restart', async () => {
    const { uri, db } = await newDatabase();
    let server = await startServerProcess({ name: 'before-kill', mongodbUri: uri, env: BASE_ENV });
    // Clients reach the server through a fixed address, as behind a load balancer; the restarted
    // process gets another port and the proxy follows it.
    const front = await proxy(server.port);
    const base = `http://127.0.0.1:${front.port}`;
    const pros = await Promise.all(Array.from({ length: 4 }, () => professional(base)));

    const acknowledged: string[] = [];
    let failures = 0;
    let restartedAt = Number.POSITIVE_INFINITY;
    const okAfterRestart = new Set<number>();
    let stopAt = Number.POSITIVE_INFINITY;
    const clients = Array.from({ length: 8 }, async (_, i) => {
      while (Date.now() < stopAt) {
        const answer = await createTicket(base, pros[i % pros.length]!);
        if (answer.status === 200 && answer.data?.protocol) {
          acknowledged.push(answer.data.protocol);
          if (Date.now() > restartedAt) okAfterRestart.add(i);
        } else {
          failures += 1;
          await sleep(50);
        }
      }
    });

    await waitUntil(() => acknowledged.length >= 40, { timeoutMs: 20_000, message: 'the load did not get going' });
    const exit = await server.kill('SIGKILL');
    expect(exit.signal).toBe('SIGKILL');
    const ackedAtKill = acknowledged.length;
    server = await startServerProcess({ name: 'after-kill', mongodbUri: uri, env: BASE_ENV });
    front.retarget(server.port);
    restartedAt = Date.now();
    await waitUntil(() => okAfterRestart.size === 8, { timeoutMs: 15_000, message: `only ${okAfterRestart.size} of 8 clients succeeded after the restart` });
    stopAt = Date.now();
    await Promise.all(clients);

    expect(failures, 'some requests failed while the server was down').toBeGreaterThan(0);
    expect(acknowledged.length).toBeGreaterThan(ackedAtKill);
    const stored = (await db.collection('tickets').find({}, { projection: { protocol: 1, status: 1, history: 1, version: 1 } }).toArray()) as unknown as Stored[];
    const protocols = new Set(stored.map((d) => d.protocol as string));
    expect(acknowledged.filter((p) => !protocols.has(p)), 'acknowledged but not stored').toEqual([]);
    expect(new Set(acknowledged).size, 'one protocol acknowledged twice').toBe(acknowledged.length);
    expect(protocols.size).toBe(stored.length);
    for (const doc of stored) {
      expect(doc.protocol, JSON.stringify(doc)).toMatch(/^\d{4}-\d{6}$/);
      expect(doc.status, doc.protocol).toBe('open');
      expect(doc.history[0]?.event, doc.protocol).toBe('create');
      expect(doc.history, doc.protocol).toHaveLength(1);
    }
    await server.stop();
  }, 90_000);

  it('SMTP down while 50 deadlines pass: every mail is delivered exactly once after it returns', async () => {
    const smtp = await startSmtp();
    const { uri, db } = await newDatabase();
    const server = await startServerProcess({
      name: 'smtp',
      mongodbUri: uri,
      env: { ...BASE_ENV, SMTP_URL: smtp.url, MAIL_RETRY_BASE: 'PT1S', DEADLINE_PENDING: 'PT3S', REMINDER_BEFORE: 'PT1S' },
    });
    try {
      const base = server.url;
      const [pro, desk] = await Promise.all([professional(base), attendant(base)]);
      await smtp.stop();
      // A mail already being handed over when the server stopped may still arrive; nothing after it.
      const beforeOutage = smtp.received.length;
      const protocols: string[] = [];
      await Promise.all(Array.from({ length: 10 }, async () => {
        for (let i = 0; i < 5; i++) protocols.push(await pendingTicket(base, pro, desk));
      }));
      const tickets = db.collection('tickets');
      await waitUntil(async () => (await tickets.countDocuments({ protocol: { $in: protocols }, status: 'closed' })) === 50, {
        timeoutMs: 20_000, message: 'the 50 tickets did not all expire',
      });
      // The mail job has been failing against the stopped server meanwhile.
      await sleep(2_000);
      expect(smtp.received).toHaveLength(beforeOutage);
      await smtp.start();
      const returnedAt = Date.now();

      const all = async () => (await tickets.find({ protocol: { $in: protocols } }).toArray()) as unknown as Stored[];
      // Each failed mail waits out its backoff (1 s doubling; the longer the outage lasted on a slow
      // engine, the further it got): the window starts at the latest retry already scheduled.
      const scheduled = (await all()).flatMap((d) => d.outbox.filter((m) => m.status === 'pending').map((m) => new Date(m.nextAttemptAt).getTime()));
      const untilLastRetry = Math.max(0, ...scheduled.map((at) => at - Date.now()));
      const docs = await waitUntil(async () => {
        const found = await all();
        return found.every((d) => d.outbox.every((m) => m.status === 'sent')) ? found : undefined;
      }, {
        // 30 s more than the last backoff has always been enough on mongo-java-server; on FerretDB v2
        // in CI one ticket's closing mail once stayed pending, never tried, past it (see describe).
        timeoutMs: untilLastRetry + 60_000,
        message: 'not every queued mail was sent after SMTP returned',
        describe: async () => [
          ...(await all()).flatMap((d) => d.outbox.filter((m) => m.status !== 'sent').map((m) => `${d.protocol} ${m.template} ${m.status} attempts=${String(m.attempts)} next=${new Date(m.nextAttemptAt).toISOString()} lease=${m.leaseUntil ? new Date(m.leaseUntil).toISOString() : '-'}`)).slice(0, 10),
          // Whether the mail pass's own query (outbox.repository due()) finds what is left.
          `found by the pass's query: ${(await tickets.find({ protocol: { $in: protocols }, 'outbox.status': 'pending', outbox: { $elemMatch: { status: 'pending', nextAttemptAt: { $lte: new Date() } } } }, { projection: { protocol: 1 } }).toArray()).map((d) => d.protocol).join(', ') || 'none'}`,
          `SMTP back at ${new Date(returnedAt).toISOString()}; the server's log ends:`, server.output().split('\n').slice(-15).join('\n'),
        ].join('\n'),
      });
      await sleep(1_500);
      const expected = docs.flatMap((d) => d.outbox.map((m) => `<${String(m._id)}@cau-atendimento>`));
      const arrivals = smtp.received.map((m) => m.messageId).filter((id) => id && expected.includes(id));
      expect(arrivals.length, 'a mail was delivered twice').toBe(new Set(arrivals).size);
      expect(new Set(arrivals)).toEqual(new Set(expected));
      for (const doc of docs) expectExpiredOnce(doc);
    } finally {
      await server.stop();
      await smtp.stop();
    }
  }, 180_000);

  it('two instances behind round-robin clients: every attendant hears every ticket, each deadline fires once', async () => {
    const { uri, db } = await newDatabase();
    const env = { ...BASE_ENV, DEADLINE_PENDING: 'PT3S' };
    const instances: ServerProcess[] = await Promise.all([
      startServerProcess({ name: 'A', mongodbUri: uri, env }),
      startServerProcess({ name: 'B', mongodbUri: uri, env }),
    ]);
    let turn = 0;
    const next = () => instances[turn++ % 2]!.url;
    const [pro, deskA, deskB] = await Promise.all([professional(next()), attendant(next()), attendant(next())]);
    const listeners = await Promise.all([
      listenDeskEvents(instances[0]!.url, deskA), listenDeskEvents(instances[0]!.url, deskB), listenDeskEvents(instances[1]!.url, deskA), listenDeskEvents(instances[1]!.url, deskB),
    ]);
    try {
      const protocols: string[] = [];
      await Promise.all(Array.from({ length: 4 }, async (_, c) => {
        for (let i = 0; i < 3; i++) {
          const { protocol } = await must<{ protocol: string }>(next(), 'tickets.create', TICKET, pro);
          await must(next(), 'desk.requestInfo', { protocol, message: 'Envie o comprovante, por favor.' }, c % 2 ? deskA : deskB);
          protocols.push(protocol);
        }
      }));
      for (const [i, listener] of listeners.entries()) {
        await waitUntil(() => protocols.every((p) => listener.alerts.some((e) => e.kind === 'new_ticket' && e.protocol === p)), {
          timeoutMs: 3_000,
          message: `listener ${i} (instance ${i < 2 ? 'A' : 'B'}) missed new_ticket alerts`,
          describe: () => JSON.stringify(listener.alerts.filter((e) => e.kind === 'new_ticket').map((e) => e.protocol)),
        });
        for (const p of protocols) expect(listener.alerts.filter((e) => e.kind === 'new_ticket' && e.protocol === p), p).toHaveLength(1);
      }
      const tickets = db.collection('tickets');
      await waitUntil(async () => (await tickets.countDocuments({ protocol: { $in: protocols }, status: 'closed' })) === protocols.length, {
        timeoutMs: 15_000, message: 'not every deadline fired',
      });
      await sleep(2_500);
      for (const doc of (await tickets.find({ protocol: { $in: protocols } }).toArray()) as unknown as Stored[]) expectExpiredOnce(doc);
    } finally {
      for (const listener of listeners) listener.close();
      await Promise.all(instances.map((s) => s.stop()));
    }
  }, 90_000);
});

describe('database outage', () => {
  it('database unreachable for 10 s: fast 503 `unavailable`, recovery by itself, and a deadline that passed meanwhile fires once', async () => {
    const { uri, db } = await newDatabase();
    const dbLink = await proxy(Number(new URL(inject('mongoUri')).port));
    const viaProxy = new URL(uri);
    viaProxy.port = String(dbLink.port);
    // At info: the database watch's "does not answer" / "answers again" lines explain a slow recovery.
    const server = await startServerProcess({ name: 'outage', mongodbUri: viaProxy.toString(), env: { ...BASE_ENV, LOG_LEVEL: 'info', DEADLINE_PENDING: 'PT4S' } });
    const base = server.url;
    const [pro, desk] = await Promise.all([professional(base), attendant(base)]);
    const expiring = await pendingTicket(base, pro, desk);
    const deadline = (await db.collection('tickets').findOne({ protocol: expiring }))!.deadlineAt as Date;

    await dbLink.cut();
    const cutAt = Date.now();
    const during: Array<Answer<unknown>> = [];
    const load = Array.from({ length: 4 }, async (_, i) => {
      while (Date.now() - cutAt < 9_000) {
        during.push(i % 2 === 0 ? await createTicket(base, pro) : await call(base, 'tickets.mine', {}, pro, 'query'));
        await sleep(200);
      }
    });
    const health = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(10_000) });
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ database: 'down' });
    // The CSV downloads (Express, not tRPC) answer the same 503 with the pt-BR reason, not a bare 500.
    const csv = await fetch(`${base}/desk/queue.csv?view=todo`, { headers: { authorization: `Bearer ${desk}` }, signal: AbortSignal.timeout(10_000) });
    expect(csv.status).toBe(503);
    expect(await csv.text()).toBe(REASON_MESSAGES.unavailable);
    await Promise.all(load);
    expect(Date.now(), 'the deadline should pass during the outage').toBeGreaterThan(deadline.getTime());
    await sleep(Math.max(0, cutAt + 10_000 - Date.now()));

    expect(during.length).toBeGreaterThan(8);
    const failures = () => server.output().split('\n').filter((l) => l.includes('"level":50')).slice(-3).join('\n');
    for (const answer of during) {
      expect(answer.status, `${JSON.stringify(answer)}\n${failures()}`).toBe(503);
      expect(answer.error?.data.reason).toBe('unavailable');
      expect(answer.error?.message).toBe(REASON_MESSAGES.unavailable);
      expect(answer.ms, 'a request hung during the outage').toBeLessThan(4_000);
    }

    await dbLink.restore();
    const restoredAt = Date.now();
    const healthAnswers: string[] = [];
    await waitUntil(async () => {
      const started = Date.now();
      const status = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.status, (e: Error) => e.name);
      healthAnswers.push(`+${started - restoredAt} ms: ${status} in ${Date.now() - started} ms`);
      return status === 200;
    }, {
      timeoutMs: 10_000,
      message: 'GET /healthz did not come back to 200 after the database returned',
      describe: () => [...healthAnswers.slice(-8), ...server.output().split('\n').filter((l) => /"level":(3|4|5)0/.test(l)).slice(-15)].join('\n'),
    });
    await waitUntil(async () => (await createTicket(base, pro)).status === 200, { timeoutMs: 10_000, message: 'tickets.create did not work again' });
    const recoveredIn = Date.now() - restoredAt;
    expect(recoveredIn).toBeLessThan(10_000);

    const closed = await waitUntil(async () => {
      const doc = (await db.collection('tickets').findOne({ protocol: expiring })) as Stored | null;
      return doc?.status === 'closed' ? doc : undefined;
    }, {
      // A job pass cut short by the outage cannot release its Agenda lock, so the expiry job waits
      // out the lock's lifetime (15 s, jobs/scheduler.ts) before it runs again: well within the
      // SPEC's minute after the deadline.
      timeoutMs: 45_000,
      message: `${expiring} was not closed after the database returned`,
    });
    expect(closed.closedAt.getTime() - deadline.getTime(), 'closed more than a minute after its deadline').toBeLessThan(60_000);
    await sleep(3_000);
    const settled = (await db.collection('tickets').findOne({ protocol: expiring })) as unknown as Stored;
    expectExpiredOnce(settled);
    expect(settled.version).toBe(closed.version);
    await server.stop();
  }, 90_000);
});
