import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, type TicketEvent } from '../api';
import { COUNTS, ME, OTHER_ID, api, event, item, platform, resetApiMock } from '../test/api-mock';
import { DEFAULT_PREFS, GROUP_FIRST_MS, GROUP_MAX_MS, describeAlert, useAlertsStore } from './alerts.store';
import { useSessionStore } from './session.store';

vi.mock('../api', async (original) => ({ ...(await original<object>()), ...(await import('../test/api-mock')).apiModule }));

beforeEach(() => {
  resetApiMock();
  localStorage.clear();
  sessionStorage.clear();
  setActivePinia(createPinia());
  useSessionStore().user = ME;
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

const PROFESSIONAL = { id: 'c'.repeat(24), name: 'Ana Lúcia Conceição', role: 'professional' as const };
const COLLEAGUE = { id: OTHER_ID, name: 'Carlos Mendes', role: 'attendant' as const };
const summaryOf = (overrides: Parameters<typeof item>[0] = {}) => item({ protocol: '2026-000042', subject: 'Boleto da anuidade', ...overrides });
/** An event as the contract's server sends it: with its row, counts and actor. */
const full = (kind: TicketEvent['kind'], row = summaryOf(), extra: Partial<TicketEvent> = {}) =>
  event(kind, row.protocol, { row, counts: COUNTS, actor: PROFESSIONAL, ...extra });

async function setUp(list = { items: [], total: 0 } as Awaited<ReturnType<typeof api.alerts.list>>) {
  api.alerts.list.mockResolvedValue(list);
  const alerts = useAlertsStore();
  const openTicket = vi.fn();
  let watching: string | null = null;
  alerts.connect({ openTicket, watching: () => watching });
  await vi.advanceTimersByTimeAsync(0);
  return { alerts, openTicket, watch: (p: string | null) => (watching = p) };
}

const settle = () => vi.advanceTimersByTimeAsync(GROUP_MAX_MS);

describe('alerts', () => {
  it('notify of a new ticket once, with its subject, within the quiet window, and count it as unread', async () => {
    const { alerts, openTicket } = await setUp();
    await alerts.onDeskEvent(full('new_ticket'));
    expect(platform.notify).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(GROUP_FIRST_MS);
    expect(platform.notify).toHaveBeenCalledTimes(1);
    const [alert, onClick] = platform.notify.mock.calls[0]!;
    expect(alert).toEqual({
      protocol: '2026-000042',
      kind: 'new_ticket',
      title: 'Novo chamado · 2026-000042',
      body: 'Boleto da anuidade\nAna Lúcia Conceição — Dúvida · Anuidade',
      silent: false,
    });
    expect(alerts.count).toBe(1);
    expect(platform.setUnread).toHaveBeenLastCalledWith({ count: 1, items: [{ protocol: '2026-000042', label: '2026-000042 · Novo chamado' }] });
    (onClick as () => void)();
    expect(openTicket).toHaveBeenCalledWith('2026-000042');
    expect(api.summary).not.toHaveBeenCalled(); // the event carried the row
  });

  it('never notify twice for one event id, however often it arrives', async () => {
    const { alerts } = await setUp();
    const once = full('new_ticket');
    for (let i = 0; i < 4; i++) await alerts.onDeskEvent({ ...once });
    await vi.advanceTimersByTimeAsync(70_000);
    expect(platform.notify).toHaveBeenCalledTimes(1);
  });

  it('group a burst into one notification with one sound ("5 novos chamados"), even with gaps of most of a second', async () => {
    const { alerts } = await setUp();
    for (let i = 0; i < 5; i++) {
      await alerts.onDeskEvent(full('new_ticket', item({ subject: `Chamado ${i}` })));
      await vi.advanceTimersByTimeAsync(i === 0 ? GROUP_FIRST_MS - 100 : 700);
    }
    await settle();
    expect(platform.notify).toHaveBeenCalledTimes(1);
    expect(platform.notify.mock.calls[0]![0]).toMatchObject({ title: '5 novos chamados', silent: false });
    expect(platform.notify.mock.calls[0]![0].body).toMatch(/Chamado 0/);
  });

  it('show a long burst at most every 3 s', async () => {
    const { alerts } = await setUp();
    for (let i = 0; i < 20; i++) {
      await alerts.onDeskEvent(full('new_ticket', item()));
      await vi.advanceTimersByTimeAsync(400);
    }
    await settle();
    const shown = platform.notify.mock.calls.length;
    expect(shown).toBeGreaterThanOrEqual(Math.floor((20 * 400) / GROUP_MAX_MS));
    expect(shown).toBeLessThanOrEqual(Math.ceil((20 * 400) / GROUP_MAX_MS) + 1);
  });

  it.each(['answered', 'rejected', 'commented'] as const)('notify of %s on my tickets, not on others (by default)', async (kind) => {
    const { alerts } = await setUp();
    await alerts.onDeskEvent(full(kind, summaryOf({ assignee: { id: OTHER_ID, name: 'Outra Pessoa' } })));
    await settle();
    expect(platform.notify).not.toHaveBeenCalled();
    await alerts.onDeskEvent(full(kind, summaryOf({ assignee: { id: ME.id, name: ME.name } })));
    await settle();
    expect(platform.notify).toHaveBeenCalledTimes(1);
  });

  it('against a server whose events carry no row, read the ticket in the background', async () => {
    const { alerts } = await setUp();
    api.summary.mockResolvedValue(summaryOf({ assignee: { id: ME.id, name: ME.name } }));
    await alerts.onDeskEvent(event('answered'));
    await settle();
    expect(api.summary).toHaveBeenCalledWith('2026-000042');
    expect(platform.notify).toHaveBeenCalledTimes(1);
  });

  it('alert an assignment only to the new assignee, and never for my own actions', async () => {
    const { alerts } = await setUp();
    await alerts.onDeskEvent(full('assigned', summaryOf(), { actor: COLLEAGUE, assigneeId: OTHER_ID }));
    await alerts.onDeskEvent(full('new_ticket', summaryOf(), { actor: { ...ME, role: 'attendant' } }));
    await settle();
    expect(platform.notify).not.toHaveBeenCalled();
    await alerts.onDeskEvent(full('assigned', summaryOf(), { actor: COLLEAGUE, assigneeId: ME.id }));
    await settle();
    expect(platform.notify.mock.calls[0]![0]).toMatchObject({ kind: 'assigned', title: 'Chamado atribuído a você · 2026-000042' });
  });

  it('notify of answers on every ticket when the attendant asks for it', async () => {
    const { alerts } = await setUp();
    alerts.savePrefs({ ...DEFAULT_PREFS, onlyMine: false });
    await alerts.onDeskEvent(full('answered', summaryOf({ assignee: { id: OTHER_ID, name: 'Outra Pessoa' } })));
    await settle();
    expect(platform.notify).toHaveBeenCalledTimes(1);
  });

  it('respect the kinds switched off and the sound preference', async () => {
    const { alerts } = await setUp();
    alerts.savePrefs({ ...DEFAULT_PREFS, kinds: { ...DEFAULT_PREFS.kinds, new_ticket: false }, sound: false });
    await alerts.onDeskEvent(full('new_ticket'));
    await settle();
    expect(platform.notify).not.toHaveBeenCalled();
    alerts.savePrefs({ ...alerts.prefs, kinds: { ...DEFAULT_PREFS.kinds } });
    await alerts.onDeskEvent(full('new_ticket'));
    await settle();
    expect(platform.notify.mock.calls[0]![0].silent).toBe(true);
  });

  it('keep the preferences per attendant on this computer', () => {
    const alerts = useAlertsStore();
    alerts.savePrefs({ ...DEFAULT_PREFS, sound: false });
    setActivePinia(createPinia());
    useSessionStore().user = ME;
    expect(useAlertsStore().prefs.sound).toBe(false);
    setActivePinia(createPinia());
    useSessionStore().user = { ...ME, id: OTHER_ID };
    expect(useAlertsStore().prefs.sound).toBe(true);
  });

  it('never alert for plain changes or presence', async () => {
    const { alerts } = await setUp();
    await alerts.onDeskEvent(event('changed'));
    await alerts.onDeskEvent({ id: 'p1', kind: 'viewing', protocol: '2026-000042', at: 'x', attendant: COLLEAGUE });
    await settle();
    expect(api.summary).not.toHaveBeenCalled();
    expect(platform.notify).not.toHaveBeenCalled();
  });

  it('still alert, tersely, when the ticket cannot be read', async () => {
    const { alerts } = await setUp();
    api.summary.mockRejectedValue(new ApiError('network', 'sem rede'));
    await alerts.onDeskEvent(event('new_ticket'));
    await settle();
    expect(platform.notify.mock.calls[0]![0].body).toBe('Abra o chamado para ver os detalhes.');
  });

  it('skip the alert for the ticket the attendant is looking at', async () => {
    const { alerts, watch } = await setUp();
    vi.spyOn(document, 'hasFocus').mockReturnValue(true);
    watch('2026-000042');
    await alerts.onDeskEvent(full('answered', summaryOf({ assignee: { id: ME.id, name: ME.name } })));
    await settle();
    expect(platform.notify).not.toHaveBeenCalled();
  });

  it('describe an alert without the ticket', () => {
    expect(describeAlert('rejected', '2026-000007', null)).toEqual({ title: 'Solução recusada · 2026-000007', body: 'Abra o chamado para ver os detalhes.' });
  });
});

describe('the unread list kept by the server', () => {
  const listed = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `e${i}`, kind: 'new_ticket' as const, protocol: `2026-${String(i + 1).padStart(6, '0')}`, subject: `Assunto ${i}`, at: '2026-03-02T12:00:00.000Z' }));

  it('is read at start (in the background) and shows "50+" past 50', async () => {
    const { alerts } = await setUp({ items: listed(50), total: 73 });
    expect(api.alerts.list).toHaveBeenCalledTimes(1);
    expect(alerts.unread).toHaveLength(50);
    expect(alerts.count).toBe(73);
    expect(alerts.countLabel).toBe('50+');
    expect(platform.setUnread).toHaveBeenLastCalledWith(expect.objectContaining({ count: 73 }));
  });

  it('is cleared on the server when a ticket is opened, or all at once', async () => {
    const { alerts } = await setUp({ items: listed(3), total: 3 });
    alerts.markRead('2026-000002');
    expect(api.alerts.clear).toHaveBeenCalledWith('2026-000002');
    expect(alerts.unread.map((u) => u.protocol)).toEqual(['2026-000001', '2026-000003']);
    expect(alerts.count).toBe(2);
    alerts.markAllRead();
    expect(api.alerts.clear).toHaveBeenLastCalledWith();
    expect(alerts.count).toBe(0);
  });

  it('is read again after a group of alerts, and loses a ticket a colleague took', async () => {
    const { alerts } = await setUp({ items: listed(1), total: 1 });
    await alerts.onDeskEvent(full('new_ticket', item({ protocol: '2026-000009' })));
    expect(alerts.count).toBe(2);
    await settle();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(api.alerts.list).toHaveBeenCalledTimes(2);
    await alerts.onDeskEvent(full('changed', item({ protocol: '2026-000001', status: 'in_progress', assignee: { id: OTHER_ID, name: 'Carlos Mendes' } }), { actor: COLLEAGUE, event: 'take' }));
    expect(alerts.unread.map((u) => u.protocol)).not.toContain('2026-000001');
  });

  it('keeps what changed while a read of it was on its way: a ticket opened stays read, an alert raised stays', async () => {
    const { alerts } = await setUp({ items: listed(3), total: 3 });
    // The read after a group of alerts: the server answers the list as it was before the attendant
    // opened 2026-000002, and before the alert for 2026-000009 was stored.
    let answer!: (value: Awaited<ReturnType<typeof api.alerts.list>>) => void;
    api.alerts.list.mockReturnValueOnce(new Promise((resolve) => (answer = resolve)));
    const reading = alerts.refreshList();
    alerts.markRead('2026-000002');
    await alerts.onDeskEvent(full('new_ticket', item({ protocol: '2026-000009' }), { id: '000000000009' }));
    answer({ items: listed(3), total: 3 });
    await reading;
    expect(alerts.unread.map((u) => u.protocol)).toEqual(['2026-000009', '2026-000001', '2026-000003']);
    expect(alerts.count).toBe(3);
    // Read after both: the answer stands as it is (the alert counted once).
    api.alerts.list.mockResolvedValueOnce({ items: [{ id: '000000000009', kind: 'new_ticket', protocol: '2026-000009', subject: 'x', at: '2026-03-02T12:00:01.000Z' }, ...listed(3).filter((a) => a.protocol !== '2026-000002')], total: 3 });
    await alerts.refreshList();
    expect(alerts.count).toBe(3);
    // Everything read while a read was on its way: nothing comes back.
    api.alerts.list.mockReturnValueOnce(new Promise((resolve) => (answer = resolve)));
    const again = alerts.refreshList();
    alerts.markAllRead();
    answer({ items: listed(3), total: 3 });
    await again;
    expect(alerts.count).toBe(0);
    expect(alerts.unread).toEqual([]);
  });

  it('follows the server when a ticket changes hands: my own take or hand-off elsewhere drops it, a hand-off to me keeps it', async () => {
    const { alerts } = await setUp({ items: listed(4), total: 4 });
    const SELF = { id: ME.id, name: ME.name, role: 'attendant' as const };
    const mine = { id: ME.id, name: ME.name };
    // Taken by me from another window: the server dropped my alerts of it too.
    await alerts.onDeskEvent(full('changed', item({ protocol: '2026-000001', status: 'in_progress', assignee: mine }), { actor: SELF, event: 'take', assigneeId: ME.id, assigneeChanged: true }));
    // Handed by me to a colleague from the queue, without opening it.
    await alerts.onDeskEvent(full('changed', item({ protocol: '2026-000002', status: 'in_progress', assignee: { id: OTHER_ID, name: 'Carlos Mendes' } }), { actor: SELF, event: 'assign', assigneeId: OTHER_ID, assigneeChanged: true }));
    expect(alerts.unread.map((u) => u.protocol)).toEqual(['2026-000003', '2026-000004']);
    // Handed to me by a colleague: the server keeps mine and adds the assignment.
    await alerts.onDeskEvent(full('assigned', item({ protocol: '2026-000003', status: 'in_progress', assignee: mine }), { actor: COLLEAGUE, event: 'assign', assigneeId: ME.id, assigneeChanged: true }));
    expect(alerts.unread.map((u) => [u.protocol, u.kind])).toEqual([['2026-000003', 'assigned'], ['2026-000004', 'new_ticket']]);
    // A change that leaves the assignee where it was drops nothing.
    await alerts.onDeskEvent(full('changed', item({ protocol: '2026-000004', status: 'in_progress', assignee: mine }), { actor: SELF, event: 'note' }));
    expect(alerts.unread.map((u) => u.protocol)).toEqual(['2026-000003', '2026-000004']);
    expect(alerts.count).toBe(3); // the server counts alerts, not tickets: 000003 has two
  });

  it('is kept by the desk itself (and survives a reload of the tab) when the server has no alert list', async () => {
    api.alerts.list.mockRejectedValue(new ApiError('not_found', 'Não encontrado.'));
    const alerts = useAlertsStore();
    alerts.connect({ openTicket: vi.fn(), watching: () => null });
    await vi.advanceTimersByTimeAsync(0);
    expect(alerts.serverList).toBe(false);
    await alerts.onDeskEvent(full('new_ticket'));
    expect(alerts.count).toBe(1);
    alerts.markRead('nothing-here');
    expect(api.alerts.clear).not.toHaveBeenCalled();

    setActivePinia(createPinia());
    useSessionStore().user = ME;
    const reloaded = useAlertsStore();
    reloaded.connect({ openTicket: vi.fn(), watching: () => null });
    await vi.advanceTimersByTimeAsync(0);
    expect(reloaded.unread.map((u) => u.protocol)).toEqual(['2026-000042']);
  });
});
