import { flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, type ProfessionalMatch } from '../api';
import { mountAt } from '../test/mount-at';
import { api, resetApiMock } from '../test/api-mock';
import AdminPrivacyView from './AdminPrivacyView.vue';

vi.mock('../api', async (original) => ({ ...(await original<object>()), ...(await import('../test/api-mock')).apiModule }));
const workspace = vi.hoisted(() => ({ professionalData: vi.fn() }));
vi.mock('../api/workspace', () => ({ workspaceApi: workspace }));

const HELENA: ProfessionalMatch = {
  id: 'c'.repeat(24), name: 'Helena Quintino Prado', email: 'helena@exemplo.com.br', login: 'helena', cpf: '***.456.789-**', disabled: false, createdAt: '2026-01-10T12:00:00.000Z',
  openTickets: 3,
};

async function setUp() {
  resetApiMock();
  setActivePinia(createPinia());
  const { wrapper, router } = await mountAt([
      { path: '/admin/privacidade', name: 'admin-privacy', component: AdminPrivacyView },
      { path: '/admin/auditoria', name: 'admin-audit', component: { template: '<p>auditoria</p>' } },
    ], '/admin/privacidade');
  const search = async (text: string) => {
    await wrapper.find('#privacy-query').setValue(text);
    await wrapper.find('form[role="search"]').trigger('submit');
    await flushPromises();
  };
  return { wrapper, router, search };
}

beforeEach(() => {
  document.body.innerHTML = '';
});

describe('the privacy page', () => {
  it('finds professionals by name, with the CPF masked, and links to who accessed their data', async () => {
    const { wrapper, search } = await setUp();
    await search('a');
    expect(api.professionals.search).not.toHaveBeenCalled();
    expect(wrapper.find('#privacy-query-error').text()).toBe('Digite ao menos 2 caracteres.');

    api.professionals.search.mockResolvedValue([HELENA]);
    await search(' Quintino ');
    expect(api.professionals.search).toHaveBeenCalledWith('Quintino');
    const row = wrapper.find(`tr[data-professional="${HELENA.id}"]`);
    expect(row.text()).toContain('Helena Quintino Prado');
    expect(row.text()).toContain('***.456.789-**');
    expect(wrapper.text()).toContain('1 profissional encontrado para “Quintino”.');
    expect(row.find('a').attributes('href')).toBe(`/admin/auditoria?titular=${HELENA.id}`);
    wrapper.unmount();
  });

  it('anonymises only after a confirmation that says it cannot be undone', async () => {
    const { wrapper, search } = await setUp();
    api.professionals.search.mockResolvedValueOnce([HELENA]);
    await search('Quintino');
    await wrapper.find(`tr[data-professional="${HELENA.id}"] .btn-danger`).trigger('click');
    await flushPromises();
    const dialog = wrapper.find('dialog');
    expect(dialog.attributes('open')).toBeDefined();
    expect(dialog.text()).toContain('Anonimizar Helena Quintino Prado?');
    expect(dialog.text()).toContain('Esta ação não pode ser desfeita.');
    expect(dialog.find('[data-testid="open-tickets"]').text()).toBe('3 chamados em aberto serão encerrados como cancelado (motivo: conta anonimizada), sem e-mail ao profissional.');
    expect(api.professionals.anonymize).not.toHaveBeenCalled();
    expect(document.activeElement?.textContent).toBe('Cancelar'); // Enter alone does not confirm

    api.professionals.anonymize.mockRejectedValueOnce(new ApiError('not_found', 'Profissional não encontrado.'));
    await dialog.find('form').trigger('submit');
    await flushPromises();
    expect(dialog.find('[role="alert"]').text()).toBe('Profissional não encontrado.');

    api.professionals.anonymize.mockResolvedValueOnce({ tickets: 4, closed: 3, files: 1 });
    api.professionals.search.mockResolvedValueOnce([]);
    await dialog.find('form').trigger('submit');
    await flushPromises();
    expect(api.professionals.anonymize).toHaveBeenLastCalledWith(HELENA.id);
    expect(wrapper.find('.alert-success').text()).toBe(
      'Helena Quintino Prado foi anonimizado(a): 4 chamados tiveram os dados pessoais substituídos e 1 arquivo foi excluído. 3 chamados em aberto foram encerrados.',
    );
    expect(wrapper.text()).toContain('Nenhum profissional encontrado para “Quintino”.');
    expect(dialog.attributes('open')).toBeUndefined();
    wrapper.unmount();
  });

  it('says when there is no open ticket to close, and names one open ticket in the singular', async () => {
    const { wrapper, search } = await setUp();
    api.professionals.search.mockResolvedValue([{ ...HELENA, openTickets: 0 }, { ...HELENA, id: 'd'.repeat(24), name: 'Otávio Reis', openTickets: 1 }]);
    await search('Helena');
    await wrapper.find(`tr[data-professional="${HELENA.id}"] .btn-danger`).trigger('click');
    await flushPromises();
    expect(wrapper.find('dialog [data-testid="open-tickets"]').text()).toBe('O profissional não tem chamados em aberto.');
    await wrapper.findAll('dialog button').find((b) => b.text() === 'Cancelar')!.trigger('click');
    await flushPromises();
    await wrapper.find(`tr[data-professional="${'d'.repeat(24)}"] .btn-danger`).trigger('click');
    await flushPromises();
    expect(wrapper.find('dialog [data-testid="open-tickets"]').text()).toMatch(/^1 chamado em aberto será encerrado como cancelado/);
    api.professionals.anonymize.mockResolvedValueOnce({ tickets: 1, closed: 1, files: 0 });
    await wrapper.find('dialog form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('.alert-success').text()).toMatch(/1 chamado em aberto foi encerrado\.$/);
    wrapper.unmount();
  });

  it('exports everything held about a professional as a JSON file, for a data-access request', async () => {
    const { wrapper, search } = await setUp();
    api.professionals.search.mockResolvedValue([HELENA]);
    await search('Helena');
    const data = { exportedAt: '2026-03-02T12:00:00.000Z', account: { name: HELENA.name }, tickets: [{ protocol: '2026-000001' }, { protocol: '2026-000002' }] };
    workspace.professionalData.mockResolvedValue(data);
    const saved: Array<{ name: string; href: string }> = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push({ name: this.download, href: this.href });
    });
    URL.createObjectURL = vi.fn(() => 'blob:dados');
    URL.revokeObjectURL = vi.fn();
    await wrapper.findAll('button').find((b) => b.text().startsWith('Exportar dados'))!.trigger('click');
    await flushPromises();
    expect(workspace.professionalData).toHaveBeenCalledWith(HELENA.id);
    expect(saved).toEqual([{ name: 'dados-helena.json', href: 'blob:dados' }]);
    expect(wrapper.text()).toContain('Dados de Helena Quintino Prado exportados (2 chamados).');
    click.mockRestore();
    wrapper.unmount();
  });

  it('does not offer to anonymise an account twice', async () => {
    const { wrapper, search } = await setUp();
    api.professionals.search.mockResolvedValue([{ ...HELENA, name: 'Titular anonimizado', login: `anon-${HELENA.id}`, cpf: null, disabled: true }]);
    await search('anon');
    const row = wrapper.find(`tr[data-professional="${HELENA.id}"]`);
    expect(row.text()).toContain('Anonimizado');
    expect(row.find('.btn-danger').exists()).toBe(false);
    wrapper.unmount();
  });
});
