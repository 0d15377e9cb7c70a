import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Template } from '../api/workspace';
import { ME, resetApiMock } from '../test/api-mock';
import { useSessionStore } from '../stores/session.store';
import AdminTemplatesView from './AdminTemplatesView.vue';
import AdminServiceLevelsView from './AdminServiceLevelsView.vue';

vi.mock('../api', async (original) => ({ ...(await original<object>()), ...(await import('../test/api-mock')).apiModule }));
const ws = vi.hoisted(() => ({
  templates: { list: vi.fn(), save: vi.fn(), remove: vi.fn(), used: vi.fn() },
  serviceLevels: { get: vi.fn(), update: vi.fn() },
}));
vi.mock('../api/workspace', () => ({ workspaceApi: ws }));

const template = (over: Partial<Template>): Template => ({
  id: '1'.repeat(24), title: 'Saudação', body: 'Olá, {{nome}}.', topic: null, shared: true, owner: null, uses: 3, editable: false,
  updatedAt: '2026-03-02T12:00:00.000Z', ...over,
});

beforeEach(() => {
  resetApiMock();
  setActivePinia(createPinia());
  Object.values(ws.templates).forEach((f) => f.mockReset());
  Object.values(ws.serviceLevels).forEach((f) => f.mockReset());
});

describe('the answer templates page', () => {
  it('lets an attendant write personal templates only, and edit only their own', async () => {
    useSessionStore().user = ME;
    ws.templates.list.mockResolvedValue([template({}), template({ id: '2'.repeat(24), title: 'Meu fecho', shared: false, editable: true })]);
    const wrapper = mount(AdminTemplatesView, { attachTo: document.body });
    await flushPromises();
    const rows = wrapper.findAll('tbody tr');
    expect(rows.map((r) => r.find('strong').text())).toEqual(['Saudação', 'Meu fecho']);
    expect(rows[0]!.find('button').exists()).toBe(false);
    expect(wrapper.find('input[type="checkbox"]').exists()).toBe(false);
    expect(wrapper.text()).toMatch(/Suas respostas são pessoais/);

    await wrapper.find('form').trigger('submit');
    expect(wrapper.find('#template-title-error').text()).toBe('Informe o título da resposta pronta.');
    expect(ws.templates.save).not.toHaveBeenCalled();

    ws.templates.save.mockResolvedValue(template({ title: 'Boleto', shared: false }));
    await wrapper.find('#template-title').setValue('Boleto');
    await wrapper.find('#template-topic').setValue('annuity');
    await wrapper.find('#template-body').setValue('Segue o boleto, {{nome}}.');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(ws.templates.save).toHaveBeenCalledWith({ title: 'Boleto', body: 'Segue o boleto, {{nome}}.', topic: 'annuity', shared: false });
    expect(wrapper.find('[role="status"]').text()).toMatch(/Resposta “Boleto” salva/);
    wrapper.unmount();
  });

  it('lets an admin share a template; removing asks first', async () => {
    useSessionStore().user = { ...ME, role: 'admin' };
    ws.templates.list.mockResolvedValue([template({ editable: true })]);
    ws.templates.remove.mockResolvedValue({});
    const wrapper = mount(AdminTemplatesView, { attachTo: document.body });
    await flushPromises();
    expect(wrapper.find('input[type="checkbox"]').exists()).toBe(true);
    await wrapper.findAll('tbody button')[1]!.trigger('click');
    expect(ws.templates.remove).not.toHaveBeenCalled();
    await wrapper.find('dialog form').trigger('submit');
    await flushPromises();
    expect(ws.templates.remove).toHaveBeenCalledWith('1'.repeat(24));
    wrapper.unmount();
  });
});

describe('the service levels page', () => {
  it('shows targets as number + unit and saves them as ISO durations', async () => {
    ws.serviceLevels.get.mockResolvedValue({
      mode: 'business',
      targets: { question: { firstAnswer: 'P1D', resolution: 'P5D' }, error: { firstAnswer: 'PT8H', resolution: 'P3D' }, request: { firstAnswer: 'PT30M', resolution: 'P10D' } },
    });
    ws.serviceLevels.update.mockImplementation(async (v) => v);
    const wrapper = mount(AdminServiceLevelsView, { attachTo: document.body });
    await flushPromises();
    expect((wrapper.find('#sla-error-firstAnswer').element as HTMLInputElement).value).toBe('8');
    expect((wrapper.find('#sla-error-firstAnswer-unit').element as HTMLSelectElement).value).toBe('hours');
    await wrapper.find('#sla-question-firstAnswer').setValue(0);
    await wrapper.find('form').trigger('submit');
    expect(wrapper.find('#sla-question-firstAnswer-error').text()).toMatch(/1 a 999/);
    expect(ws.serviceLevels.update).not.toHaveBeenCalled();
    await wrapper.find('#sla-question-firstAnswer').setValue(4);
    await wrapper.find('#sla-question-firstAnswer-unit').setValue('hours');
    await wrapper.find('input[value="calendar"]').setValue(true);
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(ws.serviceLevels.update).toHaveBeenCalledWith({
      mode: 'calendar',
      targets: { question: { firstAnswer: 'PT4H', resolution: 'P5D' }, error: { firstAnswer: 'PT8H', resolution: 'P3D' }, request: { firstAnswer: 'PT30M', resolution: 'P10D' } },
    });
    wrapper.unmount();
  });
});
