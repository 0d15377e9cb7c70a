// The web build's platform: session in sessionStorage, alerts through the Notification API.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { detectPlatform } from './platform';

const ALERT = { protocol: '2026-000042', kind: 'new_ticket' as const, title: 'Novo chamado · 2026-000042', body: 'Boleto', silent: true };

class FakeNotification {
  static permission: NotificationPermission = 'granted';
  static requestPermission = vi.fn(async () => 'granted' as NotificationPermission);
  static created: FakeNotification[] = [];
  onclick: (() => void) | null = null;
  close = vi.fn();
  constructor(readonly title: string, readonly options: NotificationOptions) {
    FakeNotification.created.push(this);
  }
}

beforeEach(() => {
  FakeNotification.created = [];
  FakeNotification.permission = 'granted';
  vi.stubGlobal('Notification', FakeNotification);
  sessionStorage.clear();
  localStorage.clear();
});
afterEach(() => {
  vi.unstubAllGlobals();
  delete (window as unknown as Record<string, unknown>).cauDesk;
});

describe('the web platform', () => {
  it('works against the server that published it', async () => {
    const platform = detectPlatform();
    expect(platform.kind).toBe('web');
    await expect(platform.settings()).resolves.toEqual({ serverUrl: window.location.origin, apiBase: window.location.origin });
  });

  it('keeps the session token in sessionStorage only', async () => {
    const platform = detectPlatform();
    await expect(platform.restoreSession()).resolves.toBe('none');
    const answer = await platform.openSession('auth.login', { login: 'bruno' }, async () => ({ token: 'tok_0123456789abcdef', user: { id: 'u1' } }));
    expect(answer).toEqual({ user: { id: 'u1' } });
    await expect(platform.restoreSession()).resolves.toBe('saved');
    await expect(platform.accessToken()).resolves.toBe('tok_0123456789abcdef');
    expect(localStorage.length).toBe(0);
    await platform.clearToken();
    await expect(platform.accessToken()).resolves.toBeNull();
  });

  it('shows a notification that focuses the desk on its ticket when clicked', () => {
    const platform = detectPlatform();
    const onClick = vi.fn();
    platform.notify(ALERT, onClick);
    const [shown] = FakeNotification.created;
    expect(shown!.title).toBe(ALERT.title);
    expect(shown!.options).toMatchObject({ body: 'Boleto', tag: 'new_ticket:2026-000042', silent: true });
    shown!.onclick!();
    expect(onClick).toHaveBeenCalled();
    expect(shown!.close).toHaveBeenCalled();
  });

  it('shows nothing without permission', () => {
    FakeNotification.permission = 'denied';
    detectPlatform().notify(ALERT, vi.fn());
    expect(FakeNotification.created).toHaveLength(0);
    expect(detectPlatform().notificationPermission()).toBe('denied');
  });
});

describe('the Electron platform', () => {
  it('goes through the preload bridge for the session, the settings and the alerts', async () => {
    const bridge = {
      getAccessToken: vi.fn(async () => ({ state: 'ok', token: 'at_access', expiresAt: '2026-12-07T12:05:00.000Z' })),
      exchangeSession: vi.fn(async () => ({ ok: true, data: { user: { id: 'u1' } } })),
      clearSession: vi.fn(async () => undefined),
      getSettings: vi.fn(async () => ({ serverUrl: 'https://atendimento.causp.gov.br', apiBase: 'https://atendimento.causp.gov.br' })),
      setSettings: vi.fn(async () => ({ serverUrl: 'x', apiBase: 'x' })),
      notify: vi.fn(async () => undefined),
      setUnread: vi.fn(async () => undefined),
      openExternal: vi.fn(async () => undefined),
      onOpenTicket: vi.fn(() => () => undefined),
    };
    (window as unknown as Record<string, unknown>).cauDesk = bridge;
    const platform = detectPlatform();
    expect(platform.kind).toBe('electron');
    await expect(platform.restoreSession()).resolves.toBe('saved');
    await expect(platform.accessToken()).resolves.toBe('at_access');
    // Main makes the login call; the page never calls the server for it nor sees a session token.
    const direct = vi.fn();
    await expect(platform.openSession('auth.login', { login: 'bruno', password: 'x', code: undefined }, direct)).resolves.toEqual({ user: { id: 'u1' } });
    expect(direct).not.toHaveBeenCalled();
    expect(bridge.exchangeSession).toHaveBeenCalledWith('auth.login', { login: 'bruno', password: 'x' });
    bridge.exchangeSession.mockResolvedValueOnce({ ok: false, error: { reason: 'mfa_required', message: 'Informe o código.', fields: { code: 'Informe o código.' } } } as never);
    await expect(platform.openSession('auth.login', { login: 'bruno', password: 'x' }, direct)).rejects.toMatchObject({
      name: 'ApiError', reason: 'mfa_required', message: 'Informe o código.', fields: { code: 'Informe o código.' },
    });
    bridge.getAccessToken.mockResolvedValueOnce({ state: 'unreachable' } as never);
    await expect(platform.restoreSession()).resolves.toBe('unreachable');
    bridge.getAccessToken.mockResolvedValueOnce({ state: 'none' } as never);
    await expect(platform.accessToken()).resolves.toBeNull();
    await platform.clearToken();
    expect(bridge.clearSession).toHaveBeenCalled();
    expect(sessionStorage.length).toBe(0);
    platform.notify(ALERT, vi.fn());
    expect(bridge.notify).toHaveBeenCalledWith(ALERT);
    platform.setUnread({ count: 2, items: [] });
    expect(bridge.setUnread).toHaveBeenCalledWith({ count: 2, items: [] });
    platform.download('https://atendimento.causp.gov.br/files/abc');
    expect(bridge.openExternal).toHaveBeenCalledWith('https://atendimento.causp.gov.br/files/abc');
    await platform.setServerUrl('https://outro.causp.gov.br');
    expect(bridge.setSettings).toHaveBeenCalledWith({ serverUrl: 'https://outro.causp.gov.br' });
  });
});
