// Context beside a ticket in the desk (SPEC §9): the professional's other tickets, the ones about the
// same RRT number or annuity year, and the duplicate link an attendant sets when closing.
import type { DeskTicketOutput, RelatedOutput, RelatedTicketOutput } from '@cau/shared';
import type { FilterQuery } from 'mongoose';
import type { Deps } from '../deps';
import { DomainError } from '../errors';
import type { Ticket } from './ticket.model';
import type { RelatedRow } from './ticket.repository';
import type { StoredTicket } from './ticket.views';

/** Per list: enough to see a pattern; the full history is one search away. */
export const RELATED_LIMIT = 10;

function row(t: RelatedRow): RelatedTicketOutput {
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

/** Both lists are the professional's own tickets (a professional has few). */
export async function relatedTickets(deps: Pick<Deps, 'tickets'>, ticket: Pick<StoredTicket, 'protocol' | 'professional' | 'topic' | 'rrtNumber' | 'annuityYear'>): Promise<RelatedOutput> {
  const theirs = deps.tickets.forOwner(ticket.professional.id);
  const reference: FilterQuery<Ticket> | null =
    ticket.topic === 'rrt' && ticket.rrtNumber
      ? { rrtNumber: ticket.rrtNumber }
      : ticket.topic === 'annuity' && ticket.annuityYear
        ? { annuityYear: ticket.annuityYear }
        : null;
  const [sameProfessional, sameReference] = await Promise.all([
    theirs.others(ticket.protocol, {}, RELATED_LIMIT),
    reference ? theirs.others(ticket.protocol, { topic: ticket.topic, ...reference }, RELATED_LIMIT) : Promise.resolve([]),
  ]);
  return { sameProfessional: sameProfessional.map(row), sameReference: sameReference.map(row) };
}

/** desk.get's answer: the ticket and its context. Optional in the type: action answers carry no context. */
export async function withRelated(deps: Pick<Deps, 'tickets'>, view: DeskTicketOutput, ticket: Parameters<typeof relatedTickets>[1]): Promise<DeskTicketOutput & { related?: RelatedOutput }> {
  return { ...view, related: await relatedTickets(deps, ticket) };
}

/**
 * Checks, before a ticket is closed as a duplicate, that the original it names can be one: another
 * ticket of the same professional. Refusing here leaves the ticket as it was.
 */
export async function checkDuplicateOf(deps: Pick<Deps, 'tickets'>, protocol: string, input: { reason: string; duplicateOf?: string }): Promise<string | null> {
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
  const owner = await deps.tickets.ownerOf(protocol);
  if (!owner) throw new DomainError('not_found');
  if (!(await deps.tickets.forOwner(owner).has(input.duplicateOf))) {
    const message = `Chamado original ${input.duplicateOf} não encontrado entre os chamados deste profissional.`;
    throw new DomainError('invalid_input', message, { duplicateOf: message });
  }
  return input.duplicateOf;
}
