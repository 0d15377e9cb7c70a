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
  it('keeps the session token in main, encrypted on disk, and gives the page only access tokens', async () => {
    const SESSION = 'tok_0123456789abcdefSESSION';
    const ACCESS = `at_${'a'.repeat(24)}_${(Date.now() + 300_000).toString(36)}_${'m'.repeat(43)}`;
    const server = vi.fn(async (url: string, init: RequestInit) => {
      const headers = init.headers as Record<string, string>;
      if (url === 'http://localhost:3000/trpc/auth.login') {
        expect(JSON.parse(init.body as string)).toEqual({ login: 'bruno', password: 'Senha-Forte-2026' });
        expect(headers.authorization).toBeUndefined();
        return Response.json({ result: { data: { token: SESSION, user: { id: 'u1', role: 'attendant' }, deviceToken: 'dev' } } });
      }
      if (url === 'http://localhost:3000/trpc/auth.accessToken') {
        expect(headers).toMatchObject({ authorization: `Bearer ${SESSION}`, 'x-cau-background': '1' });
        return Response.json({ result: { data: { accessToken: ACCESS, expiresAt: new Date(Date.now() + 300_000).toISOString() } } });
      }
      return Response.json({ error: { message: 'Recurso não encontrado.', data: { reason: 'not_found' } } }, { status: 404 });
    });
    vi.stubGlobal('fetch', server);
    try {
      const { call } = await start();
      await expect(call('session:access')).resolves.toEqual({ state: 'none' });
      const login = await call('session:exchange', 'auth.login', { login: 'bruno', password: 'Senha-Forte-2026' });
      expect(login).toEqual({ ok: true, data: { user: { id: 'u1', role: 'attendant' }, deviceToken: 'dev' } });
      expect(electron.safeStorage.encryptString).toHaveBeenCalledWith(SESSION);
      const access = await call('session:access');
      expect(access).toMatchObject({ state: 'ok', token: ACCESS });
      expect(JSON.stringify([login, access])).not.toContain(SESSION);
      await call('session:clear');
      await expect(call('session:access')).resolves.toEqual({ state: 'none' });
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('changes the server, forgets the session of the old one and reloads the page', async () => {
    const { call, window } = await start();
    vi.stubGlobal('fetch', async () => Response.json({ result: { data: { token: 'tok_0123456789abcdef', user: {} } } }));
    await call('session:exchange', 'auth.login', { login: 'bruno', password: 'x' });
    vi.unstubAllGlobals();
    await expect(call('settings:set', { serverUrl: 'https://atendimento.causp.gov.br/' })).resolves.toEqual({
      serverUrl: 'https://atendimento.causp.gov.br',
      apiBase: 'https://atendimento.causp.gov.br',
    });
    await expect(call('session:access')).resolves.toEqual({ state: 'none' });
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
