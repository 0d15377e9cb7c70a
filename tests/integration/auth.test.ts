// Accounts over real HTTP (SPEC §2.1–2.3, §5): the two-step signup and its refusals, signup races,
// login and its throttling (per login and per address), me/logout, and the password reset link.
import { PASSWORD_PROBLEM_MESSAGES, REASON_MESSAGES, formatCpf } from '@cau/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectionCounts, newCpf, newPerson, outboxOf, signUp } from '../support/fixtures';
import { expectReason, failure, startTestServer, type TestServer } from '../support/harness';

const LOGIN_RULE = 'A identificação deve ter de 3 a 32 caracteres: letras minúsculas, números, ponto, _ ou -.';

/** A valid CPF whose last check digit is wrong. */
function withBadCheckDigit(cpf: string): string {
  return `${cpf.slice(0, 10)}${(Number(cpf[10]) + 1) % 10}`;
}

/** 'ok' for a call that succeeded, else the reason it was refused with. */
function outcome(call: Promise<unknown>): Promise<string> {
  return failure(call).then((error) => String(error.data?.reason), () => 'ok');
}

/** The reset token carried by the newest reset e-mail in the user's outbox. */
async function resetTokenOf(server: TestServer, login: string): Promise<string> {
  const mails = (await outboxOf(server, login)).filter((m) => m.template === 'password_reset');
  const link = String(mails.at(-1)?.data.link ?? '');
  const match = /^http:\/\/portal\.test\/atendimento#atendimento\/redefinir-senha\/([A-Za-z0-9_-]+)$/.exec(link);
  if (!match) throw new Error(`no reset link in the outbox of ${login}: ${link}`);
  return match[1]!;
}

// Every failed login below counts against 127.0.0.1's per-address limit (50 per 15 minutes) on this
// server, so the main server's tests keep their failures few; the per-address limit has its own server.
describe('on one server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  const users = () => server.db.collection('users');

  describe('two-step signup', () => {
    it('checkSignup checks name, CPF and e-mail but stores nothing', async () => {
      const person = newPerson();
      const before = await collectionCounts(server);
      const { signupToken } = await server.client().auth.checkSignup.mutate({ name: person.name, cpf: person.cpf, email: person.email });
      expect(signupToken).toEqual(expect.any(String));
      expect(await collectionCounts(server)).toEqual(before);
      expect(await users().countDocuments({ $or: [{ email: person.email }, { cpf: person.cpf.replace(/\D/g, '') }] })).toBe(0);
    });

    it('signup creates the account and returns a session with the CPF formatted for its owner', async () => {
      const person = newPerson();
      const anonymous = server.client();
      const { signupToken } = await anonymous.auth.checkSignup.mutate({ name: person.name, cpf: person.cpf, email: person.email });
      const usersBefore = await users().countDocuments();
      const session = await anonymous.auth.signup.mutate({ signupToken, login: person.login, password: person.password });

      expect(session.token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
      expect(session.user).toEqual({
        id: expect.any(String), role: 'professional', name: person.name, login: person.login, email: person.email, cpf: person.cpf,
      });
      expect(await users().countDocuments()).toBe(usersBefore + 1);
      const stored = await users().findOne({ login: person.login });
      expect(stored).toMatchObject({ role: 'professional', name: person.name, email: person.email, cpf: person.cpf.replace(/\D/g, '') });
      expect(stored!.passwordHash).toMatch(/^\$argon2id\$/);
      expect(JSON.stringify(session)).not.toContain(person.password);
    });

    it('accepts the CPF with and without punctuation and stores its 11 digits', async () => {
      const digits = newCpf();
      const punctuated = signUp(server, { ...newPerson(), cpf: formatCpf(digits) });
      const bare = newCpf();
      const plain = signUp(server, { ...newPerson(), cpf: bare });
      const [a, b] = await Promise.all([punctuated, plain]);
      expect(a.user.cpf).toBe(formatCpf(digits));
      expect(b.user.cpf).toBe(formatCpf(bare));
      expect((await users().findOne({ login: a.login }))!.cpf).toBe(digits);
      expect((await users().findOne({ login: b.login }))!.cpf).toBe(bare);
    });

    it('puts a welcome e-mail in the new user’s outbox', async () => {
      const pro = await signUp(server);
      const outbox = await outboxOf(server, pro.login);
      expect(outbox).toHaveLength(1);
      expect(outbox[0]).toMatchObject({ template: 'welcome', to: { name: pro.name, address: pro.email }, data: { login: pro.login } });
    });
  });

  describe('signup refusals', () => {
    it('refuses a CPF with wrong check digits or one repeated digit (cpf_invalid)', async () => {
      const person = newPerson();
      for (const cpf of [withBadCheckDigit(newCpf()), formatCpf(withBadCheckDigit(newCpf())), '111.111.111-11', '00000000000']) {
        const error = await expectReason(server.client().auth.checkSignup.mutate({ name: person.name, cpf, email: person.email }), 'cpf_invalid', 400);
        expect(error.message).toBe(REASON_MESSAGES.cpf_invalid);
      }
    });

    it('refuses a taken CPF or e-mail at step 1, whatever their formatting or case', async () => {
      const taken = await signUp(server);
      const other = newPerson();
      await expectReason(
        server.client().auth.checkSignup.mutate({ name: other.name, cpf: taken.cpf.replace(/\D/g, ''), email: other.email }),
        'cpf_taken', 409,
      );
      const error = await expectReason(
        server.client().auth.checkSignup.mutate({ name: other.name, cpf: other.cpf, email: taken.email.toUpperCase() }),
        'email_taken', 409,
      );
      expect(error.message).toBe(REASON_MESSAGES.email_taken);
    });

    it('refuses at step 2 a CPF that someone else signed up with in between', async () => {
      const late = newPerson();
      const { signupToken } = await server.client().auth.checkSignup.mutate({ name: late.name, cpf: late.cpf, email: late.email });
      await signUp(server, { ...newPerson(), cpf: late.cpf });

      await expectReason(server.client().auth.signup.mutate({ signupToken, login: late.login, password: late.password }), 'cpf_taken', 409);
      expect(await users().countDocuments({ cpf: late.cpf.replace(/\D/g, '') })).toBe(1);
      expect(await users().countDocuments({ login: late.login })).toBe(0);
    });

    it('refuses at step 2 an e-mail that someone else signed up with in between', async () => {
      const late = newPerson();
      const { signupToken } = await server.client().auth.checkSignup.mutate({ name: late.name, cpf: late.cpf, email: late.email });
      await signUp(server, { ...newPerson(), email: late.email });

      await expectReason(server.client().auth.signup.mutate({ signupToken, login: late.login, password: late.password }), 'email_taken', 409);
      expect(await users().countDocuments({ email: late.email })).toBe(1);
    });

    it('names the field that clashed, not a word that happens to be in the clashing value', async () => {
      // The duplicate-key message quotes the value; an e-mail that contains "cpf" is still an e-mail clash.
      const late = { ...newPerson(), email: `cpf.${Date.now()}@exemplo.com.br` };
      const { signupToken } = await server.client().auth.checkSignup.mutate({ name: late.name, cpf: late.cpf, email: late.email });
      await signUp(server, { ...newPerson(), email: late.email });

      await expectReason(server.client().auth.signup.mutate({ signupToken, login: late.login, password: late.password }), 'email_taken', 409);
    });

    it('refuses a login that is taken, case-insensitively (login_taken)', async () => {
      await signUp(server, { ...newPerson(), login: 'Ana.Silva' });
      expect(await users().countDocuments({ login: 'ana.silva' })).toBe(1);

      const other = newPerson();
      const { signupToken } = await server.client().auth.checkSignup.mutate({ name: other.name, cpf: other.cpf, email: other.email });
      const error = await expectReason(server.client().auth.signup.mutate({ signupToken, login: 'ana.silva', password: other.password }), 'login_taken', 409);
      expect(error.message).toBe(REASON_MESSAGES.login_taken);
      await expectReason(server.client().auth.signup.mutate({ signupToken, login: 'ANA.SILVA', password: other.password }), 'login_taken', 409);
      expect(await users().countDocuments({ email: other.email })).toBe(0);
    });

    it('refuses each kind of weak password with its own message (weak_password), storing nothing', async () => {
      const person = { ...newPerson(), login: `joao.${Date.now() % 1e6}` };
      const digits = person.cpf.replace(/\D/g, '');
      const { signupToken } = await server.client().auth.checkSignup.mutate({ name: person.name, cpf: person.cpf, email: person.email });
      const cases: Array<[string, keyof typeof PASSWORD_PROBLEM_MESSAGES]> = [
        ['Curta1!', 'length'],
        [person.login, 'same_as_login'],
        [person.login.toUpperCase(), 'same_as_login'],
        [digits, 'same_as_cpf'],
        [person.cpf, 'same_as_cpf'],
        ['senha123', 'common'],
        ['12345678', 'common'],
      ];
      for (const [password, problem] of cases) {
        const error = await expectReason(server.client().auth.signup.mutate({ signupToken, login: person.login, password }), 'weak_password', 400);
        expect(error.message, password).toBe(PASSWORD_PROBLEM_MESSAGES[problem]);
      }
      expect(await users().countDocuments({ email: person.email })).toBe(0);

      // The same step-1 token still works once the password is acceptable.
      const session = await server.client().auth.signup.mutate({ signupToken, login: person.login, password: person.password });
      expect(session.user.login).toBe(person.login);
    });

    it('refuses a tampered or garbage signup token (signup_expired)', async () => {
      const person = newPerson();
      const { signupToken } = await server.client().auth.checkSignup.mutate({ name: person.name, cpf: person.cpf, email: person.email });
      const [body, mac] = signupToken.split('.');
      const claims = JSON.parse(Buffer.from(body!, 'base64url').toString('utf8'));
      const forgedBody = Buffer.from(JSON.stringify({ ...claims, cpf: newCpf() })).toString('base64url');
      const flippedMac = `${mac!.slice(0, -2)}${mac!.endsWith('AA') ? 'BB' : 'AA'}`;

      for (const token of [`${forgedBody}.${mac}`, `${body}.${flippedMac}`, 'lixo', 'a.b.c', `${body}`]) {
        const error = await expectReason(server.client().auth.signup.mutate({ signupToken: token, login: person.login, password: person.password }), 'signup_expired', 400);
        expect(error.message).toBe(REASON_MESSAGES.signup_expired);
      }
      expect(await users().countDocuments({ login: person.login })).toBe(0);
    });

    it('refuses a login outside 3–32 characters of a-z 0-9 . _ - (invalid_input, in pt-BR)', async () => {
      const person = newPerson();
      const { signupToken } = await server.client().auth.checkSignup.mutate({ name: person.name, cpf: person.cpf, email: person.email });
      for (const login of ['ab', 'ana silva', 'ana@silva', 'joão', 'a'.repeat(33), '<script>']) {
        const error = await expectReason(server.client().auth.signup.mutate({ signupToken, login, password: person.password }), 'invalid_input', 400);
        expect(error.message, login).toBe(LOGIN_RULE);
      }
      expect(await users().countDocuments({ email: person.email })).toBe(0);
    });
  });

  describe('simultaneous signups', () => {
    it('lets exactly one of two signups with the same CPF succeed; the other gets cpf_taken', async () => {
      for (let round = 0; round < 3; round++) {
        const cpf = formatCpf(newCpf());
        const [a, b] = [{ ...newPerson(), cpf }, { ...newPerson(), cpf }];
        const tokens = await Promise.all([a, b].map((p) => server.client().auth.checkSignup.mutate({ name: p.name, cpf, email: p.email })));
        const outcomes = await Promise.all([a, b].map((p, i) =>
          outcome(server.client().auth.signup.mutate({ signupToken: tokens[i]!.signupToken, login: p.login, password: p.password }))));

        expect(outcomes.sort()).toEqual(['cpf_taken', 'ok']);
        expect(await users().countDocuments({ cpf: cpf.replace(/\D/g, '') })).toBe(1);
      }
    });

    it('lets exactly one of two signups with the same login succeed; the other gets login_taken', async () => {
      for (let round = 0; round < 3; round++) {
        const login = `disputado.${round}.${Date.now() % 1e6}`;
        const [a, b] = [newPerson(), newPerson()];
        const tokens = await Promise.all([a, b].map((p) => server.client().auth.checkSignup.mutate({ name: p.name, cpf: p.cpf, email: p.email })));
        const outcomes = await Promise.all([a, b].map((p, i) =>
          outcome(server.client().auth.signup.mutate({ signupToken: tokens[i]!.signupToken, login, password: p.password }))));

        expect(outcomes.sort()).toEqual(['login_taken', 'ok']);
        expect(await users().countDocuments({ login })).toBe(1);
      }
    });
  });

  describe('login', () => {
    it('logs in with login and password and returns a working session', async () => {
      const pro = await signUp(server);
      const session = await server.client().auth.login.mutate({ login: pro.login, password: pro.password });
      expect(session.user).toEqual(pro.user);
      expect(session.token).not.toBe(pro.token);
      const { session: idle, ...me } = await server.client(session.token).auth.me.query();
      expect(me).toEqual(pro.user);
      expect(idle).toMatchObject({ idleMs: 24 * 3_600_000 });
    });

    it('answers an unknown login and a wrong password with the same message', async () => {
      const pro = await signUp(server);
      const unknown = await expectReason(server.client().auth.login.mutate({ login: 'ninguem.aqui', password: pro.password }), 'bad_credentials', 401);
      const wrong = await expectReason(server.client().auth.login.mutate({ login: pro.login, password: 'Senha-Errada-99' }), 'bad_credentials', 401);
      expect(unknown.message).toBe(REASON_MESSAGES.bad_credentials);
      expect(wrong.message).toBe(unknown.message);
      expect(wrong.data).toEqual(unknown.data);
    });

    it('is case-insensitive about the login', async () => {
      const pro = await signUp(server);
      const session = await server.client().auth.login.mutate({ login: ` ${pro.login.toUpperCase()} `, password: pro.password });
      expect(session.user.id).toBe(pro.user.id);
    });

    it('refuses the sixth attempt after five failures, even with the right password (too_many_attempts)', async () => {
      const pro = await signUp(server);
      for (let i = 0; i < 5; i++) {
        await expectReason(server.client().auth.login.mutate({ login: pro.login, password: `Errada-${i}-xyz` }), 'bad_credentials', 401);
      }
      const error = await expectReason(
        server.client().auth.login.mutate({ login: pro.login.toUpperCase(), password: pro.password }),
        'too_many_attempts', 429,
      );
      const retryAfter = (error.data as { retryAfter?: number }).retryAfter;
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
      expect(error.message).toMatch(/^Muitas tentativas de acesso\. Aguarde \d+ minutos? e tente novamente\.$/);

      // The limit is on that login: someone else on the same address still gets in.
      const other = await signUp(server);
      await expect(server.client().auth.login.mutate({ login: other.login, password: other.password })).resolves.toHaveProperty('token');
    });

    it('forgets earlier failures after a successful login', async () => {
      const pro = await signUp(server);
      for (let round = 0; round < 2; round++) {
        for (let i = 0; i < 4; i++) {
          await expectReason(server.client().auth.login.mutate({ login: pro.login, password: `Errada-${i}-xyz` }), 'bad_credentials');
        }
        await expect(server.client().auth.login.mutate({ login: pro.login, password: pro.password })).resolves.toHaveProperty('token');
      }
    });
  });

  describe('me and logout', () => {
    it('me returns the session’s user, without secrets', async () => {
      const pro = await signUp(server);
      const me = await pro.api.auth.me.query();
      expect(me).toEqual({
        id: pro.user.id, role: 'professional', name: pro.name, login: pro.login, email: pro.email, cpf: pro.cpf,
        session: { idleMs: 24 * 3_600_000, idleExpiresAt: expect.any(String) },
      });
      expect(JSON.stringify(me)).not.toMatch(/passwordHash|argon2|outbox/);
    });

    it('logout ends that session only', async () => {
      const pro = await signUp(server);
      const second = await server.client().auth.login.mutate({ login: pro.login, password: pro.password });
      expect(await pro.api.auth.logout.mutate()).toEqual({});

      const error = await expectReason(pro.api.auth.me.query(), 'unauthenticated', 401);
      expect(error.message).toBe(REASON_MESSAGES.unauthenticated);
      await expectReason(pro.api.auth.logout.mutate(), 'unauthenticated', 401);
      expect((await server.client(second.token).auth.me.query()).id).toBe(pro.user.id);
    });

    it('refuses a garbage or malformed bearer (unauthenticated)', async () => {
      await expectReason(server.client('garbage-token-0123456789').auth.me.query(), 'unauthenticated', 401);
      await expectReason(server.client(undefined, { authorization: 'Bearer ' }).auth.me.query(), 'unauthenticated', 401);
      await expectReason(server.client(undefined, { authorization: 'Basic YWRtaW46YWRtaW4=' }).auth.me.query(), 'unauthenticated', 401);
      await expectReason(server.client().auth.me.query(), 'unauthenticated', 401);
    });
  });

  describe('password reset', () => {
    const resets = () => server.db.collection('passwordresets');

    it('answers {} whether or not the login or e-mail exists, and mails a link only to a real account', async () => {
      const pro = await signUp(server);
      const before = await collectionCounts(server);
      expect(await server.client().auth.requestPasswordReset.mutate({ loginOrEmail: 'ninguem.aqui' })).toEqual({});
      expect(await server.client().auth.requestPasswordReset.mutate({ loginOrEmail: 'ninguem@exemplo.com.br' })).toEqual({});
      expect(await collectionCounts(server)).toEqual(before);

      expect(await server.client().auth.requestPasswordReset.mutate({ loginOrEmail: pro.login })).toEqual({});
      expect(await server.client().auth.requestPasswordReset.mutate({ loginOrEmail: pro.email.toUpperCase() })).toEqual({});
      const mails = (await outboxOf(server, pro.login)).filter((m) => m.template === 'password_reset');
      expect(mails).toHaveLength(2);
      expect(mails[0]!.to).toEqual({ name: pro.name, address: pro.email });
      expect(await resets().countDocuments({ userId: (await users().findOne({ login: pro.login }))!._id })).toBe(2);
    });

    it('resets the password with the link’s token, once, and ends every earlier session', async () => {
      const pro = await signUp(server);
      const other = await server.client().auth.login.mutate({ login: pro.login, password: pro.password });
      await server.client().auth.requestPasswordReset.mutate({ loginOrEmail: pro.login });
      const resetToken = await resetTokenOf(server, pro.login);
      const newPassword = 'Nova-Senha-Segura-7';

      expect(await server.client().auth.resetPassword.mutate({ resetToken, password: newPassword })).toEqual({});

      await expectReason(server.client().auth.login.mutate({ login: pro.login, password: pro.password }), 'bad_credentials', 401);
      const session = await server.client().auth.login.mutate({ login: pro.login, password: newPassword });
      expect(session.user.id).toBe(pro.user.id);
      await expectReason(pro.api.auth.me.query(), 'unauthenticated', 401);
      await expectReason(server.client(other.token).auth.me.query(), 'unauthenticated', 401);

      const again = await expectReason(server.client().auth.resetPassword.mutate({ resetToken, password: 'Outra-Senha-Segura-8' }), 'reset_invalid', 400);
      expect(again.message).toBe(REASON_MESSAGES.reset_invalid);
      await expect(server.client().auth.login.mutate({ login: pro.login, password: newPassword })).resolves.toHaveProperty('token');
    });

    it('refuses a weak new password and leaves the token usable', async () => {
      const pro = await signUp(server);
      await server.client().auth.requestPasswordReset.mutate({ loginOrEmail: pro.email });
      const resetToken = await resetTokenOf(server, pro.login);

      for (const [password, problem] of [['senha123', 'common'], [pro.login, 'same_as_login'], [pro.cpf, 'same_as_cpf'], ['curta', 'length']] as const) {
        const error = await expectReason(server.client().auth.resetPassword.mutate({ resetToken, password }), 'weak_password', 400);
        expect(error.message).toBe(PASSWORD_PROBLEM_MESSAGES[problem]);
      }
      // The old password still works: nothing was changed.
      expect((await server.client().auth.login.mutate({ login: pro.login, password: pro.password })).user.id).toBe(pro.user.id);

      expect(await server.client().auth.resetPassword.mutate({ resetToken, password: 'Forte-o-Bastante-42' })).toEqual({});
      await expect(server.client().auth.login.mutate({ login: pro.login, password: 'Forte-o-Bastante-42' })).resolves.toHaveProperty('token');
    });

    it('refuses an expired or unknown token (reset_invalid)', async () => {
      const pro = await signUp(server);
      await server.client().auth.requestPasswordReset.mutate({ loginOrEmail: pro.login });
      const resetToken = await resetTokenOf(server, pro.login);
      const userId = (await users().findOne({ login: pro.login }))!._id;
      const expired = await resets().updateMany({ userId }, { $set: { expiresAt: new Date(Date.now() - 60_000) } });
      expect(expired.modifiedCount).toBe(1);

      await expectReason(server.client().auth.resetPassword.mutate({ resetToken, password: 'Nova-Senha-Segura-7' }), 'reset_invalid', 400);
      await expectReason(server.client().auth.resetPassword.mutate({ resetToken: 'x'.repeat(43), password: 'Nova-Senha-Segura-7' }), 'reset_invalid', 400);
      await expect(server.client().auth.login.mutate({ login: pro.login, password: pro.password })).resolves.toHaveProperty('token');
    });
  });
});

describe('per-address login throttling (behind a trusted proxy)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ TRUST_PROXY: 'true' });
  });
  afterAll(() => server?.close());

  const from = (address: string) => server.client(undefined, { 'x-forwarded-for': address });

  it('refuses an address after 50 failures across different logins, and only that address', async () => {
    const pro = await signUp(server);
    const attacker = from('203.0.113.7');
    for (let i = 0; i < 50; i++) {
      await expectReason(attacker.auth.login.mutate({ login: `tentativa.${i}`, password: 'Chute-Qualquer-1' }), 'bad_credentials', 401);
    }

    const error = await expectReason(attacker.auth.login.mutate({ login: pro.login, password: pro.password }), 'too_many_attempts', 429);
    expect((error.data as { retryAfter?: number }).retryAfter).toBeGreaterThan(0);
    expect((await from('198.51.100.9').auth.login.mutate({ login: pro.login, password: pro.password })).user.id).toBe(pro.user.id);
  });

  it('keys the limit on the address the proxy saw, not on entries the client prepended', async () => {
    // 203.0.113.7 is over its limit (previous test); a client cannot dodge that by sending its own header.
    const pro = await signUp(server);
    const spoofed = from('192.0.2.55, 203.0.113.7');
    await expectReason(spoofed.auth.login.mutate({ login: pro.login, password: pro.password }), 'too_many_attempts', 429);
  });
});
