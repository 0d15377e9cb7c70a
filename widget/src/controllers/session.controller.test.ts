import { LitElement } from 'lit';
import { describe, expect, it, vi } from 'vitest';
import { SessionController, sessionKey } from './session.controller';

const SESSION = { token: 'tok-123456789012', user: { id: 'u1', role: 'professional' as const, name: 'Ana Souza', login: 'ana', email: 'a@b.c' } };

class Host extends LitElement {
  ended = vi.fn();
  readonly session = new SessionController(this, this.ended);
}
customElements.define('test-session-host', Host);

async function host(api = 'https://a.test') {
  const el = document.createElement('test-session-host') as Host;
  document.body.append(el);
  el.session.load(api);
  await el.updateComplete;
  return el;
}

describe('SessionController', () => {
  it('keeps a session in sessionStorage (this tab) by default, under a key of its API', async () => {
    const el = await host();
    el.session.start(SESSION, false);
    expect(JSON.parse(sessionStorage.getItem(sessionKey('https://a.test'))!)).toEqual(SESSION);
    expect(localStorage.getItem(sessionKey('https://a.test'))).toBeNull();
  });

  it('keeps it in localStorage with "manter conectado", and finds it again', async () => {
    const el = await host();
    el.session.start(SESSION, true);
    expect(localStorage.getItem(sessionKey('https://a.test'))).not.toBeNull();
    const again = await host();
    expect(again.session.session).toEqual(SESSION);
    expect(again.session.persistent).toBe(true);
  });

  it('never mixes the sessions of two API servers', async () => {
    const a = await host('https://a.test');
    a.session.start(SESSION, true);
    const b = await host('https://b.test');
    expect(b.session.session).toBeNull();
    b.session.start({ ...SESSION, token: 'tok-bbbbbbbbbbbb' }, true);
    expect((await host('https://a.test')).session.token).toBe('tok-123456789012');
  });

  it('clears both storages on end', async () => {
    const el = await host();
    el.session.start(SESSION, true);
    el.session.end();
    expect(el.session.session).toBeNull();
    expect([...Object.keys(localStorage), ...Object.keys(sessionStorage)]).toEqual([]);
  });

  it('ignores a corrupted stored session', async () => {
    sessionStorage.setItem(sessionKey('https://a.test'), '{"token":1}');
    expect((await host()).session.session).toBeNull();
  });

  it('does not look like a sign-out to other tabs when the kept user is refreshed', async () => {
    const el = await host();
    el.session.start(SESSION, true);
    const removals: string[] = [];
    const removeItem = Storage.prototype.removeItem;
    Storage.prototype.removeItem = function (this: Storage, key: string) {
      if (this === localStorage) removals.push(key);
      return removeItem.call(this, key);
    };
    try {
      el.session.refreshUser({ ...SESSION.user, name: 'Ana Souza Lima' });
    } finally {
      Storage.prototype.removeItem = removeItem;
    }
    expect(removals).toEqual([]);
    expect(JSON.parse(localStorage.getItem(sessionKey('https://a.test'))!).user.name).toBe('Ana Souza Lima');
  });

  it('follows a kept session ended in another tab', async () => {
    const el = await host();
    el.session.start(SESSION, true);
    localStorage.removeItem(sessionKey('https://a.test'));
    window.dispatchEvent(new StorageEvent('storage', { key: sessionKey('https://a.test'), newValue: null, oldValue: 'x' }));
    expect(el.session.session).toBeNull();
    expect(el.ended).toHaveBeenCalled();
  });

  it('takes up the new token of a kept session whose password was changed in another tab', async () => {
    const el = await host();
    el.session.start(SESSION, true);
    const renewed = { ...SESSION, token: 'tok-renewed-000001' };
    localStorage.setItem(sessionKey('https://a.test'), JSON.stringify(renewed));
    window.dispatchEvent(new StorageEvent('storage', { key: sessionKey('https://a.test'), newValue: JSON.stringify(renewed), oldValue: 'x' }));
    expect(el.session.token).toBe('tok-renewed-000001');
    expect(el.ended).not.toHaveBeenCalled();
    const someoneElse = { token: 'tok-other-000001', user: { ...SESSION.user, id: 'u2' } };
    window.dispatchEvent(new StorageEvent('storage', { key: sessionKey('https://a.test'), newValue: JSON.stringify(someoneElse), oldValue: 'x' }));
    expect(el.session.token).toBe('tok-renewed-000001');
  });
});
