import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { POLL_MS, RefreshController } from './refresh.controller';

const host = () => ({ addController: vi.fn(), removeController: vi.fn(), requestUpdate: vi.fn(), updateComplete: Promise.resolve(true) });

beforeEach(() => vi.useFakeTimers({ now: Date.parse('2026-03-02T18:00:00.000Z') }));
afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('RefreshController', () => {
  it('refreshes on the poll only while the page is visible', () => {
    const refresh = vi.fn();
    const controller = new RefreshController(host(), refresh);
    controller.hostConnected();
    vi.advanceTimersByTime(POLL_MS);
    expect(refresh).toHaveBeenCalledTimes(1);
    vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    vi.advanceTimersByTime(3 * POLL_MS);
    expect(refresh).toHaveBeenCalledTimes(1);
    controller.hostDisconnected();
  });

  it('refreshes just after a deadline, then every 5 s while it shows as passed, and stops when gone', () => {
    const refresh = vi.fn();
    const controller = new RefreshController(host(), refresh);
    controller.hostConnected();
    controller.at(new Date(Date.now() + 10_000).toISOString());
    vi.advanceTimersByTime(11_000);
    expect(refresh).not.toHaveBeenCalled();
    vi.advanceTimersByTime(600);
    expect(refresh).toHaveBeenCalledTimes(1);
    controller.at(new Date(Date.now() - 2_000).toISOString()); // still pending on the server
    vi.advanceTimersByTime(5_000);
    expect(refresh).toHaveBeenCalledTimes(2);
    controller.at(null);
    vi.advanceTimersByTime(13_000); // up to just before the poll, at 30 s
    expect(refresh).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(1_000);
    expect(refresh).toHaveBeenCalledTimes(3);
    controller.hostDisconnected();
  });

  it('leaves far deadlines to the poll, and refreshes once for focus and visibility together', () => {
    const refresh = vi.fn();
    const controller = new RefreshController(host(), refresh);
    controller.hostConnected();
    controller.at(new Date(Date.now() + 2 * 60 * 60_000).toISOString());
    vi.advanceTimersByTime(10_000);
    window.dispatchEvent(new Event('focus'));
    document.dispatchEvent(new Event('visibilitychange'));
    expect(refresh).toHaveBeenCalledTimes(1);
    controller.hostDisconnected();
    window.dispatchEvent(new Event('focus'));
    expect(refresh).toHaveBeenCalledTimes(1);
  });
});
