// The desk's live connection (desk.events over SSE): its state for the "reconectando" banner,
// reconnection with backoff when the stream ends, and fan-out of events to whoever listens.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api, type DeskEvent } from '../api';

export type LiveState = 'idle' | 'connecting' | 'online' | 'reconnecting';

/** Waits between attempts after the stream ended: quick at first, then every 10 s. */
export const RETRY_DELAYS_MS = [1_000, 2_000, 5_000, 10_000] as const;

export const useLiveStore = defineStore('live', () => {
  const state = ref<LiveState>('idle');
  const attempts = ref(0);
  const listeners = new Set<(event: DeskEvent) => void>();
  const resyncListeners = new Set<() => void>();
  let unsubscribe: (() => void) | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let everOnline = false;
  let running = false;

  const offline = computed(() => state.value === 'reconnecting');

  function emit(event: DeskEvent) {
    for (const listener of listeners) listener(event);
  }

  function connect() {
    unsubscribe?.();
    state.value = everOnline || attempts.value > 0 ? 'reconnecting' : 'connecting';
    unsubscribe = api.subscribeDeskEvents({
      onStarted() {
        const recovered = everOnline || attempts.value > 0;
        everOnline = true;
        attempts.value = 0;
        state.value = 'online';
        // Events are not replayed: whatever changed while we were away is fetched again.
        if (recovered) for (const listener of resyncListeners) listener();
      },
      onEvent: emit,
      onConnecting() {
        if (state.value === 'online') state.value = 'reconnecting';
      },
      onError(error) {
        unsubscribe = null;
        if (!running || error.reason === 'unauthenticated' || error.reason === 'forbidden' || error.reason === 'mfa_enrollment_required') {
          stop();
          return;
        }
        scheduleRetry();
      },
    });
  }

  function scheduleRetry() {
    state.value = 'reconnecting';
    const delay = RETRY_DELAYS_MS[Math.min(attempts.value, RETRY_DELAYS_MS.length - 1)]!;
    attempts.value += 1;
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      if (running) connect();
    }, delay);
  }

  /** Reconnect at once (the "tentar agora" button, or the browser saying the network is back). */
  function reconnectNow() {
    if (!running) return;
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    connect();
  }

  const onOffline = () => {
    if (running) state.value = 'reconnecting';
  };
  const onOnline = () => reconnectNow();

  function start() {
    if (running) return;
    running = true;
    everOnline = false;
    attempts.value = 0;
    window.addEventListener('offline', onOffline);
    window.addEventListener('online', onOnline);
    connect();
  }

  function stop() {
    running = false;
    window.removeEventListener('offline', onOffline);
    window.removeEventListener('online', onOnline);
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    unsubscribe?.();
    unsubscribe = null;
    state.value = 'idle';
  }

  /** Listens to every event; returns the function that stops listening. */
  function onEvent(listener: (event: DeskEvent) => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  /** Runs after a reconnection, to refetch what may have changed meanwhile. */
  function onResync(listener: () => void) {
    resyncListeners.add(listener);
    return () => resyncListeners.delete(listener);
  }

  return { state, attempts, offline, start, stop, reconnectNow, onEvent, onResync };
});
