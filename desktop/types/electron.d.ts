// The part of Electron's API the desk's main process and preload use, declared by hand.
//
// Why this file exists: `electron` is an optional dependency whose install step downloads the
// Electron binary. Where that download is impossible (CI, offline machines) npm drops the package,
// and its type declarations go with it. tsconfig.node.json maps `electron` to the installed
// package's own declarations first (desktop/node_modules or the workspace root) and to this file
// only when the package is missing, so a machine with Electron installed typechecks against the
// real thing and this file can never shadow it.
//
// The contract: exactly the members src/main and src/preload use, with Electron 40's signatures
// for them (checked against electron@40.10.2's electron.d.ts). Deprecated listener arguments and
// options we do not pass are left out; a class that would otherwise be empty keeps one real member
// so that TypeScript does not treat it as `{}`. Using a new Electron API means declaring it here,
// as Electron 40 documents it, in the same change.

declare module 'electron' {
  import type { EventEmitter } from 'node:events';

  /** Electron's event object: `preventDefault()` plus the event's own fields. */
  type Event<Params extends object = {}> = {
    preventDefault: () => void;
    readonly defaultPrevented: boolean;
  } & Params;

  // ---- app ----

  interface App extends EventEmitter {
    on(event: 'web-contents-created', listener: (event: Event, webContents: WebContents) => void): this;
    on(event: 'before-quit', listener: (event: Event) => void): this;
    on(event: 'second-instance', listener: (event: Event, argv: string[], workingDirectory: string, additionalData: unknown) => void): this;
    /** macOS. */
    on(event: 'activate', listener: (event: Event, hasVisibleWindows: boolean) => void): this;
    on(event: 'window-all-closed', listener: () => void): this;
    whenReady(): Promise<void>;
    requestSingleInstanceLock(additionalData?: Record<any, any>): boolean;
    quit(): void;
    /** Windows. */
    setAppUserModelId(id: string): void;
    /** Linux and macOS. */
    setBadgeCount(count?: number): boolean;
    getPath(
      name: 'home' | 'appData' | 'assets' | 'userData' | 'sessionData' | 'temp' | 'exe' | 'module' | 'desktop' | 'documents'
        | 'downloads' | 'music' | 'pictures' | 'videos' | 'recent' | 'logs' | 'crashDumps',
    ): string;
    getAppPath(): string;
    readonly isPackaged: boolean;
  }
  const app: App;

  // ---- windows and web contents ----

  interface WebPreferences {
    allowRunningInsecureContent?: boolean;
    contextIsolation?: boolean;
    experimentalFeatures?: boolean;
    navigateOnDragDrop?: boolean;
    nodeIntegration?: boolean;
    nodeIntegrationInSubFrames?: boolean;
    nodeIntegrationInWorker?: boolean;
    preload?: string;
    safeDialogs?: boolean;
    sandbox?: boolean;
    spellcheck?: boolean;
    webSecurity?: boolean;
    webviewTag?: boolean;
  }

  interface BaseWindowConstructorOptions {
    autoHideMenuBar?: boolean;
    backgroundColor?: string;
    height?: number;
    icon?: NativeImage | string;
    minHeight?: number;
    minWidth?: number;
    show?: boolean;
    title?: string;
    width?: number;
  }

  interface BrowserWindowConstructorOptions extends BaseWindowConstructorOptions {
    webPreferences?: WebPreferences;
  }

  class BaseWindow extends EventEmitter {
    constructor(options?: BaseWindowConstructorOptions);
    on(event: 'close', listener: (event: Event) => void): this;
    on(event: 'closed', listener: () => void): this;
    flashFrame(flag: boolean): void;
    focus(): void;
    hide(): void;
    isDestroyed(): boolean;
    isFocused(): boolean;
    isMinimized(): boolean;
    restore(): void;
    show(): void;
  }

  class BrowserWindow extends BaseWindow {
    constructor(options?: BrowserWindowConstructorOptions);
    on(event: 'close', listener: (event: Event) => void): this;
    on(event: 'closed', listener: () => void): this;
    once(event: 'ready-to-show', listener: () => void): this;
    loadURL(url: string): Promise<void>;
    readonly webContents: WebContents;
  }

  interface HandlerDetails {
    url: string;
    frameName: string;
    features: string;
    disposition: 'default' | 'foreground-tab' | 'background-tab' | 'new-window' | 'other';
  }

  interface WindowOpenHandlerResponse {
    action: 'allow' | 'deny';
  }

  interface WebContentsWillNavigateEventParams {
    url: string;
    isSameDocument: boolean;
    isMainFrame: boolean;
    frame: WebFrameMain | null;
    initiator?: WebFrameMain | null;
  }

  interface WebContentsWillRedirectEventParams {
    url: string;
    isSameDocument: boolean;
    isMainFrame: boolean;
    frame: WebFrameMain | null;
    initiator?: WebFrameMain | null;
  }

  class WebContents extends EventEmitter {
    on(event: 'will-navigate', listener: (details: Event<WebContentsWillNavigateEventParams>) => void): this;
    on(event: 'will-redirect', listener: (details: Event<WebContentsWillRedirectEventParams>) => void): this;
    on(event: 'will-attach-webview', listener: (event: Event, webPreferences: WebPreferences, params: Record<string, string>) => void): this;
    setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void;
    send(channel: string, ...args: any[]): void;
    reload(): void;
  }

  class WebFrameMain extends EventEmitter {
    readonly parent: WebFrameMain | null;
    readonly url: string;
  }

  // ---- IPC ----

  interface IpcMainInvokeEvent extends Event {
    frameId: number;
    processId: number;
    sender: WebContents;
    /** Null once the frame has navigated or been destroyed. */
    readonly senderFrame: WebFrameMain | null;
  }

  interface IpcMain extends EventEmitter {
    handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: any[]) => Promise<any> | any): void;
    removeHandler(channel: string): void;
  }
  const ipcMain: IpcMain;

  interface IpcRendererEvent extends Event {
    sender: IpcRenderer;
  }

  interface IpcRenderer extends EventEmitter {
    invoke(channel: string, ...args: any[]): Promise<any>;
    on(channel: string, listener: (event: IpcRendererEvent, ...args: any[]) => void): this;
    removeListener(channel: string, listener: (event: IpcRendererEvent, ...args: any[]) => void): this;
  }
  const ipcRenderer: IpcRenderer;

  interface ContextBridge {
    exposeInMainWorld(apiKey: string, api: any): void;
  }
  const contextBridge: ContextBridge;

  // ---- the app:// scheme, the session, the system browser ----

  interface Privileges {
    standard?: boolean;
    secure?: boolean;
    bypassCSP?: boolean;
    allowServiceWorkers?: boolean;
    supportFetchAPI?: boolean;
    corsEnabled?: boolean;
    stream?: boolean;
    codeCache?: boolean;
    allowExtensions?: boolean;
  }

  interface CustomScheme {
    scheme: string;
    privileges?: Privileges;
  }

  interface Protocol {
    /** Only before the app is ready. */
    registerSchemesAsPrivileged(customSchemes: CustomScheme[]): void;
    handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
  }
  const protocol: Protocol;

  interface PermissionRequest {
    isMainFrame: boolean;
    requestingUrl: string;
  }

  interface PermissionCheckHandlerHandlerDetails {
    embeddingOrigin?: string;
    securityOrigin?: string;
    requestingUrl?: string;
    isMainFrame: boolean;
  }

  interface WebRequestFilter {
    urls: string[];
    excludeUrls?: string[];
  }

  interface OnHeadersReceivedListenerDetails {
    id: number;
    url: string;
    method: string;
    statusLine: string;
    statusCode: number;
    responseHeaders?: Record<string, string[]>;
  }

  interface HeadersReceivedResponse {
    cancel?: boolean;
    responseHeaders?: Record<string, string | string[]>;
    statusLine?: string;
  }

  class WebRequest {
    onHeadersReceived(
      filter: WebRequestFilter,
      listener: ((details: OnHeadersReceivedListenerDetails, callback: (headersReceivedResponse: HeadersReceivedResponse) => void) => void) | null,
    ): void;
    onHeadersReceived(
      listener: ((details: OnHeadersReceivedListenerDetails, callback: (headersReceivedResponse: HeadersReceivedResponse) => void) => void) | null,
    ): void;
  }

  class Session extends EventEmitter {
    static defaultSession: Session;
    setPermissionRequestHandler(
      handler:
        | ((
            webContents: WebContents,
            permission:
              | 'clipboard-read' | 'clipboard-sanitized-write' | 'display-capture' | 'fullscreen' | 'geolocation' | 'idle-detection'
              | 'media' | 'mediaKeySystem' | 'midi' | 'midiSysex' | 'notifications' | 'pointerLock' | 'keyboardLock' | 'openExternal'
              | 'speaker-selection' | 'storage-access' | 'top-level-storage-access' | 'window-management' | 'unknown' | 'fileSystem',
            callback: (permissionGranted: boolean) => void,
            details: PermissionRequest,
          ) => void)
        | null,
    ): void;
    setPermissionCheckHandler(
      handler:
        | ((
            webContents: WebContents | null,
            permission:
              | 'clipboard-read' | 'clipboard-sanitized-write' | 'geolocation' | 'fullscreen' | 'hid' | 'idle-detection' | 'media'
              | 'mediaKeySystem' | 'midi' | 'midiSysex' | 'notifications' | 'openExternal' | 'pointerLock' | 'serial'
              | 'storage-access' | 'top-level-storage-access' | 'usb' | 'deprecated-sync-clipboard-read' | 'fileSystem',
            requestingOrigin: string,
            details: PermissionCheckHandlerHandlerDetails,
          ) => boolean)
        | null,
    ): void;
    readonly webRequest: WebRequest;
  }
  const session: typeof Session;

  interface Shell {
    /** Resolves once the system has been asked to open the URL. */
    openExternal(url: string): Promise<void>;
  }
  const shell: Shell;

  // ---- the session token's encryption ----

  interface SafeStorage {
    decryptString(encrypted: Buffer): string;
    encryptString(plainText: string): Buffer;
    /** Linux only; `basic_text` is a hard-coded key, i.e. no protection. */
    getSelectedStorageBackend(): 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown';
    isEncryptionAvailable(): boolean;
  }
  const safeStorage: SafeStorage;

  // ---- alerts: notifications, tray, menus, images ----

  class NativeImage {
    static createFromPath(path: string): NativeImage;
    isEmpty(): boolean;
  }
  const nativeImage: typeof NativeImage;

  interface NotificationConstructorOptions {
    title?: string;
    body?: string;
    silent?: boolean;
  }

  interface NotificationCloseEventParams {
    reason?: 'userCanceled' | 'applicationHidden' | 'timedOut';
  }

  class Notification extends EventEmitter {
    static isSupported(): boolean;
    constructor(options?: NotificationConstructorOptions);
    on(event: 'click', listener: (event: Event) => void): this;
    on(event: 'close', listener: (details: Event<NotificationCloseEventParams>) => void): this;
    show(): void;
  }

  /** Electron's own keyboard-modifier structure, not the DOM's KeyboardEvent. */
  interface KeyboardEvent {
    altKey?: boolean;
    ctrlKey?: boolean;
    metaKey?: boolean;
    shiftKey?: boolean;
    triggeredByAccelerator?: boolean;
  }

  interface Rectangle {
    height: number;
    width: number;
    x: number;
    y: number;
  }

  interface Point {
    x: number;
    y: number;
  }

  class MenuItem {
    constructor(options: MenuItemConstructorOptions);
    enabled: boolean;
    label: string;
  }

  interface MenuItemConstructorOptions {
    click?: (menuItem: MenuItem, window: BaseWindow | undefined, event: KeyboardEvent) => void;
    type?: 'normal' | 'separator' | 'submenu' | 'checkbox' | 'radio' | 'header' | 'palette';
    label?: string;
    enabled?: boolean;
  }

  class Menu extends EventEmitter {
    static buildFromTemplate(template: Array<MenuItemConstructorOptions | MenuItem>): Menu;
    items: MenuItem[];
  }

  class Tray extends EventEmitter {
    constructor(image: NativeImage | string, guid?: string);
    on(event: 'click', listener: (event: KeyboardEvent, bounds: Rectangle, position: Point) => void): this;
    destroy(): void;
    setContextMenu(menu: Menu | null): void;
    setToolTip(toolTip: string): void;
  }
}
