import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api';
import { ME, api, platform, resetApiMock } from '../test/api-mock';
import { useAccountStore } from './account.store';
import { useSessionStore } from './session.store';

vi.mock('../api', async (original) => ({ ...(await original<object>()), ...(await import('../test/api-mock')).apiModule }));

const TOKEN = 'tok_0123456789abcdef';
const ENROLMENT = { secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', otpauthUrl: 'otpauth://totp/x', qrSvg: '<svg></svg>' };
const CODES = Array.from({ length: 10 }, (_, i) => `AB${i}D-EFGH`);

async function signedIn() {
  api.login.mockResolvedValue({ token: TOKEN, user: ME });
  const session = useSessionStore();
  await session.init();
  await session.login({ login: 'bruno', password: 'x' });
  return session;
}

beforeEach(() => {
  resetApiMock();
  setActivePinia(createPinia());
});

describe('two-step verification of my account', () => {
  it('enrols: a secret to add, a first code, then the recovery codes, once', async () => {
    const session = await signedIn();
    session.mfaEnrolmentRequired = true;
    const account = useAccountStore();
    api.account.mfa.begin.mockResolvedValue(ENROLMENT);
    await account.beginEnrolment();
    expect(api.account.mfa.begin).toHaveBeenCalledWith(undefined);
    expect(account.enrolment).toEqual(ENROLMENT);

    api.account.mfa.confirm.mockResolvedValue({ recoveryCodes: CODES });
    api.account.mfa.status.mockResolvedValue({ enabled: true, required: true, recoveryCodesLeft: 10 });
    await account.confirmEnrolment('123456');
    expect(api.account.mfa.confirm).toHaveBeenCalledWith('123456');
    expect(account.enrolment).toBeNull();
    expect(account.recoveryCodes).toEqual(CODES);
    expect(account.mfa).toEqual({ enabled: true, required: true, recoveryCodesLeft: 10 });
    expect(session.mfaEnrolmentRequired).toBe(false); // the desk opens up
    account.forgetRecoveryCodes();
    expect(account.recoveryCodes).toBeNull();
  });

  it('keeps the enrolment open when the code is wrong, with the reason for the form', async () => {
    const account = useAccountStore();
    api.account.mfa.begin.mockResolvedValue(ENROLMENT);
    await account.beginEnrolment();
    api.account.mfa.confirm.mockRejectedValue(new ApiError('mfa_invalid', 'Código inválido.', { code: 'Código inválido.' }));
    await expect(account.confirmEnrolment('000000')).rejects.toMatchObject({ reason: 'mfa_invalid' });
    expect(account.enrolment).toEqual(ENROLMENT);
    expect(account.recoveryCodes).toBeNull();
  });

  it('replaces an active factor with a current code, and disables with one', async () => {
    const account = useAccountStore();
    api.account.mfa.begin.mockResolvedValue(ENROLMENT);
    await account.beginEnrolment('ABCD-EFGH');
    expect(api.account.mfa.begin).toHaveBeenCalledWith('ABCD-EFGH');
    await account.disableMfa('654321');
    expect(api.account.mfa.disable).toHaveBeenCalledWith('654321');
    expect(api.account.mfa.status).toHaveBeenCalled();
  });

  it('forgets secrets and codes when reset (the page is left)', async () => {
    const account = useAccountStore();
    account.enrolment = ENROLMENT;
    account.recoveryCodes = CODES;
    account.$reset();
    expect(account.enrolment).toBeNull();
    expect(account.recoveryCodes).toBeNull();
  });
});

describe('sessions and password', () => {
  const sessions = [
    { id: 'a'.repeat(24), createdAt: '2026-03-02T12:00:00.000Z', lastSeenAt: '2026-03-02T12:10:00.000Z', expiresAt: '2026-03-03T00:00:00.000Z', ip: '10.0.0.1', userAgent: 'Chrome', current: true },
    { id: 'b'.repeat(24), createdAt: '2026-03-01T12:00:00.000Z', lastSeenAt: '2026-03-01T12:10:00.000Z', expiresAt: '2026-03-02T00:00:00.000Z', ip: '10.0.0.2', userAgent: 'Firefox', current: false },
  ];

  it('lists the sessions and ends another one', async () => {
    const account = useAccountStore();
    api.account.sessions.mockResolvedValue(sessions);
    await account.loadSessions();
    expect(account.sessions).toHaveLength(2);
    api.account.revokeSession.mockResolvedValue({});
    await account.revokeSession('b'.repeat(24));
    expect(api.account.revokeSession).toHaveBeenCalledWith('b'.repeat(24));
    expect(account.sessions.map((s) => s.id)).toEqual(['a'.repeat(24)]);
  });

  it('after "sair de todos os dispositivos", is signed out with a notice', async () => {
    const session = await signedIn();
    const account = useAccountStore();
    api.account.logoutEverywhere.mockResolvedValue({ ended: 2 });
    await account.logoutEverywhere();
    expect(session.status).toBe('anonymous');
    expect(session.notice).toBe('Você saiu de todos os dispositivos. Entre novamente.');
    expect(platform.clearToken).toHaveBeenCalled();
  });

  it('changes the password and carries on with the new session', async () => {
    await signedIn();
    const account = useAccountStore();
    api.account.changePassword.mockResolvedValue({});
    api.account.sessions.mockResolvedValue([sessions[0]]);
    await account.changePassword({ currentPassword: 'velha', newPassword: 'Uma-Senha-Nova-2026' });
    expect(api.account.changePassword).toHaveBeenCalledWith({ currentPassword: 'velha', newPassword: 'Uma-Senha-Nova-2026' });
    // The new session's token stays with the platform: the desk keeps its bearer source and stays in.
    expect(api.setBearer).not.toHaveBeenLastCalledWith(null);
    expect(platform.clearToken).not.toHaveBeenCalled();
    expect(account.sessions).toHaveLength(1);
  });
});
