import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api';
import { api, event, lastLive, resetApiMock } from '../test/api-mock';
import { RETRY_DELAYS_MS, useLiveStore } from './live.store';

vi.mock('../api', async (original) => ({ ...(await original<object>()), ...(await import('../test/api-mock')).apiModule }));

beforeEach(() => {
  resetApiMock();
  setActivePinia(createPinia());
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
    lastLive().onEvent(e);
    expect(heard).toHaveBeenCalledWith(e);
  });

  it('shows "reconectando" while EventSource retries, and resyncs when it is back', () => {
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
});
