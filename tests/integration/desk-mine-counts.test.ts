// The desk's "Meus" count (an attendant's tickets not closed) over time and across instances: it is
// answered from each instance's memory (queue.service's cachedAssignedOpen), dropped for the
// attendants a change moved, by the change itself on the instance that wrote it and by its event on
// the others. Properties checked after every step of a script that takes, hands over, resolves,
// sends back, approves and closes tickets on two instances (one in this process, one a real process):
// the instance that made the change answers the stored count at once; the other within seconds; both
// keep answering it through a quiet stretch; and a ticket written behind the server's back (no event)
// is not counted per request, only by the background recount once the value has aged.
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { attendant, signUp, TICKET } from '../support/fixtures';
import { ADMIN, databaseUri, startTestServer, type Client, type TestServer } from '../support/harness';
import { killAllServerProcesses, sleep, startServerProcess, waitUntil, type ServerProcess } from '../support/process';

type Instance = 'A' | 'B';

let server: TestServer;
let other: ServerProcess;
/** How far the in-process instance's clock is ahead of the real one (its counts age by it). */
let skewMs = 0;
let pro: Awaited<ReturnType<typeof signUp>>;
let bruno: Awaited<ReturnType<typeof attendant>>;
let carla: Awaited<ReturnType<typeof attendant>>;

beforeAll(async () => {
  server = await startTestServer({}, { now: () => new Date(Date.now() + skewMs) });
  other = await startServerProcess({
    name: 'B',
    mongodbUri: databaseUri(inject('mongoUri'), server.db.databaseName),
    env: { ADMIN_LOGIN: ADMIN.login, ADMIN_PASSWORD: ADMIN.password, RATE_LIMIT_MULTIPLIER: '1000' },
  });
  pro = await signUp(server);
  bruno = await attendant(server, 'Bruno Atendente');
  carla = await attendant(server, 'Carla Colega');
}, 60_000);

afterAll(async () => {
  await killAllServerProcesses();
  await server?.close();
});

const on = (instance: Instance, who: { token: string }): Client => (instance === 'A' ? server.client(who.token) : other.client(who.token));
const elsewhere = (instance: Instance): Instance => (instance === 'A' ? 'B' : 'A');

/** What `who`'s desk shows as "Meus" on `instance`. */
async function shown(instance: Instance, who: { token: string }): Promise<number> {
  return (await on(instance, who).desk.queue.query({ view: 'todo', limit: 1 })).counts.mine;
}

/** The count as stored: `who`'s tickets that are not closed. */
function stored(who: { id: string }): Promise<number> {
  return server.db.collection('tickets').countDocuments({ 'assignee.id': new ObjectId(who.id), status: { $ne: 'closed' } });
}

/** After a change made on `where`: that instance answers the stored count at once, the other within seconds. */
async function expectCounts(where: Instance, step: string) {
  for (const who of [bruno, carla]) {
    const truth = await stored(who);
    expect(await shown(where, who), `${step}: ${who.name} on ${where} (the instance that made the change)`).toBe(truth);
    await waitUntil(async () => (await shown(elsewhere(where), who)) === truth, {
      timeoutMs: 5_000,
      message: `${step}: ${who.name} on ${elsewhere(where)} never showed ${truth}`,
    });
  }
}

describe('the "Meus" count kept in memory', () => {
  it('follows every change, on the instance that made it at once and on the other within seconds', async () => {
    const [t1, t2, t3, t4] = await Promise.all([1, 2, 3, 4].map(async () => (await pro.api.tickets.create.mutate(TICKET)).protocol));
    // Both instances remember a value for both attendants before anything is assigned.
    await expectCounts('A', 'start');
    expect(await shown('A', bruno)).toBe(0);

    const script: Array<[Instance, string, () => Promise<unknown>]> = [
      ['A', 'Bruno takes t1', () => on('A', bruno).desk.take.mutate({ protocol: t1! })],
      ['B', 'Bruno takes t2', () => on('B', bruno).desk.take.mutate({ protocol: t2! })],
      ['B', 'Carla hands t1 to herself', () => on('B', carla).desk.assign.mutate({ protocol: t1!, attendantId: carla.id })],
      ['A', 'Carla hands t2 from Bruno to herself', () => on('A', carla).desk.assign.mutate({ protocol: t2!, attendantId: carla.id })],
      ['A', 'Carla asks the professional about t1 (still hers)', () => on('A', carla).desk.requestInfo.mutate({ protocol: t1!, message: 'Envie o comprovante, por favor.' })],
      ['B', 'Bruno takes t3 and resolves it', async () => {
        await on('B', bruno).desk.take.mutate({ protocol: t3! });
        await on('B', bruno).desk.resolve.mutate({ protocol: t3!, message: 'Boleto baixado.' });
      }],
      ['A', 'the professional rejects t3 (back to Bruno, in progress)', () => on('A', pro).tickets.reject.mutate({ protocol: t3!, message: 'Continua em aberto no sistema.' })],
      ['B', 'Bruno resolves t3 again', () => on('B', bruno).desk.resolve.mutate({ protocol: t3!, message: 'Agora sim, baixado.' })],
      ['A', 'the professional approves t3 (closed)', () => on('A', pro).tickets.approve.mutate({ protocol: t3!, rating: 5 })],
      ['B', 'Carla closes t2 as a duplicate', () => on('B', carla).desk.close.mutate({ protocol: t2!, reason: 'duplicate', message: 'Duplicado do anterior.' })],
      ['A', 'Bruno hands t4 to Carla', () => on('A', bruno).desk.assign.mutate({ protocol: t4!, attendantId: carla.id })],
      ['B', 'Carla hands t4 back to Bruno', () => on('B', carla).desk.assign.mutate({ protocol: t4!, attendantId: bruno.id })],
    ];
    for (const [where, step, change] of script) {
      await change();
      await expectCounts(where, step);
    }
    // Where the script leaves them: t1 (pending, Carla) and t4 (Bruno) open; t2, t3 closed.
    expect([await stored(bruno), await stored(carla)]).toEqual([1, 1]);

    // A quiet stretch: nothing changes, and neither instance's answer moves.
    const until = Date.now() + 3_000;
    while (Date.now() < until) {
      for (const where of ['A', 'B'] as const) {
        expect([await shown(where, bruno), await shown(where, carla)], `quiet, on ${where}`).toEqual([1, 1]);
      }
      await sleep(250);
    }
  }, 60_000);

  it('is not counted per request: a ticket written without an event shows only after the value ages (the background recount)', async () => {
    const before = await shown('A', bruno);
    const template = await server.db.collection('tickets').findOne({ status: { $ne: 'closed' } });
    await server.db.collection('tickets').insertOne({
      ...template!,
      _id: new ObjectId(),
      protocol: '2026-999901',
      status: 'in_progress',
      assignee: { id: new ObjectId(bruno.id), name: bruno.name },
      liveOutbox: [],
    });
    expect(await stored(bruno)).toBe(before + 1);
    for (let i = 0; i < 5; i++) {
      expect(await shown('A', bruno), 'answered from memory, not counted').toBe(before);
      await sleep(100);
    }
    // Past COUNTS_TTL_MS (30 s) on A's clock: a request starts the recount, a later one has it.
    skewMs = 31_000;
    await waitUntil(async () => (await shown('A', bruno)) === before + 1, { timeoutMs: 5_000, message: 'the aged value was never recounted' });
  }, 30_000);
});
