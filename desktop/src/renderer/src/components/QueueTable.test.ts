import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { ApiError } from '../api';
import { api, item, ME, page, resetApiMock } from '../test/api-mock';
import { useQueueStore } from '../stores/queue.store';
import { useSessionStore } from '../stores/session.store';
import QueueTable from './QueueTable.vue';

vi.mock('../api', async (original) => ({ ...(await original<object>()), ...(await import('../test/api-mock')).apiModule }));
const workspace = vi.hoisted(() => ({ closeAsDuplicate: vi.fn(), queueCsv: vi.fn() }));
vi.mock('../api/workspace', () => ({ workspaceApi: workspace }));

const rows = [
  item({ protocol: '2026-000001', subject: 'Boleto', professional: { id: '1', name: 'Carla', cpf: '' } }),
  item({ protocol: '2026-000002', subject: 'Anuidade', professional: { id: '2', name: 'Ana', cpf: '' } }),
  item({
    protocol: '2026-000003', subject: 'Certidão', professional: { id: '3', name: 'Bruno', cpf: '' },
    sla: { firstAnswerDueAt: '2026-03-01T00:00:00Z', resolutionDueAt: '2026-03-09T00:00:00Z', state: 'overdue', target: 'first_answer' },
  }),
];

beforeEach(() => {
  resetApiMock();
  localStorage.clear();
  setActivePinia(createPinia());
  useSessionStore().user = ME;
  api.queue.mockResolvedValue(page(rows));
});

async function mountTable(expected = 3) {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/fila/:view/:protocol?', name: 'queue', component: { template: '<div />' } }] });
  await router.push('/fila/todo');
  const queue = useQueueStore();
  queue.setView('todo');
  await vi.waitFor(() => expect(queue.items).toHaveLength(expected));
  const wrapper = mount(QueueTable, { props: { view: 'todo', openProtocol: null }, global: { plugins: [router] }, attachTo: document.body });
  return { wrapper, queue, router };
}

const protocols = (wrapper: Awaited<ReturnType<typeof mountTable>>['wrapper']) =>
  wrapper.findAll('tbody tr:not(.spacer) td.mono').map((td) => td.text());

describe('the queue table', () => {
  it('shows every column and sorts by a header, both ways, announcing it', async () => {
    const { wrapper } = await mountTable();
    expect(wrapper.findAll('thead th').map((th) => th.text())).toEqual(['', 'Protocolo', 'Assunto', 'Profissional', 'Tipo', 'Tema', 'Atendente', 'Situação', 'Espera/prazo', 'SLA']);
    expect(wrapper.find('.sla-overdue').text()).toBe('Atrasado');
    const subject = wrapper.findAll('thead th')[2]!;
    await subject.find('button').trigger('click');
    expect(subject.attributes('aria-sort')).toBe('ascending');
    expect(protocols(wrapper)).toEqual(['2026-000002', '2026-000001', '2026-000003']);
    await subject.find('button').trigger('click');
    expect(subject.attributes('aria-sort')).toBe('descending');
    expect(protocols(wrapper)).toEqual(['2026-000003', '2026-000001', '2026-000002']);
    wrapper.unmount();
  });

  it('shows a ticket waiting on the professional as paused, and one past its target as overdue', async () => {
    api.queue.mockResolvedValue(page([
      item({
        protocol: '2026-000010', status: 'pending_professional',
        sla: { firstAnswerDueAt: '2026-03-01T00:00:00Z', resolutionDueAt: '2026-03-12T00:00:00Z', state: 'paused', target: 'resolution' },
      }),
      rows[2]!,
    ]));
    const { wrapper } = await mountTable(2);
    const paused = wrapper.find('.sla-paused');
    expect(paused.text()).toBe('Pausado');
    expect(paused.attributes('title')).toBe('Prazo de resolução parado enquanto aguarda o profissional');
    expect(wrapper.find('.sla-overdue').text()).toBe('Atrasado');
    expect(wrapper.find('.sla-overdue').attributes('title')).toMatch(/^Vence \d{2}\/\d{2}\/2026/);
    wrapper.unmount();
  });

  it('renders only the rows in view with 10 000 loaded, and sorts them all', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) => item({ subject: `Assunto ${String(10_000 - i).padStart(5, '0')}` }));
    api.queue.mockResolvedValue(page(many));
    const { wrapper } = await mountTable(10_000);
    const rendered = () => wrapper.findAll('tbody tr:not(.spacer)').length;
    expect(rendered()).toBeGreaterThan(10);
    expect(rendered()).toBeLessThan(80);
    const started = performance.now();
    await wrapper.findAll('thead th')[2]!.find('button').trigger('click');
    const sortMs = performance.now() - started;
    expect(wrapper.find('tbody tr:not(.spacer) td.subject').text()).toBe('Assunto 00001');
    expect(rendered()).toBeLessThan(80);
    // A generous bound for a shared CI machine; the point is that sorting is not per-row DOM work.
    expect(sortMs).toBeLessThan(1_500);
    wrapper.unmount();
  });

  it('sorts "A atender" by urgency on the server from the SLA header', async () => {
    const { wrapper } = await mountTable();
    await wrapper.findAll('thead th').at(-1)!.find('button').trigger('click');
    await vi.waitFor(() => expect(api.queue).toHaveBeenLastCalledWith(expect.objectContaining({ view: 'todo', sort: 'urgency' })));
    expect(wrapper.findAll('thead th').at(-1)!.attributes('aria-sort')).toBe('ascending');
    wrapper.unmount();
  });

  it('takes the selected tickets in bulk only after confirmation, and reports each result', async () => {
    api.take.mockResolvedValueOnce({}).mockRejectedValueOnce(new ApiError('conflict', 'Este chamado já foi assumido.'));
    const { wrapper } = await mountTable();
    await wrapper.find('input[aria-label="Selecionar 2026-000001"]').setValue(true);
    await wrapper.find('input[aria-label="Selecionar 2026-000002"]').setValue(true);
    await wrapper.find('[data-bulk="take"]').trigger('click');
    expect(api.take).not.toHaveBeenCalled();
    await wrapper.find('dialog form').trigger('submit');
    await vi.waitFor(() => expect(wrapper.find('[data-testid="table-message"]').text()).toMatch(/1 chamado assumido\. Não foi possível: 2026-000002: Este chamado já foi assumido\./));
    expect(api.take.mock.calls.map((c) => c[0])).toEqual(['2026-000001', '2026-000002']);
    expect(wrapper.emitted('changed')).toHaveLength(1);
    wrapper.unmount();
  });

  it('closes as duplicate naming the original, refusing a bad protocol first', async () => {
    workspace.closeAsDuplicate.mockResolvedValue({});
    const { wrapper } = await mountTable();
    await wrapper.find('input[aria-label="Selecionar 2026-000003"]').setValue(true);
    await wrapper.find('[data-bulk="duplicate"]').trigger('click');
    await wrapper.find('#bulk-original').setValue('42');
    await wrapper.find('dialog form').trigger('submit');
    expect(wrapper.find('dialog [role="alert"]').text()).toMatch(/protocolo do chamado original/);
    expect(workspace.closeAsDuplicate).not.toHaveBeenCalled();
    await wrapper.find('#bulk-original').setValue('2026-000001');
    await wrapper.find('dialog form').trigger('submit');
    await vi.waitFor(() => expect(workspace.closeAsDuplicate).toHaveBeenCalledWith('2026-000003', '2026-000001', expect.stringMatching(/chamado original/)));
    wrapper.unmount();
  });

  it('saves a personal view (filters, sort, columns) and brings it back', async () => {
    const { wrapper, queue } = await mountTable();
    queue.filters.type = 'error';
    await wrapper.findAll('thead th')[3]!.find('button').trigger('click');
    await wrapper.find('input[value="topic"]').setValue(false);
    await wrapper.find('#new-view-name').setValue('Erros por profissional');
    await wrapper.find('form.save-view').trigger('submit');
    expect(JSON.parse(localStorage.getItem(`cau-desk.table-views.${ME.id}`)!)).toEqual([
      expect.objectContaining({ name: 'Erros por profissional', view: 'todo', filters: expect.objectContaining({ type: 'error' }), sort: { column: 'professional', dir: 'asc' } }),
    ]);
    wrapper.unmount();

    setActivePinia(createPinia());
    useSessionStore().user = ME;
    const again = await mountTable();
    expect(again.wrapper.findAll('thead th').map((th) => th.text())).toContain('Tema');
    await again.wrapper.find('#saved-view').setValue('Erros por profissional');
    await vi.waitFor(() => expect(api.queue).toHaveBeenLastCalledWith(expect.objectContaining({ type: 'error' })));
    expect(again.wrapper.findAll('thead th').map((th) => th.text())).not.toContain('Tema');
    expect(again.wrapper.findAll('thead th')[3]!.attributes('aria-sort')).toBe('ascending');
    again.wrapper.unmount();
  });
});
