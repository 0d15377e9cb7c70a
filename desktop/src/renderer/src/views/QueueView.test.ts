import { flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ME, api, item, page, resetApiMock, ticket } from '../test/api-mock';
import { mountAt } from '../test/mount-at';
import { useSessionStore } from '../stores/session.store';
import QueueView from './QueueView.vue';

vi.mock('../api', async (original) => ({ ...(await original<object>()), ...(await import('../test/api-mock')).apiModule }));

const rows = [item({ subject: 'Primeiro' }), item({ subject: 'Segundo' }), item({ subject: 'Terceiro', status: 'in_progress' })];

async function setUp() {
  resetApiMock();
  setActivePinia(createPinia());
  useSessionStore().user = ME;
  api.queue.mockResolvedValue(page(rows));
  api.ticket.mockImplementation(async (protocol: string) => ticket({ protocol }));
  const { wrapper, router } = await mountAt([{ path: '/fila/:view/:protocol?', name: 'queue', component: QueueView }], '/fila/todo');
  const press = async (key: string) => {
    window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
    await flushPromises();
  };
  return { wrapper, router, press };
}

beforeEach(() => {
  document.body.innerHTML = '';
});

describe('the queue screen', () => {
  it('lists the view with its count', async () => {
    const { wrapper } = await setUp();
    expect(api.queue).toHaveBeenCalledWith({ view: 'todo', limit: 50 });
    expect(wrapper.findAll('[role="option"]')).toHaveLength(3);
    expect(wrapper.find('[data-testid="view-total"]').text()).toBe('3 chamados');
    wrapper.unmount();
  });

  it('says how many a search found, not the whole view\'s count', async () => {
    const { wrapper } = await setUp();
    api.queue.mockResolvedValue(page([rows[0]!, rows[1]!], null, { todo: 204, mine: 1, pending_professional: 0, awaiting_approval: 0, closed: 0, all: 204 }));
    await wrapper.find('#queue-search').setValue('boleto');
    await wrapper.find('form[role="search"]').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[data-testid="view-total"]').text()).toBe('2 chamados encontrados');
    expect(wrapper.find('.list-foot').text()).toBe('2 encontrados');
    expect(wrapper.text()).not.toMatch(/204/);
    wrapper.unmount();
  });

  it('moves with j/k and the arrows, opens with Enter and closes with Esc', async () => {
    const { wrapper, router, press } = await setUp();
    await press('j');
    await press('ArrowDown');
    await press('k');
    expect(wrapper.find('[aria-selected="true"]').text()).toContain('Segundo');
    await press('Enter');
    expect(router.currentRoute.value.params.protocol).toBe(rows[1]!.protocol);
    await vi.waitFor(() => expect(wrapper.find('[data-testid="ticket-pane"]').exists()).toBe(true));
    await press('Escape');
    expect(router.currentRoute.value.params.protocol).toBeFalsy();
    wrapper.unmount();
  });

  it('takes the selected open ticket with t', async () => {
    const { wrapper, press } = await setUp();
    api.take.mockImplementation(async (protocol: string) => ticket({ protocol, status: 'in_progress' }));
    await press('t');
    await vi.waitFor(() => expect(api.take).toHaveBeenCalledWith(rows[0]!.protocol));
    wrapper.unmount();
  });

  it('does not try to take a ticket that is no longer open', async () => {
    const { wrapper, press } = await setUp();
    await press('j');
    await press('j');
    await press('t');
    expect(api.take).not.toHaveBeenCalled();
    expect(wrapper.text()).toContain('Só chamados abertos');
    wrapper.unmount();
  });

  it('focuses the search with / and searches as the attendant types', async () => {
    vi.useFakeTimers();
    const { wrapper, press } = await setUp();
    await press('/');
    expect(document.activeElement?.id).toBe('queue-search');
    await wrapper.find('#queue-search').setValue('529.982.247-25');
    await vi.advanceTimersByTimeAsync(350);
    expect(api.queue).toHaveBeenLastCalledWith({ view: 'todo', search: '529.982.247-25', limit: 50 });
    vi.useRealTimers();
    wrapper.unmount();
  });

  it('ignores shortcuts while the attendant types', async () => {
    const { wrapper } = await setUp();
    const search = wrapper.find('#queue-search');
    await search.trigger('keydown', { key: 'j' });
    expect(wrapper.find('[aria-selected="true"]').text()).toContain('Primeiro');
    wrapper.unmount();
  });

  it('filters by type, tema and attendant', async () => {
    const { wrapper } = await setUp();
    await wrapper.find('#filter-type').setValue('error');
    await wrapper.find('#filter-topic').setValue('rrt');
    await wrapper.find('#filter-assignee').setValue('none');
    expect(api.queue).toHaveBeenLastCalledWith({ view: 'todo', type: 'error', topic: 'rrt', assignee: 'none', limit: 50 });
    wrapper.unmount();
  });
});
