import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Template } from '../api/workspace';
import { ME, resetApiMock, ticket } from '../test/api-mock';
import { useSessionStore } from '../stores/session.store';
import { useTicketStore } from '../stores/ticket.store';
import ActionComposer from './ActionComposer.vue';

vi.mock('../api', async (original) => ({ ...(await original<object>()), ...(await import('../test/api-mock')).apiModule }));
const workspace = vi.hoisted(() => ({ list: vi.fn(), used: vi.fn(async () => ({ uses: 1 })) }));
vi.mock('../api/workspace', () => ({ workspaceApi: { templates: { list: workspace.list, used: workspace.used } } }));

const template = (over: Partial<Template>): Template => ({
  id: '1'.repeat(24), title: 'Modelo', body: 'Texto', topic: null, shared: true, owner: null, uses: 0, editable: false,
  updatedAt: '2026-03-02T12:00:00.000Z', ...over,
});
const BOLETO = template({ id: '1'.repeat(24), title: 'Segunda via do boleto', body: 'Olá, {{nome}}. O boleto do chamado {{protocolo}} foi reemitido. {{atendente}}' });
const PRAZO = template({ id: '2'.repeat(24), title: 'Pedido com prazo', body: 'Responda até {{prazo}}, por favor.' });

beforeEach(() => {
  resetApiMock();
  setActivePinia(createPinia());
  workspace.list.mockReset().mockResolvedValue([BOLETO, PRAZO]);
  workspace.used.mockClear();
  useSessionStore().user = ME;
  const store = useTicketStore();
  store.ticket = ticket({ protocol: '2026-000042', topic: 'annuity', deadlineAt: null });
});

async function type(wrapper: ReturnType<typeof mount>, text: string) {
  const area = wrapper.find('textarea');
  await area.setValue(text);
  (area.element as HTMLTextAreaElement).setSelectionRange(text.length, text.length);
  area.element.dispatchEvent(new Event('input'));
  await vi.waitFor(() => expect(workspace.list).toHaveBeenCalled());
  await new Promise((r) => setTimeout(r, 0));
}

describe('the template picker in the composer', () => {
  it('opens on ::, searches the ticket tema\'s templates, and inserts the filled body for review', async () => {
    const wrapper = mount(ActionComposer, { props: { actions: ['comment', 'note'], busy: false }, attachTo: document.body });
    await type(wrapper, 'Bom dia! ::bolet');
    expect(workspace.list).toHaveBeenCalledWith({ topic: 'annuity' });
    const options = wrapper.findAll('[role="option"]');
    expect(options.map((o) => o.find('.title').text())).toEqual(['Segunda via do boleto']);

    wrapper.find('textarea').element.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    await wrapper.vm.$nextTick();
    expect((wrapper.find('textarea').element as HTMLTextAreaElement).value).toBe(
      'Bom dia! Olá, Ana Lúcia Conceição. O boleto do chamado 2026-000042 foi reemitido. Bruno Atendente',
    );
    expect(wrapper.find('[role="listbox"]').exists()).toBe(false);
    // Enter chose a template: it did not send the message.
    expect(wrapper.emitted('submit')).toBeUndefined();

    // Once the message is sent, the use is counted once.
    (wrapper.vm as unknown as { sent(mode: string): void }).sent('comment');
    (wrapper.vm as unknown as { sent(mode: string): void }).sent('comment');
    expect(workspace.used).toHaveBeenCalledTimes(1);
    expect(workspace.used).toHaveBeenCalledWith(BOLETO.id, '2026-000042');
    wrapper.unmount();
  });

  it('names a placeholder it could not fill, so the attendant fixes it before sending', async () => {
    const wrapper = mount(ActionComposer, { props: { actions: ['comment'], busy: false }, attachTo: document.body });
    await type(wrapper, '::prazo');
    wrapper.find('textarea').element.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    await wrapper.vm.$nextTick();
    expect((wrapper.find('textarea').element as HTMLTextAreaElement).value).toBe('Responda até {{prazo}}, por favor.');
    expect(wrapper.find('[data-testid="template-review"]').text()).toMatch(/Revise antes de enviar: \{\{prazo\}\} não foi preenchido/);
    wrapper.unmount();
  });

  it('closes on Escape and leaves what was typed', async () => {
    const wrapper = mount(ActionComposer, { props: { actions: ['comment'], busy: false }, attachTo: document.body });
    await type(wrapper, 'Veja ::nada');
    expect(wrapper.find('[role="status"]').text()).toMatch(/Nenhuma resposta pronta com “nada”/);
    wrapper.find('textarea').element.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
    await wrapper.vm.$nextTick();
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false);
    expect((wrapper.find('textarea').element as HTMLTextAreaElement).value).toBe('Veja ::nada');
    wrapper.unmount();
  });
});
