// The ticket lifecycle (SPEC §3) as one table and a pure step function. The server decides with
// `transition()` and lists `allowedEvents()` as each ticket's and each queue row's `actions`, which the clients show.
// Nothing here reads the clock or does I/O: time and computed deadlines come in as arguments.

import type { Outcome, Role, Status, StoredCloseReason } from './labels';
import { CLOSE_REASONS, SYSTEM_CLOSE_REASONS } from './labels';

export const TICKET_EVENTS = [
  'create', 'take', 'assign', 'request_info', 'provide_info', 'resolve',
  'approve', 'reject', 'expire', 'close', 'note', 'comment',
] as const;
export type TicketEvent = (typeof TICKET_EVENTS)[number];

/** Who acts in a row of the table. Admins act as attendants. */
export type ActorKind = 'professional' | 'attendant' | 'system';
export type ActorRole = Role | 'system';

export function actorKind(role: ActorRole): ActorKind {
  return role === 'admin' ? 'attendant' : role;
}

/** Named timeouts: the states that wait on the professional and the setting that sizes the wait. */
export type DeadlineKind = 'pending' | 'approval';
export const STATE_TIMEOUTS: Partial<Record<Status, DeadlineKind>> = {
  pending_professional: 'pending',
  awaiting_approval: 'approval',
};

export type MailTemplate =
  | 'ticket_created' | 'info_requested' | 'solution_proposed' | 'desk_comment'
  | 'closed_no_response' | 'closed_approval_timeout' | 'closed_cancelled';
export type AlertKind = 'new_ticket' | 'answered' | 'rejected' | 'commented';

/** Side effects are data: the server performs them after the state change is stored. */
export type Effect = { kind: 'mail'; template: MailTemplate } | { kind: 'alert'; alert: AlertKind };

export type Requirement = 'message' | 'rating' | 'close_reason' | 'assignee';

export interface LifecycleRow {
  /** The row number in SPEC §3. */
  readonly n: number;
  readonly event: TicketEvent;
  readonly actor: ActorKind;
  readonly from: readonly Status[];
  /** `same` keeps the status. */
  readonly to: Status | 'same';
  readonly requires: readonly Requirement[];
  /** Where the command's message goes: the public thread, the internal notes, or nowhere. */
  readonly message: 'public' | 'internal' | null;
  readonly outcome?: Outcome;
  readonly effects: readonly Effect[];
  /** A public answer from the desk (for "time to first response"). */
  readonly deskResponse?: boolean;
  /** Whether the command's message may carry attachments. */
  readonly attachments?: boolean;
  /**
   * Who the ticket is assigned to afterwards: nobody, the actor, the command's `assigneeId`, or
   * the current assignee falling back to the actor. Absent: unchanged.
   */
  readonly assignee?: 'none' | 'actor' | 'command' | 'current_or_actor';
  /** The "respondido" flag afterwards (the professional spoke last). Absent: unchanged (closing rows clear it). */
  readonly answered?: boolean;
  /** The attendants' queue: `enter` restarts `waitingSince` now, `leave` clears it. Absent: unchanged. */
  readonly queue?: 'enter' | 'leave';
}

const mail = (template: MailTemplate): Effect => ({ kind: 'mail', template });
const alert = (kind: AlertKind): Effect => ({ kind: 'alert', alert: kind });
const WORKING: readonly Status[] = ['open', 'in_progress'];
/** Every state but `closed`. */
const OPEN_STATES: readonly Status[] = ['open', 'in_progress', 'pending_professional', 'awaiting_approval'];

export const LIFECYCLE: readonly LifecycleRow[] = [
  { n: 1, event: 'create', actor: 'professional', from: [], to: 'open', requires: [], message: null,
    assignee: 'none', answered: false, queue: 'enter', effects: [mail('ticket_created'), alert('new_ticket')] },
  { n: 2, event: 'take', actor: 'attendant', from: ['open'], to: 'in_progress', requires: [], message: null, assignee: 'actor',
    effects: [] },
  { n: 3, event: 'request_info', actor: 'attendant', from: WORKING, to: 'pending_professional', requires: ['message'],
    message: 'public', assignee: 'current_or_actor', answered: false, queue: 'leave', effects: [mail('info_requested')],
    deskResponse: true },
  { n: 4, event: 'provide_info', actor: 'professional', from: ['pending_professional'], to: 'in_progress',
    requires: ['message'], message: 'public', attachments: true, answered: true, queue: 'enter', effects: [alert('answered')] },
  { n: 5, event: 'resolve', actor: 'attendant', from: WORKING, to: 'awaiting_approval', requires: ['message'],
    message: 'public', assignee: 'current_or_actor', answered: false, queue: 'leave', effects: [mail('solution_proposed')],
    deskResponse: true },
  { n: 6, event: 'approve', actor: 'professional', from: ['awaiting_approval'], to: 'closed', requires: ['rating'],
    message: null, outcome: 'approved', effects: [] },
  { n: 7, event: 'reject', actor: 'professional', from: ['awaiting_approval'], to: 'in_progress', requires: ['message'],
    message: 'public', answered: true, queue: 'enter', effects: [alert('rejected')] },
  { n: 8, event: 'expire', actor: 'system', from: ['pending_professional'], to: 'closed', requires: [], message: null,
    outcome: 'no_response', effects: [mail('closed_no_response')] },
  { n: 9, event: 'expire', actor: 'system', from: ['awaiting_approval'], to: 'closed', requires: [], message: null,
    outcome: 'approval_timeout', effects: [mail('closed_approval_timeout')] },
  { n: 10, event: 'close', actor: 'attendant', from: WORKING, to: 'closed', requires: ['close_reason', 'message'],
    message: 'public', outcome: 'cancelled', effects: [mail('closed_cancelled')], deskResponse: true },
  { n: 11, event: 'note', actor: 'attendant', from: ['open', 'in_progress', 'pending_professional', 'awaiting_approval'],
    to: 'same', requires: ['message'], message: 'internal', attachments: true, effects: [] },
  { n: 12, event: 'comment', actor: 'attendant', from: WORKING, to: 'same', requires: ['message'], message: 'public',
    attachments: true, answered: false, effects: [mail('desk_comment')], deskResponse: true },
  { n: 13, event: 'comment', actor: 'professional', from: WORKING, to: 'same', requires: ['message'], message: 'public',
    attachments: true, answered: true, effects: [alert('commented')] },
  { n: 14, event: 'assign', actor: 'attendant', from: WORKING, to: 'in_progress', requires: ['assignee'], message: null,
    assignee: 'command', effects: [] },
  // The professional's account was anonymised (LGPD): whatever was still open ends, with no mail
  // (the address is gone) and the reason in the history. Not in SPEC §3: docs/lifecycle.md.
  { n: 15, event: 'close', actor: 'system', from: [...OPEN_STATES], to: 'closed', requires: ['close_reason'], message: null,
    outcome: 'cancelled', effects: [] },
];

/** Whether any row of `event` takes attachments with its message (checked before the state is read). */
export function acceptsAttachments(event: TicketEvent): boolean {
  return LIFECYCLE.some((row) => row.event === event && row.attachments === true);
}

/** The states that wait on the professional, each with a deadline (`STATE_TIMEOUTS`). */
export function isWaiting(status: Status): boolean {
  return STATE_TIMEOUTS[status] !== undefined;
}

/** What the lifecycle needs to know about a ticket. */
export interface TicketSnapshot {
  status: Status;
  assigneeId: string | null;
  deadlineAt: Date | null;
  outcome: Outcome | null;
  /** The "respondido" flag: the professional spoke last and the desk has not answered yet. */
  answered: boolean;
}

export interface TicketCommand {
  event: TicketEvent;
  actor: { role: ActorRole; id: string | null };
  message?: string;
  rating?: number;
  comment?: string;
  closeReason?: StoredCloseReason;
  assigneeId?: string;
}

/** The fields a transition sets on the stored ticket, besides the snapshot. */
export interface TicketChanges extends Partial<TicketSnapshot> {
  rating?: number;
  ratingComment?: string | null;
  closeReason?: StoredCloseReason;
  closedAt?: Date | null;
  /** When the ticket (re-)entered the attendants' queue: "oldest waiting first". */
  waitingSince?: Date | null;
}

export type TransitionResult =
  | {
      ok: true;
      row: LifecycleRow;
      from: Status | null;
      to: Status;
      changes: TicketChanges;
      effects: readonly Effect[];
    }
  | { ok: false; reason: 'forbidden' | 'invalid_transition' | 'invalid_input'; message: string };

export interface TransitionContext {
  now: Date;
  /** The deadline instants for entering each waiting state now, computed from the settings. */
  deadlines: Record<DeadlineKind, Date>;
}

const REFUSALS = {
  forbidden: 'Você não tem permissão para esta ação.',
  expired: 'O prazo deste chamado terminou; ele será encerrado automaticamente.',
  not_expired: 'O prazo deste chamado ainda não terminou.',
  closed: 'Este chamado está fechado e não pode ser reaberto. Abra um novo chamado citando este protocolo.',
} as const;

function rowsFor(event: TicketEvent, kind: ActorKind): LifecycleRow[] {
  return LIFECYCLE.filter((row) => row.event === event && row.actor === kind);
}

function isOverdue(snapshot: TicketSnapshot, now: Date): boolean {
  return snapshot.deadlineAt !== null && snapshot.deadlineAt.getTime() <= now.getTime();
}

function missingInput(row: LifecycleRow, command: TicketCommand): string | null {
  for (const requirement of row.requires) {
    if (requirement === 'message' && !command.message?.trim()) return 'Escreva uma mensagem.';
    if (requirement === 'rating' && !(Number.isInteger(command.rating) && command.rating! >= 1 && command.rating! <= 5)) {
      return 'Dê uma nota de 1 a 5.';
    }
    const reasons: readonly string[] = row.actor === 'system' ? SYSTEM_CLOSE_REASONS : CLOSE_REASONS;
    if (requirement === 'close_reason' && !reasons.includes(command.closeReason ?? '')) {
      return 'Informe o motivo do encerramento: duplicado ou inválido.';
    }
    if (requirement === 'assignee' && !command.assigneeId) return 'Escolha o atendente.';
  }
  return null;
}

/** The row's field changes, read from its columns: nothing here is specific to one event. */
function changesFor(row: LifecycleRow, snapshot: TicketSnapshot | null, command: TicketCommand, ctx: TransitionContext) {
  const to = row.to === 'same' ? snapshot!.status : row.to;
  const changes: TicketChanges = { status: to };
  const timeout = STATE_TIMEOUTS[to];
  if (to !== snapshot?.status) changes.deadlineAt = timeout ? ctx.deadlines[timeout] : null;
  if (row.outcome) {
    changes.outcome = row.outcome;
    changes.closedAt = ctx.now;
    changes.answered = false;
    changes.waitingSince = null;
  } else if (snapshot === null) {
    // A new ticket starts with no outcome.
    changes.outcome = null;
  }
  if (row.assignee === 'none') changes.assigneeId = null;
  if (row.assignee === 'actor') changes.assigneeId = command.actor.id;
  if (row.assignee === 'command') changes.assigneeId = command.assigneeId!;
  if (row.assignee === 'current_or_actor') changes.assigneeId = snapshot!.assigneeId ?? command.actor.id;
  if (row.answered !== undefined) changes.answered = row.answered;
  if (row.queue) changes.waitingSince = row.queue === 'enter' ? ctx.now : null;
  if (row.requires.includes('rating')) Object.assign(changes, { rating: command.rating!, ratingComment: command.comment?.trim() || null });
  if (row.requires.includes('close_reason')) changes.closeReason = command.closeReason!;
  return { to, changes };
}

/**
 * Decides one step of the lifecycle. `snapshot` is null only for `create`.
 * Refusals: `forbidden` when the actor may never do this, `invalid_transition` when the ticket's
 * state does not allow it now, `invalid_input` when a required input is missing.
 */
export function transition(snapshot: TicketSnapshot | null, command: TicketCommand, ctx: TransitionContext): TransitionResult {
  const kind = actorKind(command.actor.role);
  const candidates = rowsFor(command.event, kind);
  if (candidates.length === 0) return { ok: false, reason: 'forbidden', message: REFUSALS.forbidden };

  const from = snapshot?.status ?? null;
  const row = candidates.find((r) => (from === null ? r.from.length === 0 : r.from.includes(from)));
  if (!row) {
    const message = from === 'closed'
      ? REFUSALS.closed
      : 'Esta ação não é permitida na situação atual do chamado.';
    return { ok: false, reason: 'invalid_transition', message };
  }
  if (snapshot && row.event === 'expire' && !isOverdue(snapshot, ctx.now)) {
    return { ok: false, reason: 'invalid_transition', message: REFUSALS.not_expired };
  }
  if (snapshot && kind === 'professional' && STATE_TIMEOUTS[snapshot.status] && isOverdue(snapshot, ctx.now)) {
    return { ok: false, reason: 'invalid_transition', message: REFUSALS.expired };
  }
  const missing = missingInput(row, command);
  if (missing) return { ok: false, reason: 'invalid_input', message: missing };

  const { to, changes } = changesFor(row, snapshot, command, ctx);
  return { ok: true, row, from, to, changes, effects: row.effects };
}

/** The events `role` may trigger on a ticket in this state now (for showing only allowed actions). */
export function allowedEvents(snapshot: TicketSnapshot, role: ActorRole, now: Date): TicketEvent[] {
  const kind = actorKind(role);
  if (kind === 'professional' && STATE_TIMEOUTS[snapshot.status] && isOverdue(snapshot, now)) return [];
  return LIFECYCLE
    .filter((row) => row.actor === kind && row.from.includes(snapshot.status))
    .filter((row) => row.event !== 'expire' || isOverdue(snapshot, now))
    .map((row) => row.event);
}

/** Whose turn it is in each state (SPEC §3). */
export const TURN: Record<Status, 'attendant' | 'professional' | null> = {
  open: 'attendant',
  in_progress: 'attendant',
  pending_professional: 'professional',
  awaiting_approval: 'professional',
  closed: null,
};
