// @vitest-environment node
// Every IPC channel refuses calls from anything but the desk's own top-level page, and arguments
// that do not have exactly the contract's shape.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { INVOKE_CHANNELS, type InvokeChannel } from '../shared/contract';
import { FakeBrowserWindow, electron, resetElectron } from './electron.fake';
import { registerIpc, trustedSender, type InvokeHandlers } from './ipc';
import { isAppUrl } from './security';

vi.mock('electron', async () => (await import('./electron.fake')).electron);

const TOKEN = 'tok_0123456789abcdefABCDEF-_';
const ALERT = { protocol: '2026-000042', kind: 'new_ticket', title: 'Novo chamado', body: 'Assunto', silent: false };
const UNREAD = { count: 2, items: [{ protocol: '2026-000042', label: '2026-000042 · Novo chamado' }] };

/** One valid call per channel. */
const VALID: Record<InvokeChannel, unknown[]> = {
  'session:access': [],
  'session:exchange': ['auth.login', { login: 'bruno', password: 'Senha-Forte-2026', code: '123456' }],
  'session:clear': [],
  'settings:get': [],
  'settings:set': [{ serverUrl: 'https://atendimento.causp.gov.br' }],
  'alerts:notify': [ALERT],
  'alerts:unread': [UNREAD],
  'shell:open-external': ['https://www.causp.gov.br/'],
};

/** Calls main must refuse, per channel. */
const INVALID: Record<InvokeChannel, unknown[][]> = {
  'session:access': [['extra']],
  'session:exchange': [
    [],
    ['auth.login'],
    ['auth.signup', { login: 'bruno', password: 'x' }], // only the two calls that open a desk session
    ['desk.queue', {}],
    ['auth.login', { login: 'bruno', password: 'x', token: TOKEN }],
    ['account.changePassword', { currentPassword: 'x', newPassword: 'y', login: 'z' }],
    ['auth.login', { login: 'bruno', password: 42 }],
    ['auth.login', { login: 'bruno', password: 'x'.repeat(1001) }],
    ['auth.login', 'login=bruno'],
    ['auth.login', Object.assign(Object.create({ polluted: true }), { login: 'bruno' })],
    ['auth.login', { login: 'bruno' }, 'extra'],
    ['__proto__', {}],
  ],
  'session:clear': [[TOKEN]],
  'settings:get': [[{}]],
  'settings:set': [
    [],
    [{}],
    [{ serverUrl: 'http://example.com' }], // a token must not travel in clear text to another machine
    [{ serverUrl: 'file:///etc/passwd' }],
    [{ serverUrl: 'javascript:alert(1)' }],
    [{ serverUrl: 'https://user:pass@example.com' }],
    [{ serverUrl: 'https://example.com', extra: true }],
    ['https://example.com'],
  ],
  'alerts:notify': [
    [],
    [{ ...ALERT, protocol: '42' }],
    [{ ...ALERT, kind: 'hacked' }],
    [{ ...ALERT, title: 'x'.repeat(121) }],
    [{ ...ALERT, body: 'x'.repeat(301) }],
    [{ ...ALERT, silent: 'no' }],
    [{ ...ALERT, onClick: 'require("child_process")' }],
    [Object.assign(Object.create({ polluted: true }), ALERT)],
    [ALERT, ALERT],
  ],
  'alerts:unread': [
    [{ count: -1, items: [] }],
    [{ count: 1.5, items: [] }],
    [{ count: 1 }],
    [{ count: 1, items: [{ protocol: 'x', label: 'y' }] }],
    [{ count: 11, items: Array.from({ length: 11 }, () => UNREAD.items[0]) }],
    [{ count: '3', items: [] }],
  ],
  'shell:open-external': [[], ['file:///etc/passwd'], ['javascript:alert(1)'], ['smb://host/share'], ['https://a.b/', 'extra'], [{ href: 'https://a.b/' }]],
};

function setUp() {
  const handlers = Object.fromEntries(INVOKE_CHANNELS.map((c) => [c, vi.fn(async () => `result of ${c}`)])) as unknown as Record<InvokeChannel, ReturnType<typeof vi.fn>>;
  const window = new electron.BrowserWindow({}) as FakeBrowserWindow;
  registerIpc(handlers as unknown as InvokeHandlers, trustedSender(() => window as never, (url) => isAppUrl(url, null)));
  const event = (overrides: { sender?: unknown; frame?: unknown } = {}) => ({
    sender: 'sender' in overrides ? overrides.sender : window.webContents,
    senderFrame: 'frame' in overrides ? overrides.frame : window.webContents.mainFrame,
  });
  const call = (channel: string, e: unknown, ...args: unknown[]) => electron.ipcMain.handlers.get(channel)!(e, ...args);
  return { handlers, window, event, call };
}

beforeEach(resetElectron);

describe('registerIpc', () => {
  it('handles exactly the contract channels', () => {
    setUp();
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
  });

  it.each(INVOKE_CHANNELS)('%s: runs the handler for the desk page with valid arguments', async (channel) => {
    const { handlers, event, call } = setUp();
    await expect(call(channel, event(), ...VALID[channel])).resolves.toBe(`result of ${channel}`);
    expect(handlers[channel]).toHaveBeenCalledWith(...VALID[channel]);
  });

  it.each(INVOKE_CHANNELS)('%s: refuses a sender that is not the desk window', async (channel) => {
    const { handlers, event, call, window } = setUp();
    const otherContents = new electron.BrowserWindow({}).webContents;
    await expect(call(channel, event({ sender: otherContents }), ...VALID[channel])).rejects.toThrow(/sender/);
    await expect(call(channel, event({ frame: null }), ...VALID[channel])).rejects.toThrow(/sender/);
    // A subframe of the desk (an iframe the page was tricked into) is not the desk.
    await expect(call(channel, event({ frame: { url: 'app://desk/index.html', parent: window.webContents.mainFrame } }), ...VALID[channel])).rejects.toThrow(/sender/);
    // The desk window after navigating somewhere else is not the desk either.
    await expect(call(channel, event({ frame: { url: 'https://evil.example/', parent: null } }), ...VALID[channel])).rejects.toThrow(/sender/);
    window.destroyed = true;
    await expect(call(channel, event(), ...VALID[channel])).rejects.toThrow(/sender/);
    expect(handlers[channel]).not.toHaveBeenCalled();
  });

  it.each(INVOKE_CHANNELS.flatMap((channel) => INVALID[channel].map((args, i) => [channel, i, args] as const)))(
    '%s: refuses bad arguments #%i',
    async (channel, _i, args) => {
      const { handlers, event, call } = setUp();
      await expect(call(channel, event(), ...args)).rejects.toThrow(/invalid arguments/);
      expect(handlers[channel]).not.toHaveBeenCalled();
    },
  );

  it('every channel has refusal cases in this table', () => {
    for (const channel of INVOKE_CHANNELS) expect(INVALID[channel].length, channel).toBeGreaterThan(0);
  });

  it('can be undone', () => {
    const unregister = registerIpc({} as InvokeHandlers, () => true);
    unregister();
    expect(electron.ipcMain.handlers.size).toBe(0);
  });
});
