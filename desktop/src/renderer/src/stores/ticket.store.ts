// The ticket open in the desk: its data, the actions the server says are allowed now, and running
// them. Each action answers with the updated ticket, which replaces the one shown. A live event
// about it reloads it only when someone else made the change; an action that loses a race says
// who won and what they did.
import { TICKET_EVENTS, type TicketEvent } from '@cau/shared';
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { api, isTicketEvent, messageOf, platform, toApiError, type AttendantOption, type CloseReason, type DeskEvent, type LastChange, type Ticket, type TicketEventKind } from '../api';
import { workspaceApi } from '../api/workspace';
import { agoLabel } from '../lib/format';
import { WINNER_ACTIONS } from '../lib/labels';
import { useSessionStore } from './session.store';

export type DeskAction = Extract<TicketEvent, 'take' | 'assign' | 'comment' | 'note' | 'request_info' | 'resolve' | 'close'>;

/** "Carlos Mendes enviou uma solução há 10 s" */
export function describeChange(change: LastChange, now: number): string {
  const what = (TICKET_EVENTS as readonly string[]).includes(change.event) ? WINNER_ACTIONS[change.event as TicketEvent] : 'alterou o chamado';
  return `${change.actor.name} ${what} ${agoLabel(change.at, now)}`;
}

/** "Carlos Mendes enviou uma solução há 10 s. O chamado foi atualizado; seu texto foi mantido." */
export function describeLostRace(change: LastChange, now: number): string {
  return `${describeChange(change, now)}. O chamado foi atualizado; seu texto foi mantido.`;
}

export const useTicketStore = defineStore('ticket', () => {
  const session = useSessionStore();
  const protocol = ref<string | null>(null);
  const ticket = shallowRef<Ticket | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);
  const busy = ref<DeskAction | 'reveal' | null>(null);
  const actionError = ref<string | null>(null);
  const revealedCpf = ref<string | null>(null);
  const attendants = ref<AttendantOption[] | null>(null);
  /** Set when the ticket changed under the attendant's eyes (for a polite announcement). */
  const lastRemoteChange = ref<{ kind: TicketEventKind; at: number } | null>(null);
  /** The last change someone else made to the open ticket while it was open (from events with an actor). */
  const remoteChange = ref<LastChange | null>(null);
  let generation = 0;

  /** `background`: a reload the desk makes by itself (live event), not the attendant's activity. */
  async function load(options: { quiet?: boolean; background?: boolean } = {}) {
    const current = protocol.value;
    if (!current) return;
    const mine = ++generation;
    if (!options.quiet) loading.value = true;
    try {
      const loaded = await api.ticket(current, options.background);
      if (mine !== generation) return;
      ticket.value = loaded;
      error.value = null;
    } catch (e) {
      if (mine !== generation) return;
      if (!options.quiet || toApiError(e).reason === 'not_found') {
        ticket.value = null;
        error.value = messageOf(e);
      }
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  function open(next: string) {
    if (next === protocol.value && ticket.value) return;
    protocol.value = next;
    ticket.value = null;
    error.value = null;
    actionError.value = null;
    revealedCpf.value = null;
    remoteChange.value = null;
    void load();
  }

  function close() {
    generation++;
    protocol.value = null;
    ticket.value = null;
    error.value = null;
    actionError.value = null;
    revealedCpf.value = null;
    loading.value = false;
  }

  function can(action: DeskAction): boolean {
    return ticket.value?.actions.includes(action) ?? false;
  }

  async function run(action: DeskAction, perform: (p: string) => Promise<Ticket>): Promise<boolean> {
    const current = protocol.value;
    if (!current || busy.value) return false;
    busy.value = action;
    actionError.value = null;
    try {
      const updated = await perform(current);
      if (protocol.value === current) {
        generation++; // a load started before the action would bring back the old state
        ticket.value = updated;
        loading.value = false;
      }
      return true;
    } catch (e) {
      const failure = toApiError(e);
      actionError.value = failure.lastChange ? describeLostRace(failure.lastChange, Date.now()) : failure.message;
      // Someone else changed it first: show what it is now, so the attendant can decide again.
      if (failure.reason === 'conflict' || failure.reason === 'invalid_transition') void load({ quiet: true });
      return false;
    } finally {
      busy.value = null;
    }
  }

  const take = () => run('take', (p) => api.take(p));
  const assign = (attendantId: string) => run('assign', (p) => api.assign(p, attendantId));
  /** Uploads the files first; their ids go with the message. */
  async function uploadAll(files: readonly File[]): Promise<string[]> {
    const uploaded = await Promise.all(files.map((file) => api.upload(file)));
    return uploaded.map((a) => a.id);
  }
  const comment = (message: string, files: readonly File[] = []) => run('comment', async (p) => api.comment(p, message, await uploadAll(files)));
  const note = (message: string, files: readonly File[] = []) => run('note', async (p) => api.note(p, message, await uploadAll(files)));
  const requestInfo = (message: string) => run('request_info', (p) => api.requestInfo(p, message));
  const resolve = (message: string) => run('resolve', (p) => api.resolve(p, message));
  /** Closing as a duplicate names the original; both tickets then show the link. */
  const closeTicket = (reason: CloseReason, message: string, duplicateOf: string | null = null) =>
    run('close', (p) => (reason === 'duplicate' && duplicateOf ? workspaceApi.closeAsDuplicate(p, duplicateOf, message) : api.close(p, reason, message)));

  /** Shows the full CPF; the server records who asked. */
  async function revealCpf() {
    const current = protocol.value;
    if (!current || busy.value) return;
    busy.value = 'reveal';
    actionError.value = null;
    try {
      const { cpf } = await api.revealCpf(current);
      if (protocol.value === current) revealedCpf.value = cpf;
    } catch (e) {
      actionError.value = messageOf(e);
    } finally {
      busy.value = null;
    }
  }

  /** Asks for a short-lived link and hands it to the platform to save the file. */
  async function download(attachmentId: string) {
    actionError.value = null;
    try {
      const { url } = await api.attachmentLink(attachmentId);
      platform.download(url);
    } catch (e) {
      actionError.value = messageOf(e);
    }
  }

  function hideCpf() {
    revealedCpf.value = null;
  }

  async function loadAttendants() {
    if (attendants.value) return attendants.value;
    attendants.value = await api.attendants();
    return attendants.value;
  }

  /**
   * Reloads the open ticket when someone else changed it. This desk's own changes are already
   * shown (each action answers with the ticket). Older servers send no actor and publish two events
   * per change: one reload per burst.
   */
  let reloadTimer: ReturnType<typeof setTimeout> | null = null;
  function onDeskEvent(event: DeskEvent) {
    if (!isTicketEvent(event) || event.protocol !== protocol.value) return;
    if (event.actor && event.actor.id === session.user?.id) return;
    if (event.kind !== 'changed') lastRemoteChange.value = { kind: event.kind, at: Date.now() };
    if (event.actor && event.event && event.actor.role !== 'system') remoteChange.value = { actor: event.actor, event: event.event, at: event.at };
    if (reloadTimer) return;
    reloadTimer = setTimeout(() => {
      reloadTimer = null;
      void load({ quiet: true, background: true });
    }, 150);
  }

  return {
    protocol, ticket, loading, error, busy, actionError, revealedCpf, attendants, lastRemoteChange, remoteChange,
    open, close, load, can, take, assign, comment, note, requestInfo, resolve, closeTicket,
    revealCpf, hideCpf, download, loadAttendants, onDeskEvent,
  };
});
