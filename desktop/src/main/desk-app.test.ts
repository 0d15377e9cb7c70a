// @vitest-environment node
// The composition root: what the desk asks of Electron at start, and the desktop-only handlers.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bootstrap } from './desk-app';
import { FakeBrowserWindow, FakeNotification, FakeWebContents, electron, resetElectron } from './electron.fake';

vi.mock('electron', async () => (await import('./electron.fake')).electron);

let dir: string;
beforeEach(async () => {
  resetElectron();
  dir = await mkdtemp(path.join(tmpdir(), 'cau-desk-app-'));
  electron.app.getPath.mockReturnValue(dir);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function start(devUrl: string | null = null) {
  bootstrap({ renderer: dir, preload: '/out/preload/index.cjs', resources: dir }, { devUrl });
  await vi.waitFor(() => expect(FakeBrowserWindow.instances).toHaveLength(1));
  const window = FakeBrowserWindow.instances[0]!;
  await vi.waitFor(() => expect(window.loadURL).toHaveBeenCalled());
  const call = (channel: string, ...args: unknown[]) =>
    electron.ipcMain.handlers.get(channel)!({ sender: window.webContents, senderFrame: window.webContents.mainFrame }, ...args);
  return { window, call };
}

describe('bootstrap', () => {
  it('registers app:// as a privileged scheme before the app is ready', () => {
    bootstrap({ renderer: dir, preload: 'p', resources: dir }, { devUrl: null });
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  it('loads the built page from app://desk/ in a secure window', async () => {
    const { window } = await start();
    expect(window.loadURL).toHaveBeenCalledWith('app://desk/index.html');
    expect(window.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, preload: '/out/preload/index.cjs' });
    expect(electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
  });

  it('quits when another instance already runs', () => {
    electron.app.requestSingleInstanceLock.mockReturnValueOnce(false);
    bootstrap({ renderer: dir, preload: 'p', resources: dir }, { devUrl: null });
    expect(electron.app.quit).toHaveBeenCalled();
  });

  it('locks down every web contents Electron creates', async () => {
    await start();
    const contents = new FakeWebContents();
    electron.app.emit('web-contents-created', {}, contents);
    expect(contents.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal).toHaveBeenCalledWith('https://evil.example/');
    expect(contents.navigate('will-navigate', 'https://evil.example/')).toBe(true);
  });

  it('refuses web permissions the desk does not use', async () => {
    await start();
    const answer = vi.fn();
    electron.session.defaultSession.permissionRequestHandler!({}, 'media', answer);
    expect(answer).toHaveBeenCalledWith(false);
    expect(electron.session.defaultSession.permissionCheckHandler!({}, 'notifications')).toBe(false);
  });

  it('in development, loads the dev server and sends the API through its proxy', async () => {
    const { window, call } = await start('http://localhost:5173');
    expect(window.loadURL).toHaveBeenCalledWith('http://localhost:5173');
    await expect(call('settings:get')).resolves.toEqual({ serverUrl: 'http://localhost:3000', apiBase: 'http://localhost:5173' });
  });
});

describe('desktop handlers', () => {
  it('keeps the session token in main, encrypted on disk', async () => {
    const { call } = await start();
    await expect(call('session:get')).resolves.toBeNull();
    await call('session:set', 'tok_0123456789abcdef');
    await expect(call('session:get')).resolves.toBe('tok_0123456789abcdef');
    expect(electron.safeStorage.encryptString).toHaveBeenCalledWith('tok_0123456789abcdef');
    await call('session:clear');
    await expect(call('session:get')).resolves.toBeNull();
  });

  it('changes the server, forgets the session of the old one and reloads the page', async () => {
    const { call, window } = await start();
    await call('session:set', 'tok_0123456789abcdef');
    await expect(call('settings:set', { serverUrl: 'https://atendimento.causp.gov.br/' })).resolves.toEqual({
      serverUrl: 'https://atendimento.causp.gov.br',
      apiBase: 'https://atendimento.causp.gov.br',
    });
    await expect(call('session:get')).resolves.toBeNull();
    await vi.waitFor(() => expect(window.webContents.reload).toHaveBeenCalled());
    // The page's policy now names the new server.
    const handler = electron.protocol.handle.mock.calls[0]![1] as (r: Request) => Promise<Response>;
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path.join(dir, 'index.html'), '<meta http-equiv="Content-Security-Policy" content="connect-src \'self\'">');
    const page = await handler(new Request('app://desk/index.html'));
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self' https://atendimento.causp.gov.br");
  });

  it('shows a native notification that opens its ticket when clicked', async () => {
    const { call, window } = await start();
    await call('alerts:notify', { protocol: '2026-000042', kind: 'new_ticket', title: 'Novo chamado · 2026-000042', body: 'Boleto', silent: true });
    const notification = FakeNotification.instances[0]!;
    expect(notification.options).toEqual({ title: 'Novo chamado · 2026-000042', body: 'Boleto', silent: true });
    expect(notification.show).toHaveBeenCalled();
    window.minimized = true;
    notification.emit('click');
    expect(window.restore).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
    expect(window.webContents.send).toHaveBeenCalledWith('ticket:open', '2026-000042');
  });

  it('puts the unread count on the badge', async () => {
    const { call } = await start();
    await call('alerts:unread', { count: 3, items: [] });
    expect(electron.app.setBadgeCount).toHaveBeenCalledWith(3);
  });

  it('opens only http(s) links in the system browser', async () => {
    const { call } = await start();
    await call('shell:open-external', 'https://www.causp.gov.br/');
    expect(electron.shell.openExternal).toHaveBeenCalledWith('https://www.causp.gov.br/');
  });
});
