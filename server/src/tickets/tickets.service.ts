// The ticket lifecycle as the API and the jobs use it: every action reads the ticket, asks the
// shared state machine, and stores the decision with its history, message and mail in one update.
import {
  acceptsAttachments, deadlinesAt, formatCpf, localYear, transition, type CreateTicketInput, type Effect, type MailTemplate,
  type TicketCommand, type TicketEvent,
} from '@cau/shared';
import { Types } from 'mongoose';
import { attachmentsForMessage, markLinked } from '../attachments/attachments.service';
import { audit, auditActor } from '../audit/audit.service';
import type { Deps } from '../deps';
import { searchTokens } from '../text';
import { DomainError } from '../errors';
import { outboxEntry } from '../mail/outbox';
import { getDeadlineSettings, getSecuritySettings } from '../settings/settings.service';
import { TicketModel } from './ticket.model';
import type { AuthedUser } from '../users/auth.service';
import { UserModel } from '../users/user.model';
import { findTicket, insertTicket, lastChange, nextProtocol, writeTransition, type Viewer } from './ticket.repository';
import type { StoredTicket } from './ticket.views';
import { deskSummaryView, snapshotOf } from './ticket.views';

/**
 * What one ticket may hold, so that a flood cannot push the document towards MongoDB's 16 MB limit:
 * messages in the thread, internal notes, and characters of message text (about 3 MB of UTF-8 at most).
 */
export const TICKET_CAPS = { messages: 200, notes: 200, textLength: 1_000_000 } as const;

export function ticketLink(deps: Deps, protocol: string): string {
  return `${deps.config.portalUrl.split('#')[0]}#atendimento/chamado/${protocol}`;
}

export type Actor = { role: 'professional' | 'attendant' | 'admin' | 'system'; id: Types.ObjectId | null; name: string };

export function actorOf(user: AuthedUser): Actor {
  return { role: user.role, id: user._id, name: user.name };
}

export const SYSTEM_ACTOR: Actor = { role: 'system', id: null, name: 'Sistema' };

function viewerOf(actor: Actor): Viewer {
  if (actor.role === 'system' || !actor.id) return { role: 'admin', id: new Types.ObjectId() };
  return { role: actor.role, id: actor.id } as Viewer;
}

function mailsFor(deps: Deps, ticket: Pick<StoredTicket, 'protocol' | 'subject' | 'professional'>, effects: readonly Effect[], data: Record<string, unknown>, now: Date) {
  return effects
    .filter((e): e is { kind: 'mail'; template: MailTemplate } => e.kind === 'mail')
    .map((e) =>
      outboxEntry(
        e.template,
        { name: ticket.professional.name, address: ticket.professional.email },
        { protocol: ticket.protocol, subject: ticket.subject, link: ticketLink(deps, ticket.protocol), ...data },
        now,
      ),
    );
}

/**
 * The live event of one ticket change, written with the change itself (`liveOutbox`); the desk
 * events relay sequences and delivers it. `after` is the ticket as the change leaves it.
 */
function liveEntry(
  after: Parameters<typeof deskSummaryView>[0],
  actor: Actor,
  event: TicketEvent,
  effects: readonly Effect[],
  assigneeChanged: boolean,
  now: Date,
  from: string | null,
) {
  const alert = effects.find((e): e is Extract<Effect, { kind: 'alert' }> => e.kind === 'alert');
  const assigneeId = after.assignee ? String(after.assignee.id) : null;
  const kind = alert ? alert.alert : event === 'assign' && assigneeChanged ? 'assigned' : 'changed';
  return {
    _id: new Types.ObjectId(),
    kind,
    event,
    at: now,
    from,
    status: after.status,
    actor,
    assigneeId,
    assigneeChanged,
    row: deskSummaryView(after, now),
  };
}

/** The ticket an earlier create of this professional with this idempotency key made, if any. */
async function createdBefore(user: AuthedUser, key: string | null): Promise<StoredTicket | null> {
  if (!key) return null;
  const found = await TicketModel.findOne({ idempotencyKey: key }, { notes: 0, outbox: 0 }).lean<StoredTicket>();
  return found && String(found.professional.id) === String(user._id) ? found : null;
}

export async function createTicket(deps: Deps, user: AuthedUser, input: CreateTicketInput): Promise<StoredTicket> {
  const idempotencyKey = input.idempotencyKey ? `${String(user._id)}:${input.idempotencyKey.toLowerCase()}` : null;
  // A retry (the answer to the first try got lost) returns the first ticket before any check,
  // even if the first one used up the open-ticket cap or linked the attachments.
  const earlier = await createdBefore(user, idempotencyKey);
  if (earlier) return earlier;
  const now = deps.now();
  if (input.annuityYear !== undefined && input.annuityYear > localYear(now)) {
    throw new DomainError('invalid_input', 'O ano da anuidade não pode estar no futuro.', { annuityYear: 'O ano da anuidade não pode estar no futuro.' });
  }
  // The checks read different documents, so they go out together: one round trip of waiting, not four.
  const [{ maxOpenTicketsPerProfessional: maxOpen }, openCount, attachments, related, deadlineSettings] = await Promise.all([
    getSecuritySettings(),
    TicketModel.countDocuments({ 'professional.id': user._id, status: { $ne: 'closed' } }),
    attachmentsForMessage(user._id, input.attachmentIds),
    input.relatedProtocol ? findTicket({ role: 'professional', id: user._id }, input.relatedProtocol) : null,
    getDeadlineSettings(deps.config),
  ]);
  if (openCount >= maxOpen) {
    throw new DomainError(
      'too_many_open_tickets',
      `Você já tem ${maxOpen} chamados em aberto. Aguarde a conclusão de algum deles ou complemente um chamado existente.`,
    );
  }
  if (input.relatedProtocol) {
    if (!related) {
      throw new DomainError('invalid_input', 'Chamado de referência não encontrado.', { relatedProtocol: 'Chamado de referência não encontrado.' });
    }
    if (related.status !== 'closed') {
      const message = 'Só é possível abrir um novo chamado a partir de um chamado fechado; este ainda está em atendimento.';
      throw new DomainError('invalid_input', message, { relatedProtocol: message });
    }
  }
  const actor = actorOf(user);
  const result = transition(null, { event: 'create', actor: { role: user.role, id: String(user._id) } }, { now, deadlines: deadlinesAt(now, deadlineSettings) });
  if (!result.ok) throw new DomainError(result.reason, result.message);

  const protocol = await nextProtocol(now);
  const professional = { id: user._id, name: user.name, cpf: user.cpf!, email: user.email };
  const base = { protocol, subject: input.subject, professional };
  const fields = {
    ...base,
    type: input.type,
    topic: input.topic ?? null,
    rrtNumber: input.topic === 'rrt' ? input.rrtNumber ?? null : null,
    annuityYear: input.topic === 'annuity' ? input.annuityYear ?? null : null,
    relatedProtocol: input.relatedProtocol ?? null,
    description: input.description,
    attachments,
    status: 'open',
    outcome: null,
    closeReason: null,
    rating: null,
    ratingComment: null,
    deadlineAt: null,
    reminderFor: null,
    assignee: null,
    answered: false,
    waitingSince: now,
    firstResponseAt: null,
    closedAt: null,
    messages: [],
    notes: [],
    history: [{ at: now, actor, event: 'create', from: null, to: 'open', messageId: null }],
    outbox: mailsFor(deps, base, result.effects, {}, now),
    searchTokens: searchTokens(`${protocol} ${input.subject} ${user.name}`),
    ...(idempotencyKey ? { idempotencyKey } : {}),
    textLength: 0,
    createdAt: now,
    updatedAt: now,
  };
  const live = liveEntry({ ...fields, _id: new Types.ObjectId() } as never, actor, 'create', result.effects, false, now, null);
  let ticket: StoredTicket;
  try {
    const { liveOutbox: _live, ...inserted } = await insertTicket({ ...fields, liveOutbox: [live] } as never);
    ticket = inserted as StoredTicket;
  } catch (error) {
    // Two creates with one key at once: the unique index let one in; the other answers with it.
    const winner = (error as { code?: number }).code === 11000 ? await createdBefore(user, idempotencyKey) : null;
    if (winner) return winner;
    throw error;
  }
  deps.events.notify(ticket._id as Types.ObjectId);
  await markLinked(attachments);
  deps.log.info({ event: 'ticket_created', protocol, userId: String(user._id) }, 'ticket created');
  return ticket as StoredTicket;
}

export interface ActionInput {
  event: TicketEvent;
  message?: string;
  rating?: number;
  comment?: string;
  closeReason?: 'duplicate' | 'invalid';
  assigneeId?: string;
  attachmentIds?: string[];
}

/**
 * Applies one lifecycle event to a ticket on behalf of `actor`. A caller that has just read the
 * ticket (the expiry job, a batch at a time) passes it as `current`; the write is conditional on
 * that read either way, so a ticket changed in between is a `conflict`, not a lost update.
 */
export async function actOnTicket(deps: Deps, actor: Actor, protocol: string, input: ActionInput, current?: StoredTicket): Promise<StoredTicket> {
  const ticket = current ?? (await findTicket(viewerOf(actor), protocol));
  if (!ticket) throw new DomainError('not_found');
  const attachments = actor.id ? await attachmentsForMessage(actor.id, input.attachmentIds) : [];
  if (attachments.length > 0 && !acceptsAttachments(input.event)) {
    throw new DomainError('invalid_input', 'Esta ação não aceita anexos.');
  }

  let assignee: { id: Types.ObjectId; name: string } | null = null;
  if (input.event === 'assign' && input.assigneeId) {
    const staff = await UserModel.findOne({ _id: input.assigneeId, role: { $in: ['attendant', 'admin'] }, disabled: false }, { name: 1 }).lean();
    if (!staff) throw new DomainError('invalid_input', 'Atendente não encontrado ou desativado.', { attendantId: 'Atendente não encontrado ou desativado.' });
    assignee = { id: staff._id, name: staff.name };
  }

  const now = deps.now();
  const command: TicketCommand = {
    event: input.event,
    actor: { role: actor.role, id: actor.id ? String(actor.id) : null },
    message: input.message,
    rating: input.rating,
    comment: input.comment,
    closeReason: input.closeReason,
    assigneeId: input.assigneeId,
  };
  const settings = await getDeadlineSettings(deps.config);
  const result = transition(snapshotOf(ticket), command, { now, deadlines: deadlinesAt(now, settings) });
  // A refusal of an action the caller was shown means the ticket moved on meanwhile: say by whom.
  if (!result.ok) throw new DomainError(result.reason, result.message, undefined, undefined, result.reason === 'invalid_transition' ? await lastChange(ticket._id) : undefined);

  const { changes, row } = result;
  // An internal note is not news for the professional: it must not move the ticket up their list.
  const set: Record<string, unknown> = row.message === 'internal' ? {} : { updatedAt: now };
  for (const [key, value] of Object.entries(changes)) {
    if (key === 'assigneeId') continue;
    set[key] = value;
  }
  const assigneeChanged = 'assigneeId' in changes && changes.assigneeId !== snapshotOf(ticket).assigneeId;
  if (assigneeChanged) {
    set.assignee = changes.assigneeId === null
      ? null
      : assignee ?? { id: new Types.ObjectId(changes.assigneeId!), name: actor.name };
  }
  if (row.deskResponse && !ticket.firstResponseAt) set.firstResponseAt = now;
  if ('deadlineAt' in changes) set.reminderFor = null;

  // The size caps: checked on what was read for a clear answer, and again by the write itself.
  let guard: Record<string, unknown> | undefined;
  let inc: Record<string, number> | undefined;
  if (row.message) {
    const length = input.message!.trim().length;
    const list = row.message === 'internal' ? 'notes' : 'messages';
    const count = (ticket as { messages?: unknown[]; notes?: unknown[] })[list]?.length ?? 0;
    if (count >= TICKET_CAPS[list] || (ticket.textLength ?? 0) + length > TICKET_CAPS.textLength) {
      throw new DomainError('ticket_full');
    }
    guard = { [`${list}.${TICKET_CAPS[list] - 1}`]: { $exists: false }, textLength: { $not: { $gt: TICKET_CAPS.textLength - length } } };
    inc = { textLength: length };
  }

  const messageId = row.message ? new Types.ObjectId() : null;
  const newAssignee = assigneeChanged && set.assignee ? (set.assignee as { id: Types.ObjectId; name: string }) : null;
  const push: Record<string, unknown> = {
    history: {
      at: now, actor, event: input.event, from: result.from, to: result.to, messageId,
      ...(newAssignee ? { assignee: { id: newAssignee.id, name: newAssignee.name } } : {}),
    },
    liveOutbox: liveEntry({ ...ticket, ...set } as StoredTicket, actor, input.event, result.effects, assigneeChanged, now, result.from),
  };
  if (row.message && messageId) {
    push[row.message === 'internal' ? 'notes' : 'messages'] = {
      _id: messageId,
      author: actor,
      body: input.message!.trim(),
      attachments,
      at: now,
    };
  }
  const mails = mailsFor(deps, ticket, result.effects, {
    message: row.message === 'public' ? input.message!.trim() : null,
    deadlineAt: changes.deadlineAt ? changes.deadlineAt.toISOString() : null,
    outcome: changes.outcome ?? null,
  }, now);
  if (mails.length > 0) push.outbox = mails;

  const updated = await writeTransition({ ticket, result, set, push, guard, inc });
  deps.events.notify(updated._id);
  await markLinked(attachments);
  deps.log.info({ event: `ticket_${input.event}`, protocol, from: result.from, to: result.to, actor: actor.role }, 'ticket changed');
  return updated;
}

export async function getTicket(actor: Actor, protocol: string): Promise<StoredTicket> {
  const ticket = await findTicket(viewerOf(actor), protocol);
  if (!ticket) throw new DomainError('not_found');
  return ticket;
}

/** The professional's full CPF for an attendant who needs it; every reveal is audited. */
export async function revealCpf(deps: Deps, user: AuthedUser, protocol: string, ip: string): Promise<{ cpf: string }> {
  const ticket = await getTicket(actorOf(user), protocol);
  await audit({
    at: deps.now(),
    actor: auditActor(user),
    action: 'cpf_revealed',
    subject: { userId: ticket.professional.id, protocol },
    ip,
  });
  deps.log.info({ event: 'cpf_revealed', protocol, by: String(user._id) }, 'CPF revealed');
  return { cpf: formatCpf(ticket.professional.cpf) };
}
