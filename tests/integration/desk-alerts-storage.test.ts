// How unread alerts are stored (server/src/tickets/desk-alerts.ts): one document per alerting event
// naming who has not read it, gone once nobody has; and the move from the older storage (one
// document per attendant) at start.
import { ObjectId } from 'mongodb';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { adminSession, attendant, openTicket, signUp } from '../support/fixtures';
import { ADMIN, databaseUri, startTestServer, type TestServer } from '../support/harness';
import { killAllServerProcesses, startServerProcess, waitUntil } from '../support/process';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(killAllServerProcesses);

async function start(): Promise<TestServer> {
  const server = await startTestServer();
  servers.push(server);
  return server;
}

describe('one document per alerting event', () => {
  it('a new ticket is one document naming every attendant; reading takes one out; it goes when nobody is left, and a new comment alerts a reader again', async () => {
    const server = await start();
    const [admin, carla, davi] = await Promise.all([adminSession(server), attendant(server, 'Carla Nunes'), attendant(server, 'Davi Prado')]);
    const pro = await signUp(server);
    const alerts = server.db.collection('deskalertevents');
    const protocol = await openTicket(pro);
    await waitUntil(async () => (await alerts.countDocuments({ protocol })) > 0, { timeoutMs: 3_000, message: 'no alert stored' });
    const stored = await alerts.find({ protocol }).toArray();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ kind: 'new_ticket', protocol });
    expect((stored[0]!.unread as ObjectId[]).map(String).sort()).toEqual([admin.user.id, carla.id, davi.id].sort());

    await carla.api.desk.get.query({ protocol });
    expect((await alerts.findOne({ protocol }))!.unread.map(String).sort()).toEqual([admin.user.id, davi.id].sort());
    expect((await carla.api.desk.alerts.list.query()).total).toBe(0);
    expect((await davi.api.desk.alerts.list.query()).items.map((a) => a.protocol)).toEqual([protocol]);
    await admin.api.desk.alerts.clear.mutate({ protocol });
    expect((await alerts.findOne({ protocol }))!.unread.map(String)).toEqual([davi.id]);
    // "Marcar todos como lidos" by the last one left: the document goes.
    await davi.api.desk.alerts.clear.mutate({});
    expect(await alerts.countDocuments({ protocol })).toBe(0);

    // Comments while nobody has the ticket: everyone; one who read them is alerted by the next.
    await pro.api.tickets.comment.mutate({ protocol, message: 'Segue mais uma informação.' });
    await waitUntil(async () => (await davi.api.desk.alerts.list.query()).total === 1, { timeoutMs: 3_000, message: 'no comment alert' });
    await davi.api.desk.get.query({ protocol });
    expect((await davi.api.desk.alerts.list.query()).total).toBe(0);
    expect((await carla.api.desk.alerts.list.query()).items.map((a) => a.kind)).toEqual(['commented']);
    await pro.api.tickets.comment.mutate({ protocol, message: 'E outra, desculpe.' });
    await waitUntil(async () => (await davi.api.desk.alerts.list.query()).total === 1, { timeoutMs: 3_000, message: 'the reader was not alerted again' });
    expect(await alerts.countDocuments({ protocol })).toBe(1);
    expect((await carla.api.desk.alerts.list.query()).total).toBe(1);

    // Taken: nobody's alert of it stays, and its document goes.
    await carla.api.desk.take.mutate({ protocol });
    await waitUntil(async () => (await alerts.countDocuments({ protocol })) === 0, { timeoutMs: 3_000, message: 'the take left the alert' });
    expect((await davi.api.desk.alerts.list.query()).total).toBe(0);
  });
});

describe('alerts stored one document per attendant (older versions)', () => {
  it('move over at start: each attendant keeps what they had not read, comments at the latest; the old collection goes', async () => {
    // Started without `start()`: its database outlives it, for the next start.
    const first = await startTestServer();
    const [carla, davi] = await Promise.all([attendant(first, 'Carla Nunes'), attendant(first, 'Davi Prado')]);
    const dbName = first.db.databaseName;
    const at = (s: number) => new Date(Date.UTC(2026, 11, 1, 12, 0, s));
    const [c, d] = [new ObjectId(carla.id), new ObjectId(davi.id)];
    const old = [
      { userId: c, seq: 1, kind: 'new_ticket', protocol: '2026-000001', subject: 'Primeiro', at: at(1) },
      { userId: d, seq: 1, kind: 'new_ticket', protocol: '2026-000001', subject: 'Primeiro', at: at(1) },
      { userId: c, seq: 2, kind: 'new_ticket', protocol: '2026-000002', subject: 'Segundo', at: at(2) },
      { userId: d, seq: 3, kind: 'commented', protocol: '2026-000002', subject: 'Segundo', at: at(3) },
      { userId: c, seq: 5, kind: 'commented', protocol: '2026-000002', subject: 'Segundo', at: at(5) },
      { userId: d, seq: 4, kind: 'assigned', protocol: '2026-000003', subject: 'Terceiro', at: at(4) },
    ];
    await first.db.collection('deskalerts').insertMany(old);
    await first.stop();
    await first.db.client.close();

    // The same database, started again by two instances at once (one in a process of its own): the
    // move runs at start in both, and ends as if once.
    const [again, twin] = await Promise.all([
      startTestServer({}, { dbName }),
      startServerProcess({ name: 'twin', mongodbUri: databaseUri(inject('mongoUri'), dbName), env: { ADMIN_LOGIN: ADMIN.login, ADMIN_PASSWORD: ADMIN.password, LOG_LEVEL: 'warn' } }),
    ]);
    servers.push(again);
    await twin.stop();
    const names = (await again.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    expect(names).toContain('deskalertevents');
    expect(names).not.toContain('deskalerts');
    const login = async (who: { login: string; password: string }) => again.client((await again.client().auth.login.mutate(who)).token);
    const [asCarla, asDavi] = [await login(carla), await login(davi)];
    const listed = async (api: typeof asCarla) => (await api.desk.alerts.list.query()).items.map((a) => [a.kind, a.protocol, Number(a.id), a.at]);
    expect(await listed(asCarla)).toEqual([
      ['commented', '2026-000002', 5, at(5).toISOString()],
      ['new_ticket', '2026-000002', 2, at(2).toISOString()],
      ['new_ticket', '2026-000001', 1, at(1).toISOString()],
    ]);
    // Davi's comment alert is the ticket's one, now at its latest comment.
    expect(await listed(asDavi)).toEqual([
      ['commented', '2026-000002', 5, at(5).toISOString()],
      ['assigned', '2026-000003', 4, at(4).toISOString()],
      ['new_ticket', '2026-000001', 1, at(1).toISOString()],
    ]);
    expect(await again.db.collection('deskalertevents').countDocuments()).toBe(4);
  });
});
