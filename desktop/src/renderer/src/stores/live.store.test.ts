import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api';
import { ME, api, event, lastLive, resetApiMock } from '../test/api-mock';
import { RETRY_DELAYS_MS, useLiveStore } from './live.store';
import { useSessionStore } from './session.store';

vi.mock('../api', async (original) => ({ ...(await original<object>()), ...(await import('../test/api-mock')).apiModule }));

beforeEach(() => {
  resetApiMock();
  sessionStorage.clear();
  setActivePinia(createPinia());
  useSessionStore().user = ME;
  vi.useFakeTimers();
});
afterEach(() => {
  useLiveStore().stop();
  vi.useRealTimers();
});

const drop = () => new ApiError('network', 'Não foi possível falar com o servidor.');

describe('the live connection', () => {
  it('goes online when the stream starts and hands events to every listener', () => {
    const live = useLiveStore();
    const heard = vi.fn();
    live.onEvent(heard);
    live.start();
    expect(live.state).toBe('connecting');
    expect(live.offline).toBe(false); // no banner for the first connection
    lastLive().onStarted();
    expect(live.state).toBe('online');
    const e = event('new_ticket');
    lastLive().onEvent(e, true);
    expect(heard).toHaveBeenCalledWith(e);
  });

  it('shows "reconectando" while EventSource retries, and resyncs when it is back (server without tracked ids)', () => {
    const live = useLiveStore();
    const resync = vi.fn();
    live.onResync(resync);
    live.start();
    lastLive().onStarted();
    expect(resync).not.toHaveBeenCalled();
    lastLive().onConnecting();
    expect(live.offline).toBe(true);
    lastLive().onStarted();
    expect(live.state).toBe('online');
    expect(resync).toHaveBeenCalledTimes(1);
  });

  it('subscribes again with growing waits after the stream ends with an error', async () => {
    const live = useLiveStore();
    live.start();
    lastLive().onStarted();
    lastLive().onError(drop());
    expect(live.state).toBe('reconnecting');
    expect(api.subscribeDeskEvents).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(RETRY_DELAYS_MS[0]);
    expect(api.subscribeDeskEvents).toHaveBeenCalledTimes(2);
    lastLive().onError(drop());
    await vi.advanceTimersByTimeAsync(RETRY_DELAYS_MS[0]);
    expect(api.subscribeDeskEvents).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(RETRY_DELAYS_MS[1] - RETRY_DELAYS_MS[0]);
    expect(api.subscribeDeskEvents).toHaveBeenCalledTimes(3);
    lastLive().onStarted();
    expect(live.state).toBe('online');
    expect(live.attempts).toBe(0);
  });

  it.each([
    ['the session is no longer valid', new ApiError('unauthenticated', 'Sua sessão expirou.')],
    ['two-step verification must be enrolled in first', new ApiError('mfa_enrollment_required', 'Ative a verificação em duas etapas.')],
  ])('stops for good when %s', async (_why, error) => {
    const live = useLiveStore();
    live.start();
    lastLive().onError(error);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(api.subscribeDeskEvents).toHaveBeenCalledTimes(1);
    expect(live.state).toBe('idle');
  });

  it('follows the browser going offline and reconnects at once when it is back online', () => {
    const live = useLiveStore();
    live.start();
    lastLive().onStarted();
    const first = api.subscribeDeskEvents.mock.results[0]!.value as ReturnType<typeof vi.fn>;
    window.dispatchEvent(new Event('offline'));
    expect(live.offline).toBe(true);
    window.dispatchEvent(new Event('online'));
    expect(first).toHaveBeenCalled(); // the old subscription is closed
    expect(api.subscribeDeskEvents).toHaveBeenCalledTimes(2);
  });

  it('ends the subscription on stop', () => {
    const live = useLiveStore();
    live.start();
    const unsubscribe = api.subscribeDeskEvents.mock.results[0]!.value as ReturnType<typeof vi.fn>;
    live.stop();
    expect(unsubscribe).toHaveBeenCalled();
    expect(live.state).toBe('idle');
  });

  it('does not refetch after a reconnection when the server replays from the last tracked id', () => {
    const live = useLiveStore();
    const resync = vi.fn();
    live.onResync(resync);
    live.start();
    lastLive().onStarted();
    lastLive().onEvent(event('new_ticket'), true);
    lastLive().onConnecting();
    lastLive().onStarted();
    expect(resync).not.toHaveBeenCalled();
  });
});

describe('each event once', () => {
  it('drops an id already handled, however often the stream repeats it', () => {
    const live = useLiveStore();
    const heard = vi.fn();
    live.onEvent(heard);
    live.start();
    lastLive().onStarted();
    const e = event('new_ticket');
    for (let i = 0; i < 4; i++) lastLive().onEvent({ ...e }, false);
    expect(heard).toHaveBeenCalledTimes(1);
  });

  it('resumes a new subscription from the last id, and drops repeats across subscriptions', async () => {
    const live = useLiveStore();
    const heard = vi.fn();
    live.onEvent(heard);
    live.start();
    expect(api.subscribeDeskEvents.mock.calls[0]![1]).toBeNull();
    const first = event('new_ticket');
    const second = event('answered');
    lastLive().onEvent(first, true);
    lastLive().onEvent(second, true);
    lastLive().onError(drop());
    await vi.advanceTimersByTimeAsync(RETRY_DELAYS_MS[0]);
    expect(api.subscribeDeskEvents.mock.calls[1]![1]).toBe(second.id);
    lastLive().onEvent(second, true);
    expect(heard).toHaveBeenCalledTimes(2);
  });

  it('remembers the last id and the ids seen across a reload of the tab', () => {
    const live = useLiveStore();
    const heard = vi.fn();
    live.onEvent(heard);
    live.start();
    const e = event('new_ticket');
    lastLive().onEvent(e, true);
    window.dispatchEvent(new Event('pagehide'));

    setActivePinia(createPinia());
    useSessionStore().user = ME;
    const reloaded = useLiveStore();
    const heardAfter = vi.fn();
    reloaded.onEvent(heardAfter);
    reloaded.start();
    expect(api.subscribeDeskEvents.mock.calls.at(-1)![1]).toBe(e.id);
    lastLive().onEvent(e, true);
    expect(heardAfter).not.toHaveBeenCalled();
    reloaded.stop();
  });

  it('refetches once on a reset, and does not pass it on as an event', () => {
    const live = useLiveStore();
    const heard = vi.fn();
    const resync = vi.fn();
    live.onEvent(heard);
    live.onResync(resync);
    live.start();
    lastLive().onStarted();
    const reset = { id: '000123', kind: 'reset' as const, at: '2026-03-02T12:00:00.000Z' };
    lastLive().onEvent(reset, true);
    lastLive().onEvent(reset, true);
    expect(resync).toHaveBeenCalledTimes(1);
    expect(heard).not.toHaveBeenCalled();
  });
});
