import { flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditEntry } from '../api';
import { ApiError } from '../api';
import { mountAt } from '../test/mount-at';
import { api, resetApiMock } from '../test/api-mock';
import { auditQuery } from '../stores/audit.store';
import AdminAuditView from './AdminAuditView.vue';

vi.mock('../api', async (original) => ({ ...(await original<object>()), ...(await import('../test/api-mock')).apiModule }));

const BRUNO = 'b'.repeat(24);
const PRO = 'c'.repeat(24);
let n = 0;
function entry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  n++;
  return {
    id: n.toString(16).padStart(24, '0'),
    at: '2026-03-02T15:04:00.000Z',
    actor: { id: BRUNO, role: 'attendant', name: 'Bruno Atendente' },
    action: 'ticket_viewed',
    subject: { userId: PRO, protocol: '2026-000042' },
    ip: '10.0.0.7',
    ...overrides,
  };
}

async function setUp(path = '/admin/auditoria') {
  setActivePinia(createPinia());
  api.staff.list.mockResolvedValue([
    { id: BRUNO, name: 'Bruno Atendente', login: 'bruno', email: 'b@causp.test', role: 'attendant', disabled: false, createdAt: '2026-01-01T00:00:00.000Z' },
  ]);
  const { wrapper, router } = await mountAt([{ path: '/admin/auditoria', name: 'admin-audit', component: AdminAuditView }], path);
  return { wrapper, router };
}

beforeEach(() => {
  resetApiMock();
  document.body.innerHTML = '';
});

describe('the audit trail', () => {
  it('lists who did what, in pt-BR, with the ticket and the address', async () => {
    api.audit.mockResolvedValue({ items: [entry(), entry({ action: 'cpf_revealed' }), entry({ action: 'staff_created', actor: { id: 'a'.repeat(24), role: 'admin', name: 'Administrador' }, subject: { userId: BRUNO, protocol: null } })], nextCursor: null });
    const { wrapper } = await setUp();
    expect(api.audit).toHaveBeenCalledWith({});
    const rows = wrapper.findAll('tbody tr[data-action]');
    expect(rows.map((r) => r.attributes('data-action'))).toEqual(['ticket_viewed', 'cpf_revealed', 'staff_created']);
    expect(rows[0]!.text()).toContain('Abriu um chamado');
    expect(rows[0]!.text()).toContain('Chamado 2026-000042');
    expect(rows[0]!.text()).toContain('Bruno Atendente');
    expect(rows[0]!.text()).toContain('Atendente');
    expect(rows[0]!.text()).toContain('10.0.0.7');
    expect(rows[1]!.text()).toContain('Revelou o CPF completo');
    // A staff subject by name; a professional by a short id only.
    expect(rows[2]!.text()).toContain('Criou uma conta da equipe');
    expect(rows[2]!.text()).toContain('Bruno Atendente');
    expect(rows[0]!.text()).toContain(`Profissional …${PRO.slice(-6)}`);
    wrapper.unmount();
  });

  it('filters by person, action and period, and loads more with the cursor', async () => {
    api.audit.mockResolvedValue({ items: [entry()], nextCursor: 'f'.repeat(24) });
    const { wrapper } = await setUp();
    expect(wrapper.find('#audit-actor').text()).toContain('Bruno Atendente (Atendente)');
    await wrapper.find('#audit-actor').setValue(BRUNO);
    await wrapper.find('#audit-action').setValue('cpf_revealed');
    await wrapper.find('#audit-from').setValue('2026-03-01');
    await wrapper.find('#audit-to').setValue('2026-03-02');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(api.audit).toHaveBeenLastCalledWith({
      actorId: BRUNO, action: 'cpf_revealed', from: '2026-03-01T03:00:00.000Z', to: '2026-03-03T03:00:00.000Z',
    });

    api.audit.mockResolvedValueOnce({ items: [entry({ action: 'cpf_revealed' })], nextCursor: null });
    await wrapper.findAll('button').find((b) => b.text() === 'Carregar mais')!.trigger('click');
    await flushPromises();
    expect(api.audit).toHaveBeenLastCalledWith(expect.objectContaining({ cursor: 'f'.repeat(24), actorId: BRUNO }));
    expect(wrapper.findAll('tbody tr[data-action]')).toHaveLength(2);
    expect(wrapper.findAll('button').some((b) => b.text() === 'Carregar mais')).toBe(false);
    wrapper.unmount();
  });

  it("shows one professional's entries (from the privacy page), and all again", async () => {
    api.audit.mockResolvedValue({ items: [entry()], nextCursor: null });
    const { wrapper, router } = await setUp(`/admin/auditoria?titular=${PRO}`);
    expect(api.audit).toHaveBeenLastCalledWith({ subjectUserId: PRO });
    expect(wrapper.text()).toContain(`Mostrando só os registros sobre o profissional …${PRO.slice(-6)}`);
    await wrapper.findAll('button').find((b) => b.text() === 'Ver todos')!.trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.query.titular).toBeUndefined();
    expect(api.audit).toHaveBeenLastCalledWith({});
    wrapper.unmount();
  });

  it("shows the server's refusal", async () => {
    api.audit.mockRejectedValue(new ApiError('forbidden', 'Você não tem permissão para esta ação.'));
    const { wrapper } = await setUp();
    expect(wrapper.find('[role="alert"]').text()).toBe('Você não tem permissão para esta ação.');
    wrapper.unmount();
  });
});

describe('the audit query', () => {
  it('turns São Paulo days into instants, the last day included', () => {
    expect(auditQuery({ actorId: '', action: '', subjectUserId: '', from: '2026-12-31', to: '2026-12-31' })).toEqual({
      from: '2026-12-31T03:00:00.000Z', to: '2027-01-01T03:00:00.000Z',
    });
  });
});
