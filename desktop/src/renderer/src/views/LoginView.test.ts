import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { ApiError } from '../api';
import { ME, api, platform, resetApiMock } from '../test/api-mock';
import { mountAt } from '../test/mount-at';
import LoginView from './LoginView.vue';

vi.mock('../api', async (original) => ({ ...(await original<object>()), ...(await import('../test/api-mock')).apiModule }));

async function setUp() {
  resetApiMock();
  setActivePinia(createPinia());
  const { wrapper, router } = await mountAt([
      { path: '/entrar', name: 'login', component: LoginView },
      { path: '/fila/:view', name: 'queue', component: { template: '<p>fila</p>' } },
    ], '/entrar?voltar=/fila/mine');
  return { wrapper, router };
}

beforeEach(() => {
  document.body.innerHTML = '';
});

describe('the login screen', () => {
  it('asks for both fields before calling the server', async () => {
    const { wrapper } = await setUp();
    await wrapper.find('form').trigger('submit');
    expect(wrapper.text()).toContain('Informe a identificação.');
    expect(wrapper.text()).toContain('Informe a senha.');
    expect(wrapper.find('#login').attributes('aria-invalid')).toBe('true');
    expect(api.login).not.toHaveBeenCalled();
    wrapper.unmount();
  });

  it("shows the server's message when the credentials are wrong", async () => {
    const { wrapper } = await setUp();
    api.login.mockRejectedValue(new ApiError('bad_credentials', 'Identificação ou senha incorretas.'));
    await wrapper.find('#login').setValue('bruno');
    await wrapper.find('#password').setValue('errada');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[role="alert"]').text()).toBe('Identificação ou senha incorretas.');
    expect((wrapper.find('#password').element as HTMLInputElement).value).toBe('');
    wrapper.unmount();
  });

  it('signs in and goes back where the attendant was going', async () => {
    const { wrapper, router } = await setUp();
    api.login.mockResolvedValue({ user: ME });
    await wrapper.find('#login').setValue(' bruno ');
    await wrapper.find('#password').setValue('Senha-Boa-2026');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(api.login).toHaveBeenCalledWith({ login: 'bruno', password: 'Senha-Boa-2026' });
    expect(api.setBearer).toHaveBeenLastCalledWith(expect.any(Function));
    expect(router.currentRoute.value.fullPath).toBe('/fila/mine');
    wrapper.unmount();
  });

  it('lets the app (not the web page) change its server', async () => {
    const web = await setUp();
    expect(web.wrapper.findAll('button').some((b) => b.text() === 'Alterar')).toBe(false);
    web.wrapper.unmount();

    resetApiMock();
    platform.kind = 'electron';
    setActivePinia(createPinia());
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: LoginView }] });
    await router.push('/');
    const app = mount({ template: '<RouterView />' }, { global: { plugins: [router] }, attachTo: document.body });
    await app.findAll('button').find((b) => b.text() === 'Alterar')!.trigger('click');
    await app.find('#server-url').setValue('https://atendimento.causp.gov.br');
    await app.find('.server-form').trigger('submit');
    expect(platform.setServerUrl).toHaveBeenCalledWith('https://atendimento.causp.gov.br');
    app.unmount();
  });

  describe('with two-step verification', () => {
    async function toSecondStep() {
      const setup = await setUp();
      api.login.mockRejectedValueOnce(new ApiError('mfa_required', 'Informe o código de 6 dígitos do seu aplicativo autenticador (ou um código de recuperação).'));
      await setup.wrapper.find('#login').setValue('bruno');
      await setup.wrapper.find('#password').setValue('Senha-Boa-2026');
      await setup.wrapper.find('form').trigger('submit');
      await flushPromises();
      return setup;
    }

    it('asks for the code in a second step when the server answers mfa_required', async () => {
      const { wrapper, router } = await toSecondStep();
      expect(wrapper.find('[data-testid="mfa-step"]').exists()).toBe(true);
      expect(wrapper.find('#password').exists()).toBe(false);
      expect(wrapper.find('[role="alert"]').exists()).toBe(false); // a step, not an error
      expect(document.activeElement?.id).toBe('mfa-code');
      expect(wrapper.find('label[for="mfa-code"]').text()).toBe('Código de verificação');
      expect(wrapper.find('#mfa-code').attributes('autocomplete')).toBe('one-time-code');

      api.login.mockResolvedValue({ user: ME });
      await wrapper.find('#mfa-code').setValue('123 456');
      await wrapper.find('form').trigger('submit');
      await flushPromises();
      expect(api.login).toHaveBeenLastCalledWith({ login: 'bruno', password: 'Senha-Boa-2026', code: '123456' });
      expect(router.currentRoute.value.fullPath).toBe('/fila/mine');
      wrapper.unmount();
    });

    it('checks the code before sending it', async () => {
      const { wrapper } = await toSecondStep();
      await wrapper.find('#mfa-code').setValue('12ab');
      await wrapper.find('form').trigger('submit');
      expect(api.login).toHaveBeenCalledTimes(1);
      expect(wrapper.text()).toContain('Digite os 6 dígitos que o aplicativo autenticador mostra agora.');
      expect(wrapper.find('#mfa-code').attributes('aria-invalid')).toBe('true');
      wrapper.unmount();
    });

    it('says clearly when the code is wrong or already used, and lets the person try again', async () => {
      const { wrapper } = await toSecondStep();
      api.login.mockRejectedValueOnce(new ApiError('mfa_invalid', 'Código de verificação inválido ou já usado. Confira o relógio do seu celular e tente o código seguinte.'));
      await wrapper.find('#mfa-code').setValue('000000');
      await wrapper.find('form').trigger('submit');
      await flushPromises();
      expect(wrapper.find('[role="alert"]').text()).toMatch(/^Código de verificação inválido ou já usado/);
      expect(wrapper.find('#mfa-code').attributes('aria-invalid')).toBe('true');
      expect(wrapper.find('#mfa-code').attributes('aria-describedby')).toContain('mfa-code-error');
      expect((wrapper.find('#mfa-code').element as HTMLInputElement).value).toBe('');
      expect(wrapper.find('[data-testid="mfa-step"]').exists()).toBe(true);
      wrapper.unmount();
    });

    it('shows too_many_attempts on the second step', async () => {
      const { wrapper } = await toSecondStep();
      api.login.mockRejectedValueOnce(new ApiError('too_many_attempts', 'Muitas tentativas. Aguarde 15 minutos e tente novamente.'));
      await wrapper.find('#mfa-code').setValue('000000');
      await wrapper.find('form').trigger('submit');
      await flushPromises();
      expect(wrapper.find('[role="alert"]').text()).toBe('Muitas tentativas. Aguarde 15 minutos e tente novamente.');
      expect(wrapper.find('[data-testid="mfa-step"]').exists()).toBe(true);
      wrapper.unmount();
    });

    it('takes a recovery code instead, and goes back to the password', async () => {
      const { wrapper } = await toSecondStep();
      await wrapper.findAll('button').find((b) => b.text() === 'Usar um código de recuperação')!.trigger('click');
      expect(wrapper.find('label[for="mfa-code"]').text()).toBe('Código de recuperação');
      api.login.mockRejectedValueOnce(new ApiError('mfa_invalid', 'Código inválido.'));
      await wrapper.find('#mfa-code').setValue('abcd-2345');
      await wrapper.find('form').trigger('submit');
      await flushPromises();
      expect(api.login).toHaveBeenLastCalledWith({ login: 'bruno', password: 'Senha-Boa-2026', code: 'ABCD-2345' });

      await wrapper.findAll('button').find((b) => b.text() === 'Voltar')!.trigger('click');
      expect(wrapper.find('[data-testid="mfa-step"]').exists()).toBe(false);
      expect((wrapper.find('#password').element as HTMLInputElement).value).toBe('');
      expect((wrapper.find('#login').element as HTMLInputElement).value).toBe('bruno');
      wrapper.unmount();
    });
  });
});
