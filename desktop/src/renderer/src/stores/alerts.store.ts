// Alerts for the attendant: which live events deserve one (preferences kept per attendant on this
// computer), the native notification, and the unread list behind the badge, tray and title count.
import { TOPIC_LABELS, TYPE_LABELS } from '@cau/shared';
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { ALERT_KINDS, type AlertKind } from '../../../shared/contract';
import { api, platform, type DeskEvent, type QueueItem } from '../api';
import { clonePlain } from '../lib/clone';
import { useSessionStore } from './session.store';

export interface AlertPrefs {
  kinds: Record<AlertKind, boolean>;
  sound: boolean;
  /** Answers, rejections and comments only for tickets assigned to me (new tickets always). */
  onlyMine: boolean;
}

export const DEFAULT_PREFS: AlertPrefs = {
  kinds: { new_ticket: true, answered: true, rejected: true, commented: true },
  sound: true,
  onlyMine: true,
};

export const ALERT_KIND_LABELS: Record<AlertKind, string> = {
  new_ticket: 'Novo chamado',
  answered: 'Resposta do profissional',
  rejected: 'Solução recusada',
  commented: 'Nova mensagem do profissional',
};

export interface UnreadAlert {
  protocol: string;
  kind: AlertKind;
  at: string;
  subject: string | null;
}

const MAX_UNREAD = 50;
const prefsKey = (userId: string) => `cau-desk.alerts.${userId}`;

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

const isAlertKind = (kind: string): kind is AlertKind => (ALERT_KINDS as readonly string[]).includes(kind);

/** The notification's text: what happened, on which ticket, from whom. */
export function describeAlert(kind: AlertKind, protocol: string, ticket: QueueItem | null): { title: string; body: string } {
  const title = `${ALERT_KIND_LABELS[kind]} · ${protocol}`;
  if (!ticket) return { title, body: 'Abra o chamado para ver os detalhes.' };
  const kindOfTicket = [TYPE_LABELS[ticket.type], ticket.topic ? TOPIC_LABELS[ticket.topic] : null].filter(Boolean).join(' · ');
  const body = `${ticket.subject}\n${ticket.professional.name} — ${kindOfTicket}`;
  return { title, body: body.length > 300 ? `${body.slice(0, 297)}…` : body };
}

export const useAlertsStore = defineStore('alerts', () => {
  const session = useSessionStore();
  const prefs = ref<AlertPrefs>(readPrefs(session.user?.id));
  const unread = ref<UnreadAlert[]>([]);
  const permission = ref(platform.notificationPermission());
  const count = computed(() => unread.value.length);
  let openTicket: (protocol: string) => void = () => undefined;
  /** The ticket the attendant is looking at right now (no alert needed for it while focused). */
  let watching: () => string | null = () => null;

  watch(
    () => session.user?.id,
    (id) => {
      prefs.value = readPrefs(id);
      unread.value = [];
      publish();
    },
  );

  function savePrefs(next: AlertPrefs) {
    prefs.value = clonePlain(next);
    if (session.user) localStorage.setItem(prefsKey(session.user.id), JSON.stringify(prefs.value));
  }

  function publish() {
    platform.setUnread({
      count: unread.value.length,
      items: unread.value.slice(0, 5).map((u) => ({
        protocol: u.protocol,
        label: `${u.protocol} · ${ALERT_KIND_LABELS[u.kind]}`.slice(0, 120),
      })),
    });
  }

  function wants(event: DeskEvent): event is DeskEvent & { kind: AlertKind } {
    return isAlertKind(event.kind) && prefs.value.kinds[event.kind];
  }

  async function onDeskEvent(event: DeskEvent) {
    if (!wants(event)) return;
    const kind = event.kind;
    let ticket: QueueItem | null = null;
    try {
      ticket = await api.summary(event.protocol);
    } catch {
      // Alert anyway, with less detail: a missed ticket costs more than a terse notification.
    }
    if (kind !== 'new_ticket' && prefs.value.onlyMine && ticket && ticket.assignee?.id !== session.user?.id) return;
    if (watching() === event.protocol && document.hasFocus()) return;

    unread.value = [
      { protocol: event.protocol, kind, at: event.at, subject: ticket?.subject ?? null },
      ...unread.value.filter((u) => u.protocol !== event.protocol),
    ].slice(0, MAX_UNREAD);
    publish();
    const { title, body } = describeAlert(kind, event.protocol, ticket);
    platform.notify({ protocol: event.protocol, kind, title, body, silent: !prefs.value.sound }, () => openTicket(event.protocol));
  }

  function markRead(protocol: string) {
    if (!unread.value.some((u) => u.protocol === protocol)) return;
    unread.value = unread.value.filter((u) => u.protocol !== protocol);
    publish();
  }

  function markAllRead() {
    unread.value = [];
    publish();
  }

  async function requestPermission() {
    permission.value = await platform.requestNotificationPermission();
  }

  function connect(handlers: { openTicket(protocol: string): void; watching(): string | null }) {
    openTicket = handlers.openTicket;
    watching = handlers.watching;
  }

  return { prefs, unread, count, permission, savePrefs, onDeskEvent, markRead, markAllRead, requestPermission, connect };
});
