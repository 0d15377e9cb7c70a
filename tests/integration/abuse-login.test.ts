// Login throttling that cannot be turned against the owner (SPEC §11, issue 14 item 1), and separate
// login realms for staff and professionals. Client addresses come through a trusted proxy's
// X-Forwarded-For, so each test plays strangers, NATed offices and the owner's own devices.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSession, newPerson, signUp } from '../support/fixtures';
import { expectReason, startTestServer, type TestServer } from '../support/harness';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ TRUST_PROXY: 'true' });
});
afterAll(() => server?.close());

let octet = 0;
/** A documentation-range address no other test of this file uses. */
const freshAddress = () => {
  octet += 1;
  return `198.18.${Math.floor(octet / 250)}.${(octet % 250) + 1}`;
};
const from = (address: string) => server.client(undefined, { 'x-forwarded-for': address });
const retryAfterOf = (error: { data?: unknown }) => (error.data as { retryAfter?: number }).retryAfter ?? 0;

describe('login throttling', () => {
  it('locks a (login, address) pair after 5 failures, but the owner still gets in from another address', async () => {
    const pro = await signUp(server);
    const stranger = from(freshAddress());
    for (let i = 0; i < 5; i++) {
      await expectReason(stranger.auth.login.mutate({ login: pro.login, password: `Chute-${i}-errado` }), 'bad_credentials', 401);
    }
    const locked = await expectReason(stranger.auth.login.mutate({ login: pro.login, password: pro.password }), 'too_many_attempts', 429);
    expect(retryAfterOf(locked)).toBeGreaterThan(0);
    expect(retryAfterOf(locked)).toBeLessThanOrEqual(15 * 60);

    const owner = await from(freshAddress()).auth.login.mutate({ login: pro.login, password: pro.password });
    expect(owner.user.id).toBe(pro.user.id);
    expect(owner.deviceToken).toEqual(expect.any(String));
  });

  it('a NATed address over its failure limit refuses unknown devices, but lets a trusted device log in', async () => {
    const pro = await signUp(server);
    const office = freshAddress();
    // The owner has logged in from this office before: their browser keeps the device token.
    const { deviceToken } = await from(office).auth.login.mutate({ login: pro.login, password: pro.password });
    // Someone behind the same NAT guesses at 50 other logins.
    for (let i = 0; i < 50; i++) {
      await expectReason(from(office).auth.login.mutate({ login: `alvo.${i}.nat`, password: 'Chute-Qualquer-1' }), 'bad_credentials', 401);
    }
    await expectReason(from(office).auth.login.mutate({ login: 'mais.um.alvo', password: 'Chute-Qualquer-1' }), 'too_many_attempts', 429);
    // An unknown device at that address waits; the owner's device does not.
    await expectReason(from(office).auth.login.mutate({ login: pro.login, password: pro.password }), 'too_many_attempts', 429);
    const trusted = await from(office).auth.login.mutate({ login: pro.login, password: pro.password, deviceToken });
    expect(trusted.user.id).toBe(pro.user.id);
    // Another address is not affected at all.
    expect((await from(freshAddress()).auth.login.mutate({ login: pro.login, password: pro.password })).user.id).toBe(pro.user.id);
  });

  it('failures spread over many addresses only slow unknown devices down, progressively; a trusted device is never slowed', async () => {
    const pro = await signUp(server);
    const { deviceToken } = await from(freshAddress()).auth.login.mutate({ login: pro.login, password: pro.password });
    // A botnet: 31 addresses, one guess each (no (login, address) lock ever triggers).
    for (let i = 0; i < 31; i++) {
      await expectReason(from(freshAddress()).auth.login.mutate({ login: pro.login, password: `Botnet-${i}-chute` }), 'bad_credentials', 401);
    }
    // One failure over the free 30: unknown devices wait 1 s, the bots included.
    const first = await expectReason(from(freshAddress()).auth.login.mutate({ login: pro.login, password: pro.password }), 'too_many_attempts', 429);
    expect(retryAfterOf(first)).toBe(1);
    await expectReason(from(freshAddress()).auth.login.mutate({ login: pro.login, password: 'Botnet-x-chute' }), 'too_many_attempts', 429);
    // The next failure doubles the wait.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await expectReason(from(freshAddress()).auth.login.mutate({ login: pro.login, password: 'Botnet-y-chute' }), 'bad_credentials', 401);
    const second = await expectReason(from(freshAddress()).auth.login.mutate({ login: pro.login, password: pro.password }), 'too_many_attempts', 429);
    expect(retryAfterOf(second)).toBe(2);
    // The owner's device logs in at once, from any address.
    const owner = await from(freshAddress()).auth.login.mutate({ login: pro.login, password: pro.password, deviceToken });
    expect(owner.user.id).toBe(pro.user.id);
  });

  it('a device token only vouches for the login it was issued to, and is locked by its own failures', async () => {
    const pro = await signUp(server);
    const other = await signUp(server);
    const address = freshAddress();
    const { deviceToken } = await from(address).auth.login.mutate({ login: pro.login, password: pro.password });
    // Another login with this token is an unknown device: the (login, address) lock applies.
    for (let i = 0; i < 5; i++) {
      await expectReason(from(address).auth.login.mutate({ login: other.login, password: `Chute-${i}-errado`, deviceToken }), 'bad_credentials', 401);
    }
    await expectReason(from(address).auth.login.mutate({ login: other.login, password: other.password, deviceToken }), 'too_many_attempts', 429);
    // Five failures through the token lock the token, not the owner's other devices.
    for (let i = 0; i < 5; i++) {
      await expectReason(from(freshAddress()).auth.login.mutate({ login: pro.login, password: `Chute-${i}-errado`, deviceToken }), 'bad_credentials', 401);
    }
    await expectReason(from(freshAddress()).auth.login.mutate({ login: pro.login, password: pro.password, deviceToken }), 'too_many_attempts', 429);
    expect((await from(freshAddress()).auth.login.mutate({ login: pro.login, password: pro.password })).user.id).toBe(pro.user.id);
    // A forged or garbled token is simply no token.
    const forged = `${deviceToken!.split('.')[0]}.AAAA`;
    expect((await from(freshAddress()).auth.login.mutate({ login: pro.login, password: pro.password, deviceToken: forged })).user.id).toBe(pro.user.id);
  });
});

describe('login realms', () => {
  it('signup step 2 does not reveal staff logins; each account logs in with its own password', async () => {
    const admin = await adminSession(server);
    const staff = { name: 'Carla Equipe', login: `equipe.${Date.now() % 1e6}`, email: `equipe.${Date.now()}@causp.test`, password: 'Equipe-Senha-Forte-1', role: 'attendant' as const };
    await admin.api.admin.attendants.create.mutate(staff);

    // A stranger probing the staff login through signup gets in like with any free login.
    const pro = await signUp(server, { ...newPerson(), login: staff.login });
    expect(pro.user.role).toBe('professional');
    // The professional realm is still unique.
    const again = newPerson();
    const { signupToken } = await server.client().auth.checkSignup.mutate({ name: again.name, cpf: again.cpf, email: again.email });
    await expectReason(server.client().auth.signup.mutate({ signupToken, login: staff.login.toUpperCase(), password: again.password }), 'login_taken', 409);

    const asStaff = await from(freshAddress()).auth.login.mutate({ login: staff.login, password: staff.password });
    expect(asStaff.user.role).toBe('attendant');
    const asPro = await from(freshAddress()).auth.login.mutate({ login: staff.login, password: pro.password });
    expect(asPro.user.id).toBe(pro.user.id);
    await expectReason(from(freshAddress()).auth.login.mutate({ login: staff.login, password: 'Nenhuma-Das-Duas-9' }), 'bad_credentials', 401);
    // Staff creation still refuses a login any account uses (admins are not probing).
    await expectReason(admin.api.admin.attendants.create.mutate({ ...staff, email: `outra.${Date.now()}@causp.test` }), 'login_taken', 409);
    expect(await server.db.collection('users').countDocuments({ login: staff.login })).toBe(2);
  });
});
