import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api';
import { ME, api, platform, resetApiMock } from '../test/api-mock';
import { useSessionStore } from './session.store';

vi.mock('../api', async (original) => ({ ...(await original<object>()), ...(await import('../test/api-mock')).apiModule }));

beforeEach(() => {
  resetApiMock();
  platform.settings.mockResolvedValue({ serverUrl: 'http://desk.test', apiBase: 'http://desk.test' });
  platform.restoreSession.mockResolvedValue('none');
  setActivePinia(createPinia());
});

const TOKEN = 'tok_0123456789abcdef';

describe('the session', () => {
  it('starts signed out when nothing was saved, with the API pointed at the server', async () => {
    const session = useSessionStore();
    await session.init();
    expect(api.configure).toHaveBeenCalledWith('http://desk.test');
    expect(session.status).toBe('anonymous');
    expect(session.serverUrl).toBe('http://desk.test');
  });

  it('resumes a saved session after checking it with the server', async () => {
    platform.restoreSession.mockResolvedValue('saved');
    api.me.mockResolvedValue(ME);
    const session = useSessionStore();
    await session.init();
    await session.init(); // once only
    expect(api.me).toHaveBeenCalledTimes(1);
    // Every call asks the platform for its bearer (main's short-lived access token, in Electron).
    const bearer = api.setBearer.mock.calls.at(-1)![0] as () => Promise<string | null>;
    platform.accessToken.mockResolvedValueOnce('at_short_lived');
    await expect(bearer()).resolves.toBe('at_short_lived');
    expect(session.user).toEqual(ME);
    expect(session.hasRole(['attendant', 'admin'])).toBe(true);
    expect(session.hasRole(['admin'])).toBe(false);
  });

  it('forgets a saved session the server refuses, or one of a professional', async () => {
    platform.restoreSession.mockResolvedValue('saved');
    api.me.mockResolvedValueOnce({ ...ME, role: 'professional' });
    const session = useSessionStore();
    await session.init();
    expect(session.status).toBe('anonymous');
    expect(platform.clearToken).toHaveBeenCalled();
  });

  it('keeps the saved session when the server is just unreachable', async () => {
    platform.restoreSession.mockResolvedValue('saved');
    api.me.mockRejectedValueOnce(new ApiError('network', 'sem rede'));
    const session = useSessionStore();
    await session.init();
    expect(session.status).toBe('anonymous');
    expect(session.notice).toMatch(/Não foi possível falar com o servidor/);
    expect(platform.clearToken).not.toHaveBeenCalled();
    api.me.mockResolvedValueOnce(ME);
    await session.retry();
    expect(session.status).toBe('authenticated');
  });

  it('keeps the saved session when main could not reach the server to check it', async () => {
    platform.restoreSession.mockResolvedValue('unreachable');
    const session = useSessionStore();
    await session.init();
    expect(session.status).toBe('anonymous');
    expect(session.canRetry).toBe(true);
    expect(api.me).not.toHaveBeenCalled();
    expect(platform.clearToken).not.toHaveBeenCalled();
  });

  it('signs in through the api (which leaves the token with the platform) and takes bearers from the platform', async () => {
    api.login.mockResolvedValue({ user: ME });
    const session = useSessionStore();
    await session.init();
    await session.login({ login: 'bruno', password: 'x' });
    expect(api.setBearer).toHaveBeenLastCalledWith(expect.any(Function));
    expect(session.status).toBe('authenticated');
    expect(JSON.stringify(localStorage)).not.toContain(TOKEN);
  });

  it('turns a professional away at login and closes the session it opened', async () => {
    api.login.mockResolvedValue({ user: { ...ME, role: 'professional' } });
    const session = useSessionStore();
    await expect(session.login({ login: 'ana', password: 'x' })).rejects.toThrow(/Portal de Atendimento/);
    expect(api.logout).toHaveBeenCalled();
    expect(platform.clearToken).toHaveBeenCalled();
    expect(api.setBearer).toHaveBeenLastCalledWith(null);
    expect(session.status).not.toBe('authenticated');
  });

  it('ends the session when the server says it expired', async () => {
    api.login.mockResolvedValue({ user: ME });
    const session = useSessionStore();
    await session.init();
    await session.login({ login: 'bruno', password: 'x' });
    const onExpired = api.setUnauthenticatedHandler.mock.calls[0]![0] as () => void;
    onExpired();
    await vi.waitFor(() => expect(session.status).toBe('anonymous'));
    expect(session.notice).toBe('Sua sessão terminou. Entre novamente.');
    expect(platform.clearToken).toHaveBeenCalled();
  });

  it('signs out even when the server cannot be reached', async () => {
    api.login.mockResolvedValue({ user: ME });
    api.logout.mockRejectedValue(new ApiError('network', 'sem rede'));
    const session = useSessionStore();
    await session.login({ login: 'bruno', password: 'x' });
    await session.logout();
    expect(session.user).toBeNull();
    expect(platform.clearToken).toHaveBeenCalled();
  });

  it('passes the second step (code) with the credentials, and lets mfa_required through to the screen', async () => {
    const session = useSessionStore();
    await session.init();
    api.login.mockRejectedValueOnce(new ApiError('mfa_required', 'Informe o código.'));
    await expect(session.login({ login: 'bruno', password: 'x' })).rejects.toMatchObject({ reason: 'mfa_required' });
    expect(session.status).toBe('anonymous');
    api.login.mockResolvedValue({ user: ME });
    await session.login({ login: 'bruno', password: 'x', code: '123456' });
    expect(api.login).toHaveBeenLastCalledWith({ login: 'bruno', password: 'x', code: '123456' });
    expect(session.status).toBe('authenticated');
  });

  it('knows at sign-in that this staff member must still enrol in two-step verification', async () => {
    api.login.mockResolvedValue({ user: ME });
    api.account.mfa.status.mockResolvedValue({ enabled: false, required: true, recoveryCodesLeft: 0 });
    const session = useSessionStore();
    await session.init();
    await session.login({ login: 'bruno', password: 'x' });
    expect(session.mfaEnrolmentRequired).toBe(true);
    session.enrolled();
    expect(session.mfaEnrolmentRequired).toBe(false);
  });

  it('also when a saved session is resumed, and not when the account is enrolled', async () => {
    platform.restoreSession.mockResolvedValue('saved');
    api.me.mockResolvedValue(ME);
    api.account.mfa.status.mockResolvedValue({ enabled: false, required: true, recoveryCodesLeft: 0 });
    await useSessionStore().init();
    expect(useSessionStore().mfaEnrolmentRequired).toBe(true);

    setActivePinia(createPinia());
    api.account.mfa.status.mockResolvedValue({ enabled: true, required: true, recoveryCodesLeft: 9 });
    await useSessionStore().init();
    expect(useSessionStore().mfaEnrolmentRequired).toBe(false);
  });

  it('learns mid-session that enrolment became required (an admin switched it on), and forgets it on sign-out', async () => {
    api.login.mockResolvedValue({ user: ME });
    const session = useSessionStore();
    await session.init();
    await session.login({ login: 'bruno', password: 'x' });
    expect(session.mfaEnrolmentRequired).toBe(false);
    const onRequired = api.setEnrolmentRequiredHandler.mock.calls[0]![0] as () => void;
    onRequired();
    expect(session.mfaEnrolmentRequired).toBe(true);
    await session.logout();
    expect(session.mfaEnrolmentRequired).toBe(false);
  });
});
