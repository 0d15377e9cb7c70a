// Staff accounts and role checks over real HTTP (SPEC §4, §5): the first admin from ADMIN_LOGIN /
// ADMIN_PASSWORD (once, also across restarts), admin.attendants.create/list/disable, and who may
// call tickets.*, desk.* and admin.*.
import { PASSWORD_PROBLEM_MESSAGES, REASON_MESSAGES, staffOutput } from '@cau/shared';
import { startServer } from '@cau/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSession, attendant, newPerson, signUp, TICKET } from '../support/fixtures';
import { ADMIN, expectReason, startTestServer, type TestServer } from '../support/harness';

/** Input for a new attendant account with a fresh login and e-mail. */
function newStaff(tag: string) {
  const id = `${tag}.${Date.now() % 1e6}`;
  return { name: 'Carla Atendente', login: id, email: `${id}@causp.test`, password: 'Atende-Bem-2026', role: 'attendant' as const };
}

// The server keeps one database connection per process, so each block runs its own server in turn.
describe('the first admin', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it('is created from ADMIN_LOGIN / ADMIN_PASSWORD and logs in as admin', async () => {
    const admins = await server.db.collection('users').find({ role: 'admin' }).toArray();
    expect(admins.map((a) => a.login)).toEqual([ADMIN.login]);
    expect(admins[0]!.passwordHash).toMatch(/^\$argon2id\$/);

    const session = await server.client().auth.login.mutate(ADMIN);
    expect(session.user).toMatchObject({ role: 'admin', login: ADMIN.login });
    expect(session.user).not.toHaveProperty('cpf');
    expect((await server.client(session.token).auth.me.query()).role).toBe('admin');
  });

  it('is not created again when another server starts on the same database', async () => {
    const config = server.deps.config;
    await server.stop();
    // Same admin login, and then a different one: neither start adds an admin once one exists.
    for (const admin of [config.admin!, { login: 'outro.admin', password: 'Outra-Senha-Forte-9' }]) {
      const again = await startServer({ ...config, admin });
      try {
        expect(await server.db.collection('users').countDocuments({ role: 'admin' })).toBe(1);
        const session = await fetch(`${again.url}/trpc/auth.login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(ADMIN),
        });
        expect(session.status).toBe(200);
      } finally {
        await again.stop();
      }
    }
  });
});

describe('admin.attendants', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it('creates an attendant who can log in with the attendant role', async () => {
    const admin = await adminSession(server);
    const input = newStaff('carla');
    const created = staffOutput.parse(await admin.api.admin.attendants.create.mutate({ ...input, login: input.login.toUpperCase() }));
    expect(created).toMatchObject({ name: input.name, login: input.login, email: input.email, role: 'attendant', disabled: false });

    const session = await server.client().auth.login.mutate({ login: input.login, password: input.password });
    expect(session.user).toMatchObject({ id: created.id, role: 'attendant' });
  });

  it('a password an admin set (creation, reset) must be changed at the first login: everything else answers password_change_required', async () => {
    const admin = await adminSession(server);
    const input = newStaff('primeira');
    const created = await admin.api.admin.attendants.create.mutate(input);
    const first = await server.client().auth.login.mutate({ login: input.login, password: input.password });
    expect(first.user.mustChangePassword).toBe(true);
    const api = server.client(first.token);
    expect(await api.auth.me.query()).toMatchObject({ login: input.login, mustChangePassword: true });
    const refused = await expectReason(api.desk.queue.query({ view: 'todo' }), 'password_change_required', 403);
    expect(refused.message).toBe(REASON_MESSAGES.password_change_required);
    await expectReason(api.account.sessions.query(), 'password_change_required', 403);
    // The access token the Electron desk's page works with is still handed out, and refused the same way.
    const { accessToken } = await api.auth.accessToken.mutate();
    await expectReason(server.client(accessToken).desk.queue.query({ view: 'todo' }), 'password_change_required', 403);
    // Keeping the admin's password is no change; nothing is stored.
    const same = await expectReason(api.account.changePassword.mutate({ currentPassword: input.password, newPassword: input.password }), 'weak_password', 400);
    expect(same.data?.fields?.newPassword).toMatch(/diferente/);
    expect((await server.db.collection('users').findOne({ login: input.login }))!.mustChangePassword).toBe(true);

    const { token } = await api.account.changePassword.mutate({ currentPassword: input.password, newPassword: 'Minha-Propria-Senha-8' });
    const own = server.client(token);
    expect((await own.auth.me.query()).mustChangePassword).toBeUndefined();
    expect((await own.desk.queue.query({ view: 'todo' })).counts).toBeDefined();
    const again = await server.client().auth.login.mutate({ login: input.login, password: 'Minha-Propria-Senha-8' });
    expect(again.user.mustChangePassword).toBeUndefined();

    // An admin's reset sets the flag again (and ends the sessions); the first admin's own account never had it.
    await admin.api.admin.attendants.resetPassword.mutate({ id: created.id, password: 'Redefinida-Pelo-Admin-4' });
    await expectReason(own.auth.me.query(), 'unauthenticated', 401);
    const afterReset = await server.client().auth.login.mutate({ login: input.login, password: 'Redefinida-Pelo-Admin-4' });
    expect(afterReset.user.mustChangePassword).toBe(true);
    await expectReason(server.client(afterReset.token).desk.queue.query({ view: 'todo' }), 'password_change_required', 403);
    expect((await server.client().auth.login.mutate(ADMIN)).user.mustChangePassword).toBeUndefined();
  });

  it('refuses a taken login (login_taken) or e-mail (email_taken), also a professional’s', async () => {
    const admin = await adminSession(server);
    const first = newStaff('dup');
    await admin.api.admin.attendants.create.mutate(first);

    await expectReason(admin.api.admin.attendants.create.mutate({ ...newStaff('x'), login: first.login.toUpperCase() }), 'login_taken', 409);
    const email = await expectReason(admin.api.admin.attendants.create.mutate({ ...newStaff('y'), email: first.email }), 'email_taken', 409);
    expect(email.message).toBe(REASON_MESSAGES.email_taken);
    const pro = await signUp(server);
    await expectReason(admin.api.admin.attendants.create.mutate({ ...newStaff('z'), login: pro.login }), 'login_taken', 409);
    await expectReason(admin.api.admin.attendants.create.mutate({ ...newStaff('w'), email: pro.email }), 'email_taken', 409);
    // A login that merely contains the word "email" is still a login clash.
    const wordy = { ...newStaff('email'), email: `wordy.${Date.now()}@causp.test` };
    await admin.api.admin.attendants.create.mutate(wordy);
    await expectReason(admin.api.admin.attendants.create.mutate({ ...newStaff('v'), login: wordy.login }), 'login_taken', 409);

    expect(await server.db.collection('users').countDocuments({ login: first.login })).toBe(1);
  });

  it('refuses a weak password (weak_password)', async () => {
    const admin = await adminSession(server);
    const input = newStaff('fraca');
    for (const [password, problem] of [['senha123', 'common'], [input.login, 'same_as_login'], ['curta', 'length']] as const) {
      const error = await expectReason(admin.api.admin.attendants.create.mutate({ ...input, password }), 'weak_password', 400);
      expect(error.message).toBe(PASSWORD_PROBLEM_MESSAGES[problem]);
    }
    expect(await server.db.collection('users').countDocuments({ login: input.login })).toBe(0);
  });

  it('lists the staff without password hashes', async () => {
    const admin = await adminSession(server);
    const a = await admin.api.admin.attendants.create.mutate(newStaff('lista.a'));
    const b = await admin.api.admin.attendants.create.mutate(newStaff('lista.b'));
    await signUp(server);

    const list = await admin.api.admin.attendants.list.query();
    for (const item of list) expect(Object.keys(item).sort()).toEqual(Object.keys(staffOutput.shape).sort());
    expect(list.map((s) => s.id)).toEqual(expect.arrayContaining([a.id, b.id, admin.user.id]));
    expect(list.every((s) => s.role === 'attendant' || s.role === 'admin')).toBe(true);
    expect(JSON.stringify(list)).not.toMatch(/argon2|passwordHash|outbox|cpf/i);
  });

  it('disables an attendant: their session ends and login answers account_disabled', async () => {
    const admin = await adminSession(server);
    const desk = await attendant(server);
    expect((await desk.api.auth.me.query()).id).toBe(desk.id);

    const disabled = await admin.api.admin.attendants.disable.mutate({ id: desk.id });
    expect(disabled).toMatchObject({ id: desk.id, disabled: true });
    await expectReason(desk.api.auth.me.query(), 'unauthenticated', 401);
    await expectReason(desk.api.desk.queue.query({ view: 'todo' }), 'unauthenticated', 401);
    expect(await server.db.collection('sessions').countDocuments({ userId: (await server.db.collection('users').findOne({ login: desk.login }))!._id })).toBe(0);

    const refused = await expectReason(server.client().auth.login.mutate({ login: desk.login, password: desk.password }), 'account_disabled', 403);
    expect(refused.message).toBe(REASON_MESSAGES.account_disabled);
    expect((await admin.api.admin.attendants.list.query()).find((s) => s.id === desk.id)).toMatchObject({ disabled: true });
  });

  it('does not let an admin disable themself', async () => {
    const admin = await adminSession(server);
    const error = await expectReason(admin.api.admin.attendants.disable.mutate({ id: admin.user.id }), 'forbidden', 403);
    expect(error.message).toBe('Você não pode desativar a sua própria conta.');
    expect(await admin.api.auth.me.query()).toMatchObject({ id: admin.user.id });
    expect((await server.db.collection('users').findOne({ login: ADMIN.login }))!.disabled).toBe(false);
  });

  it('does not disable a professional through the staff endpoint', async () => {
    const admin = await adminSession(server);
    const pro = await signUp(server);
    await expectReason(admin.api.admin.attendants.disable.mutate({ id: pro.user.id }), 'not_found', 404);
    expect((await pro.api.auth.me.query()).id).toBe(pro.user.id);
  });
});

describe('role checks', () => {
  let server: TestServer;
  let pro: Awaited<ReturnType<typeof signUp>>;
  let desk: Awaited<ReturnType<typeof attendant>>;
  let protocol: string;
  beforeAll(async () => {
    server = await startTestServer();
    pro = await signUp(server);
    desk = await attendant(server);
    protocol = (await pro.api.tickets.create.mutate(TICKET)).protocol;
  });
  afterAll(() => server?.close());

  it('refuses desk.* and admin.* to a professional (forbidden, 403)', async () => {
    await expectReason(pro.api.desk.queue.query({ view: 'todo' }), 'forbidden', 403);
    await expectReason(pro.api.desk.take.mutate({ protocol }), 'forbidden', 403);
    await expectReason(pro.api.desk.get.query({ protocol }), 'forbidden', 403);
    await expectReason(pro.api.admin.attendants.list.query(), 'forbidden', 403);
    await expectReason(pro.api.admin.attendants.create.mutate(newStaff('intruso')), 'forbidden', 403);
    expect((await pro.api.tickets.get.query({ protocol })).status).toBe('open');
    expect(await server.db.collection('users').countDocuments({ login: { $regex: '^intruso' } })).toBe(0);
  });

  it('refuses admin.* to an attendant (forbidden, 403)', async () => {
    await expectReason(desk.api.admin.attendants.list.query(), 'forbidden', 403);
    await expectReason(desk.api.admin.attendants.create.mutate(newStaff('promovido')), 'forbidden', 403);
    const error = await expectReason(desk.api.admin.attendants.disable.mutate({ id: desk.id }), 'forbidden', 403);
    expect(error.message).toBe(REASON_MESSAGES.forbidden);
  });

  it('refuses tickets.* to staff (forbidden, 403)', async () => {
    await expectReason(desk.api.tickets.mine.query({}), 'forbidden', 403);
    await expectReason(desk.api.tickets.create.mutate(TICKET), 'forbidden', 403);
  });

  it('refuses anonymous callers (unauthenticated, 401)', async () => {
    const anonymous = server.client();
    await expectReason(anonymous.tickets.mine.query({}), 'unauthenticated', 401);
    await expectReason(anonymous.tickets.get.query({ protocol }), 'unauthenticated', 401);
    await expectReason(anonymous.desk.queue.query({ view: 'todo' }), 'unauthenticated', 401);
    await expectReason(anonymous.desk.take.mutate({ protocol }), 'unauthenticated', 401);
    await expectReason(anonymous.admin.attendants.list.query(), 'unauthenticated', 401);
    await expectReason(anonymous.admin.attendants.create.mutate(newStaff('anonimo')), 'unauthenticated', 401);
  });

  it('lets an admin work the desk', async () => {
    const admin = await adminSession(server);
    const other = await signUp(server, newPerson());
    const own = (await other.api.tickets.create.mutate(TICKET)).protocol;

    const queue = await admin.api.desk.queue.query({ view: 'todo' });
    expect(queue.items.map((t) => t.protocol)).toEqual(expect.arrayContaining([protocol, own]));
    const taken = await admin.api.desk.take.mutate({ protocol: own });
    expect(taken).toMatchObject({ status: 'in_progress', assignee: { id: admin.user.id } });
    expect((await other.api.tickets.get.query({ protocol: own })).status).toBe('in_progress');
  });
});
