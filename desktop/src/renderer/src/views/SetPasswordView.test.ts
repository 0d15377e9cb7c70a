import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { ApiError } from '../api';
import { ME, api, resetApiMock } from '../test/api-mock';
import App from '../App.vue';
import { useSessionStore } from '../stores/session.store';

vi.mock('../api', async (original) => ({ ...(await original<object>()), ...(await import('../test/api-mock')).apiModule }));

async function setUp(mustChangePassword: boolean) {
  resetApiMock();
  setActivePinia(createPinia());
  const session = useSessionStore();
  session.user = mustChangePassword ? { ...ME, mustChangePassword: true } : ME;
  session.status = 'authenticated';
  api.account.sessions.mockResolvedValue([]);
  api.account.mfa.status.mockResolvedValue({ enabled: false, required: false, recoveryCodesLeft: 0 });
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/fila/:view', name: 'queue', component: { template: '<p data-testid="desk">fila</p>' } },
      { path: '/login', name: 'login', component: { template: '<p data-testid="login">login</p>' } },
    ],
  });
  await router.push('/fila/todo');
  const wrapper = mount(App, { global: { plugins: [router] }, attachTo: document.body });
  await flushPromises();
  const fill = async (current: string, next: string, repeat = next) => {
    await wrapper.find('#current-password').setValue(current);
    await wrapper.find('#new-password').setValue(next);
    await wrapper.find('#repeat-password').setValue(repeat);
    await wrapper.find('form.password-form').trigger('submit');
    await flushPromises();
  };
  return { wrapper, session, fill };
}

beforeEach(() => {
  document.body.innerHTML = '';
});

describe('"Defina uma nova senha" (a password an admin set)', () => {
  it('shows only the password screen, not the desk, and opens the desk once the new password is in place', async () => {
    const { wrapper, session, fill } = await setUp(true);
    expect(wrapper.find('h1').text()).toBe('Defina uma nova senha');
    expect(wrapper.find('[data-testid="password-change-required"]').text()).toMatch(/definida por um administrador/);
    expect(wrapper.find('[data-testid="desk"]').exists()).toBe(false);
    expect(document.activeElement?.id).toBe('current-password');

    api.account.changePassword.mockResolvedValue({});
    await fill('Senha-Do-Admin-1', 'Minha-Propria-Senha-8');
    expect(api.account.changePassword).toHaveBeenCalledWith({ currentPassword: 'Senha-Do-Admin-1', newPassword: 'Minha-Propria-Senha-8' });
    expect(session.passwordChangeRequired).toBe(false);
    expect(session.user).not.toHaveProperty('mustChangePassword');
    // Whether enrolment is due too is asked again now that the server answers it.
    expect(api.account.mfa.status).toHaveBeenCalled();
    expect(wrapper.find('[data-testid="desk"]').exists()).toBe(true);
    expect(wrapper.find('h1').exists()).toBe(false);
  });

  it('keeps the screen and shows the pt-BR reason when the server refuses the new password', async () => {
    const { wrapper, session, fill } = await setUp(true);
    api.account.changePassword.mockRejectedValue(
      new ApiError('weak_password', 'Escolha uma senha diferente da que o administrador definiu.', { newPassword: 'Escolha uma senha diferente da que o administrador definiu.' }),
    );
    await fill('Senha-Do-Admin-1', 'Senha-Do-Admin-1');
    expect(wrapper.find('[role="alert"]').text()).toMatch(/diferente da que o administrador definiu/);
    expect(session.passwordChangeRequired).toBe(true);
    expect(wrapper.find('[data-testid="desk"]').exists()).toBe(false);
  });

  it('checks the form before calling the server: two different new passwords are not sent', async () => {
    const { wrapper, fill } = await setUp(true);
    await fill('Senha-Do-Admin-1', 'Minha-Propria-Senha-8', 'Outra-Coisa-Qualquer-9');
    expect(api.account.changePassword).not.toHaveBeenCalled();
    expect(wrapper.find('#repeat-password-error').text()).toBe('As duas senhas não são iguais.');
  });

  it('"Sair" signs out from the screen', async () => {
    const { wrapper, session } = await setUp(true);
    await wrapper.findAll('button').find((b) => b.text() === 'Sair')!.trigger('click');
    await flushPromises();
    expect(api.logout).toHaveBeenCalled();
    expect(session.status).toBe('anonymous');
  });

  it('an account whose password is its own goes straight to the desk', async () => {
    const { wrapper } = await setUp(false);
    expect(wrapper.find('[data-testid="desk"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="password-change-required"]').exists()).toBe(false);
  });
});
