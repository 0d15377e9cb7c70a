import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api';
import { ME, OTHER_ID, api, event, item, platform, resetApiMock } from '../test/api-mock';
import { DEFAULT_PREFS, describeAlert, useAlertsStore } from './alerts.store';
import { useSessionStore } from './session.store';

vi.mock('../api', async (original) => ({ ...(await original<object>()), ...(await import('../test/api-mock')).apiModule }));

beforeEach(() => {
  resetApiMock();
  localStorage.clear();
  setActivePinia(createPinia());
  useSessionStore().user = ME;
});

const summaryOf = (overrides: Parameters<typeof item>[0] = {}) => item({ protocol: '2026-000042', subject: 'Boleto da anuidade', ...overrides });

function setUp() {
  const alerts = useAlertsStore();
  const openTicket = vi.fn();
  let watching: string | null = null;
  alerts.connect({ openTicket, watching: () => watching });
  return { alerts, openTicket, watch: (p: string | null) => (watching = p) };
}

describe('alerts', () => {
  it('notify of a new ticket with its subject, and count it as unread', async () => {
    api.summary.mockResolvedValue(summaryOf());
    const { alerts, openTicket } = setUp();
    await alerts.onDeskEvent(event('new_ticket'));
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
  });

  it.each(['answered', 'rejected', 'commented'] as const)('notify of %s on my tickets, not on others (by default)', async (kind) => {
    const { alerts } = setUp();
    api.summary.mockResolvedValueOnce(summaryOf({ assignee: { id: OTHER_ID, name: 'Outra Pessoa' } }));
    await alerts.onDeskEvent(event(kind));
    expect(platform.notify).not.toHaveBeenCalled();
    api.summary.mockResolvedValueOnce(summaryOf({ assignee: { id: ME.id, name: ME.name } }));
    await alerts.onDeskEvent(event(kind));
    expect(platform.notify).toHaveBeenCalledTimes(1);
  });

  it('notify of answers on every ticket when the attendant asks for it', async () => {
    const { alerts } = setUp();
    alerts.savePrefs({ ...DEFAULT_PREFS, onlyMine: false });
    api.summary.mockResolvedValue(summaryOf({ assignee: { id: OTHER_ID, name: 'Outra Pessoa' } }));
    await alerts.onDeskEvent(event('answered'));
    expect(platform.notify).toHaveBeenCalledTimes(1);
  });

  it('respect the kinds switched off and the sound preference', async () => {
    const { alerts } = setUp();
    api.summary.mockResolvedValue(summaryOf());
    alerts.savePrefs({ ...DEFAULT_PREFS, kinds: { ...DEFAULT_PREFS.kinds, new_ticket: false }, sound: false });
    await alerts.onDeskEvent(event('new_ticket'));
    expect(platform.notify).not.toHaveBeenCalled();
    alerts.savePrefs({ ...alerts.prefs, kinds: { ...DEFAULT_PREFS.kinds } });
    await alerts.onDeskEvent(event('new_ticket'));
    expect(platform.notify.mock.calls[0]![0].silent).toBe(true);
  });

  it('keep the preferences per attendant on this computer', () => {
    const { alerts } = setUp();
    alerts.savePrefs({ ...DEFAULT_PREFS, sound: false });
    setActivePinia(createPinia());
    useSessionStore().user = ME;
    expect(useAlertsStore().prefs.sound).toBe(false);
    setActivePinia(createPinia());
    useSessionStore().user = { ...ME, id: OTHER_ID };
    expect(useAlertsStore().prefs.sound).toBe(true);
  });

  it('never alert for plain changes', async () => {
    const { alerts } = setUp();
    await alerts.onDeskEvent(event('changed'));
    expect(api.summary).not.toHaveBeenCalled();
    expect(platform.notify).not.toHaveBeenCalled();
  });

  it('still alert, tersely, when the ticket cannot be read', async () => {
    const { alerts } = setUp();
    api.summary.mockRejectedValue(new ApiError('network', 'sem rede'));
    await alerts.onDeskEvent(event('new_ticket'));
    expect(platform.notify.mock.calls[0]![0].body).toBe('Abra o chamado para ver os detalhes.');
  });

  it('skip the alert for the ticket the attendant is looking at', async () => {
    const { alerts, watch } = setUp();
    api.summary.mockResolvedValue(summaryOf({ assignee: { id: ME.id, name: ME.name } }));
    vi.spyOn(document, 'hasFocus').mockReturnValue(true);
    watch('2026-000042');
    await alerts.onDeskEvent(event('answered'));
    expect(platform.notify).not.toHaveBeenCalled();
  });

  it('mark alerts read one by one or all at once', async () => {
    const { alerts } = setUp();
    api.summary.mockImplementation(async (protocol: string) => summaryOf({ protocol }));
    await alerts.onDeskEvent(event('new_ticket', '2026-000001'));
    await alerts.onDeskEvent(event('new_ticket', '2026-000002'));
    await alerts.onDeskEvent(event('new_ticket', '2026-000001'));
    expect(alerts.unread.map((u) => u.protocol)).toEqual(['2026-000001', '2026-000002']);
    alerts.markRead('2026-000002');
    expect(alerts.count).toBe(1);
    alerts.markAllRead();
    expect(platform.setUnread).toHaveBeenLastCalledWith({ count: 0, items: [] });
  });

  it('describe an alert without the ticket', () => {
    expect(describeAlert('rejected', '2026-000007', null)).toEqual({ title: 'Solução recusada · 2026-000007', body: 'Abra o chamado para ver os detalhes.' });
  });
});
