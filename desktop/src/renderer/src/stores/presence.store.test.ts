import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ME, OTHER_ID, api, presence, resetApiMock } from '../test/api-mock';
import { HEARTBEAT_MS, TYPING_THROTTLE_MS, TYPING_TTL_MS, VIEWER_TTL_MS, usePresenceStore } from './presence.store';
import { useSessionStore } from './session.store';

vi.mock('../api', async (original) => ({ ...(await original<object>()), ...(await import('../test/api-mock')).apiModule }));

beforeEach(() => {
  resetApiMock();
  setActivePinia(createPinia());
  useSessionStore().user = ME;
  vi.useFakeTimers();
});
afterEach(() => {
  usePresenceStore().leave();
  vi.useRealTimers();
});

const CARLOS = { id: OTHER_ID, name: 'Carlos Mendes' };
const DIANA = { id: 'd'.repeat(24), name: 'Diana Souza' };

describe("this desk's presence", () => {
  it('says viewing on open and every 20 s, and left on leaving', async () => {
    const store = usePresenceStore();
    store.enter('2026-000042');
    expect(api.presence).toHaveBeenCalledWith('2026-000042', 'viewing');
    await vi.advanceTimersByTimeAsync(HEARTBEAT_MS * 3);
    expect(api.presence.mock.calls.filter((c) => c[1] === 'viewing')).toHaveLength(4);
    store.enter('2026-000043');
    expect(api.presence).toHaveBeenCalledWith('2026-000042', 'left');
    store.leave();
    expect(api.presence).toHaveBeenLastCalledWith('2026-000043', 'left');
    api.presence.mockClear();
    await vi.advanceTimersByTimeAsync(HEARTBEAT_MS * 2);
    expect(api.presence).not.toHaveBeenCalled();
  });

  it('says typing at most every 3 s', async () => {
    const store = usePresenceStore();
    store.enter('2026-000042');
    for (let i = 0; i < 30; i++) {
      store.typed();
      await vi.advanceTimersByTimeAsync(200);
    }
    const typing = api.presence.mock.calls.filter((c) => c[1] === 'typing').length;
    expect(typing).toBe(Math.ceil((30 * 200) / TYPING_THROTTLE_MS));
  });

  it('never fails loudly when presence cannot be sent', async () => {
    api.presence.mockRejectedValue(new Error('offline'));
    const store = usePresenceStore();
    store.enter('2026-000042');
    await vi.advanceTimersByTimeAsync(HEARTBEAT_MS);
    expect(store.protocol).toBe('2026-000042');
  });
});

describe("colleagues' presence", () => {
  it('starts from desk.get viewers (never listing me), then follows viewing, typing and left', async () => {
    const store = usePresenceStore();
    store.enter('2026-000042');
    store.seed('2026-000042', [{ ...CARLOS, typing: false }, { id: ME.id, name: ME.name, typing: false }]);
    expect(store.viewers.map((v) => v.name)).toEqual(['Carlos Mendes']);
    store.onDeskEvent(presence('typing', DIANA));
    expect(store.viewers.map((v) => v.name)).toEqual(['Carlos Mendes', 'Diana Souza']);
    expect(store.typing.map((v) => v.name)).toEqual(['Diana Souza']);
    await vi.advanceTimersByTimeAsync(TYPING_TTL_MS + 2_000);
    expect(store.typing).toEqual([]);
    store.onDeskEvent(presence('left', CARLOS));
    expect(store.viewers.map((v) => v.name)).toEqual(['Diana Souza']);
  });

  it('keeps a colleague heard live when a desk.get computed before their arrival answers afterwards', () => {
    const store = usePresenceStore();
    store.enter('2026-000042');
    store.seed('2026-000042', []);
    store.onDeskEvent(presence('viewing', CARLOS));
    // The ticket is fetched again (e.g. after a change) and that answer predates Carlos's heartbeat.
    store.seed('2026-000042', [{ ...DIANA, typing: false }]);
    expect(store.viewers.map((v) => v.name)).toEqual(['Carlos Mendes', 'Diana Souza']);
  });

  it('ignores other tickets and my own events, and forgets a colleague not heard from for 30 s', async () => {
    const store = usePresenceStore();
    store.enter('2026-000042');
    store.onDeskEvent(presence('viewing', CARLOS, '2026-000099'));
    store.onDeskEvent(presence('viewing', { id: ME.id, name: ME.name }));
    expect(store.viewers).toEqual([]);
    store.onDeskEvent(presence('viewing', CARLOS));
    expect(store.viewers).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(VIEWER_TTL_MS + 2_000);
    expect(store.viewers).toEqual([]);
  });
});
