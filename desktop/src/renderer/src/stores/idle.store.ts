// Idle sign-out: only the person's own input counts as activity (keys, pointer, the window getting
// focus or becoming visible), never the desk's live refreshes, which all carry the background
// header. While the person is active the desk pings the server (auth.me, which counts as activity
// there) at most once a minute, and once more at the end of that minute if they kept going, so the
// server's idle clock is never behind this one. A warning shows one minute before the staff idle
// limit; at the limit the desk signs out.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api, type SessionClock } from '../api';
import { usePresenceStore } from './presence.store';
import { useSessionStore } from './session.store';

export const PING_EVERY_MS = 60_000;
export const WARNING_MS = 60_000;
/** When neither the server's session clock nor the security settings can be read. */
export const DEFAULT_IDLE_MS = 30 * 60_000;
const TICK_MS = 1_000;
const ACTIVITY_EVENTS = ['keydown', 'pointerdown'] as const;

export const useIdleStore = defineStore('idle', () => {
  const session = useSessionStore();
  const limitMs = ref(DEFAULT_IDLE_MS);
  const lastActivity = ref(Date.now());
  const now = ref(Date.now());
  const running = ref(false);
  let lastPing = 0;
  let trailingPing: ReturnType<typeof setTimeout> | null = null;
  let ticker: ReturnType<typeof setInterval> | null = null;

  const remainingMs = computed(() => Math.max(0, limitMs.value - (now.value - lastActivity.value)));
  const warning = computed(() => running.value && remainingMs.value <= WARNING_MS);
  const remainingSeconds = computed(() => Math.ceil(remainingMs.value / 1000));

  function takeClock(clock: SessionClock | undefined) {
    if (clock && Number.isFinite(clock.idleMs) && clock.idleMs > 0) limitMs.value = clock.idleMs;
  }

  function ping() {
    lastPing = Date.now();
    api
      .me()
      .then((me) => takeClock(me.session))
      .catch(() => undefined);
  }

  /** The person did something: the clock starts again, and the server hears about it (at most once a minute). */
  function activity() {
    if (!running.value) return;
    const at = Date.now();
    lastActivity.value = at;
    now.value = at;
    const since = at - lastPing;
    if (since >= PING_EVERY_MS) ping();
    else trailingPing ??= setTimeout(() => {
      trailingPing = null;
      if (running.value) ping();
    }, PING_EVERY_MS - since);
  }

  const onVisibility = () => {
    if (document.visibilityState === 'visible') activity();
  };

  function tick() {
    now.value = Date.now();
    if (remainingMs.value <= 0) void signOut();
  }

  async function signOut() {
    stop();
    usePresenceStore().leave(); // while the token is still good
    await session.idleSignOut();
  }

  /** Where the limit comes from: auth.me's session clock, or (older servers) the security settings, or 30 min. */
  async function readLimit() {
    try {
      const me = await api.me();
      lastPing = Date.now();
      if (me.session) {
        takeClock(me.session);
        return;
      }
    } catch {
      // Keep the default; the next ping tries again.
    }
    if (!session.isAdmin) return;
    try {
      const settings = await api.securitySettings.get();
      limitMs.value = settings.staffIdleMinutes * 60_000;
    } catch {
      // Keep the default.
    }
  }

  function start() {
    if (running.value) return;
    running.value = true;
    lastActivity.value = now.value = Date.now();
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, activity, { capture: true, passive: true });
    window.addEventListener('focus', activity);
    document.addEventListener('visibilitychange', onVisibility);
    ticker = setInterval(tick, TICK_MS);
    void readLimit();
  }

  function stop() {
    running.value = false;
    for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, activity, { capture: true });
    window.removeEventListener('focus', activity);
    document.removeEventListener('visibilitychange', onVisibility);
    if (ticker) clearInterval(ticker);
    if (trailingPing) clearTimeout(trailingPing);
    ticker = trailingPing = null;
  }

  return { limitMs, remainingMs, remainingSeconds, warning, running, start, stop, activity, takeClock };
});
