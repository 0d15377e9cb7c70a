// The audit trail's new entries (issue 12, item 6): staff sign-ins and refused sign-ins, two-step
// verification turned on, and settings changes with what changed (before → after), over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totp } from '../support/desk-page';
import { TICKET, adminSession, attendant, signUp } from '../support/fixtures';
import { expectReason, startTestServer, type TestServer } from '../support/harness';

const STAFF_ADDRESS = '203.0.113.20';

describe('audit entries for sign-ins, two-step verification and settings', () => {
  let server: TestServer;
  let admin: Awaited<ReturnType<typeof adminSession>>;

  beforeAll(async () => {
    server = await startTestServer({ TRUST_PROXY: 'true' });
    admin = await adminSession(server);
  });
  afterAll(() => server?.close());

  const entries = async (action: string) => (await admin.api.admin.audit.list.query({ action: action as never })).items;

  it('records each staff sign-in, and a refused one under the account it tried, but nothing for unknown logins or professionals', async () => {
    const bruno = await attendant(server, 'Bruno Atendente');
    expect((await entries('login')).filter((e) => e.actor.id === bruno.id)).toHaveLength(1);
    await expectReason(server.client(undefined, { 'x-forwarded-for': STAFF_ADDRESS }).auth.login.mutate({ login: bruno.login, password: 'Senha-Errada-123' }), 'bad_credentials', 401);
    const failed = (await entries('login_failed')).filter((e) => e.subject.userId === bruno.id);
    expect(failed).toEqual([expect.objectContaining({ actor: { id: bruno.id, role: 'attendant', name: 'Bruno Atendente' }, action: 'login_failed', ip: STAFF_ADDRESS })]);

    const before = (await admin.api.admin.audit.list.query({})).items.length;
    await expectReason(server.client().auth.login.mutate({ login: 'ninguem.aqui', password: 'Senha-Errada-123' }), 'bad_credentials', 401);
    const pro = await signUp(server);
    await server.client().auth.login.mutate({ login: pro.login, password: pro.password });
    await expectReason(server.client().auth.login.mutate({ login: pro.login, password: 'Senha-Errada-123' }), 'bad_credentials', 401);
    expect((await admin.api.admin.audit.list.query({})).items.length).toBe(before);
  });

  it('records a staff member turning two-step verification on', async () => {
    const carla = await attendant(server, 'Carla Colega');
    const { secret } = await carla.api.account.mfa.begin.mutate({});
    await carla.api.account.mfa.confirm.mutate({ code: totp(secret) });
    expect((await entries('mfa_enrolled')).map((e) => [e.actor.id, e.subject.userId])).toEqual([[carla.id, carla.id]]);
  });

  it('an admin exports everything held about a professional (data-access request), audited; attendants cannot', async () => {
    const pro = await signUp(server);
    const { protocol } = await pro.api.tickets.create.mutate(TICKET);
    const data = await admin.api.admin.professionals.export.query({ id: pro.user.id });
    expect(data.account.email).toBe(pro.email);
    expect(data.tickets.map((t) => t.protocol)).toEqual([protocol]);
    const [entry] = await entries('professional_data_exported');
    expect(entry).toMatchObject({ actor: { id: admin.user.id }, subject: { userId: pro.user.id } });
    const bruno = await attendant(server, 'Bruno Curioso');
    await expectReason(bruno.api.admin.professionals.export.query({ id: pro.user.id }), 'forbidden', 403);
    await expectReason(admin.api.admin.professionals.export.query({ id: bruno.id }), 'not_found', 404);
  });

  it('records what a settings change changed, before → after, for each settings page', async () => {
    const deadlines = await admin.api.admin.settings.get.query();
    await admin.api.admin.settings.update.mutate({ ...deadlines, pending: 'P3D', holidays: { ...deadlines.holidays, fixed: [...deadlines.holidays.fixed, '12-08'].sort() } });
    const security = await admin.api.admin.security.get.query();
    await admin.api.admin.security.update.mutate({ ...security, staffIdleMinutes: 45 });
    const levels = await admin.api.admin.serviceLevels.get.query();
    await admin.api.admin.serviceLevels.update.mutate({ ...levels, targets: { ...levels.targets, error: { ...levels.targets.error, firstAnswer: 'PT4H' } } });

    const [serviceLevels, securityEntry, deadlineEntry] = await entries('settings_changed');
    expect(deadlineEntry!.changes).toEqual([
      { field: 'deadlines.holidays.fixed', before: deadlines.holidays.fixed.join(', '), after: [...deadlines.holidays.fixed, '12-08'].sort().join(', ') },
      { field: 'deadlines.pending', before: deadlines.pending, after: 'P3D' },
    ]);
    expect(securityEntry!.changes).toEqual([{ field: 'security.staffIdleMinutes', before: String(security.staffIdleMinutes), after: '45' }]);
    expect(serviceLevels!.changes).toEqual([{ field: 'serviceLevels.targets.error.firstAnswer', before: levels.targets.error.firstAnswer, after: 'PT4H' }]);
    expect(deadlineEntry!.actor.name).toBe(admin.user.name);
  });
});
