import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ME, SECURITY, api, resetApiMock } from '../test/api-mock';
import { DEFAULT_IDLE_MS, PING_EVERY_MS, WARNING_MS, useIdleStore } from './idle.store';
import { useSessionStore } from './session.store';

vi.mock('../api', async (original) => ({ ...(await original<object>()), ...(await import('../test/api-mock')).apiModule }));

const MINUTE = 60_000;

beforeEach(() => {
  resetApiMock();
  setActivePinia(createPinia());
  const session = useSessionStore();
  session.user = ME;
  session.status = 'authenticated';
  vi.useFakeTimers();
});
afterEach(() => {
  useIdleStore().stop();
  vi.useRealTimers();
});

const clock = (idleMs: number) => ({ ...ME, session: { idleMs, idleExpiresAt: new Date(Date.now() + idleMs).toISOString() } });

describe('idle sign-out', () => {
  it("takes the limit from auth.me's session clock, warns one minute before and signs out at the limit", async () => {
    api.me.mockResolvedValue(clock(5 * MINUTE));
    const idle = useIdleStore();
    const session = useSessionStore();
    idle.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(idle.limitMs).toBe(5 * MINUTE);
    await vi.advanceTimersByTimeAsync(4 * MINUTE - 2_000);
    expect(idle.warning).toBe(false);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(idle.warning).toBe(true);
    expect(idle.remainingSeconds).toBeLessThanOrEqual(WARNING_MS / 1000);
    expect(session.status).toBe('authenticated');
    await vi.advanceTimersByTimeAsync(WARNING_MS);
    expect(session.status).toBe('anonymous');
    expect(session.notice).toMatch(/inatividade/);
    expect(api.logout).toHaveBeenCalled();
  });

  it("counts the person's keys, pointer and focus, and nothing else", async () => {
    api.me.mockResolvedValue(clock(2 * MINUTE));
    const idle = useIdleStore();
    idle.start();
    await vi.advanceTimersByTimeAsync(90_000);
    expect(idle.warning).toBe(true);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'j' }));
    expect(idle.warning).toBe(false);
    await vi.advanceTimersByTimeAsync(90_000);
    window.dispatchEvent(new Event('pointerdown'));
    await vi.advanceTimersByTimeAsync(90_000);
    window.dispatchEvent(new Event('focus'));
    await vi.advanceTimersByTimeAsync(90_000);
    expect(useSessionStore().status).toBe('authenticated');
    // Live refreshes and timers are not the person: two quiet minutes end the session.
    await vi.advanceTimersByTimeAsync(31_000);
    expect(useSessionStore().status).toBe('anonymous');
  });

  it('pings the server at most once a minute while active, and once more after the last input', async () => {
    api.me.mockResolvedValue(clock(30 * MINUTE));
    const idle = useIdleStore();
    idle.start();
    await vi.advanceTimersByTimeAsync(0);
    api.me.mockClear();
    for (let i = 0; i < 50; i++) {
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
      await vi.advanceTimersByTimeAsync(1_000);
    }
    expect(api.me).toHaveBeenCalledTimes(0);
    await vi.advanceTimersByTimeAsync(PING_EVERY_MS);
    expect(api.me).toHaveBeenCalledTimes(1); // the trailing ping: the server's clock is not behind ours
    expect(api.me).toHaveBeenCalledWith(); // without the background header: this one is the person's activity
    await vi.advanceTimersByTimeAsync(5 * PING_EVERY_MS);
    expect(api.me).toHaveBeenCalledTimes(1);
  });

  it("falls back to the security settings' staff limit for an admin, and to 30 min otherwise", async () => {
    api.me.mockResolvedValue({ ...ME });
    api.securitySettings.get.mockResolvedValue({ ...SECURITY, staffIdleMinutes: 1 });
    useIdleStore().start();
    await vi.advanceTimersByTimeAsync(0);
    expect(useIdleStore().limitMs).toBe(DEFAULT_IDLE_MS);
    useIdleStore().stop();

    setActivePinia(createPinia());
    const session = useSessionStore();
    session.user = { ...ME, role: 'admin' };
    session.status = 'authenticated';
    const idle = useIdleStore();
    idle.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(idle.limitMs).toBe(MINUTE);
  });
});
