// Reset links (SPEC §11, issue 14 item 3): a successful reset or password change voids every other
// outstanding link of the account; auth.checkResetToken says whether a link still works; a
// "senha alterada" e-mail reaches the owner through the outbox and a real SMTP server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp } from '../support/fixtures';
import { expectReason, startTestServer, type TestServer } from '../support/harness';
import { startSmtp, type TestSmtp } from '../support/smtp';

let smtp: TestSmtp;
let server: TestServer;
beforeAll(async () => {
  smtp = await startSmtp();
  server = await startTestServer({ SMTP_URL: smtp.url, JOBS_EVERY: '1 second', MAIL_RETRY_BASE: 'PT1S' });
});
afterAll(async () => {
  await server?.close();
  await smtp?.stop();
});

const LINK = /http:\/\/portal\.test\/atendimento#atendimento\/redefinir-senha\/([A-Za-z0-9_-]+)/;

/** Asks for a reset link and reads its token from the mail that arrives. */
async function resetToken(email: string, login: string): Promise<string> {
  const before = smtp.received.filter((m) => m.envelope.rcptTo.includes(email)).length;
  await server.client().auth.requestPasswordReset.mutate({ loginOrEmail: login });
  const mail = await smtp.waitFor((m) => m.envelope.rcptTo.includes(email) && /Redefinição de senha/.test(m.parsed.subject ?? '')
    && smtp.received.filter((r) => r.envelope.rcptTo.includes(email)).indexOf(m) >= before, 15_000);
  return LINK.exec(mail.parsed.text ?? '')![1]!;
}

const changedMail = (email: string) =>
  smtp.waitFor((m) => m.envelope.rcptTo.includes(email) && m.parsed.subject === '[CAU/SP] Sua senha do Portal de Atendimento foi alterada', 15_000);

describe('reset links', () => {
  it('a reset voids every other outstanding link; checkResetToken tells spent from live; the owner is told by e-mail', async () => {
    const pro = await signUp(server);
    const older = await resetToken(pro.email, pro.login);
    const newer = await resetToken(pro.email, pro.login);
    const anonymous = server.client();
    expect(await anonymous.auth.checkResetToken.mutate({ resetToken: older })).toEqual({ valid: true });
    expect(await anonymous.auth.checkResetToken.mutate({ resetToken: newer })).toEqual({ valid: true });
    expect(await anonymous.auth.checkResetToken.mutate({ resetToken: 'x'.repeat(43) })).toEqual({ valid: false });

    await anonymous.auth.resetPassword.mutate({ resetToken: newer, password: 'Nova-Senha-Segura-1' });
    expect(await anonymous.auth.checkResetToken.mutate({ resetToken: newer })).toEqual({ valid: false });
    expect(await anonymous.auth.checkResetToken.mutate({ resetToken: older })).toEqual({ valid: false });
    // The stale link is refused and changes nothing.
    await expectReason(anonymous.auth.resetPassword.mutate({ resetToken: older, password: 'Outra-Senha-Segura-2' }), 'reset_invalid', 400);
    expect((await anonymous.auth.login.mutate({ login: pro.login, password: 'Nova-Senha-Segura-1' })).user.id).toBe(pro.user.id);

    const mail = await changedMail(pro.email);
    expect(mail.parsed.text).toContain('foi alterada em');
    expect(mail.parsed.text).toContain('http://portal.test/atendimento#atendimento/esqueci-minha-senha');
  });

  it('a password change in the account voids the outstanding links too, and sends the notice', async () => {
    const pro = await signUp(server);
    const pending = await resetToken(pro.email, pro.login);
    await pro.api.account.changePassword.mutate({ currentPassword: pro.password, newPassword: 'Trocada-Pela-Dona-3' });
    expect(await server.client().auth.checkResetToken.mutate({ resetToken: pending })).toEqual({ valid: false });
    await expectReason(server.client().auth.resetPassword.mutate({ resetToken: pending, password: 'Do-Invasor-Senha-4' }), 'reset_invalid', 400);
    await changedMail(pro.email);
    // A fresh link after the change works.
    const fresh = await resetToken(pro.email, pro.login);
    expect(await server.client().auth.checkResetToken.mutate({ resetToken: fresh })).toEqual({ valid: true });
  });

  it('checkResetToken refuses a malformed token with a pt-BR message', async () => {
    const error = await expectReason(server.client().auth.checkResetToken.mutate({ resetToken: '' }), 'invalid_input', 400);
    expect(error.message).toBe('Link inválido.');
  });
});
