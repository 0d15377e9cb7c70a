// The API called in-process (tRPC createCaller over createContextInner, no socket) against a real
// database: the repositories' owner scoping, the private fields every read leaves out, and a few
// services with a pinned clock. Faster than a child server; the multi-instance and crash tests stay
// processes (live.test.ts, faults.test.ts).
import { callerAs, expireOverdue } from '@cau/server';
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attendant, newPerson, signUp, TICKET } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/harness';

const DAY = 86_400_000;

/** The domain reason of an in-process failure (the HTTP layer sends it as `data.reason`). */
async function reasonOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    // createCaller throws the TRPCError the procedure raised; its cause is the DomainError.
    const reason = (error as { cause?: { reason?: string } }).cause?.reason;
    if (reason) return reason;
    throw error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

describe('in-process API over a real database', () => {
  let server: TestServer;
  /** The server's clock: real time shifted by `offset`, which a test moves forward. */
  let offset = 0;
  let ana: { id: string };
  let beto: { id: string };
  let desk: { id: string };

  beforeAll(async () => {
    server = await startTestServer({}, { now: () => new Date(Date.now() + offset) });
    ana = (await signUp(server)).user;
    beto = (await signUp(server, newPerson())).user;
    desk = await attendant(server);
  }, 60_000);
  afterAll(() => server?.close());

  it('scopes every professional read by owner: another professional\'s ticket is not found anywhere', async () => {
    const asAna = await callerAs(server.deps, ana.id);
    const asBeto = await callerAs(server.deps, beto.id);
    const { protocol } = await asAna.tickets.create(TICKET);

    expect((await server.deps.tickets.forOwner(new ObjectId(ana.id)).get(protocol))?.protocol).toBe(protocol);
    expect(await server.deps.tickets.forOwner(new ObjectId(beto.id)).get(protocol)).toBeNull();
    expect(await reasonOf(asBeto.tickets.get({ protocol }))).toBe('not_found');
    expect(await reasonOf(asBeto.tickets.comment({ protocol, message: 'Não é meu.' }))).toBe('not_found');
    expect((await asBeto.tickets.mine({})).items.map((t) => t.protocol)).not.toContain(protocol);
    expect((await asBeto.account.exportData()).tickets.map((t) => t.protocol)).not.toContain(protocol);
    expect((await asAna.tickets.mine({})).items.map((t) => t.protocol)).toContain(protocol);
    expect((await asAna.account.exportData()).tickets.map((t) => t.protocol)).toContain(protocol);
  });

  it('leaves the private fields out of every read unless they are asked for by name', async () => {
    const asAna = await callerAs(server.deps, ana.id);
    const { protocol } = await asAna.tickets.create(TICKET);
    // Stored: the creation e-mail and the live event are in the document.
    const raw = await server.db.collection('tickets').findOne({ protocol });
    expect(raw?.outbox).toHaveLength(1);

    const desked = await server.deps.tickets.find(protocol);
    const owned = await server.deps.tickets.forOwner(new ObjectId(ana.id)).get(protocol);
    for (const read of [desked, owned]) {
      expect(read).not.toHaveProperty('outbox');
      expect(read).not.toHaveProperty('liveOutbox');
    }
    expect(owned).not.toHaveProperty('notes');

    const user = await server.deps.users.findById(new ObjectId(ana.id));
    expect(user?.name).toBeTruthy();
    expect(user).not.toHaveProperty('passwordHash');
    expect(user).not.toHaveProperty('outbox');
    const [forLogin] = await server.deps.users.forLogin(user!.login);
    expect(forLogin?.passwordHash).toMatch(/^\$/);
  });

  it('gives queue rows the server\'s actions: "take" only while the ticket is open', async () => {
    const asAna = await callerAs(server.deps, ana.id);
    const asDesk = await callerAs(server.deps, desk.id);
    const { protocol } = await asAna.tickets.create({ ...TICKET, subject: 'Linha da fila com ações' });
    const rowOf = async () => (await asDesk.desk.queue({ view: 'all', search: protocol })).items.find((t) => t.protocol === protocol)!;

    expect((await rowOf()).actions).toContain('take');
    await asDesk.desk.take({ protocol });
    const taken = await rowOf();
    expect(taken.status).toBe('in_progress');
    expect(taken.actions).not.toContain('take');
    expect(taken.actions).toEqual(expect.arrayContaining(['resolve', 'request_info', 'note', 'comment', 'assign', 'close']));
  });

  it('ages the cached settings by the server\'s clock (the store lives in Deps, not in the module)', async () => {
    const settings = server.deps.settings;
    const before = await settings.security();
    // Changed behind the store's back (as another instance would): this server keeps its copy for 15 s...
    await server.db.collection<{ _id: string }>('settings')
      .updateOne({ _id: 'security' }, { $set: { 'value.staffIdleMinutes': before.staffIdleMinutes + 5 } }, { upsert: true });
    expect((await settings.security()).staffIdleMinutes).toBe(before.staffIdleMinutes);
    // ...and reads it again once its own clock says they passed.
    offset += 16_000;
    try {
      expect((await settings.security()).staffIdleMinutes).toBe(before.staffIdleMinutes + 5);
    } finally {
      offset -= 16_000;
    }
    await settings.saveSecurity(before);
  });

  it('expires through the system actor on the server\'s clock, not the wall clock', async () => {
    const asAna = await callerAs(server.deps, ana.id);
    const asDesk = await callerAs(server.deps, desk.id);
    const { protocol } = await asAna.tickets.create(TICKET);
    await asDesk.desk.take({ protocol });
    await asDesk.desk.requestInfo({ protocol, message: 'Envie o comprovante, por favor.' });
    await expireOverdue(server.deps);
    expect((await asDesk.desk.get({ protocol })).status).toBe('pending_professional');

    // Sixty days on, by the server's clock only (the scheduled job may get there first: either closes it once).
    offset += 60 * DAY;
    try {
      await expireOverdue(server.deps);
    } finally {
      offset -= 60 * DAY;
    }
    const closed = await asDesk.desk.get({ protocol });
    expect(closed.status).toBe('closed');
    expect(closed.outcome).toBe('no_response');
    const last = closed.history.at(-1)!;
    expect(last.event).toBe('expire');
    expect(last.actor).toEqual({ id: null, name: 'Sistema', role: 'system' });
  });
});
