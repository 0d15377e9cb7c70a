// The desk's one window and the rules every web contents lives by: isolated, sandboxed, no Node,
// no new windows, no navigation away from the app, no permissions it does not need.
import { BrowserWindow, app, type NativeImage, type WebContents } from 'electron';
import { isExternalUrl } from '../shared/contract';

/** DevTools only while developing: a packaged desk gives nobody a console into its session. */
export function secureWebPreferences(preload: string, devTools = !app.isPackaged) {
  return {
    preload,
    devTools,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: true,
  } as const;
}

export function createMainWindow(preload: string, icon?: NativeImage): BrowserWindow {
  const window = new BrowserWindow({
    ...(icon ? { icon } : {}), // Windows and Linux; macOS takes the bundle's icon
    width: 1360,
    height: 880,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'Atendimento CAU/SP',
    backgroundColor: '#f5f6f8',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(preload),
  });
  window.once('ready-to-show', () => window.show());
  return window;
}

export interface LockDownOptions {
  isAppUrl(url: string): boolean;
  openExternal(url: string): void;
}

/** Applied to every web contents Electron creates (app.on('web-contents-created')). */
export function lockDown(contents: WebContents, options: LockDownOptions): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalUrl(url) && !options.isAppUrl(url)) options.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    if (options.isAppUrl(event.url)) return;
    event.preventDefault();
    if (isExternalUrl(event.url)) options.openExternal(event.url);
  });
  contents.on('will-redirect', (event) => {
    if (!options.isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Writing to the clipboard (copy a protocol) is the only web permission the desk uses. */
export function permissionAllowed(permission: string): boolean {
  return permission === 'clipboard-sanitized-write';
}
