// A stand-in for the `electron` module in main and preload tests (the binary is not needed):
// records what the code under test asks of Electron and lets tests fire Electron's events.
// Tests install it with `vi.mock('electron', async () => (await import('./electron.fake')).electron)`.
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

export type Listener = (...args: unknown[]) => unknown;

/** A web contents: the events and handlers the desk installs on it. */
export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: 'deny' | 'allow' }) | null = null;
  readonly mainFrame = { url: 'app://desk/index.html', parent: null as unknown };
  readonly send = vi.fn();
  readonly reload = vi.fn();
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' | 'allow' }) {
    this.windowOpenHandler = handler;
  }
  /** Emits a navigation-style event and tells whether a listener prevented it. */
  navigate(event: 'will-navigate' | 'will-redirect' | 'will-attach-webview', url: string): boolean {
    let prevented = false;
    this.emit(event, { url, preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly loadURL = vi.fn(async (_url: string) => undefined);
  readonly setIcon = vi.fn();
  readonly show = vi.fn();
  readonly hide = vi.fn();
  readonly focus = vi.fn();
  readonly restore = vi.fn();
  readonly flashFrame = vi.fn();
  minimized = false;
  focused = true;
  destroyed = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
  isDestroyed() {
    return this.destroyed;
  }
  isMinimized() {
    return this.minimized;
  }
  isFocused() {
    return this.focused;
  }
}

export class FakeNotification extends EventEmitter {
  static instances: FakeNotification[] = [];
  static isSupported = vi.fn(() => true);
  readonly show = vi.fn();
  constructor(readonly options: { title: string; body: string; silent: boolean }) {
    super();
    FakeNotification.instances.push(this);
  }
}

export class FakeTray extends EventEmitter {
  static instances: FakeTray[] = [];
  tooltip = '';
  menu: unknown = null;
  readonly destroy = vi.fn();
  constructor(readonly image: unknown) {
    super();
    FakeTray.instances.push(this);
  }
  setToolTip(text: string) {
    this.tooltip = text;
  }
  setContextMenu(menu: unknown) {
    this.menu = menu;
  }
}

function createElectron() {
  const handlers = new Map<string, Listener>();
  const rendererListeners = new Map<string, Set<Listener>>();
  const app = Object.assign(new EventEmitter(), {
    ready: Promise.resolve() as Promise<void>,
    whenReady: vi.fn(() => app.ready),
    requestSingleInstanceLock: vi.fn(() => true),
    quit: vi.fn(),
    setAppUserModelId: vi.fn(),
    setBadgeCount: vi.fn(() => true),
    getPath: vi.fn((_name: string) => '/tmp/cau-desk-test'),
    getAppPath: vi.fn(() => '/tmp/cau-desk-app'),
    isPackaged: false,
  });
  type RequestHandler = (contents: unknown, permission: string, callback: (ok: boolean) => void) => void;
  type CheckHandler = (contents: unknown, permission: string) => boolean;
  const defaultSession = {
    permissionRequestHandler: null as RequestHandler | null,
    permissionCheckHandler: null as CheckHandler | null,
    setPermissionRequestHandler(handler: RequestHandler | null) {
      defaultSession.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler: CheckHandler | null) {
      defaultSession.permissionCheckHandler = handler;
    },
    webRequest: { onHeadersReceived: vi.fn() },
  };
  return {
    app,
    BrowserWindow: FakeBrowserWindow,
    Notification: FakeNotification,
    Tray: FakeTray,
    Menu: { buildFromTemplate: vi.fn((template: unknown[]) => ({ template })) },
    nativeImage: { createFromPath: vi.fn((p: string) => ({ path: p })) },
    shell: { openExternal: vi.fn(async () => undefined) },
    protocol: {
      registerSchemesAsPrivileged: vi.fn(),
      handle: vi.fn(),
    },
    session: { defaultSession },
    safeStorage: {
      isEncryptionAvailable: vi.fn(() => true),
      getSelectedStorageBackend: vi.fn(() => 'gnome_libsecret'),
      encryptString: vi.fn((text: string) => Buffer.from(`enc:${Buffer.from(text).toString('base64')}`)),
      decryptString: vi.fn((data: Buffer) => {
        const text = data.toString();
        if (!text.startsWith('enc:')) throw new Error('cannot decrypt');
        return Buffer.from(text.slice(4), 'base64').toString();
      }),
    },
    ipcMain: {
      handlers,
      handle: vi.fn((channel: string, handler: Listener) => {
        if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
        handlers.set(channel, handler);
      }),
      removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
    },
    ipcRenderer: {
      listeners: rendererListeners,
      invoke: vi.fn(async (..._args: unknown[]): Promise<unknown> => undefined),
      on: vi.fn((channel: string, listener: Listener) => {
        if (!rendererListeners.has(channel)) rendererListeners.set(channel, new Set());
        rendererListeners.get(channel)!.add(listener);
      }),
      removeListener: vi.fn((channel: string, listener: Listener) => rendererListeners.get(channel)?.delete(listener)),
    },
    contextBridge: { exposeInMainWorld: vi.fn() },
  };
}

export const electron = createElectron();
export type FakeElectron = typeof electron;

/** Clears what earlier tests recorded. */
export function resetElectron(): void {
  FakeBrowserWindow.instances = [];
  FakeNotification.instances = [];
  FakeTray.instances = [];
  electron.ipcMain.handlers.clear();
  electron.ipcRenderer.listeners.clear();
  electron.app.removeAllListeners();
  vi.clearAllMocks();
}
