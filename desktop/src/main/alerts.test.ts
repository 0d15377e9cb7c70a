// @vitest-environment node
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createAlerts, notificationText, trayMenu, trayTooltip } from './alerts';
import { FakeBrowserWindow, FakeNotification, FakeTray, electron, resetElectron } from './electron.fake';

vi.mock('electron', async () => (await import('./electron.fake')).electron);

beforeEach(resetElectron);

function setUp(platform?: NodeJS.Platform) {
  const window = new FakeBrowserWindow({});
  const openTicket = vi.fn();
  const quit = vi.fn();
  const alerts = createAlerts({ window: () => window as never, openTicket, trayIcon: 'tray.png', quit, platform });
  return { window, openTicket, quit, alerts };
}

describe('native alerts', () => {
  it('do nothing where the system has no notifications', () => {
    FakeNotification.isSupported.mockReturnValueOnce(false);
    setUp().alerts.notify({ protocol: '2026-000001', kind: 'answered', title: 't', body: 'b', silent: false });
    expect(FakeNotification.instances).toHaveLength(0);
  });

  it('flash the taskbar when the count grows while the window is in the background', () => {
    const { alerts, window } = setUp();
    window.focused = false;
    alerts.setUnread({ count: 1, items: [] });
    expect(window.flashFrame).toHaveBeenCalledWith(true);
    window.flashFrame.mockClear();
    alerts.setUnread({ count: 0, items: [] });
    expect(window.flashFrame).not.toHaveBeenCalled();
  });

  it('keep the tray tooltip and menu in step with the unread alerts', () => {
    const { alerts, openTicket } = setUp();
    alerts.setUnread({ count: 2, items: [{ protocol: '2026-000042', label: '2026-000042 · Novo chamado' }] });
    const tray = FakeTray.instances[0]!;
    expect(tray.tooltip).toBe('Atendimento CAU/SP — 2 alertas não lidos');
    const template = (tray.menu as { template: Array<{ label?: string; click?: () => void }> }).template;
    template.find((i) => i.label === '2026-000042 · Novo chamado')!.click!();
    expect(openTicket).toHaveBeenCalledWith('2026-000042');
    expect(electron.app.setBadgeCount).toHaveBeenLastCalledWith(2);
  });
});

describe('tray wording', () => {
  it.each([[0, 'Atendimento CAU/SP'], [1, 'Atendimento CAU/SP — 1 alerta não lido'], [5, 'Atendimento CAU/SP — 5 alertas não lidos']])('%i → %s', (n, text) => {
    expect(trayTooltip(n)).toBe(text);
  });

  it('the menu always offers to open the desk and to quit', () => {
    const show = vi.fn();
    const quit = vi.fn();
    const items = trayMenu({ count: 0, items: [] }, { show, quit, openTicket: vi.fn() });
    items[0]!.click!(undefined as never, undefined as never, undefined as never);
    items.at(-1)!.click!(undefined as never, undefined as never, undefined as never);
    expect(show).toHaveBeenCalled();
    expect(quit).toHaveBeenCalled();
  });
});

describe('notification text', () => {
  const alert = {
    protocol: '2026-000007',
    kind: 'answered' as const,
    title: 'Resposta de <Ana> & cia',
    body: '<b>Boleto</b> & taxa > 2025 <a href="https://evil.example">clique</a>',
    silent: true,
  };

  it('is escaped on Linux, whose notification servers may render markup', () => {
    const { alerts, openTicket } = setUp('linux');
    alerts.notify(alert);
    const shown = FakeNotification.instances[0]!;
    expect(shown.options).toEqual({
      title: 'Resposta de &lt;Ana&gt; &amp; cia',
      body: '&lt;b&gt;Boleto&lt;/b&gt; &amp; taxa &gt; 2025 &lt;a href="https://evil.example"&gt;clique&lt;/a&gt;',
      silent: true,
    });
    expect(shown.show).toHaveBeenCalled();
    shown.emit('click');
    expect(openTicket).toHaveBeenCalledWith('2026-000007');
  });

  it.each(['win32', 'darwin'] as const)('is shown as typed on %s, which never render markup', (platform) => {
    setUp(platform).alerts.notify(alert);
    expect(FakeNotification.instances[0]!.options).toMatchObject({ title: alert.title, body: alert.body });
  });

  it('escapes an ampersand once, so already-escaped text shows as typed too', () => {
    expect(notificationText('&amp; <', 'linux')).toBe('&amp;amp; &lt;');
    expect(notificationText('sem marcação', 'linux')).toBe('sem marcação');
  });
});
