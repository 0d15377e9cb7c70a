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

type Row = Omit<StoredTicket, 'messages' | 'notes' | 'history' | 'outbox'>;

function sortedRows(query: FilterQuery<Ticket>, sort: Sort, n: number): Promise<Row[]> {
  return TicketModel.find(query, SUMMARY_FIELDS).sort({ [sort.field]: sort.dir, _id: sort.dir }).limit(n).lean<Row[]>();
}

/** The widths of the time windows a windowed page tries, in turn, before an unbounded read: 1 hour to 171 days. */
const WINDOWS_MS = [1, 8, 64, 512, 4096].map((hours) => hours * 3_600_000);

/**
 * The first `n` rows, read through time windows that start at `from` (the cursor's value; without
 * one, now for a newest-first view, the view's oldest value for an oldest-first one) and reach a
 * window's width into the sort order: `query(edge)` holds the rows that sort before `edge` (newest
 * first: a value at least `edge`; oldest first: a value below it), and every row before `from` too.
 * The window widens until it holds `n` rows, then the read is unbounded. A window that holds `n`
 * rows holds the first `n` overall, as every row outside it sorts after them; so `from` only decides
 * how fast this is, never what it answers. For an engine whose indexes do not hand rows back in
 * order (FerretDB v2 with DocumentDB's default indexes sorts every match in PostgreSQL: the `all`
 * view took 0.6 s at 100 000 tickets and over 5 s at 1 000 000), each read sorts only its window's
 * rows; on MongoDB each is an index range, at most six.
 */
async function inWindows(query: (edge?: Date) => FilterQuery<Ticket>, sort: Sort, from: Date, n: number): Promise<Row[]> {
  for (const width of WINDOWS_MS) {
    const rows = await sortedRows(query(new Date(from.getTime() + sort.dir * width)), sort, n);
    if (rows.length >= n) return rows;
  }
  return sortedRows(query(), sort, n);
}

export interface PageOptions {
  /** Read the page through time windows (inWindows); the default is one sorted read. */
  windows?: boolean;
  /** Where the first window starts when there is no cursor: now (the server's clock) for a newest-first view… */
  now?: Date;
  /** …and the view's oldest value, as last seen, for an oldest-first one (no windows without it). */
  oldest?: Date | null;
}

/** The comparison that keeps what sorts after the cursor: greater oldest first, smaller newest first. */
const pastOp = (sort: Sort) => (sort.dir === 1 ? '$gt' : '$lt');

/** How many rows sharing the cursor's value are read at once and passed over in code (tiedRows). */
export const TIE_READ = 500;

/**
 * The first `n` rows with the cursor's own value and an id past its id. Read as the rows of that
 * value (sorted by id) with the passed-over ones dropped here: DocumentDB answers an `_id` range
 * beside them by walking every id past the cursor's (0.35 s at 1 000 000 tickets, 2 ms without).
 * Only past TIE_READ rows sharing one instant (a batch closed at once) does it ask for the range.
 */
async function tiedRows(filter: FilterQuery<Ticket>, sort: Sort, after: { value: Date; id: Types.ObjectId }, n: number): Promise<Row[]> {
  const rows = await sortedRows({ $and: [filter, { [sort.field]: after.value }] }, sort, TIE_READ);
  const cursorId = String(after.id);
  const past = rows.filter((row) => (sort.dir === 1 ? String(row._id) > cursorId : String(row._id) < cursorId));
  if (past.length >= n || rows.length < TIE_READ) return past.slice(0, n);
  return sortedRows({ $and: [filter, { [sort.field]: after.value, _id: { [pastOp(sort)]: after.id } }] }, sort, n);
}

/** One page of tickets matching `filter` in `sort` order, without the heavy arrays. */
export async function page(filter: FilterQuery<Ticket>, sort: Sort, cursor: string | undefined, limit: number, options: PageOptions = {}) {
  const op = pastOp(sort);
  const after = cursor ? decodeCursor(cursor) : null;
  /**
   * Past the cursor: the rows of the cursor's own value with an id past its id (tiedRows), then the
   * rows whose value is past it (before `edge`, a window's far end, when windowed). Two reads,
   * together, instead of one `$or` of the two: FerretDB v2 (DocumentDB 0.106) answers that `$or`
   * with an OR of two bitmap scans that sorts the view's every match (the queue's second page took
   * 0.4–0.5 s at 1 000 000 tickets where each half takes milliseconds), and it dropped the "same
   * value" rows when a range on the field stood beside the `$or` (docs/engines.md).
   */
  const query = (edge?: Date): FilterQuery<Ticket> => {
    const range = { ...(after ? { [op]: after.value } : {}), ...(edge ? { [sort.dir === -1 ? '$gte' : '$lt']: edge } : {}) };
    return Object.keys(range).length > 0 ? { $and: [filter, { [sort.field]: range }] } : filter;
  };
  const tied = after ? tiedRows(filter, sort, after, limit + 1) : Promise.resolve([]);
  const from = after?.value ?? (sort.dir === -1 ? options.now ?? new Date() : options.oldest);
  const past = options.windows && from ? inWindows(query, sort, from, limit + 1) : sortedRows(query(), sort, limit + 1);
  const rows = (await Promise.all([tied, past])).flat().slice(0, limit + 1);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const lastValue = last ? (last[sort.field] as Date | null) : null;
  const nextCursor = rows.length > limit && last && lastValue ? encodeCursor(lastValue, last._id) : null;
  return { items, nextCursor };
}
