import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, type FailedMail } from '../api';
import { api, resetApiMock } from '../test/api-mock';
import AdminMailView from './AdminMailView.vue';

vi.mock('../api', async (original) => ({ ...(await original<object>()), ...(await import('../test/api-mock')).apiModule }));

const PRO = 'c'.repeat(24);
const row = (over: Partial<FailedMail>): FailedMail => ({
  id: 'e'.repeat(24), source: 'ticket', professionalId: PRO, template: 'ticket_created', to: 'ana@exemplo.com.br', name: 'Ana Lúcia Conceição',
  protocol: '2026-000001', lastError: 'EENVELOPE: 550 5.1.1 Mailbox does not exist', attempts: 1, createdAt: '2026-03-02T12:00:00.000Z', ...over,
});

async function setUp(rows: FailedMail[]) {
  resetApiMock();
  setActivePinia(createPinia());
  // jsdom has no <dialog> methods: the modal shell only calls them when present.
  api.failedMail.list.mockResolvedValue(rows);
  const wrapper = mount(AdminMailView, { attachTo: document.body });
  await flushPromises();
  const button = (text: string) => wrapper.findAll('button').filter((b) => b.text().startsWith(text));
  return { wrapper, button };
}

beforeEach(() => {
  document.body.innerHTML = '';
});

describe('"E-mails com falha": correcting a professional\'s address', () => {
  it('offers "Corrigir e-mail" only on mail to a professional; saving sends the new address and reads the list again', async () => {
    const staffRow = row({ id: 'f'.repeat(24), professionalId: null, to: 'equipe@causp.test', name: 'Equipe', source: 'user', template: 'password_changed' });
    const { wrapper, button } = await setUp([row({}), staffRow]);
    expect(button('Corrigir e-mail')).toHaveLength(1);
    expect(button('Corrigir e-mail')[0]!.text()).toContain('de Ana Lúcia Conceição');

    await button('Corrigir e-mail')[0]!.trigger('click');
    const input = wrapper.find<HTMLInputElement>('#fix-email');
    expect(input.element.value).toBe('ana@exemplo.com.br');
    expect(wrapper.find('dialog h2').text()).toBe('Corrigir e-mail');

    api.failedMail.correctEmail.mockResolvedValue({ email: 'ana.nova@exemplo.com.br', retried: 2 });
    api.failedMail.list.mockResolvedValue([staffRow]);
    await input.setValue('ana.nova@exemplo.com.br');
    await wrapper.find('form.dialog-body').trigger('submit');
    await flushPromises();
    expect(api.failedMail.correctEmail).toHaveBeenCalledWith(PRO, 'ana.nova@exemplo.com.br');
    expect(wrapper.find('[data-testid="email-corrected"]').text()).toBe('E-mail corrigido para ana.nova@exemplo.com.br. 2 e-mails voltaram para a fila de envio.');
    expect(api.failedMail.list).toHaveBeenCalledTimes(2);
    expect(wrapper.findAll('tbody tr')).toHaveLength(1);
    expect(button('Corrigir e-mail')).toHaveLength(0);
  });

  it('shows the server\'s pt-BR reason on the field and keeps the dialog when the address is refused', async () => {
    const { wrapper, button } = await setUp([row({})]);
    await button('Corrigir e-mail')[0]!.trigger('click');
    api.failedMail.correctEmail.mockRejectedValue(new ApiError('email_taken', 'Já existe um cadastro com este e-mail.', { email: 'Já existe um cadastro com este e-mail.' }));
    await wrapper.find('#fix-email').setValue('outro@exemplo.com.br');
    await wrapper.find('form.dialog-body').trigger('submit');
    await flushPromises();
    expect(wrapper.find('#fix-error').text()).toBe('Já existe um cadastro com este e-mail.');
    expect(wrapper.find('#fix-email').attributes('aria-invalid')).toBe('true');
    expect(wrapper.find('[data-testid="email-corrected"]').exists()).toBe(false);
    expect(api.failedMail.list).toHaveBeenCalledTimes(1);
  });

  it('an empty address is not sent', async () => {
    const { wrapper, button } = await setUp([row({})]);
    await button('Corrigir e-mail')[0]!.trigger('click');
    await wrapper.find('#fix-email').setValue('   ');
    await wrapper.find('form.dialog-body').trigger('submit');
    await flushPromises();
    expect(api.failedMail.correctEmail).not.toHaveBeenCalled();
    expect(wrapper.find('#fix-error').text()).toBe('Informe o e-mail.');
  });
});
