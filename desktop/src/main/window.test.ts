// @vitest-environment node
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow, FakeWebContents, electron, resetElectron } from './electron.fake';
import { createMainWindow, lockDown, permissionAllowed, secureWebPreferences } from './window';
import { isAppUrl } from './security';

vi.mock('electron', async () => (await import('./electron.fake')).electron);

beforeEach(resetElectron);

describe('the desk window', () => {
  it('is isolated, sandboxed, without Node and with web security', () => {
    createMainWindow('/app/out/preload/index.cjs');
    const prefs = FakeBrowserWindow.instances[0]!.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
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
    });
    expect(prefs).toEqual(secureWebPreferences('/app/out/preload/index.cjs'));
  });

  it('has DevTools while developing and none once packaged', () => {
    electron.app.isPackaged = false;
    createMainWindow('/p.cjs');
    electron.app.isPackaged = true;
    try {
      createMainWindow('/p.cjs');
    } finally {
      electron.app.isPackaged = false;
    }
    const [dev, packaged] = FakeBrowserWindow.instances.map((w) => w.options.webPreferences as Record<string, unknown>);
    expect(dev!.devTools).toBe(true);
    expect(packaged!.devTools).toBe(false);
    expect(packaged).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
  });

  it('shows itself only once the page is ready (no white flash)', () => {
    const window = createMainWindow('/p.cjs') as unknown as FakeBrowserWindow;
    expect(window.options.show).toBe(false);
    window.emit('ready-to-show');
    expect(window.show).toHaveBeenCalled();
  });
});

describe('every web contents is locked down', () => {
  const openExternal = vi.fn();
  const setUp = () => {
    const contents = new FakeWebContents();
    lockDown(contents as never, { isAppUrl: (url) => isAppUrl(url, null), openExternal });
    return contents;
  };
  beforeEach(() => openExternal.mockReset());

  it.each([
    ['https://www.causp.gov.br/', true],
    ['http://example.com/page', true],
    ['app://desk/index.html#/fila/todo', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['mailto:alguem@exemplo.com', false],
    ['smb://server/share', false],
  ])('denies every new window (%s), sending only http(s) to the system browser', (url, external) => {
    const contents = setUp();
    expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
    if (external) expect(openExternal).toHaveBeenCalledWith(url);
    else expect(openExternal).not.toHaveBeenCalled();
  });

  it('lets the page navigate within the app only', () => {
    const contents = setUp();
    expect(contents.navigate('will-navigate', 'app://desk/index.html#/entrar')).toBe(false);
    expect(contents.navigate('will-navigate', 'app://other/index.html')).toBe(true);
    expect(contents.navigate('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.navigate('will-navigate', 'http://localhost:5173/')).toBe(true);
    expect(openExternal).toHaveBeenCalledTimes(1); // only the http URL
    expect(openExternal).toHaveBeenCalledWith('http://localhost:5173/');
  });

  it('opens an external link the page navigates to in the system browser instead', () => {
    const contents = setUp();
    expect(contents.navigate('will-navigate', 'https://siccau.caubr.gov.br/')).toBe(true);
    expect(openExternal).toHaveBeenCalledWith('https://siccau.caubr.gov.br/');
  });

  it('refuses redirects out of the app and any <webview>', () => {
    const contents = setUp();
    expect(contents.navigate('will-redirect', 'https://evil.example/')).toBe(true);
    expect(contents.navigate('will-redirect', 'app://desk/index.html')).toBe(false);
    expect(contents.navigate('will-attach-webview', 'https://evil.example/')).toBe(true);
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('accepts the dev server only when one is running', () => {
    const contents = new FakeWebContents();
    lockDown(contents as never, { isAppUrl: (url) => isAppUrl(url, 'http://localhost:5173'), openExternal });
    expect(contents.navigate('will-navigate', 'http://localhost:5173/#/fila/todo')).toBe(false);
    expect(contents.navigate('will-navigate', 'http://localhost:5174/')).toBe(true);
  });
});

describe('web permissions', () => {
  it.each(['notifications', 'media', 'geolocation', 'openExternal', 'clipboard-read', 'display-capture', 'unknown'])('refuses %s', (permission) => {
    expect(permissionAllowed(permission)).toBe(false);
  });
  it('allows writing to the clipboard (copying a protocol)', () => {
    expect(permissionAllowed('clipboard-sanitized-write')).toBe(true);
  });
});

void electron;
