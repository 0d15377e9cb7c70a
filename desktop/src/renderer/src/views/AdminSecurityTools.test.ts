// The admin area's security tools outside the audit and privacy pages: the security settings (on
// the settings page), resetting an attendant's two-step verification, and the failed e-mails.
import { flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, type FailedMail, type Staff } from '../api';
import { ME, SECURITY, api, resetApiMock } from '../test/api-mock';
import { mountAt as mountRoutes } from '../test/mount-at';
import { useSessionStore } from '../stores/session.store';
import AdminMailView from './AdminMailView.vue';
import AdminSettingsView from './AdminSettingsView.vue';
import AdminStaffView from './AdminStaffView.vue';

vi.mock('../api', async (original) => ({ ...(await original<object>()), ...(await import('../test/api-mock')).apiModule }));

const DEADLINES = { pending: 'P5D', approval: 'P5D', mode: 'calendar' as const, holidays: { fixed: ['01-01'], dates: [], easterBased: true } };

async function mountAt(component: object) {
  setActivePinia(createPinia());
  const session = useSessionStore();
  session.user = { ...ME, role: 'admin' };
  session.status = 'authenticated';
  const { wrapper } = await mountRoutes([{ path: '/', component }], '/');
  return wrapper;
}

beforeEach(() => {
  resetApiMock();
  document.body.innerHTML = '';
  api.deadlineSettings.get.mockResolvedValue(DEADLINES);
  api.securitySettings.get.mockResolvedValue(SECURITY);
});

describe('security settings', () => {
  it('shows the limits, staff two-step verification, the ticket cap and the privacy notice, and saves them', async () => {
    const wrapper = await mountAt(AdminSettingsView);
    const form = wrapper.find('[data-testid="security-settings"]');
    expect((form.find('#sec-staff-idle').element as HTMLInputElement).value).toBe('30');
    expect(form.find('#sec-staff-idle-hint').text()).toBe('30 minutos');
    expect(form.find('#sec-pro-abs-hint').text()).toBe('30 dias');
    expect((form.find('#sec-max-open').element as HTMLInputElement).value).toBe('10');
    expect((form.find('#sec-dpo-email').element as HTMLInputElement).value).toBe('dpo@causp.gov.br');

    await form.find('#sec-staff-idle').setValue('45');
    await form.find('input[name="staff-mfa-required"]').setValue(true);
    expect(form.text()).toContain('Isso vale para você também');
    await form.find('#sec-dpo-name').setValue('Maria Encarregada');
    api.securitySettings.update.mockImplementation(async (input) => input);
    await wrapper.find('[data-testid="settings-form"]').trigger('submit');
    await flushPromises();
    expect(api.securitySettings.update).toHaveBeenCalledWith({
      ...SECURITY, staffIdleMinutes: 45, staffMfaRequired: true, privacy: { ...SECURITY.privacy, dpoName: 'Maria Encarregada' },
    });
    expect(wrapper.text()).toContain('Configurações de segurança salvas.');
    expect(api.deadlineSettings.update).not.toHaveBeenCalled();
    wrapper.unmount();
  });

  it("puts the server's field errors on their fields", async () => {
    const wrapper = await mountAt(AdminSettingsView);
    api.securitySettings.update.mockRejectedValue(new ApiError('invalid_input', 'No máximo 72 horas.', { staffAbsoluteHours: 'No máximo 72 horas.', 'privacy.dpoEmail': 'E-mail do encarregado inválido.' }));
    await wrapper.find('#sec-staff-abs').setValue('100');
    await wrapper.find('[data-testid="settings-form"]').trigger('submit');
    await flushPromises();
    expect(wrapper.find('#sec-staff-abs').attributes('aria-invalid')).toBe('true');
    expect(wrapper.find('#sec-staff-abs-hint').text()).toBe('No máximo 72 horas.');
    expect(wrapper.find('#sec-dpo-email').attributes('aria-invalid')).toBe('true');
    expect(wrapper.find('#sec-dpo-email-error').text()).toBe('E-mail do encarregado inválido.');
    wrapper.unmount();
  });
});

describe('deadline settings', () => {
  it('are a number and a unit, stored as ISO-8601, and keep a value nobody touched as it was', async () => {
    api.deadlineSettings.get.mockResolvedValue({ ...DEADLINES, approval: 'PT30S' });
    const wrapper = await mountAt(AdminSettingsView);
    expect((wrapper.find('#deadline-pending').element as HTMLInputElement).value).toBe('5');
    expect((wrapper.find('#deadline-pending-unit').element as HTMLSelectElement).value).toBe('days');
    expect(wrapper.text()).not.toMatch(/ISO|P5D/);
    await wrapper.find('#deadline-pending').setValue('12');
    await wrapper.find('#deadline-pending-unit').setValue('hours');
    api.deadlineSettings.update.mockImplementation(async (input) => input);
    await wrapper.find('[data-testid="settings-form"]').trigger('submit');
    await flushPromises();
    expect(api.deadlineSettings.update).toHaveBeenCalledWith({ ...DEADLINES, pending: 'PT12H', approval: 'PT30S' });
    expect(api.securitySettings.update).not.toHaveBeenCalled();
    expect(wrapper.text()).toContain('Prazos salvos.');
    wrapper.unmount();
  });

  it('refuses a number that is not a whole 1 to 999 and sends nothing', async () => {
    const wrapper = await mountAt(AdminSettingsView);
    await wrapper.find('#deadline-approval').setValue('0');
    await wrapper.find('[data-testid="settings-form"]').trigger('submit');
    await flushPromises();
    expect(wrapper.find('#deadline-approval').attributes('aria-invalid')).toBe('true');
    expect(wrapper.find('#deadline-approval-hint').text()).toBe('Informe um número inteiro de 1 a 999.');
    expect(api.deadlineSettings.update).not.toHaveBeenCalled();
    wrapper.unmount();
  });

  it('has one Save for the whole page: a refused section keeps its edits and the other section is saved', async () => {
    const wrapper = await mountAt(AdminSettingsView);
    expect(wrapper.findAll('button[type="submit"]').map((b) => b.text())).toEqual(['Salvar configurações']);
    await wrapper.find('#deadline-pending').setValue('3');
    await wrapper.find('#sec-dpo-name').setValue('Maria Encarregada');
    api.deadlineSettings.update.mockImplementation(async (input) => input);
    api.securitySettings.update.mockRejectedValue(new ApiError('invalid_input', 'Dados inválidos.', { 'privacy.dpoName': 'Nome inválido.' }));
    await wrapper.find('[data-testid="settings-form"]').trigger('submit');
    await flushPromises();
    expect(api.deadlineSettings.update).toHaveBeenCalledWith({ ...DEADLINES, pending: 'P3D' });
    expect(wrapper.text()).toContain('Prazos salvos.');
    expect((wrapper.find('#sec-dpo-name').element as HTMLInputElement).value).toBe('Maria Encarregada');
    expect((wrapper.find('#deadline-pending').element as HTMLInputElement).value).toBe('3');
    expect(wrapper.find('#sec-dpo-name-error').text()).toBe('Nome inválido.');
    wrapper.unmount();
  });
});

describe("resetting an attendant's two-step verification", () => {
  const carla: Staff = { id: 'd'.repeat(24), name: 'Carla Atendente', login: 'carla', email: 'carla@causp.test', role: 'attendant', disabled: false, createdAt: '2026-01-01T00:00:00.000Z' };

  it('asks first, then resets, and is not offered on the own account', async () => {
    api.staff.list.mockResolvedValue([carla, { ...carla, id: ME.id, name: 'Eu Mesmo', login: 'eu' }]);
    const wrapper = await mountAt(AdminStaffView);
    const buttons = wrapper.findAll('button').filter((b) => b.text().startsWith('Redefinir verificação em duas etapas de'));
    expect(buttons).toHaveLength(1);
    expect(buttons[0]!.text()).toBe('Redefinir verificação em duas etapas de Carla Atendente');
    await buttons[0]!.trigger('click');
    await flushPromises();
    const dialog = wrapper.findAll('dialog').find((d) => d.text().includes('Redefinir a verificação em duas etapas?'))!;
    expect(dialog.attributes('open')).toBeDefined();
    expect(dialog.text()).toContain('Carla Atendente');
    expect(api.staff.resetMfa).not.toHaveBeenCalled();
    api.staff.resetMfa.mockResolvedValue({});
    await dialog.find('form').trigger('submit');
    await flushPromises();
    expect(api.staff.resetMfa).toHaveBeenCalledWith(carla.id);
    expect(wrapper.text()).toContain('Verificação em duas etapas de Carla Atendente redefinida.');
    wrapper.unmount();
  });
});

describe('failed e-mails', () => {
  const failed: FailedMail = {
    id: 'e'.repeat(24), source: 'user', template: 'welcome', to: 'ana@exemplo.com.br', name: 'Ana Lúcia', protocol: null,
    lastError: '550 5.1.1 Mailbox unavailable', attempts: 8, createdAt: '2026-03-02T12:00:00.000Z',
  } as FailedMail;

  it('lists them with the last error and puts one back in line', async () => {
    api.failedMail.list.mockResolvedValue([failed, { ...failed, id: 'f'.repeat(24), template: 'info_requested', protocol: '2026-000042' }]);
    const wrapper = await mountAt(AdminMailView);
    const rows = wrapper.findAll('tr[data-mail]');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.text()).toContain('Boas-vindas');
    expect(rows[0]!.text()).toContain('550 5.1.1 Mailbox unavailable');
    expect(rows[1]!.text()).toContain('Pedido de informação');
    expect(rows[1]!.text()).toContain('2026-000042');
    api.failedMail.retry.mockResolvedValue({ id: failed.id, status: 'pending' });
    await rows[0]!.find('button').trigger('click');
    await flushPromises();
    expect(api.failedMail.retry).toHaveBeenCalledWith(failed.id);
    expect(wrapper.find(`tr[data-mail="${failed.id}"]`).text()).toContain('Na fila de envio');
    wrapper.unmount();
  });

  it('says when there are none', async () => {
    api.failedMail.list.mockResolvedValue([]);
    const wrapper = await mountAt(AdminMailView);
    expect(wrapper.text()).toContain('Nenhum e-mail com falha.');
    wrapper.unmount();
  });
});
