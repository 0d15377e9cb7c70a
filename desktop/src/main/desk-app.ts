// Wires the desk's main process: the app:// scheme, the one window, IPC, alerts and the tray.
import path from 'node:path';
import { BrowserWindow, app, nativeImage, protocol, session, shell } from 'electron';
import { APP_SCHEME, isExternalUrl, type DeskSettingsView } from '../shared/contract';
import { createAlerts } from './alerts';
import { APP_ENTRY, appRequestHandler, registerAppScheme } from './app-protocol';
import { registerIpc, trustedSender, type InvokeHandlers } from './ipc';
import { contentSecurityPolicy, isAppUrl, originOf } from './security';
import { createSessionBroker } from './session-broker';
import { createSettingsStore } from './settings-store';
import { createTokenStore } from './token-store';
import { createMainWindow, lockDown, permissionAllowed } from './window';

export interface DeskPaths {
  /** out/renderer (the built page). */
  renderer: string;
  /** out/preload/index.cjs. */
  preload: string;
  /** desktop/resources. */
  resources: string;
}

export interface DeskEnv {
  /** electron-vite's dev server while developing (`npm run dev`), else null. */
  devUrl: string | null;
  /** CAU_SERVER_URL: the default server before the user picks one. */
  defaultServerUrl?: string;
}

/** Call at load time, before `app` is ready. */
export function bootstrap(paths: DeskPaths, env: DeskEnv): void {
  registerAppScheme();
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  const devOrigin = env.devUrl ? new URL(env.devUrl).origin : null;
  const isApp = (url: string) => isAppUrl(url, devOrigin);
  const openExternal = (url: string) => {
    if (isExternalUrl(url)) void shell.openExternal(url);
  };
  // Every web contents, whoever creates it, gets the same locks.
  app.on('web-contents-created', (_event, contents) => lockDown(contents, { isAppUrl: isApp, openExternal }));

  let window: BrowserWindow | null = null;
  let quitting = false;
  app.on('before-quit', () => {
    quitting = true;
  });

  void app.whenReady().then(async () => {
    app.setAppUserModelId('br.gov.causp.atendimento');
    const userData = app.getPath('userData');
    const settings = createSettingsStore(path.join(userData, 'settings.json'), env.defaultServerUrl);
    const tokens = createTokenStore(path.join(userData, 'session.bin'));
    // The session token stays here; the page gets short-lived access tokens (session-broker.ts).
    const sessions = createSessionBroker({ tokens, serverUrl: async () => (await settings.get()).serverUrl });
    let policy = contentSecurityPolicy([originOf((await settings.get()).serverUrl)]);

    protocol.handle(APP_SCHEME, appRequestHandler(paths.renderer, () => policy));
    session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(permissionAllowed(permission)));
    session.defaultSession.setPermissionCheckHandler((_contents, permission) => permissionAllowed(permission));
    if (devOrigin) {
      // The dev server's pages get the policy as a header; the API goes through its /trpc proxy.
      const devPolicy = contentSecurityPolicy([devOrigin.replace(/^http/, 'ws')], { dev: true });
      session.defaultSession.webRequest.onHeadersReceived({ urls: [`${devOrigin}/*`] }, (details, callback) => {
        callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [devPolicy] } });
      });
    }

    const view = async (): Promise<DeskSettingsView> => {
      const current = await settings.get();
      return { ...current, apiBase: devOrigin ?? current.serverUrl };
    };

    const alerts = createAlerts({
      window: () => window,
      trayIcon: nativeImage.createFromPath(path.join(paths.resources, 'tray.png')),
      openTicket(protocolNumber) {
        alerts.show();
        window?.webContents.send('ticket:open', protocolNumber);
      },
      quit: () => app.quit(),
    });

    const handlers: InvokeHandlers = {
      'session:access': () => sessions.access(),
      'session:exchange': (procedure, input) => sessions.exchange(procedure, input),
      'session:clear': () => sessions.clear(),
      'settings:get': view,
      async 'settings:set'(next) {
        const saved = await settings.set(next);
        policy = contentSecurityPolicy([originOf(saved.serverUrl)]);
        await sessions.clear(); // a session belongs to the server that issued it
        setImmediate(() => window?.webContents.reload()); // the page's policy names the old server
        return { ...saved, apiBase: devOrigin ?? saved.serverUrl };
      },
      'alerts:notify': (alert) => alerts.notify(alert),
      'alerts:unread': (unread) => alerts.setUnread(unread),
      'shell:open-external': (url) => openExternal(url),
    };
    registerIpc(handlers, trustedSender(() => window, isApp));

    window = createMainWindow(paths.preload, nativeImage.createFromPath(path.join(paths.resources, 'icon.png')));
    alerts.init();
    window.on('close', (event) => {
      // With a tray icon the desk keeps running (and alerting) when its window is closed.
      if (!quitting && alerts.hasTray() && process.platform !== 'darwin') {
        event.preventDefault();
        window?.hide();
      }
    });
    window.on('closed', () => {
      window = null;
    });
    app.on('second-instance', () => alerts.show());
    app.on('activate', () => alerts.show());
    await window.loadURL(env.devUrl ?? APP_ENTRY);
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
