// The desk's live connection (desk.events over SSE): its state for the "reconectando" banner,
// reconnection with backoff when the stream ends, and fan-out of events to whoever listens. Each
// event id is handled once, ever: ids already seen are dropped (across reconnections, and across
// reloads of this tab through sessionStorage), and the stream resumes from the last one.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api, type DeskEvent } from '../api';
import { useSessionStore } from './session.store';

export type LiveState = 'idle' | 'connecting' | 'online' | 'reconnecting';

/** Waits between attempts after the stream ended: quick at first, then every 10 s. */
export const RETRY_DELAYS_MS = [1_000, 2_000, 5_000, 10_000] as const;
/** How many recent ids are remembered to drop repeats (a burst of 200 fits many times over). */
export const SEEN_LIMIT = 2_000;

interface Cursor {
  lastId: string | null;
  seen: string[];
}

const cursorKey = (userId: string) => `cau-desk.live.${userId}`;

function readCursor(userId: string | undefined): Cursor {
  if (!userId) return { lastId: null, seen: [] };
  try {
    const stored = JSON.parse(sessionStorage.getItem(cursorKey(userId)) ?? 'null') as Partial<Cursor> | null;
    return {
      lastId: typeof stored?.lastId === 'string' ? stored.lastId : null,
      seen: Array.isArray(stored?.seen) ? stored.seen.filter((id): id is string => typeof id === 'string').slice(-SEEN_LIMIT) : [],
    };
  } catch {
    return { lastId: null, seen: [] };
  }
}

export const useLiveStore = defineStore('live', () => {
  const session = useSessionStore();
  const state = ref<LiveState>('idle');
  const attempts = ref(0);
  const listeners = new Set<(event: DeskEvent) => void>();
  const resyncListeners = new Set<() => void>();
  let unsubscribe: (() => void) | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let everOnline = false;
  let running = false;
  let cursor: Cursor = { lastId: null, seen: [] };
  let seen = new Set<string>();
  /** The server sends tracked ids, so a reconnection replays what was missed: no refetch needed. */
  let resumable = false;
  let saveTimer: ReturnType<typeof setTimeout> | null = null;

  const offline = computed(() => state.value === 'reconnecting');

  function persist() {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = null;
    const userId = session.user?.id;
    if (!userId) return;
    try {
      sessionStorage.setItem(cursorKey(userId), JSON.stringify(cursor));
    } catch {
      // Storage full or blocked: the in-memory set still drops repeats in this tab.
    }
  }

  /** A burst writes once, not once per event; a reload or stop writes at once. */
  function save() {
    saveTimer ??= setTimeout(persist, 200);
  }

  const flush = () => {
    if (saveTimer) persist();
  };

  function resync() {
    for (const listener of resyncListeners) listener();
  }

  function receive(event: DeskEvent, tracked: boolean) {
    if (tracked) resumable = true;
    if (event.id) {
      if (seen.has(event.id)) return;
      seen.add(event.id);
      cursor.seen.push(event.id);
      if (cursor.seen.length > SEEN_LIMIT) seen.delete(cursor.seen.shift()!);
      if (tracked) cursor.lastId = event.id;
      save();
    }
    if (event.kind === 'reset') {
      resync();
      return;
    }
    for (const listener of listeners) listener(event);
  }

  function connect() {
    unsubscribe?.();
    state.value = everOnline || attempts.value > 0 ? 'reconnecting' : 'connecting';
    unsubscribe = api.subscribeDeskEvents(
      {
        onStarted() {
          const recovered = everOnline || attempts.value > 0;
          everOnline = true;
          attempts.value = 0;
          state.value = 'online';
          // A server without tracked ids does not replay: refetch what may have changed meanwhile.
          if (recovered && !resumable) resync();
        },
        onEvent: receive,
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
      },
      cursor.lastId,
    );
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
    resumable = false;
    attempts.value = 0;
    cursor = readCursor(session.user?.id);
    seen = new Set(cursor.seen);
    window.addEventListener('offline', onOffline);
    window.addEventListener('online', onOnline);
    window.addEventListener('pagehide', flush);
    connect();
  }

  function stop() {
    running = false;
    window.removeEventListener('offline', onOffline);
    window.removeEventListener('online', onOnline);
    window.removeEventListener('pagehide', flush);
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    flush();
    unsubscribe?.();
    unsubscribe = null;
    state.value = 'idle';
  }

  /** Listens to every event; returns the function that stops listening. */
  function onEvent(listener: (event: DeskEvent) => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  /** Runs when what changed meanwhile must be fetched again (a `reset`, or a reconnection without replay). */
  function onResync(listener: () => void) {
    resyncListeners.add(listener);
    return () => resyncListeners.delete(listener);
  }

  return { state, attempts, offline, start, stop, reconnectNow, onEvent, onResync };
});
