// Native alerts: the notification itself, the unread count on the dock/taskbar badge, and the tray
// icon whose tooltip and menu list what is waiting. The renderer decides what deserves an alert.
import { Menu, Notification, Tray, app, type BrowserWindow, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import type { DeskAlert, UnreadSummary } from '../shared/contract';

export interface AlertsOptions {
  window(): BrowserWindow | null;
  /** Brings the window forward on this ticket. */
  openTicket(protocol: string): void;
  trayIcon: NativeImage | string;
  quit(): void;
  /** Where the desk runs; process.platform unless a test says otherwise. */
  platform?: NodeJS.Platform;
}

const MARKUP: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Notification text as the platform's notification server needs it. On Linux, servers that follow
 * the freedesktop spec may render markup in the body (and some in the title): a subject such as
 * "<b>Boleto</b> & taxa" must show as typed, not in bold or cut at the `&`.
 */
export function notificationText(text: string, platform: NodeJS.Platform): string {
  return platform === 'linux' ? text.replace(/[&<>]/g, (c) => MARKUP[c]!) : text;
}

const unreadLabel = (count: number) => `${count} ${count === 1 ? 'alerta não lido' : 'alertas não lidos'}`;

export function trayTooltip(count: number): string {
  return count === 0 ? 'Atendimento CAU/SP' : `Atendimento CAU/SP — ${unreadLabel(count)}`;
}

export function trayMenu(unread: UnreadSummary, options: Pick<AlertsOptions, 'openTicket' | 'quit'> & { show(): void }): MenuItemConstructorOptions[] {
  const items: MenuItemConstructorOptions[] = [{ label: 'Abrir Atendimento CAU/SP', click: () => options.show() }];
  if (unread.items.length > 0) {
    items.push({ type: 'separator' }, { label: unreadLabel(unread.count), enabled: false });
    for (const item of unread.items) items.push({ label: item.label, click: () => options.openTicket(item.protocol) });
  }
  items.push({ type: 'separator' }, { label: 'Sair', click: () => options.quit() });
  return items;
}

export function createAlerts(options: AlertsOptions) {
  let tray: Tray | null = null;
  let unread: UnreadSummary = { count: 0, items: [] };
  // A notification that is garbage-collected loses its click handler: hold each until it closes.
  const shown = new Set<Notification>();

  const show = () => {
    const window = options.window();
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };

  const refreshTray = () => {
    if (!tray) {
      try {
        tray = new Tray(options.trayIcon);
        tray.on('click', show);
      } catch {
        return; // no system tray on this desktop
      }
    }
    tray.setToolTip(trayTooltip(unread.count));
    tray.setContextMenu(Menu.buildFromTemplate(trayMenu(unread, { ...options, show })));
  };

  return {
    show,
    notify(alert: DeskAlert) {
      if (!Notification.isSupported()) return;
      const platform = options.platform ?? process.platform;
      const notification = new Notification({
        title: notificationText(alert.title, platform),
        body: notificationText(alert.body, platform),
        silent: alert.silent,
      });
      shown.add(notification);
      notification.on('click', () => {
        shown.delete(notification);
        options.openTicket(alert.protocol);
      });
      notification.on('close', () => shown.delete(notification));
      notification.show();
    },
    setUnread(next: UnreadSummary) {
      const grew = next.count > unread.count;
      unread = next;
      app.setBadgeCount(next.count);
      const window = options.window();
      if (grew && window && !window.isDestroyed() && !window.isFocused()) window.flashFrame(true);
      refreshTray();
    },
    /** The tray, so closing the window can keep the desk (and its alerts) running. */
    hasTray: () => tray !== null,
    init: refreshTray,
    destroy() {
      tray?.destroy();
      tray = null;
    },
  };
}
