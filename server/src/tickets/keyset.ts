// Keyset pagination over (sort field, _id): stable under inserts and as fast on page 500 as on page 1.
import { Types, type FilterQuery } from 'mongoose';
import { DomainError } from '../errors';
import { TicketModel, type Ticket } from './ticket.model';
import type { StoredTicket } from './ticket.views';

export type SortField = 'updatedAt' | 'waitingSince' | 'deadlineAt' | 'closedAt' | 'createdAt';
export interface Sort {
  field: SortField;
  dir: 1 | -1;
}

function encodeCursor(value: Date, id: Types.ObjectId): string {
  return Buffer.from(JSON.stringify([value.toISOString(), String(id)])).toString('base64url');
}

function decodeCursor(cursor: string): { value: Date; id: Types.ObjectId } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === 'string' && typeof parsed[1] === 'string') {
      const value = new Date(parsed[0]);
      if (!Number.isNaN(value.getTime()) && Types.ObjectId.isValid(parsed[1]) && /^[a-f0-9]{24}$/.test(parsed[1])) {
        return { value, id: new Types.ObjectId(parsed[1]) };
      }
    }
  } catch {
    // fall through to the refusal below
  }
  throw new DomainError('invalid_input', 'Cursor de paginação inválido. Recarregue a lista.', { cursor: 'Cursor inválido.' });
}

/** A ticket without its heavy arrays and texts: what lists show and state changes decide on. */
export const SUMMARY_FIELDS = { messages: 0, notes: 0, history: 0, description: 0, searchTokens: 0, attachments: 0 } as const;

/** One page of tickets matching `filter` in `sort` order, without the heavy arrays. */
export async function page(filter: FilterQuery<Ticket>, sort: Sort, cursor: string | undefined, limit: number) {
  const op = sort.dir === 1 ? '$gt' : '$lt';
  let query: FilterQuery<Ticket> = filter;
  if (cursor) {
    const { value, id } = decodeCursor(cursor);
    query = { $and: [filter, { $or: [{ [sort.field]: { [op]: value } }, { [sort.field]: value, _id: { [op]: id } }] }] };
  }
  const rows = await TicketModel.find(query, SUMMARY_FIELDS)
    .sort({ [sort.field]: sort.dir, _id: sort.dir })
    .limit(limit + 1)
    .lean<Omit<StoredTicket, 'messages' | 'notes' | 'history' | 'outbox'>[]>();
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const lastValue = last ? (last[sort.field] as Date | null) : null;
  const nextCursor = rows.length > limit && last && lastValue ? encodeCursor(lastValue, last._id) : null;
  return { items, nextCursor };
}
