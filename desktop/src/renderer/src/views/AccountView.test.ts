import { flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api';
import { ME, api, platform, resetApiMock } from '../test/api-mock';
import { mountAt } from '../test/mount-at';
import { useSessionStore } from '../stores/session.store';
import AccountView from './AccountView.vue';

vi.mock('../api', async (original) => ({ ...(await original<object>()), ...(await import('../test/api-mock')).apiModule }));

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
/** What the server sends: SVG markup. Anything in it must never become part of the page. */
const QR_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 29 29"><script>window.pwned = true</script><path d="M0 0h7v7H0z"/></svg>';
const CODES = ['AAAA-BBBB', 'CCCC-DDDD', 'EEEE-FFFF', 'GGGG-HHHH', 'JJJJ-KKKK', 'LLLL-MMMM', 'NNNN-PPPP', 'QQQQ-RRRR', 'SSSS-TTTT', 'UUUU-VVVV'];
const SESSIONS = [
  { id: 'a'.repeat(24), createdAt: '2026-03-02T12:00:00.000Z', lastSeenAt: '2026-03-02T12:10:00.000Z', expiresAt: '2026-03-03T00:00:00.000Z', ip: '10.0.0.1', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36', current: true },
  { id: 'b'.repeat(24), createdAt: '2026-03-01T12:00:00.000Z', lastSeenAt: '2026-03-01T13:00:00.000Z', expiresAt: '2026-03-02T00:00:00.000Z', ip: '10.0.0.2', userAgent: 'Mozilla/5.0 (Windows NT 10.0) Firefox/128.0', current: false },
];

async function setUp(options: { required?: boolean; mfa?: { enabled: boolean; required: boolean; recoveryCodesLeft: number } } = {}) {
  resetApiMock();
  setActivePinia(createPinia());
  const session = useSessionStore();
  session.user = ME;
  session.status = 'authenticated';
  session.mfaEnrolmentRequired = options.required ?? false;
  api.account.mfa.status.mockResolvedValue(options.mfa ?? { enabled: false, required: false, recoveryCodesLeft: 0 });
  api.account.sessions.mockResolvedValue(SESSIONS);
  const { wrapper, router } = await mountAt([
      { path: '/conta', name: 'account', component: AccountView },
      { path: '/fila/:view', name: 'queue', component: { template: '<p>fila</p>' } },
    ], '/conta');
  const button = (text: string | RegExp) => {
    const found = wrapper.findAll('button').find((b) => (typeof text === 'string' ? b.text() === text : text.test(b.text())));
    if (!found) throw new Error(`no button ${text}`);
    return found;
  };
  return { wrapper, router, session, button };
}

beforeEach(() => {
  document.body.innerHTML = '';
  delete (window as unknown as Record<string, unknown>).pwned;
});

describe('"Minha conta": two-step verification', () => {
  it('enrols: the QR code as an image, never as markup; the key as text; a first code; the recovery codes once', async () => {
    const { wrapper, button } = await setUp();
    expect(wrapper.find('[data-testid="mfa-state"]').text()).toBe('Desativada');
    api.account.mfa.begin.mockResolvedValue({ secret: SECRET, otpauthUrl: `otpauth://totp/x?secret=${SECRET}`, qrSvg: QR_SVG });
    await button('Ativar verificação em duas etapas').trigger('click');
    await flushPromises();

    const img = wrapper.find('img.qr');
    expect(img.attributes('src')).toMatch(/^data:image\/svg\+xml;charset=utf-8,/);
    expect(img.attributes('alt')).toMatch(/QR code/);
    expect(wrapper.find('svg').exists()).toBe(false);
    expect(wrapper.find('script').exists()).toBe(false);
    expect((window as unknown as Record<string, unknown>).pwned).toBeUndefined();
    expect(wrapper.find('[data-testid="mfa-secret"]').text()).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
    expect(document.activeElement?.id).toBe('mfa-step-title');

    await wrapper.find('#mfa-confirm-code').setValue('12345');
    await wrapper.find('[data-testid="mfa-enrolment"]').trigger('submit');
    expect(api.account.mfa.confirm).not.toHaveBeenCalled();
    expect(wrapper.find('#mfa-confirm-code').attributes('aria-invalid')).toBe('true');

    api.account.mfa.confirm.mockResolvedValue({ recoveryCodes: CODES });
    api.account.mfa.status.mockResolvedValue({ enabled: true, required: false, recoveryCodesLeft: 10 });
    await wrapper.find('#mfa-confirm-code').setValue('123456');
    await wrapper.find('[data-testid="mfa-enrolment"]').trigger('submit');
    await flushPromises();
    expect(api.account.mfa.confirm).toHaveBeenCalledWith('123456');
    expect(wrapper.findAll('[data-testid="recovery-codes"] li').map((li) => li.text())).toEqual(CODES);
    expect(wrapper.find('[data-testid="mfa-state"]').text()).toBe('Ativada');

    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await button('Copiar códigos').trigger('click');
    await flushPromises();
    expect((writeText.mock.calls[0] as unknown as [string])[0]).toContain(CODES.join('\n'));
    expect(wrapper.text()).toContain('Códigos copiados.');

    const createObjectURL = vi.fn(() => 'blob:codes');
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }));
    const clicked: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    await button('Baixar arquivo .txt').trigger('click');
    expect(clicked).toEqual(['codigos-de-recuperacao-atendimento-causp.txt']);
    expect(createObjectURL).toHaveBeenCalled();
    click.mockRestore();
    vi.unstubAllGlobals();

    await button('Guardei os códigos').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="recovery-codes"]').exists()).toBe(false);
    expect(wrapper.text()).toContain('Restam 10 códigos de recuperação.');
    wrapper.unmount();
  });

  it("shows the server's refusal of a wrong first code on the field", async () => {
    const { wrapper, button } = await setUp();
    api.account.mfa.begin.mockResolvedValue({ secret: SECRET, otpauthUrl: 'otpauth://x', qrSvg: QR_SVG });
    await button('Ativar verificação em duas etapas').trigger('click');
    await flushPromises();
    api.account.mfa.confirm.mockRejectedValue(new ApiError('mfa_invalid', 'Código de verificação inválido ou já usado.', { code: 'Código inválido.' }));
    await wrapper.find('#mfa-confirm-code').setValue('000000');
    await wrapper.find('[data-testid="mfa-enrolment"]').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[role="alert"]').text()).toBe('Código de verificação inválido ou já usado.');
    expect(wrapper.find('#mfa-confirm-error').text()).toBe('Código inválido.');
    expect(document.activeElement?.id).toBe('mfa-confirm-code');
    wrapper.unmount();
  });

  it('explains why the desk is locked while enrolment is required, and opens the queue after it', async () => {
    const { wrapper, router, session, button } = await setUp({ required: true, mfa: { enabled: false, required: true, recoveryCodesLeft: 0 } });
    expect(wrapper.find('[data-testid="enrolment-required"]').text()).toMatch(/Ative a verificação em duas etapas para continuar/);
    expect(wrapper.text()).not.toContain('Sessões abertas'); // the server refuses the rest until then
    expect(wrapper.find('#current-password').exists()).toBe(false);
    expect(api.account.sessions).not.toHaveBeenCalled();

    api.account.mfa.begin.mockResolvedValue({ secret: SECRET, otpauthUrl: 'otpauth://x', qrSvg: QR_SVG });
    await button('Ativar verificação em duas etapas').trigger('click');
    await flushPromises();
    api.account.mfa.confirm.mockResolvedValue({ recoveryCodes: CODES });
    api.account.mfa.status.mockResolvedValue({ enabled: true, required: true, recoveryCodesLeft: 10 });
    await wrapper.find('#mfa-confirm-code').setValue('123456');
    await wrapper.find('[data-testid="mfa-enrolment"]').trigger('submit');
    await flushPromises();
    expect(session.mfaEnrolmentRequired).toBe(false);
    expect(api.account.sessions).toHaveBeenCalled(); // the rest of the page opens up
    await button(/Guardei os códigos — ir para a fila/).trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.fullPath).toBe('/fila/todo');
    wrapper.unmount();
  });

  it('disables with a current code when not required, and cannot when it is', async () => {
    const optional = await setUp({ mfa: { enabled: true, required: false, recoveryCodesLeft: 2 } });
    expect(optional.wrapper.find('[data-testid="recovery-left"]').text()).toMatch(/Restam 2 códigos de recuperação\.\s+Gere novos códigos/);
    await optional.button('Desativar').trigger('click');
    await flushPromises();
    expect(document.activeElement?.id).toBe('mfa-current-code');
    api.account.mfa.status.mockResolvedValue({ enabled: false, required: false, recoveryCodesLeft: 0 });
    await optional.wrapper.find('#mfa-current-code').setValue('abcd-efgh');
    await optional.wrapper.find('.inline-form').trigger('submit');
    await flushPromises();
    expect(api.account.mfa.disable).toHaveBeenCalledWith('ABCD-EFGH');
    expect(optional.wrapper.find('[data-testid="mfa-state"]').text()).toBe('Desativada');
    optional.wrapper.unmount();

    const required = await setUp({ mfa: { enabled: true, required: true, recoveryCodesLeft: 10 } });
    expect(required.wrapper.findAll('button').some((b) => b.text() === 'Desativar')).toBe(false);
    expect(required.wrapper.text()).toContain('obrigatória para a equipe do atendimento e não pode ser desativada');
    required.wrapper.unmount();
  });

  it('replaces the app only with a current code', async () => {
    const { wrapper, button } = await setUp({ mfa: { enabled: true, required: true, recoveryCodesLeft: 10 } });
    await button('Trocar de aplicativo ou gerar novos códigos').trigger('click');
    api.account.mfa.begin.mockRejectedValueOnce(new ApiError('mfa_required', 'Para trocar o aplicativo autenticador, informe um código atual (ou de recuperação).', { code: 'Informe o código atual.' }));
    await wrapper.find('#mfa-current-code').setValue('111111');
    await wrapper.find('.inline-form').trigger('submit');
    await flushPromises();
    expect(api.account.mfa.begin).toHaveBeenCalledWith('111111');
    expect(wrapper.find('#mfa-current-error').text()).toBe('Informe o código atual.');
    api.account.mfa.begin.mockResolvedValueOnce({ secret: SECRET, otpauthUrl: 'otpauth://x', qrSvg: QR_SVG });
    await wrapper.find('#mfa-current-code').setValue('222222');
    await wrapper.find('.inline-form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[data-testid="mfa-enrolment"]').exists()).toBe(true);
    wrapper.unmount();
  });

  it('forgets the secret when the page is left', async () => {
    const { wrapper, router, button } = await setUp();
    api.account.mfa.begin.mockResolvedValue({ secret: SECRET, otpauthUrl: 'otpauth://x', qrSvg: QR_SVG });
    await button('Ativar verificação em duas etapas').trigger('click');
    await flushPromises();
    await router.push('/fila/todo');
    await flushPromises();
    await router.push('/conta');
    await flushPromises();
    expect(wrapper.find('[data-testid="mfa-enrolment"]').exists()).toBe(false);
    wrapper.unmount();
  });
});

describe('"Minha conta": sessions and password', () => {
  it('lists the sessions, marks this one, and ends another', async () => {
    const { wrapper } = await setUp();
    const rows = wrapper.findAll('tbody tr');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.text()).toContain('Chrome no Linux');
    expect(rows[0]!.text()).toContain('Esta sessão');
    expect(rows[1]!.text()).toContain('Firefox no Windows');
    api.account.revokeSession.mockResolvedValue({});
    await rows[1]!.find('button').trigger('click');
    await flushPromises();
    expect(api.account.revokeSession).toHaveBeenCalledWith('b'.repeat(24));
    expect(wrapper.findAll('tbody tr')).toHaveLength(1);
    wrapper.unmount();
  });

  it('signs out everywhere after confirming', async () => {
    const { wrapper, session, button } = await setUp();
    await button('Sair de todos os dispositivos').trigger('click');
    await flushPromises();
    expect(api.account.logoutEverywhere).not.toHaveBeenCalled();
    const dialog = wrapper.find('dialog');
    expect(dialog.text()).toContain('inclusive esta');
    api.account.logoutEverywhere.mockResolvedValue({ ended: 2 });
    await dialog.find('form').trigger('submit');
    await flushPromises();
    expect(api.account.logoutEverywhere).toHaveBeenCalled();
    expect(session.status).toBe('anonymous');
    expect(platform.clearToken).toHaveBeenCalled();
    wrapper.unmount();
  });

  it('checks the new password twice, then changes it and keeps this desk signed in', async () => {
    const { wrapper, session } = await setUp();
    await wrapper.find('#current-password').setValue('Senha-Velha-2025');
    await wrapper.find('#new-password').setValue('Senha-Nova-2026');
    await wrapper.find('#repeat-password').setValue('Senha-Nova-2027');
    await wrapper.find('.password-form').trigger('submit');
    expect(wrapper.find('#repeat-password-error').text()).toBe('As duas senhas não são iguais.');
    expect(api.account.changePassword).not.toHaveBeenCalled();

    await wrapper.find('#new-password').setValue('12345678');
    await wrapper.find('#repeat-password').setValue('12345678');
    await wrapper.find('.password-form').trigger('submit');
    expect(wrapper.find('#new-password-error').text()).toMatch(/muito comum/);

    api.account.changePassword.mockResolvedValueOnce(Promise.reject(new ApiError('bad_credentials', 'A senha atual está incorreta.', { currentPassword: 'A senha atual está incorreta.' })));
    await wrapper.find('#new-password').setValue('Senha-Nova-2026');
    await wrapper.find('#repeat-password').setValue('Senha-Nova-2026');
    await wrapper.find('.password-form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('#current-password-error').text()).toBe('A senha atual está incorreta.');
    expect(document.activeElement?.id).toBe('current-password');

    api.account.changePassword.mockResolvedValueOnce({});
    await wrapper.find('#current-password').setValue('Senha-Velha-2025');
    await wrapper.find('.password-form').trigger('submit');
    await flushPromises();
    expect(api.account.changePassword).toHaveBeenLastCalledWith({ currentPassword: 'Senha-Velha-2025', newPassword: 'Senha-Nova-2026' });
    expect(wrapper.text()).toContain('Senha alterada.');
    expect(session.status).toBe('authenticated');
    expect((wrapper.find('#new-password').element as HTMLInputElement).value).toBe('');
    wrapper.unmount();
  });
});
