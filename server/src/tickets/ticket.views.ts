// How tickets appear in API outputs: the professional's view never carries internal notes,
// the outbox or another person's data; the desk's view masks the CPF.
import {
  allowedEvents, maskCpf, type ActorRole, type DeskTicketOutput, type DeskTicketSummaryOutput,
  type TicketOutput, type TicketSnapshot, type TicketSummaryOutput,
} from '@cau/shared';
import type { Ticket } from './ticket.model';
import type { Types } from 'mongoose';

/** A ticket as reads return it: the private `outbox` and `liveOutbox` are `select: false`. */
export type StoredTicket = Omit<Ticket, 'outbox' | 'liveOutbox'> & { _id: Types.ObjectId };
type StoredMessage = Ticket['messages'][number] & { _id: Types.ObjectId };

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function snapshotOf(ticket: Pick<Ticket, 'status' | 'assignee' | 'deadlineAt' | 'outcome' | 'answered'>): TicketSnapshot {
  return {
    status: ticket.status,
    assigneeId: ticket.assignee ? String(ticket.assignee.id) : null,
    deadlineAt: ticket.deadlineAt ?? null,
    outcome: ticket.outcome ?? null,
    answered: ticket.answered,
  };
}

/** What list rows are made from: list reads leave out the arrays (keyset.ts's SUMMARY_FIELDS). */
export type TicketSummary = Omit<StoredTicket, 'messages' | 'notes' | 'history' | 'attachments'>;

export function summaryView(t: TicketSummary): TicketSummaryOutput {
  return {
    protocol: t.protocol,
    type: t.type,
    topic: t.topic ?? null,
    subject: t.subject,
    status: t.status,
    outcome: t.outcome ?? null,
    rating: t.rating ?? null,
    deadlineAt: iso(t.deadlineAt),
    assignee: t.assignee ? { id: String(t.assignee.id), name: t.assignee.name ?? '' } : null,
    answered: t.answered,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

type StoredAttachment = Ticket['attachments'][number];

function attachmentView(a: StoredAttachment) {
  return { id: String(a.id), name: a.name ?? '', size: a.size ?? 0, contentType: a.contentType ?? '' };
}

function messageView(m: StoredMessage) {
  return {
    id: String(m._id),
    author: { id: m.author.id ? String(m.author.id) : null, name: m.author.name, role: m.author.role },
    body: m.body,
    attachments: m.attachments.map(attachmentView),
    at: m.at.toISOString(),
  };
}

function detailFields(t: StoredTicket, role: ActorRole, now: Date) {
  return {
    description: t.description,
    attachments: (t.attachments ?? []).map(attachmentView),
    rrtNumber: t.rrtNumber ?? null,
    annuityYear: t.annuityYear ?? null,
    relatedProtocol: t.relatedProtocol ?? null,
    duplicateOf: t.duplicateOf ?? null,
    duplicates: t.duplicates ?? [],
    ratingComment: t.ratingComment ?? null,
    closeReason: t.closeReason ?? null,
    closedAt: iso(t.closedAt),
    messages: (t.messages as StoredMessage[]).map(messageView),
    history: t.history.map((h) => ({
      at: h.at.toISOString(),
      actor: { id: h.actor.id ? String(h.actor.id) : null, name: h.actor.name, role: h.actor.role },
      event: h.event,
      from: h.from ?? null,
      to: h.to,
      messageId: h.messageId ? String(h.messageId) : null,
      ...(h.assignee ? { assignee: { id: String(h.assignee.id), name: h.assignee.name ?? '' } } : {}),
      ...(h.reason ? { reason: h.reason } : {}),
    })),
    actions: [...new Set(allowedEvents(snapshotOf(t), role, now))],
  };
}

export function professionalView(t: StoredTicket, now: Date): TicketOutput {
  const detail = detailFields(t, 'professional', now);
  // Internal notes are never shown to the professional: not even the history entry that one was written.
  return { ...summaryView(t), ...detail, history: detail.history.filter((h) => h.event !== 'note') };
}

/** A desk queue row; its `actions` are an attendant's (admins act as attendants), so one row serves every desk. */
export function deskSummaryView(t: TicketSummary, now: Date): DeskTicketSummaryOutput {
  return {
    ...summaryView(t),
    professional: { id: String(t.professional.id), name: t.professional.name, cpf: maskCpf(t.professional.cpf) },
    waitingSince: iso(t.waitingSince),
    actions: [...new Set(allowedEvents(snapshotOf(t), 'attendant', now))],
  };
}

export function deskView(t: StoredTicket, role: ActorRole, now: Date): DeskTicketOutput {
  return {
    ...summaryView(t),
    ...detailFields(t, role, now),
    professional: {
      id: String(t.professional.id),
      name: t.professional.name,
      cpf: maskCpf(t.professional.cpf),
      email: t.professional.email,
    },
    waitingSince: iso(t.waitingSince),
    notes: (t.notes as StoredMessage[]).map(messageView),
  };
}
