// The desk-events relay's reads and writes of the tickets collection, reached through
// `deps.tickets.live` (part of the ticket repository, as the report queries are): the tickets with
// live entries waiting in their `liveOutbox`, the pull of the entries once relayed, and the counts
// by status as the relayed events have told them (tickets/desk-events.ts says why).
import { STATUSES, type Status } from '@cau/shared';
import type { Types } from 'mongoose';
import { TicketModel } from './ticket.model';

/** What the relay reads of a ticket with entries waiting (`liveOutbox` is select: false elsewhere). */
const WAITING_FIELDS = { protocol: 1, subject: 1, liveOutbox: 1 };

export class LiveOutboxQueries {
  /** Up to `limit` tickets with live entries waiting (the sparse `liveOutbox.at` index holds only those). */
  waiting(limit: number) {
    return TicketModel.find({ 'liveOutbox.at': { $exists: true } }, WAITING_FIELDS).limit(limit).lean();
  }

  /** Those of `ids` that still have live entries waiting. */
  waitingAmong(ids: Array<Types.ObjectId | string>) {
    return TicketModel.find({ _id: { $in: ids }, 'liveOutbox.at': { $exists: true } }, WAITING_FIELDS).lean();
  }

  /** Removes relayed entries from their tickets' outboxes, by entry id (entries added since stay). */
  async pull(relayed: Array<{ ticketId: Types.ObjectId; entryIds: Types.ObjectId[] }>): Promise<void> {
    if (relayed.length === 0) return;
    await TicketModel.bulkWrite(relayed.map(({ ticketId, entryIds }) => ({
      updateOne: { filter: { _id: ticketId }, update: { $pull: { liveOutbox: { _id: { $in: entryIds } } } } },
    })), { ordered: false });
  }

  /**
   * Tickets per status as the relayed events have told it: a ticket with live entries still waiting
   * counts under the status before the first of them (a new one under none).
   */
  async countSettled(maxTimeMS?: number): Promise<Record<Status, number>> {
    const counts = await Promise.all(STATUSES.map((status) => {
      const count = TicketModel.countDocuments({ $or: [{ status, 'liveOutbox.0': { $exists: false } }, { 'liveOutbox.0.from': status }] });
      return maxTimeMS ? count.maxTimeMS(maxTimeMS).exec() : count.exec();
    }));
    return Object.fromEntries(STATUSES.map((status, i) => [status, counts[i]!])) as Record<Status, number>;
  }
}
