// Context beside a ticket in the desk (SPEC §9): the professional's other tickets, the ones about the
// same RRT number or annuity year, and the duplicate link an attendant sets when closing.
import type { DeskTicketOutput, RelatedOutput, RelatedTicketOutput } from '@cau/shared';
import type { FilterQuery } from 'mongoose';
import { DomainError } from '../errors';
import { TicketModel, type Ticket } from './ticket.model';
import type { StoredTicket } from './ticket.views';

/** Per list: enough to see a pattern; the full history is one search away. */
export const RELATED_LIMIT = 10;
const FIELDS = { protocol: 1, subject: 1, status: 1, topic: 1, rrtNumber: 1, annuityYear: 1, createdAt: 1 } as const;

type Row = Pick<StoredTicket, 'protocol' | 'subject' | 'status' | 'topic' | 'rrtNumber' | 'annuityYear' | 'createdAt'>;

function row(t: Row): RelatedTicketOutput {
  return {
    protocol: t.protocol,
    subject: t.subject,
    status: t.status,
    topic: t.topic ?? null,
    rrtNumber: t.rrtNumber ?? null,
    annuityYear: t.annuityYear ?? null,
    createdAt: t.createdAt.toISOString(),
  };
}

/** Both lists are read through the index on (professional.id, updatedAt): a professional has few tickets. */
export async function relatedTickets(ticket: Pick<StoredTicket, 'protocol' | 'professional' | 'topic' | 'rrtNumber' | 'annuityYear'>): Promise<RelatedOutput> {
  const others: FilterQuery<Ticket> = { 'professional.id': ticket.professional.id, protocol: { $ne: ticket.protocol } };
  const reference: FilterQuery<Ticket> | null =
    ticket.topic === 'rrt' && ticket.rrtNumber
      ? { rrtNumber: ticket.rrtNumber }
      : ticket.topic === 'annuity' && ticket.annuityYear
        ? { annuityYear: ticket.annuityYear }
        : null;
  const [sameProfessional, sameReference] = await Promise.all([
    TicketModel.find(others, FIELDS).sort({ updatedAt: -1, _id: -1 }).limit(RELATED_LIMIT).lean<Row[]>(),
    reference
      ? TicketModel.find({ ...others, topic: ticket.topic, ...reference }, FIELDS).sort({ updatedAt: -1, _id: -1 }).limit(RELATED_LIMIT).lean<Row[]>()
      : Promise.resolve([] as Row[]),
  ]);
  return { sameProfessional: sameProfessional.map(row), sameReference: sameReference.map(row) };
}

/** desk.get's answer: the ticket and its context. Optional in the type: action answers carry no context. */
export async function withRelated(view: DeskTicketOutput, ticket: Parameters<typeof relatedTickets>[0]): Promise<DeskTicketOutput & { related?: RelatedOutput }> {
  return { ...view, related: await relatedTickets(ticket) };
}

/**
 * Checks, before a ticket is closed as a duplicate, that the original it names can be one: another
 * ticket of the same professional. Refusing here leaves the ticket as it was.
 */
export async function checkDuplicateOf(protocol: string, input: { reason: string; duplicateOf?: string }): Promise<string | null> {
  if (!input.duplicateOf) return null;
  if (input.reason !== 'duplicate') {
    const message = 'O chamado original só é informado quando o motivo é "duplicado".';
    throw new DomainError('invalid_input', message, { duplicateOf: message });
  }
  if (input.duplicateOf === protocol) {
    const message = 'Um chamado não pode ser duplicado dele mesmo.';
    throw new DomainError('invalid_input', message, { duplicateOf: message });
  }
  // A duplicate repeats the same professional's own request; the link is shown to them too, so it
  // never names another person's ticket.
  const duplicate = await TicketModel.findOne({ protocol }, { 'professional.id': 1 }).lean();
  if (!duplicate) throw new DomainError('not_found');
  if (!(await TicketModel.exists({ protocol: input.duplicateOf, 'professional.id': duplicate.professional.id }))) {
    const message = `Chamado original ${input.duplicateOf} não encontrado entre os chamados deste profissional.`;
    throw new DomainError('invalid_input', message, { duplicateOf: message });
  }
  return input.duplicateOf;
}

/**
 * Records the link on both tickets once the duplicate is closed. It annotates, it does not change
 * state: the versions that guard status changes are left alone, so no concurrent action loses.
 */
export async function linkDuplicate(duplicate: string, original: string): Promise<void> {
  await Promise.all([
    TicketModel.updateOne({ protocol: duplicate }, { $set: { duplicateOf: original } }),
    TicketModel.updateOne({ protocol: original }, { $addToSet: { duplicates: duplicate } }),
  ]);
}
