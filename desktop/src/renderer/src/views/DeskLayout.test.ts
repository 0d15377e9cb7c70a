// The signed-in shell's live wiring: one event reaches the queue, the open ticket, presence and the
// alerts; this desk's presence follows the ticket open; a reset refetches once; "50+" past 50.
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { COUNTS, ME, OTHER_ID, api, event, item, lastLive, page, platform, presence, resetApiMock, ticket } from '../test/api-mock';
import { useSessionStore } from '../stores/session.store';
import DeskLayout from './DeskLayout.vue';
import QueueView from './QueueView.vue';

vi.mock('../api', async (original) => ({ ...(await original<object>()), ...(await import('../test/api-mock')).apiModule }));

const CARLOS = { id: OTHER_ID, name: 'Carlos Mendes', role: 'attendant' as const };

async function setUp(unread = { items: [] as Awaited<ReturnType<typeof api.alerts.list>>['items'], total: 0 }) {
  resetApiMock();
  sessionStorage.clear();
  localStorage.clear();
  setActivePinia(createPinia());
  const session = useSessionStore();
  session.user = ME;
  session.status = 'authenticated';
  api.me.mockResolvedValue({ ...ME });
  api.queue.mockResolvedValue(page([]));
  api.ticket.mockImplementation(async (protocol: string) => ticket({ protocol }));
  api.alerts.list.mockResolvedValue(unread);
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      {
        path: '/', component: DeskLayout,
        children: [
          { path: 'fila/:view/:protocol?', name: 'queue', component: QueueView },
          ...['admin-staff', 'admin-settings', 'admin-reports', 'admin-audit', 'admin-privacy', 'admin-mail', 'account', 'preferences', 'kb', 'templates', 'admin-service-levels']
            .map((name) => ({ path: name, name, component: { template: '<p />' } })),
        ],
      },
      { path: '/entrar', name: 'login', component: { template: '<p />' } },
    ],
  });
  await router.push('/fila/todo');
  const wrapper = mount({ template: '<RouterView />' }, { global: { plugins: [router] }, attachTo: document.body });
  await flushPromises();
  lastLive().onStarted();
  return { wrapper, router };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('the desk shell, live', () => {
  beforeEach(() => vi.useRealTimers());

  it('applies one event to the queue and counts, without fetching the queue again', async () => {
    const { wrapper } = await setUp();
    api.queue.mockClear();
    const row = item({ protocol: '2026-000077', subject: 'Chegou agora' });
    lastLive().onEvent(event('new_ticket', row.protocol, { row, counts: { ...COUNTS, todo: 9 }, actor: { id: 'c'.repeat(24), name: 'Ana', role: 'professional' } }), true);
    await flushPromises();
    expect(wrapper.find('[data-count="todo"]').text()).toBe(', 9 chamados');
    expect(wrapper.text()).toContain('Chegou agora');
    // Read aloud as "1 chamado", not "1 chamados".
    lastLive().onEvent(event('changed', row.protocol, { row, counts: { ...COUNTS, todo: 1 }, actor: { id: 'c'.repeat(24), name: 'Ana', role: 'professional' } }), true);
    await flushPromises();
    expect(wrapper.find('[data-count="todo"]').text()).toBe(', 1 chamado');
    expect(api.queue).not.toHaveBeenCalled();
    wrapper.unmount();
  });

  it("says viewing on opening a ticket and left on closing it, and shows a colleague's presence", async () => {
    const { wrapper, router } = await setUp();
    await router.push('/fila/todo/2026-000042');
    await flushPromises();
    expect(api.presence).toHaveBeenCalledWith('2026-000042', 'viewing');
    lastLive().onEvent(presence('typing', CARLOS), false);
    await flushPromises();
    expect(wrapper.find('[data-testid="typing"]').text()).toBe('Carlos Mendes está digitando uma resposta');
    await router.push('/fila/todo');
    await flushPromises();
    expect(api.presence).toHaveBeenLastCalledWith('2026-000042', 'left');
    wrapper.unmount();
  });

  it('refetches once on a reset, quietly', async () => {
    const { wrapper } = await setUp();
    api.queue.mockClear();
    api.alerts.list.mockClear();
    lastLive().onEvent({ id: '000000000009', kind: 'reset', at: '2026-03-02T12:00:00.000Z' }, true);
    await flushPromises();
    expect(api.queue).toHaveBeenCalledTimes(1);
    expect(api.queue.mock.calls[0]![1]).toBe(true);
    expect(api.alerts.list).toHaveBeenCalledTimes(1);
    wrapper.unmount();
  });

  it('shows "50+" unread past 50, in the sidebar and the title sent to the platform', async () => {
    const items = Array.from({ length: 50 }, (_, i) => ({ id: `e${i}`, kind: 'new_ticket' as const, protocol: `2026-${String(i + 1).padStart(6, '0')}`, subject: `Assunto ${i}`, at: '2026-03-02T12:00:00.000Z' }));
    const { wrapper } = await setUp({ items, total: 120 });
    expect(wrapper.find('[data-testid="unread-count"]').text()).toBe('50+');
    expect(platform.setUnread).toHaveBeenLastCalledWith(expect.objectContaining({ count: 120 }));
    wrapper.unmount();
  });
});
