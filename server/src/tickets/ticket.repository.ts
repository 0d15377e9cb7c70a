// Every read and write of the tickets collection, as one object in `Deps` (Novu's repository
// style). A professional's reads go through `forOwner(id)`, which adds the owner to every filter,
// so an unscoped professional query cannot be written by accident. Writes of the lifecycle are
// conditional on the state that was decided on, so concurrent actors cannot both win.
import { localYear, STATUSES, type Status, type StoredCloseReason, type TicketEvent, type TransitionResult } from '@cau/shared';
import { Types, type FilterQuery } from 'mongoose';
import { DomainError, type LastChange } from '../errors';
import type { outboxEntry } from '../mail/outbox';
import { OutboxRepository } from '../mail/outbox.repository';
import { searchTokens } from '../text';
import { abortedByPostgres, retryingLostRaces } from '../upsert-race';
import { page, SUMMARY_FIELDS, type PageOptions, type Sort, type SortField } from './keyset';
import { LiveOutboxQueries } from './live-outbox.queries';
import { ReportRollup } from './report-rollup';
import { TicketReportQueries } from './ticket-report.queries';
import { CounterModel, TicketModel, type Ticket } from './ticket.model';
import type { StoredTicket } from './ticket.views';

/**
 * What one ticket may hold, so that a flood cannot push the document towards MongoDB's 16 MB limit:
 * messages in the thread, internal notes, and characters of message text (about 3 MB of UTF-8 at most).
 */
export const TICKET_CAPS = { messages: 200, notes: 200, textLength: 1_000_000 } as const;

export interface Person { role: 'professional' | 'attendant' | 'admin' | 'system'; id: Types.ObjectId | null; name: string }
export interface AttachmentRef { id: Types.ObjectId; name: string; size: number; contentType: string }
export interface Assignee { id: Types.ObjectId; name: string }
export type OutboxEntry = ReturnType<typeof outboxEntry>;

export interface HistoryEntry {
  at: Date;
  actor: Person;
  event: TicketEvent;
  from: Status | null;
  to: Status;
  messageId: Types.ObjectId | null;
  assignee?: Assignee;
  /** For `close`: why. */
  reason?: StoredCloseReason;
}

export interface MessageEntry { _id: Types.ObjectId; author: Person; body: string; attachments: AttachmentRef[]; at: Date }

/** A live event waiting for the desk-events relay (ticket.model's `liveEntrySchema`). */
export interface LiveEntry {
  _id: Types.ObjectId;
  kind: string;
  event: TicketEvent;
  at: Date;
  from: string | null;
  status: Status;
  actor: Person;
  assigneeId: string | null;
  /** The assignee before the change (absent from entries written before it was kept). */
  fromAssigneeId?: string | null;
  assigneeChanged: boolean;
  row: unknown;
}

/** The fields a lifecycle step may set; anything else on a ticket is not the lifecycle's to change. */
export interface TicketFields {
  status?: Status;
  outcome?: Ticket['outcome'];
  closeReason?: Ticket['closeReason'];
  rating?: number | null;
  ratingComment?: string | null;
  deadlineAt?: Date | null;
  reminderFor?: Date | null;
  assignee?: Assignee | null;
  answered?: boolean;
  waitingSince?: Date | null;
  firstResponseAt?: Date | null;
  closedAt?: Date | null;
  slaPausedMs?: number;
  slaPausedSince?: Date | null;
  updatedAt?: Date;
}

/** A decided lifecycle step as typed data; the repository turns it into one conditional update. */
export interface TicketWrite {
  ticket: StoredTicket;
  result: Extract<TransitionResult, { ok: true }>;
  set: TicketFields;
  history: HistoryEntry;
  live: LiveEntry;
  /** A message for the thread or the internal notes (checked against TICKET_CAPS by the write itself). */
  message?: { list: 'messages' | 'notes'; entry: MessageEntry };
  mails: OutboxEntry[];
}

/** A new ticket as tickets.service builds it; `version` starts at 0 here. */
export interface NewTicket {
  protocol: string;
  professional: { id: Types.ObjectId; name: string; cpf: string; email: string };
  type: Ticket['type'];
  topic: Ticket['topic'];
  rrtNumber: string | null;
  annuityYear: number | null;
  relatedProtocol: string | null;
  duplicateOf: null;
  duplicates: string[];
  subject: string;
  description: string;
  attachments: AttachmentRef[];
  status: Status;
  outcome: null;
  closeReason: null;
  rating: null;
  ratingComment: null;
  deadlineAt: null;
  reminderFor: null;
  assignee: null;
  answered: boolean;
  waitingSince: Date;
  firstResponseAt: null;
  closedAt: null;
  slaPausedMs: 0;
  slaPausedSince: null;
  messages: MessageEntry[];
  notes: MessageEntry[];
  history: HistoryEntry[];
  outbox: OutboxEntry[];
  liveOutbox: LiveEntry[];
  searchTokens: string[];
  idempotencyKey?: string;
  textLength: number;
  createdAt: Date;
  updatedAt: Date;
}

/** What a related-ticket row shows (tickets/related.service). */
const RELATED_FIELDS = { protocol: 1, subject: 1, status: 1, topic: 1, rrtNumber: 1, annuityYear: 1, createdAt: 1 } as const;
export type RelatedRow = Pick<StoredTicket, 'protocol' | 'subject' | 'status' | 'topic' | 'rrtNumber' | 'annuityYear' | 'createdAt'>;

/** A queue row: the ticket without its thread, notes, history and private fields. */
export type SummaryRow = Omit<StoredTicket, 'messages' | 'notes' | 'history' | 'outbox'>;

const ATTACHMENT_PLACES = (id: Types.ObjectId) => [{ 'attachments.id': id }, { 'messages.attachments.id': id }];

/** Tickets as their professional may see them: every filter carries the owner. */
export class OwnerTickets {
  constructor(private readonly ownerId: Types.ObjectId) {}

  private scoped(filter: FilterQuery<Ticket> = {}): FilterQuery<Ticket> {
    return { ...filter, 'professional.id': this.ownerId };
  }

  /** One ticket by protocol, without the internal notes; another professional's is not found. */
  get(protocol: string): Promise<StoredTicket | null> {
    return TicketModel.findOne(this.scoped({ protocol }), { notes: 0 }).lean<StoredTicket>();
  }

  /** The ticket an earlier create with this idempotency key made (the key already holds the owner). */
  byIdempotencyKey(key: string): Promise<StoredTicket | null> {
    return TicketModel.findOne(this.scoped({ idempotencyKey: key }), { notes: 0 }).lean<StoredTicket>();
  }

  /** "Meus chamados": one page, newest change first; `match` narrows it (a status, a search). */
  page(match: FilterQuery<Ticket>, cursor: string | undefined, limit: number) {
    return page(this.scoped(match), { field: 'updatedAt', dir: -1 }, cursor, limit);
  }

  /** The owner's tickets in `statuses` that also match, soonest deadline first (the ones waiting on them). */
  soonestDeadlines(match: FilterQuery<Ticket>, statuses: Status[], limit: number) {
    return TicketModel.find(this.scoped({ ...match, status: { $in: statuses } }), SUMMARY_FIELDS).sort({ deadlineAt: 1, _id: 1 }).limit(limit).lean();
  }

  countByStatus(): Promise<Record<Status, number>> {
    return countByStatus(this.scoped());
  }

  /** How many of the owner's tickets are not closed, counting no further than `atMost`. */
  countNotClosed(atMost: number): Promise<number> {
    return TicketModel.countDocuments(this.scoped({ status: { $ne: 'closed' } }), { limit: atMost }).exec();
  }

  /** The owner's tickets not yet closed, as list rows (what a lifecycle step needs), oldest first. */
  notClosed(limit: number): Promise<StoredTicket[]> {
    return TicketModel.find(this.scoped({ status: { $ne: 'closed' } }), SUMMARY_FIELDS).sort({ createdAt: 1, _id: 1 }).limit(limit).lean<StoredTicket[]>();
  }

  /** Every ticket of the owner for the data export (LGPD): no notes, no internal bookkeeping. */
  exportAll() {
    return TicketModel.find(this.scoped(), { notes: 0, searchTokens: 0, version: 0 }).sort({ createdAt: 1 }).lean<StoredTicket[]>();
  }

  /** Whether the file is attached where the owner can see it (their description or thread). */
  async showsAttachment(id: Types.ObjectId): Promise<boolean> {
    return Boolean(await TicketModel.exists(this.scoped({ $or: ATTACHMENT_PLACES(id) })));
  }

  async has(protocol: string): Promise<boolean> {
    return Boolean(await TicketModel.exists(this.scoped({ protocol })));
  }

  /**
   * The owner's other tickets (all but `exceptProtocol`) that also match, most recently changed
   * first, as related-ticket rows; read through the index on (professional.id, updatedAt). The
   * ticket itself is left out here, not in the query: DocumentDB answers `protocol: {$ne}` with a
   * scan of the whole protocol index beside the owner's (126 ms at 1 000 000 tickets, 3 ms without).
   */
  async others(exceptProtocol: string, match: FilterQuery<Ticket>, limit: number): Promise<RelatedRow[]> {
    const rows = await TicketModel.find(this.scoped(match), RELATED_FIELDS)
      .sort({ updatedAt: -1, _id: -1 })
      .limit(limit + 1)
      .lean<RelatedRow[]>();
    return rows.filter((row) => row.protocol !== exceptProtocol).slice(0, limit);
  }

  /** The owner's e-mail on all their tickets, after an admin corrected it (later notices go there). */
  async setContactEmail(email: string): Promise<void> {
    await TicketModel.updateMany(this.scoped(), { $set: { 'professional.email': email } });
  }

  /**
   * Replaces the owner's personal data on all their tickets (LGPD anonymisation): their name, CPF
   * and e-mail, their name on their messages and history entries, pending mail, and the search words
   * (rebuilt in bulk from protocol and subject). Returns how many tickets changed.
   */
  async anonymize(name: string, email: string): Promise<number> {
    const owner = this.ownerId;
    const tickets = await TicketModel.updateMany(
      this.scoped(),
      { $set: { 'professional.name': name, 'professional.cpf': '00000000000', 'professional.email': email, outbox: [] } },
    );
    // Their name on their messages and history entries, only on tickets that have one: FerretDB v2
    // answers `messages.$[mine]` on an empty array that no filter matches by storing `[null]`
    // (MongoDB changes nothing), which would break every later read of the ticket.
    await TicketModel.updateMany(
      this.scoped({ 'messages.author.id': owner }),
      { $set: { 'messages.$[mine].author.name': name } },
      { arrayFilters: [{ 'mine.author.id': owner }] },
    );
    await TicketModel.updateMany(
      this.scoped({ 'history.actor.id': owner }),
      { $set: { 'history.$[by].actor.name': name } },
      { arrayFilters: [{ 'by.actor.id': owner }] },
    );
    const cursor = TicketModel.find(this.scoped(), { protocol: 1, subject: 1 }).lean().cursor({ batchSize: BULK_BATCH });
    let batch: Parameters<typeof TicketModel.bulkWrite>[0] = [];
    for await (const t of cursor) {
      batch.push({ updateOne: { filter: { _id: t._id }, update: { $set: { searchTokens: searchTokens(`${t.protocol} ${t.subject}`) } } } });
      if (batch.length === BULK_BATCH) {
        await TicketModel.bulkWrite(batch, { ordered: false });
        batch = [];
      }
    }
    if (batch.length > 0) await TicketModel.bulkWrite(batch, { ordered: false });
    return tickets.modifiedCount;
  }
}

/** How long a view's first value (firstValueOf) is used before it is read again, in the background. */
const FIRST_VALUE_KEPT_MS = 10 * 60_000;
/** Its read's time bound: a background read's, not a request's (MAX_TIME_MS.read). */
const FIRST_VALUE_BOUND_MS = 60_000;

const BULK_BATCH = 500;
/** Updates per bulk when a batch of decided transitions is written (writeMany). */
const BULK_CHUNK = 50;

/** [from, to) index ranges of at most `size` over `length` items. */
function chunks(length: number, size: number): Array<[number, number]> {
  return Array.from({ length: Math.ceil(length / size) }, (_, i) => [i * size, Math.min(length, (i + 1) * size)]);
}

async function countByStatus(match: FilterQuery<Ticket>): Promise<Record<Status, number>> {
  const rows = await TicketModel.aggregate<{ _id: Status; n: number }>([{ $match: match }, { $group: { _id: '$status', n: { $sum: 1 } } }]);
  const counts = { open: 0, in_progress: 0, pending_professional: 0, awaiting_approval: 0, closed: 0 };
  for (const row of rows) counts[row._id] = row.n;
  return counts;
}

/**
 * One count per status rather than a $group over the collection: on MongoDB each is a count over
 * the `status_1_…` index keys, where grouping would read every ticket. (The desk-events relay,
 * which has no `Deps`, counts with this too.)
 */
export async function countEachStatus(): Promise<Record<Status, number>> {
  const counts = await Promise.all(STATUSES.map((status) => TicketModel.countDocuments({ status })));
  return Object.fromEntries(STATUSES.map((status, i) => [status, counts[i]!])) as Record<Status, number>;
}

/** The ticket collection for the desk, the jobs and the lifecycle writes. */
export class TicketRepository {
  /** The mail waiting in tickets' outboxes (mail/delivery.service); a professional owns their tickets'. */
  readonly outbox = new OutboxRepository('ticket', () => TicketModel.collection, (professionalId) => ({ 'professional.id': professionalId }));
  /** The supervisor's and the admin's report figures, computed by the database. */
  readonly reports = new TicketReportQueries();
  /** The per-day summaries the supervisor's report reads, kept up to date from the tickets' marks. */
  readonly rollup = new ReportRollup(this.reports);
  /** The desk-events relay's reads and pulls of the tickets' live entries (tickets/desk-events.ts). */
  readonly live = new LiveOutboxQueries();

  forOwner(ownerId: Types.ObjectId): OwnerTickets {
    return new OwnerTickets(ownerId);
  }

  /** Who owns the ticket, if it exists. */
  async ownerOf(protocol: string): Promise<Types.ObjectId | null> {
    const ticket = await TicketModel.findOne({ protocol }, { 'professional.id': 1 }).lean();
    return ticket?.professional.id ?? null;
  }

  /**
   * Records a duplicate link on both tickets. It annotates, it does not change state: the versions
   * that guard status changes are left alone, so no concurrent action loses.
   */
  async linkDuplicate(duplicate: string, original: string): Promise<void> {
    await Promise.all([
      TicketModel.updateOne({ protocol: duplicate }, { $set: { duplicateOf: original } }),
      TicketModel.updateOne({ protocol: original }, { $addToSet: { duplicates: duplicate } }),
    ]);
  }

  /**
   * Queue rows matching `filter` of one ticket type, answered or not, oldest first (by createdAt,
   * then id), at most `limit`: one group of the urgency order (sla/sla.service).
   */
  oldestOfGroup(filter: FilterQuery<Ticket>, type: Ticket['type'], answered: boolean, limit: number): Promise<SummaryRow[]> {
    return TicketModel.find({ $and: [filter, { type, firstResponseAt: answered ? { $ne: null } : null }] }, SUMMARY_FIELDS)
      .sort({ createdAt: 1, _id: 1 })
      .limit(limit)
      .lean<SummaryRow[]>();
  }

  /** One ticket by protocol with its notes, for the desk and the system (never for a professional). */
  find(protocol: string): Promise<StoredTicket | null> {
    return TicketModel.findOne({ protocol }).lean<StoredTicket>();
  }

  /** Whether the file is attached anywhere staff can see (descriptions, threads, notes). */
  async showsAttachment(id: Types.ObjectId): Promise<boolean> {
    return Boolean(await TicketModel.exists({ $or: [...ATTACHMENT_PLACES(id), { 'notes.attachments.id': id }] }));
  }

  page(filter: FilterQuery<Ticket>, sort: Sort, cursor: string | undefined, limit: number, options?: PageOptions) {
    return page(filter, sort, cursor, limit, options);
  }

  /**
   * About how many tickets there are (the collection's own count, no filter), remembered for a
   * minute: what decides whether the desk's newest-first views page through time windows.
   */
  estimatedCount(): Promise<number> {
    if (!this.estimate || Date.now() - this.estimate.at > 60_000) {
      const value = TicketModel.estimatedDocumentCount().exec();
      const entry = { at: Date.now(), value };
      this.estimate = entry;
      value.catch(() => {
        if (this.estimate === entry) this.estimate = null;
      });
    }
    return this.estimate.value;
  }

  private estimate: { at: number; value: Promise<number> } | null = null;

  /**
   * The first value of an oldest-first desk view (`filter` sorted by `field` ascending), as last
   * read: where its first page starts its time windows (keyset.ts). Read again in the background
   * when ten minutes old (on FerretDB v2 it is the view's full sort, 1–2.5 s at 1 000 000 tickets,
   * so it has a background read's time bound, not a request's); only the first call for a view
   * waits, and the server warms the views as it starts (warmQueueWindows). Any answer gives the
   * same page (a window holds every row before its end), so a stale one costs speed, never rows:
   * tickets leave a view from its front, so an old answer is too early and costs a few empty
   * windows. Null when the view is empty or its first row has no value (such rows sort first: no
   * windows). A failed read keeps the last answer and is tried again after half a minute.
   */
  firstValueOf(view: string, filter: FilterQuery<Ticket>, field: SortField): Promise<Date | null> {
    const known = this.firstValues.get(view);
    if ((!known || Date.now() - known.at > FIRST_VALUE_KEPT_MS) && !known?.reading) {
      const reading = TicketModel.findOne(filter, { [field]: 1 }).sort({ [field]: 1, _id: 1 }).maxTimeMS(FIRST_VALUE_BOUND_MS).lean<Record<string, unknown>>()
        .then((row) => ({ ok: true as const, value: row?.[field] instanceof Date ? row[field] : null }), () => ({ ok: false as const, value: known?.value ?? null }));
      this.firstValues.set(view, { at: known?.at ?? 0, value: known?.value ?? null, reading });
      void reading.then(({ ok, value }) => {
        // A failure is tried again in half a minute, not at once (nor only in ten).
        const at = ok ? Date.now() : Date.now() - FIRST_VALUE_KEPT_MS + 30_000;
        this.firstValues.set(view, { at, value, reading: null });
      });
      if (!known) return reading.then(({ value }) => value);
    }
    return Promise.resolve(this.firstValues.get(view)!.value);
  }

  private readonly firstValues = new Map<string, { at: number; value: Date | null; reading: Promise<{ ok: boolean; value: Date | null }> | null }>();

  countEachStatus(): Promise<Record<Status, number>> {
    return countEachStatus();
  }

  /** How many tickets not yet closed each of these professionals has (absent: none). */
  async countNotClosedByOwner(ownerIds: Types.ObjectId[]): Promise<Map<string, number>> {
    if (ownerIds.length === 0) return new Map();
    const rows = await TicketModel.aggregate<{ _id: Types.ObjectId; n: number }>([
      { $match: { 'professional.id': { $in: ownerIds }, status: { $ne: 'closed' } } },
      { $group: { _id: '$professional.id', n: { $sum: 1 } } },
    ]);
    return new Map(rows.map((r) => [String(r._id), r.n]));
  }

  /** The attendant's "Meus" count: assigned to them and not closed. */
  countAssignedOpen(attendantId: Types.ObjectId): Promise<number> {
    return TicketModel.countDocuments({ 'assignee.id': attendantId, status: { $ne: 'closed' } }).exec();
  }

  /** Waiting tickets whose deadline has passed, oldest deadline first (the expiry job). */
  overdue(statuses: readonly Status[], now: Date, limit: number): Promise<StoredTicket[]> {
    return TicketModel.find({ status: { $in: statuses }, deadlineAt: { $lte: now } }, SUMMARY_FIELDS)
      .sort({ deadlineAt: 1 })
      .limit(limit)
      .lean<StoredTicket[]>();
  }

  /** Waiting tickets not yet reminded whose deadline falls before `until` (the reminder job). */
  dueForReminder(statuses: readonly Status[], now: Date, until: Date, limit: number) {
    return TicketModel.find(
      { status: { $in: statuses }, deadlineAt: { $gt: now, $lte: until }, reminderFor: null },
      { protocol: 1, subject: 1, professional: 1, deadlineAt: 1, reminderFor: 1, status: 1 },
    )
      .sort({ deadlineAt: 1 })
      .limit(limit)
      .lean();
  }

  /** Queues the reminder of one deadline, once: conditional on that deadline and on no reminder for it yet. */
  async queueReminder(ticket: { _id: Types.ObjectId; status: string; deadlineAt: Date }, mail: OutboxEntry): Promise<boolean> {
    const result = await TicketModel.updateOne(
      { _id: ticket._id, status: ticket.status, deadlineAt: ticket.deadlineAt, reminderFor: { $ne: ticket.deadlineAt } },
      { $set: { reminderFor: ticket.deadlineAt }, $push: { outbox: mail } },
    );
    return result.modifiedCount > 0;
  }

  /**
   * The next protocol number of the São Paulo year: `2026-000042`. The number is read from the
   * document as it was before the increment (some MongoDB-compatible engines can hand the same
   * "after" image to two concurrent callers); a first-of-the-year race is tried again.
   */
  async nextProtocol(now: Date): Promise<string> {
    const year = localYear(now);
    const before = await retryingLostRaces(() =>
      CounterModel.findOneAndUpdate({ _id: `protocol:${year}` }, { $inc: { seq: 1 } }, { upsert: true, new: false }).lean(),
    );
    return `${year}-${String((before?.seq ?? 0) + 1).padStart(6, '0')}`;
  }

  /** The ticket's most recent history entry, for the loser of a race ("Carlos Mendes enviou uma solução há 10 s"). */
  async lastChange(ticketId: Types.ObjectId): Promise<LastChange | undefined> {
    const doc = await TicketModel.findById(ticketId, { history: 1 }).lean();
    const entry = doc?.history?.at(-1);
    if (!entry) return undefined;
    return { actor: { id: entry.actor.id ? String(entry.actor.id) : null, name: entry.actor.name }, event: entry.event, at: entry.at.toISOString() };
  }

  /** Stores a new ticket; what it answers leaves out the private fields, as every read does. */
  async insert(doc: NewTicket): Promise<StoredTicket> {
    // Cast and validated by the schema as save() would, converted once (what save() sends) and
    // written by the driver: save() and then toObject() for the answer converted it twice, a third
    // of a create's CPU in the server.
    const created = new TicketModel({ ...doc, version: 0, reportStale: new Types.ObjectId() });
    const invalid = created.validateSync();
    if (invalid) throw invalid;
    const stored = created.toBSON() as StoredTicket & Pick<NewTicket, 'outbox' | 'liveOutbox'> & { reportStale?: unknown };
    await TicketModel.collection.insertOne(stored);
    const { outbox: _outbox, liveOutbox: _live, reportStale: _stale, ...shown } = stored;
    return shown;
  }

  /**
   * Writes a decided transition in one single-document update. Status changes are conditional on
   * the version that was read (any concurrent write makes them lose); same-state events only on the
   * status, so two comments can land side by side. A message is also conditional on the ticket's
   * room for it (TICKET_CAPS). No match means someone else won: `conflict`.
   */
  async write(write: TicketWrite): Promise<StoredTicket> {
    const { filter, update } = conditionalUpdate(write);
    // FerretDB v2 (PostgreSQL) can abort one of two updates of the same ticket as a deadlock; the
    // aborted one changed nothing and its filter still guards the state, so it is tried again.
    const updated = await retryingLostRaces(() => TicketModel.findOneAndUpdate(filter, update, { new: true }).lean<StoredTicket>());
    if (!updated) throw new DomainError('conflict', undefined, undefined, undefined, await this.lastChange(write.ticket._id));
    return updated;
  }

  /**
   * Many decided transitions (a job's batch) as one bulk of the same conditional updates, in one
   * round trip and without reading the tickets back. Returns the writes that took effect: by the
   * filters' conditions, one that matched nothing lost to a concurrent change and changed nothing.
   * An update PostgreSQL aborted (FerretDB v2) is tried again on its own; any other failure is
   * handed to `failed` and its ticket left as it was.
   */
  async writeMany(writes: readonly TicketWrite[], failed: (error: unknown, ticket: StoredTicket) => void): Promise<TicketWrite[]> {
    if (writes.length === 0) return [];
    const ops = writes.map(conditionalUpdate);
    const errors = new Map<number, unknown>();
    let modified = 0;
    // A few bulks side by side: an engine applies one bulk's updates one after another (FerretDB v2
    // one PostgreSQL statement each), and the database has more than one core to apply them.
    await Promise.all(chunks(ops.length, BULK_CHUNK).map(async ([from, to]) => {
      try {
        modified += (await TicketModel.bulkWrite(ops.slice(from, to).map(({ filter, update }) => ({ updateOne: { filter, update } })), { ordered: false })).modifiedCount;
      } catch (error) {
        const { writeErrors, result } = error as { writeErrors?: Array<{ index: number; err?: unknown }>; result?: { modifiedCount?: number } };
        if (!writeErrors) throw error;
        for (const e of writeErrors) errors.set(from + e.index, e.err ?? e);
        modified += result?.modifiedCount ?? 0;
      }
    }));
    for (const [index, error] of errors) {
      if (!abortedByPostgres(error)) continue;
      try {
        modified += (await retryingLostRaces(() => TicketModel.updateOne(ops[index]!.filter, ops[index]!.update))).modifiedCount;
        errors.delete(index);
      } catch (again) {
        errors.set(index, again);
      }
    }
    for (const [index, error] of errors) failed(error, writes[index]!.ticket);
    const tried = writes.filter((_, i) => !errors.has(i));
    if (modified >= tried.length) return tried;
    // Some lost to a concurrent change. A bulk reports only totals: ask which carry the history
    // entry this bulk pushed (one write per ticket, so its time and event name it).
    const landed = await TicketModel.find({
      _id: { $in: tried.map((w) => w.ticket._id) },
      history: { $elemMatch: { at: { $in: [...new Set(tried.map((w) => w.history.at.getTime()))].map((t) => new Date(t)) }, event: { $in: [...new Set(tried.map((w) => w.history.event))] } } },
    }, { _id: 1 }).lean();
    const done = new Set(landed.map((t) => String(t._id)));
    return tried.filter((w) => done.has(String(w.ticket._id)));
  }
}

/**
 * A decided transition as one conditional update. Status changes are conditional on the version
 * that was read (any concurrent write makes them lose); same-state events only on the status, so
 * two comments can land side by side. A message is also conditional on the ticket's room for it
 * (TICKET_CAPS).
 */
function conditionalUpdate({ ticket, result, set, history, live, message, mails }: TicketWrite) {
  const changesStatus = result.from !== result.to;
  const filter: FilterQuery<Ticket> = changesStatus
    ? { _id: ticket._id, status: ticket.status, version: ticket.version }
    : { _id: ticket._id, status: ticket.status };
  const push: Record<string, unknown> = { history, liveOutbox: live };
  const inc: Record<string, number> = { version: 1 };
  if (message) {
    const length = message.entry.body.length;
    filter[`${message.list}.${TICKET_CAPS[message.list] - 1}`] = { $exists: false };
    filter.textLength = { $not: { $gt: TICKET_CAPS.textLength - length } };
    push[message.list] = message.entry;
    inc.textLength = length;
  }
  if (mails.length > 0) push.outbox = { $each: mails };
  // Any transition may change a report figure (status, assignee, first answer, closing, rating, the
  // paused service-level clock): the report roll-up recounts the ticket's day (report-rollup.ts).
  return { filter, update: { $set: { ...set, reportStale: new Types.ObjectId() }, $push: push, $inc: inc } };
}

export function createTicketRepository(): TicketRepository {
  return new TicketRepository();
}
