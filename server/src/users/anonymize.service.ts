// LGPD art. 18 (IV, VI): an admin anonymises a professional on request. The account can no
// longer sign in and holds no personal data; their tickets stay for the council's records with
// the personal data replaced, the ones still open are closed (nobody is left to answer them), and
// the files they uploaded are deleted.
import mongoose, { Types } from 'mongoose';
import type { Deps } from '../deps';
import { DomainError } from '../errors';
import { DeskEventModel } from '../tickets/desk-events';
import { actOnTicket, SYSTEM_ACTOR } from '../tickets/tickets.service';
import type { StoredTicket } from '../tickets/ticket.views';
import { SessionModel, PasswordResetModel } from './session.model';

export const ANONYMOUS_NAME = 'Titular anonimizado';

export interface AnonymizeResult {
  /** Tickets whose personal data was replaced. */
  tickets: number;
  /** Of those, the ones that were still open and are now closed (outcome `cancelled`). */
  closed: number;
  /** Files deleted. */
  files: number;
}

/** How many open tickets one pass reads; a professional has at most a handful (the open-ticket cap). */
const OPEN_BATCH = 100;
/** How often one ticket is tried again when someone acted on it meanwhile. */
const CLOSE_ATTEMPTS = 3;

export async function anonymizeProfessional(deps: Deps, id: string): Promise<AnonymizeResult> {
  const userId = new Types.ObjectId(id);
  const alias = `anon-${id}`;
  if (!(await deps.users.anonymizeProfessional(userId, ANONYMOUS_NAME, alias))) throw new DomainError('not_found', 'Profissional não encontrado.');
  await SessionModel.deleteMany({ userId });
  await PasswordResetModel.deleteMany({ userId });

  // Their tickets stay, with the personal data replaced and the search words rebuilt (pending mail dropped).
  const owner = deps.tickets.forOwner(userId);
  const tickets = await owner.anonymize(ANONYMOUS_NAME, `${alias}@anonimizado.invalid`);
  // Then the ones still open close, so the live events and rows already carry the anonymous name.
  const closed = await closeOpenTickets(deps, userId);
  // The desk events kept for resuming streams (deskevents, at most ~20 minutes) name them too.
  await DeskEventModel.updateMany({ 'row.professional.id': id }, { $set: { 'row.professional.name': ANONYMOUS_NAME, 'row.professional.cpf': '***.000.000-**' } });
  await DeskEventModel.updateMany({ 'actor.id': userId }, { $set: { 'actor.name': ANONYMOUS_NAME } });

  // Their files: metadata first, so that no download link finds a half-deleted file.
  const db = mongoose.connection.db!;
  const fileIds = (await db.collection('attachments.files').find({ 'metadata.ownerId': userId }, { projection: { _id: 1 } }).toArray()).map((f) => f._id);
  if (fileIds.length > 0) {
    await db.collection('attachments.files').deleteMany({ _id: { $in: fileIds } });
    await db.collection('attachments.chunks').deleteMany({ files_id: { $in: fileIds } });
  }

  deps.log.info({ event: 'professional_anonymized', userId: id, tickets, closed, files: fileIds.length }, 'professional anonymised');
  return { tickets, closed, files: fileIds.length };
}

/**
 * Closes every ticket of the professional that is not closed yet, through the lifecycle (SPEC §3 as
 * extended in docs/lifecycle.md, row 15): the system closes it, outcome `cancelled`, reason
 * `account_anonymized` in the ticket and its history; the deadline and its reminder go with the
 * waiting state; no mail (the row has none, and the address is gone); a live event as for any close.
 * A ticket someone acts on meanwhile is read again and closed from its new state.
 */
async function closeOpenTickets(deps: Deps, userId: Types.ObjectId): Promise<number> {
  let closed = 0;
  for (;;) {
    const open = await deps.tickets.forOwner(userId).notClosed(OPEN_BATCH);
    if (open.length === 0) return closed;
    // Each one ends closed (by us or by whoever acted first) or throws: the loop always progresses.
    for (const ticket of open) if (await closeOne(deps, ticket)) closed += 1;
  }
}

async function closeOne(deps: Deps, first: StoredTicket): Promise<boolean> {
  let ticket: StoredTicket | null = first;
  for (let attempt = 1; ticket && ticket.status !== 'closed'; attempt++) {
    try {
      await actOnTicket(deps, SYSTEM_ACTOR, ticket.protocol, { event: 'close', closeReason: 'account_anonymized' }, ticket);
      return true;
    } catch (error) {
      const lost = error instanceof DomainError && ['conflict', 'invalid_transition'].includes(error.reason);
      if (!lost || attempt >= CLOSE_ATTEMPTS) throw error;
      ticket = await deps.tickets.find(ticket.protocol);
    }
  }
  return false;
}
