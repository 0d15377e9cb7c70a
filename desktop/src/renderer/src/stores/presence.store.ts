// Colleagues on the same ticket: who has it open and who is typing a public reply (from desk.get's
// `viewers` and the live viewing/typing/left events), and this desk's own presence sent to them
// (viewing on open and every 20 s, typing at most every 3 s, left on leaving). Presence calls carry
// the background header: they never keep an idle session awake.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api, isPresenceEvent, type DeskEvent, type Viewer } from '../api';
import { useSessionStore } from './session.store';

export const HEARTBEAT_MS = 20_000;
export const TYPING_THROTTLE_MS = 3_000;
/** A colleague not heard from for this long has left (the server's presence expiry). */
export const VIEWER_TTL_MS = 30_000;
/** "está digitando" lasts this long after the last typing signal (typing is sent every 3 s). */
export const TYPING_TTL_MS = 6_000;
const TICK_MS = 2_000;

interface Seen extends Viewer {
  seenAt: number;
  typingAt: number;
}

export const usePresenceStore = defineStore('presence', () => {
  const session = useSessionStore();
  const protocol = ref<string | null>(null);
  const seen = ref<Record<string, Seen>>({});
  const now = ref(Date.now());
  let heartbeat: ReturnType<typeof setInterval> | null = null;
  let ticker: ReturnType<typeof setInterval> | null = null;
  let lastTyping = 0;

  const viewers = computed<Viewer[]>(() =>
    Object.values(seen.value)
      .filter((v) => now.value - v.seenAt < VIEWER_TTL_MS)
      .map((v) => ({ id: v.id, name: v.name, typing: now.value - v.typingAt < TYPING_TTL_MS }))
      .sort((a, b) => a.name.localeCompare(b.name, 'pt-BR')),
  );
  const typing = computed(() => viewers.value.filter((v) => v.typing));

  function send(target: string, state: 'viewing' | 'typing' | 'left') {
    // Presence is a courtesy: a failed call is not worth a message (the next heartbeat retries).
    void api.presence(target, state).catch(() => undefined);
  }

  /** Opens a ticket: tells colleagues, and starts the heartbeat. */
  function enter(next: string) {
    if (protocol.value === next) return;
    leave();
    protocol.value = next;
    seen.value = {};
    lastTyping = 0;
    send(next, 'viewing');
    heartbeat = setInterval(() => protocol.value && send(protocol.value, 'viewing'), HEARTBEAT_MS);
    ticker = setInterval(() => (now.value = Date.now()), TICK_MS);
  }

  /** Leaves the open ticket (closing it, another ticket, signing out, closing the window). */
  function leave() {
    if (heartbeat) clearInterval(heartbeat);
    if (ticker) clearInterval(ticker);
    heartbeat = ticker = null;
    if (protocol.value) send(protocol.value, 'left');
    protocol.value = null;
    seen.value = {};
  }

  /** The attendant typed in a public reply: at most one signal every 3 s. */
  function typed() {
    const current = protocol.value;
    if (!current) return;
    const at = Date.now();
    if (at - lastTyping < TYPING_THROTTLE_MS) return;
    lastTyping = at;
    send(current, 'typing');
  }

  /** Who desk.get says has the ticket open (when the server tells). */
  function seed(forProtocol: string, list: readonly Viewer[] | undefined) {
    if (forProtocol !== protocol.value || !list) return;
    const at = Date.now();
    now.value = at;
    // Merged into what the live events said, never replacing it: a desk.get answered just before a
    // colleague's "viewing" was stored would otherwise drop that colleague until their next
    // heartbeat (20 s). Whoever really left goes by their `left` event, or after 30 s unheard.
    const next: Record<string, Seen> = { ...seen.value };
    for (const v of list) {
      if (v.id === session.user?.id) continue;
      next[v.id] = { ...v, seenAt: at, typingAt: v.typing ? at : (next[v.id]?.typingAt ?? 0) };
    }
    seen.value = next;
  }

  function onDeskEvent(event: DeskEvent) {
    if (!isPresenceEvent(event) || event.protocol !== protocol.value || event.attendant.id === session.user?.id) return;
    const at = Date.now();
    now.value = at;
    const { [event.attendant.id]: before, ...others } = seen.value;
    if (event.kind === 'left') {
      seen.value = others;
      return;
    }
    seen.value = {
      ...others,
      [event.attendant.id]: {
        id: event.attendant.id,
        name: event.attendant.name,
        typing: false,
        seenAt: at,
        typingAt: event.kind === 'typing' ? at : (before?.typingAt ?? 0),
      },
    };
  }

  return { protocol, viewers, typing, enter, leave, typed, seed, onDeskEvent };
});
