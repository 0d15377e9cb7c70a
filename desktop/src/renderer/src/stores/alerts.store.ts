// Alerts for the attendant: which live events deserve one (preferences kept per attendant on this
// computer), the native notification (one per event, ever; events close together grouped into one
// notification with one sound), and the unread list behind the badge, tray and title count. The
// unread list is the server's (desk.alerts.list, kept per attendant, so it survives a reload);
// against a server without it, the desk keeps its own in sessionStorage.
import { TOPIC_LABELS, TYPE_LABELS } from '@cau/shared';
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { ALERT_KINDS, type AlertKind } from '../../../shared/contract';
import { api, isTicketEvent, platform, toApiError, type DeskEvent, type QueueItem, type TicketEvent } from '../api';
import { clonePlain } from '../lib/clone';
import { useSessionStore } from './session.store';

export interface AlertPrefs {
  kinds: Record<AlertKind, boolean>;
  sound: boolean;
  /** Answers, rejections and comments only for tickets assigned to me (new tickets always). */
  onlyMine: boolean;
}

export const DEFAULT_PREFS: AlertPrefs = {
  kinds: { new_ticket: true, answered: true, rejected: true, commented: true, assigned: true },
  sound: true,
  onlyMine: true,
};

export const ALERT_KIND_LABELS: Record<AlertKind, string> = {
  new_ticket: 'Novo chamado',
  answered: 'Resposta do profissional',
  rejected: 'Solução recusada',
  commented: 'Nova mensagem do profissional',
  assigned: 'Chamado atribuído a você',
};

/** "5 novos chamados": a group of alerts of one kind. */
const GROUP_LABELS: Record<AlertKind, string> = {
  new_ticket: 'novos chamados',
  answered: 'respostas de profissionais',
  rejected: 'soluções recusadas',
  commented: 'novas mensagens de profissionais',
  assigned: 'chamados atribuídos a você',
};

export interface UnreadAlert {
  /** The event's id (several alerts of one ticket share its protocol). */
  id: string;
  protocol: string;
  kind: AlertKind;
  at: string;
  subject: string | null;
}

/** The server keeps at most this many; past it the desk shows "50+". */
export const MAX_UNREAD = 50;
/** A lone alert waits this long for others to group with it (well within the 2 s the desk promises)… */
export const GROUP_FIRST_MS = 500;
/** …once others came, the group waits for this much quiet… */
export const GROUP_QUIET_MS = 1_000;
/** …and is shown at most this long after its first event, even if events keep coming. */
export const GROUP_MAX_MS = 3_000;

const prefsKey = (userId: string) => `cau-desk.alerts.${userId}`;
const unreadKey = (userId: string) => `cau-desk.unread.${userId}`;

function readPrefs(userId: string | undefined): AlertPrefs {
  if (!userId) return clonePlain(DEFAULT_PREFS);
  try {
    const stored = JSON.parse(localStorage.getItem(prefsKey(userId)) ?? 'null') as Partial<AlertPrefs> | null;
    return {
      kinds: { ...DEFAULT_PREFS.kinds, ...(stored?.kinds ?? {}) },
      sound: typeof stored?.sound === 'boolean' ? stored.sound : DEFAULT_PREFS.sound,
      onlyMine: typeof stored?.onlyMine === 'boolean' ? stored.onlyMine : DEFAULT_PREFS.onlyMine,
    };
  } catch {
    return clonePlain(DEFAULT_PREFS);
  }
}

function readLocalUnread(userId: string | undefined): UnreadAlert[] {
  if (!userId) return [];
  try {
    const stored = JSON.parse(sessionStorage.getItem(unreadKey(userId)) ?? '[]') as UnreadAlert[];
    return Array.isArray(stored) ? stored.filter((u) => u && typeof u.protocol === 'string' && isAlertKind(u.kind)) : [];
  } catch {
    return [];
  }
}

const isAlertKind = (kind: unknown): kind is AlertKind => (ALERT_KINDS as readonly unknown[]).includes(kind);

/** The notification's text: what happened, on which ticket, from whom. */
export function describeAlert(kind: AlertKind, protocol: string, ticket: QueueItem | null): { title: string; body: string } {
  const title = `${ALERT_KIND_LABELS[kind]} · ${protocol}`;
  if (!ticket) return { title, body: 'Abra o chamado para ver os detalhes.' };
  const kindOfTicket = [TYPE_LABELS[ticket.type], ticket.topic ? TOPIC_LABELS[ticket.topic] : null].filter(Boolean).join(' · ');
  const body = `${ticket.subject}\n${ticket.professional.name} — ${kindOfTicket}`;
  return { title, body: body.length > 300 ? `${body.slice(0, 297)}…` : body };
}

interface Pending {
  alert: UnreadAlert;
  row: QueueItem | null;
}

/** One notification for several alerts: "5 novos chamados", or "5 alertas" when kinds differ. */
export function describeGroup(group: readonly Pending[]): { title: string; body: string } {
  const kinds = new Set(group.map((p) => p.alert.kind));
  const [only] = kinds;
  const title = kinds.size === 1 && only ? `${group.length} ${GROUP_LABELS[only]}` : `${group.length} novos alertas`;
  const lines = group.slice(0, 4).map((p) => `${p.alert.protocol} · ${p.row?.subject ?? ALERT_KIND_LABELS[p.alert.kind]}`);
  if (group.length > 4) lines.push(`e mais ${group.length - 4}`);
  const body = lines.join('\n');
  return { title, body: body.length > 300 ? `${body.slice(0, 297)}…` : body };
}

export const useAlertsStore = defineStore('alerts', () => {
  const session = useSessionStore();
  const prefs = ref<AlertPrefs>(readPrefs(session.user?.id));
  const unread = ref<UnreadAlert[]>([]);
  /** All unread alerts, also those beyond the 50 listed. */
  const total = ref(0);
  const permission = ref(platform.notificationPermission());
  const count = computed(() => Math.max(total.value, unread.value.length));
  const countLabel = computed(() => (count.value > MAX_UNREAD ? `${MAX_UNREAD}+` : String(count.value)));
  /** null until asked; false when the server has no desk.alerts (the desk keeps its own list). */
  const serverList = ref<boolean | null>(null);
  let openTicket: (protocol: string) => void = () => undefined;
  /** The ticket the attendant is looking at right now (no alert needed for it while focused). */
  let watching: () => string | null = () => null;
  let pending: Pending[] = [];
  let quietTimer: ReturnType<typeof setTimeout> | null = null;
  let maxTimer: ReturnType<typeof setTimeout> | null = null;
  /** Event ids already alerted in this page (the live store also drops repeats; this is the alert's own guard). */
  const alerted = new Set<string>();
  /**
   * What changed here while a read of the server's list was on its way, one record per read in
   * flight: its answer may have been read before (a ticket opened meanwhile would come back as
   * unread, an alert raised meanwhile would be lost), so these are applied again over it.
   */
  const sinceRead = new Set<{ dropped: Set<string>; all: boolean; added: UnreadAlert[] }>();

  watch(
    () => session.user?.id,
    (id) => {
      prefs.value = readPrefs(id);
      unread.value = [];
      total.value = 0;
      serverList.value = null;
      alerted.clear();
      publish();
    },
  );

  function savePrefs(next: AlertPrefs) {
    prefs.value = clonePlain(next);
    if (session.user) localStorage.setItem(prefsKey(session.user.id), JSON.stringify(prefs.value));
  }

  function publish() {
    platform.setUnread({
      count: Math.min(count.value, 100_000),
      items: unread.value.slice(0, 5).map((u) => ({
        protocol: u.protocol,
        label: `${u.protocol} · ${ALERT_KIND_LABELS[u.kind]}`.slice(0, 120),
      })),
    });
    if (serverList.value === false && session.user) {
      try {
        sessionStorage.setItem(unreadKey(session.user.id), JSON.stringify(unread.value));
      } catch {
        // Storage blocked: the list lasts until the page reloads.
      }
    }
  }

  /** Reads the unread list the server keeps (a background call: not the attendant's activity). */
  async function refreshList() {
    if (serverList.value === false) return;
    const changes = { dropped: new Set<string>(), all: false, added: [] as UnreadAlert[] };
    sinceRead.add(changes);
    try {
      const list = await api.alerts.list();
      serverList.value = true;
      const listed = list.items.filter((i) => isAlertKind(i.kind)).map((i) => ({ ...i, kind: i.kind as AlertKind }));
      const kept = changes.all ? [] : listed.filter((u) => !changes.dropped.has(u.protocol));
      let next = kept;
      for (const alert of changes.added) next = [alert, ...next.filter((u) => u.protocol !== alert.protocol)];
      const known = new Set(listed.map((u) => u.id));
      const added = changes.added.filter((a) => !known.has(a.id)).length;
      unread.value = next.slice(0, MAX_UNREAD);
      total.value = (changes.all ? 0 : Math.max(0, list.total - (listed.length - kept.length))) + added;
      publish();
    } catch (e) {
      const reason = toApiError(e).reason;
      if (serverList.value === null && !['network', 'unavailable', 'unauthenticated', 'mfa_enrollment_required'].includes(reason)) {
        serverList.value = false;
        unread.value = readLocalUnread(session.user?.id);
        total.value = unread.value.length;
        publish();
      }
    } finally {
      sinceRead.delete(changes);
    }
  }

  let listTimer: ReturnType<typeof setTimeout> | null = null;
  function refreshListSoon() {
    if (serverList.value !== true || listTimer) return;
    listTimer = setTimeout(() => {
      listTimer = null;
      void refreshList();
    }, 2_000);
  }

  function alertKindOf(event: TicketEvent): AlertKind | null {
    if (!isAlertKind(event.kind) || !prefs.value.kinds[event.kind]) return null;
    const me = session.user?.id;
    if (event.actor && event.actor.id === me) return null;
    if (event.kind === 'assigned' && (!me || event.assigneeId !== me)) return null;
    return event.kind;
  }

  /**
   * The ticket went to another attendant, or to nobody: the server drops every attendant's alerts
   * of it but the new assignee's when it was handed to them (desk-alerts.ts); the desk's list does
   * the same, also when this attendant took or handed it on from elsewhere (another window, a bulk
   * action). A server that does not say `assigneeChanged` is read from the lifecycle event.
   */
  function movedAwayFromMe(event: TicketEvent): boolean {
    const changed = event.assigneeChanged ?? (event.event === 'take' || event.event === 'assign');
    if (!changed) return false;
    const me = session.user?.id;
    return !(event.kind === 'assigned' && me !== undefined && event.assigneeId === me);
  }

  async function onDeskEvent(event: DeskEvent) {
    if (!isTicketEvent(event)) return;
    if (movedAwayFromMe(event)) dropLocal(event.protocol);
    const kind = alertKindOf(event);
    if (!kind || alerted.has(event.id)) return;
    alerted.add(event.id);
    let row: QueueItem | null = event.row ?? null;
    if (!row) {
      try {
        row = await api.summary(event.protocol);
      } catch {
        // Alert anyway, with less detail: a missed ticket costs more than a terse notification.
      }
    }
    const me = session.user?.id;
    if ((kind === 'answered' || kind === 'rejected' || kind === 'commented') && prefs.value.onlyMine && row && row.assignee?.id !== me) return;
    if (watching() === event.protocol && document.hasFocus()) return;

    const alert: UnreadAlert = { id: event.id, protocol: event.protocol, kind, at: event.at, subject: row?.subject ?? null };
    unread.value = [alert, ...unread.value.filter((u) => u.protocol !== event.protocol)].slice(0, MAX_UNREAD);
    for (const changes of sinceRead) changes.added.push(alert);
    // The server counts every unread alert (the list reads it back shortly); the desk's own list, one per ticket.
    total.value = serverList.value === true ? total.value + 1 : unread.value.length;
    publish();
    queueNotification({ alert, row });
  }

  function queueNotification(next: Pending) {
    pending.push(next);
    if (quietTimer) clearTimeout(quietTimer);
    quietTimer = setTimeout(flush, pending.length > 1 ? GROUP_QUIET_MS : GROUP_FIRST_MS);
    maxTimer ??= setTimeout(flush, GROUP_MAX_MS);
  }

  /** Shows what gathered in the window as one notification, with one sound. */
  function flush() {
    if (quietTimer) clearTimeout(quietTimer);
    if (maxTimer) clearTimeout(maxTimer);
    quietTimer = maxTimer = null;
    const group = pending;
    pending = [];
    if (group.length === 0) return;
    const newest = group.at(-1)!;
    const { title, body } = group.length === 1 ? describeAlert(newest.alert.kind, newest.alert.protocol, newest.row) : describeGroup(group);
    const protocol = newest.alert.protocol;
    platform.notify({ protocol, kind: newest.alert.kind, title, body, silent: !prefs.value.sound }, () => openTicket(protocol));
    refreshListSoon();
  }

  function dropLocal(protocol: string): boolean {
    for (const changes of sinceRead) {
      changes.dropped.add(protocol);
      changes.added = changes.added.filter((a) => a.protocol !== protocol);
    }
    const left = unread.value.filter((u) => u.protocol !== protocol);
    const removed = unread.value.length - left.length;
    if (removed === 0) return false;
    unread.value = left;
    total.value = Math.max(left.length, total.value - removed);
    publish();
    return true;
  }

  /** The attendant opened the ticket: its alerts are read, here and on the server. */
  function markRead(protocol: string) {
    dropLocal(protocol);
    // Also when not listed here: past the 50 listed, the server may still keep one for it.
    if (serverList.value === true) void api.alerts.clear(protocol).catch(() => undefined);
  }

  function markAllRead() {
    for (const changes of sinceRead) Object.assign(changes, { all: true, added: [] });
    unread.value = [];
    total.value = 0;
    publish();
    if (serverList.value === true) void api.alerts.clear().catch(() => undefined);
  }

  async function requestPermission() {
    permission.value = await platform.requestNotificationPermission();
  }

  /** Wires the shell in, and reads the unread list the server kept for this attendant. */
  function connect(handlers: { openTicket(protocol: string): void; watching(): string | null }) {
    openTicket = handlers.openTicket;
    watching = handlers.watching;
    void refreshList();
  }

  return {
    prefs, unread, total, count, countLabel, permission, serverList,
    savePrefs, onDeskEvent, markRead, markAllRead, requestPermission, connect, refreshList, flush,
  };
});
