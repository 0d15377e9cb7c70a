// The ticket lifecycle as the API and the jobs use it: every action reads the ticket, asks the
// shared state machine, and stores the decision with its history, message and mail in one update.
import {
  acceptsAttachments, deadlinesAt, type DeadlineSettings, slaClockAfter, durationMs, formatCpf, localYear, parseDuration, transition, type CreateTicketInput, type Effect, type MailTemplate,
  type StoredCloseReason, type TicketCommand, type TicketEvent,
} from '@cau/shared';
import { Types } from 'mongoose';
import { attachmentsForMessage, markLinked } from '../attachments/attachments.service';
import { audit, auditActor } from '../audit/audit.service';
import type { Deps } from '../deps';
import { searchTokens } from '../text';
import { duplicateKeyField } from '../upsert-race';
import { DomainError } from '../errors';
import { outboxEntry } from '../mail/outbox';
import type { AuthedUser } from '../users/auth.service';
import { TICKET_CAPS, type Assignee, type AttachmentRef, type HistoryEntry, type LiveEntry, type NewTicket, type Person, type TicketFields, type TicketWrite } from './ticket.repository';
import type { StoredTicket } from './ticket.views';
import { deskSummaryView, snapshotOf } from './ticket.views';

export { TICKET_CAPS } from './ticket.repository';

export function ticketLink(deps: Deps, protocol: string): string {
  return `${deps.config.portalUrl.split('#')[0]}#atendimento/chamado/${protocol}`;
}

/** Who acts: a person, or the system itself (the jobs), which has no id. */
export type Actor = Person;

export function actorOf(user: AuthedUser): Actor {
  return { role: user.role, id: user._id, name: user.name };
}

export const SYSTEM_ACTOR: Actor = { role: 'system', id: null, name: 'Sistema' };

/** The ticket as `actor` may read it: a professional only through their own scope; staff and the system see any. */
function readFor(deps: Deps, actor: Actor, protocol: string): Promise<StoredTicket | null> {
  if (actor.role === 'professional') return deps.tickets.forOwner(actor.id!).get(protocol);
  return deps.tickets.find(protocol);
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
  fromAssigneeId: string | null,
): LiveEntry {
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
    fromAssigneeId,
    assigneeChanged,
    row: deskSummaryView(after, now),
  };
}

/** The ticket an earlier create of this professional with this idempotency key made, if any. */
function createdBefore(deps: Deps, user: AuthedUser, key: string | null): Promise<StoredTicket | null> {
  return key ? deps.tickets.forOwner(user._id).byIdempotencyKey(key) : Promise.resolve(null);
}

/**
 * Creates a professional's ticket. `allowed` is the caller's rate-limit check, already under way: it
 * runs beside the checks here and nothing is written unless it passes.
 */
export async function createTicket(deps: Deps, user: AuthedUser, input: CreateTicketInput, allowed: Promise<void> = Promise.resolve()): Promise<StoredTicket> {
  const idempotencyKey = input.idempotencyKey ? `${String(user._id)}:${input.idempotencyKey.toLowerCase()}` : null;
  const now = deps.now();
  if (input.annuityYear !== undefined && input.annuityYear > localYear(now)) {
    throw new DomainError('invalid_input', 'O ano da anuidade não pode estar no futuro.', { annuityYear: 'O ano da anuidade não pode estar no futuro.' });
  }
  // The checks read different documents, so they go out together, with the lookup of an earlier
  // create under this key, beside the rate limit and (once that passed) the protocol number: the
  // wait is the longer of the two chains, not their sum. A create the checks refuse, or a retry of
  // one that succeeded, leaves its number unused (protocols are unique and increasing, not
  // gapless); a refused flood takes none, since the number waits for the rate limit, so numbers are
  // never used faster than creates are allowed.
  const security = deps.settings.security();
  const checks = Promise.all([
    security,
    // Counted up to the cap only (the settings are cached): whether the professional is at it.
    security.then((s) => deps.tickets.forOwner(user._id).countNotClosed(s.maxOpenTicketsPerProfessional)),
    attachmentsForMessage(user._id, input.attachmentIds),
    input.relatedProtocol ? deps.tickets.forOwner(user._id).get(input.relatedProtocol) : null,
    deps.settings.deadlines(),
    allowed,
  ]);
  checks.catch(() => undefined);
  const firstProtocol = allowed.then(() => deps.tickets.nextProtocol(now));
  firstProtocol.catch(() => undefined);
  // A retry (the answer to the first try got lost) returns the first ticket whatever the checks
  // say, even if the first one used up the open-ticket cap or linked the attachments.
  const earlier = await createdBefore(deps, user, idempotencyKey);
  if (earlier) return earlier;
  const [{ maxOpenTicketsPerProfessional: maxOpen }, openCount, attachments, related, deadlineSettings] = await checks;
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

  const professional = { id: user._id, name: user.name, cpf: user.cpf!, email: user.email };
  for (let attempt = 1; ; attempt++) {
    const protocol = attempt === 1 ? await firstProtocol : await deps.tickets.nextProtocol(now);
    try {
      return await insertTicket(deps, user, input, { protocol, professional, actor, result, attachments, idempotencyKey, now });
    } catch (error) {
      // A protocol number handed out twice. MongoDB's counter never does; FerretDB v2 was seen to,
      // under concurrent first creates in a fresh database. The unique index refused the second
      // ticket: it takes the next number (a gap in the sequence, never a duplicate).
      if (duplicateKeyField(error) !== 'protocol' || attempt >= PROTOCOL_ATTEMPTS) throw error;
      deps.log.warn({ protocol, attempt }, 'protocol number already taken; taking the next one');
    }
  }
}

/** How many protocol numbers one create tries before it gives up (each clash is logged). */
const PROTOCOL_ATTEMPTS = 5;

async function insertTicket(
  deps: Deps,
  user: AuthedUser,
  input: CreateTicketInput,
  ctx: {
    protocol: string;
    professional: { id: Types.ObjectId; name: string; cpf: string; email: string };
    actor: Person;
    result: Extract<ReturnType<typeof transition>, { ok: true }>;
    attachments: NewTicket['attachments'];
    idempotencyKey: string | null;
    now: Date;
  },
): Promise<StoredTicket> {
  const { protocol, professional, actor, result, attachments, idempotencyKey, now } = ctx;
  const base = { protocol, subject: input.subject, professional };
  const fields: Omit<NewTicket, 'liveOutbox'> = {
    ...base,
    type: input.type,
    topic: input.topic ?? null,
    rrtNumber: input.topic === 'rrt' ? input.rrtNumber ?? null : null,
    annuityYear: input.topic === 'annuity' ? input.annuityYear ?? null : null,
    relatedProtocol: input.relatedProtocol ?? null,
    duplicateOf: null,
    duplicates: [],
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
    slaPausedMs: 0,
    slaPausedSince: null,
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
  const live = liveEntry({ ...fields, _id: new Types.ObjectId(), version: 0 }, actor, 'create', result.effects, false, now, null, null);
  let ticket: StoredTicket;
  try {
    ticket = await deps.tickets.insert({ ...fields, liveOutbox: [live] });
  } catch (error) {
    // Two creates with one key at once: the unique index let one in; the other answers with it.
    const winner = (error as { code?: number }).code === 11000 ? await createdBefore(deps, user, idempotencyKey) : null;
    if (winner) return winner;
    throw error;
  }
  deps.events.notify(ticket._id as Types.ObjectId);
  await markLinked(attachments);
  deps.log.info({ event: 'ticket_created', protocol, userId: String(user._id) }, 'ticket created');
  return ticket;
}

export interface ActionInput {
  event: TicketEvent;
  message?: string;
  rating?: number;
  comment?: string;
  closeReason?: StoredCloseReason;
  assigneeId?: string;
  attachmentIds?: string[];
}

/**
 * Applies one lifecycle event to a ticket on behalf of `actor`. A caller that has just read the
 * ticket (the expiry job, a batch at a time) passes it as `current`; the write is conditional on
 * that read either way, so a ticket changed in between is a `conflict`, not a lost update.
 */
/**
 * The `reminderFor` a new deadline starts with: null (its reminder is due REMINDER_BEFORE ahead), or
 * the deadline itself when that moment has already passed — a wait shorter than REMINDER_BEFORE gets
 * no reminder rather than one sent together with the request (the ticket:remind job sends one
 * reminder per deadline and skips a deadline already marked).
 */
function skippedReminder(deps: Deps, deadline: Date | null, now: Date): Date | null {
  if (!deadline) return null;
  const lead = durationMs(parseDuration(deps.config.reminderBefore)!);
  return deadline.getTime() - lead <= now.getTime() ? deadline : null;
}

export async function actOnTicket(deps: Deps, actor: Actor, protocol: string, input: ActionInput, current?: StoredTicket): Promise<StoredTicket> {
  const ticket = current ?? (await readFor(deps, actor, protocol));
  if (!ticket) throw new DomainError('not_found');
  const attachments = actor.id ? await attachmentsForMessage(actor.id, input.attachmentIds) : [];
  if (attachments.length > 0 && !acceptsAttachments(input.event)) {
    throw new DomainError('invalid_input', 'Esta ação não aceita anexos.');
  }

  let assignee: Assignee | null = null;
  if (input.event === 'assign' && input.assigneeId) {
    const staff = await deps.users.activeStaff(input.assigneeId);
    if (!staff) throw new DomainError('invalid_input', 'Atendente não encontrado ou desativado.', { attendantId: 'Atendente não encontrado ou desativado.' });
    assignee = { id: staff._id, name: staff.name };
  }

  const now = deps.now();
  const write = await decideWrite(deps, actor, ticket, input, { now, settings: await deps.settings.deadlines(), assignee, attachments });
  const updated = await deps.tickets.write(write);
  deps.events.notify(updated._id, write.live);
  await markLinked(attachments);
  deps.log.info({ event: `ticket_${input.event}`, protocol, from: write.result.from, to: write.result.to, actor: actor.role }, 'ticket changed');
  return updated;
}

/**
 * One event without input (the expiry job's `expire`) on many tickets as read: each decided as
 * actOnTicket decides it, all stored in one round trip as the same conditional updates. A ticket
 * that moved on since the read is left alone, as its own write would have lost (a `conflict`), and
 * one the state machine refuses is skipped. Returns how many tickets changed.
 */
export async function actOnTickets(deps: Deps, actor: Actor, tickets: readonly StoredTicket[], event: TicketEvent): Promise<number> {
  if (tickets.length === 0) return 0;
  const now = deps.now();
  const settings = await deps.settings.deadlines();
  const writes: TicketWrite[] = [];
  for (const ticket of tickets) {
    try {
      writes.push(await decideWrite(deps, actor, ticket, { event }, { now, settings, assignee: null, attachments: [], explainRefusal: false }));
    } catch (error) {
      // Anything but a refusal is this ticket's problem: log it and let the others change on time.
      if (!(error instanceof DomainError && ['conflict', 'invalid_transition'].includes(error.reason))) {
        deps.log.error({ err: error as Error, protocol: ticket.protocol }, `could not ${event} a ticket`);
      }
    }
  }
  const written = await deps.tickets.writeMany(writes, (error, ticket) => {
    deps.log.error({ err: error as Error, protocol: ticket.protocol }, `could not ${event} a ticket`);
  });
  for (const write of written) {
    deps.events.notify(write.ticket._id as Types.ObjectId, write.live);
    deps.log.info({ event: `ticket_${event}`, protocol: write.ticket.protocol, from: write.result.from, to: write.result.to, actor: actor.role }, 'ticket changed');
  }
  return written.length;
}

/**
 * What one lifecycle event does to a ticket as read: the state machine's decision turned into the
 * conditional write (history, live event, message, mails), or the refusal as a DomainError. Reads
 * nothing but the last change of a ticket that moved on, so a batch can decide many at once.
 */
async function decideWrite(
  deps: Deps,
  actor: Actor,
  ticket: StoredTicket,
  input: ActionInput,
  ctx: { now: Date; settings: DeadlineSettings; assignee: Assignee | null; attachments: AttachmentRef[]; explainRefusal?: boolean },
): Promise<TicketWrite> {
  const { now, settings, assignee, attachments } = ctx;
  const command: TicketCommand = {
    event: input.event,
    actor: { role: actor.role, id: actor.id ? String(actor.id) : null },
    message: input.message,
    rating: input.rating,
    comment: input.comment,
    closeReason: input.closeReason,
    assigneeId: input.assigneeId,
  };
  const result = transition(snapshotOf(ticket), command, { now, deadlines: deadlinesAt(now, settings) });
  // A refusal of an action the caller was shown means the ticket moved on meanwhile: say by whom.
  if (!result.ok) {
    const explain = result.reason === 'invalid_transition' && ctx.explainRefusal !== false;
    throw new DomainError(result.reason, result.message, undefined, undefined, explain ? await deps.tickets.lastChange(ticket._id) : undefined);
  }

  const { changes, row } = result;
  const { assigneeId, ...fields } = changes;
  // An internal note is not news for the professional: it must not move the ticket up their list.
  const set: TicketFields = row.message === 'internal' ? { ...fields } : { ...fields, updatedAt: now };
  const assigneeChanged = assigneeId !== undefined && assigneeId !== snapshotOf(ticket).assigneeId;
  if (assigneeChanged) {
    set.assignee = assigneeId === null ? null : assignee ?? { id: new Types.ObjectId(assigneeId), name: actor.name };
  }
  if (row.deskResponse && !ticket.firstResponseAt) set.firstResponseAt = now;
  // The resolution clock stops while the ticket waits on the professional (docs/decisions.md).
  const clock = slaClockAfter(ticket, result.from, result.to, now);
  if (clock) Object.assign(set, clock);
  if ('deadlineAt' in changes) set.reminderFor = skippedReminder(deps, changes.deadlineAt ?? null, now);

  // The size caps: checked on what was read for a clear answer, and again by the write itself.
  const body = row.message ? input.message!.trim() : '';
  const list = row.message === 'internal' ? 'notes' : 'messages';
  if (row.message) {
    const count = ticket[list]?.length ?? 0;
    if (count >= TICKET_CAPS[list] || (ticket.textLength ?? 0) + body.length > TICKET_CAPS.textLength) {
      throw new DomainError('ticket_full');
    }
  }

  const messageId = row.message ? new Types.ObjectId() : null;
  const history: HistoryEntry = {
    at: now, actor, event: input.event, from: result.from, to: result.to, messageId,
    ...(assigneeChanged && set.assignee ? { assignee: { id: set.assignee.id, name: set.assignee.name } } : {}),
    ...(changes.closeReason ? { reason: changes.closeReason } : {}),
  };
  const write: TicketWrite = {
    ticket,
    result,
    set,
    history,
    live: liveEntry({ ...ticket, ...set }, actor, input.event, result.effects, assigneeChanged, now, result.from, snapshotOf(ticket).assigneeId),
    ...(messageId ? { message: { list, entry: { _id: messageId, author: actor, body, attachments, at: now } } } : {}),
    mails: mailsFor(deps, ticket, result.effects, {
      message: row.message === 'public' ? body : null,
      deadlineAt: changes.deadlineAt ? changes.deadlineAt.toISOString() : null,
      outcome: changes.outcome ?? null,
    }, now),
  };
  return write;
}

export async function getTicket(deps: Deps, actor: Actor, protocol: string): Promise<StoredTicket> {
  const ticket = await readFor(deps, actor, protocol);
  if (!ticket) throw new DomainError('not_found');
  return ticket;
}

/** The professional's full CPF for an attendant who needs it; every reveal is audited. */
export async function revealCpf(deps: Deps, user: AuthedUser, protocol: string, ip: string): Promise<{ cpf: string }> {
  const ticket = await getTicket(deps, actorOf(user), protocol);
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
