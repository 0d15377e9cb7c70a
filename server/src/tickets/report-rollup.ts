// The report roll-up (issue 12's "reports over 100 000 tickets in ≤ 300 ms"): one summary per local
// day of creation (`reportdays`: counts per type, tema, outcome, assignee; the durations the medians
// and the service levels need) and the tickets of that day still open (`reportopen`). A report
// reads the summaries of its whole days instead of every ticket of its period.
//
// Kept exact without transactions: every ticket write that may change a figure sets a fresh
// `reportStale` id on the ticket in the same single-document update (ticket.repository). Before a
// report is read, `refresh` takes the marks, recounts those tickets' days from the tickets
// (`deps.tickets.reports.summarize`, in the database), stores the summaries, and only then clears
// each mark that no later write has replaced. A crash in between leaves the marks, so the days are
// recounted next time. Refreshes run one at a time across instances (a lease), so an older count can
// never overwrite a newer one. Days never counted (tickets written before the roll-up existed,
// or by hand) are found by the span of creation dates the roll-up has covered (`reportstate`).
import { Schema, model } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DomainError } from '../errors';
import { retryingLostRaces } from '../upsert-race';
import { DAY_MS, LOCAL_OFFSET_MS, localDay, type DayCell, type DayGroup, type DaySummary, type TicketReportQueries } from './ticket-report.queries';

const reportDaySchema = new Schema(
  {
    _id: { type: Number, required: true },
    groups: { type: [Schema.Types.Mixed], default: [] },
    cells: { type: [Schema.Types.Mixed], default: [] },
    open: { type: Number, default: 0 },
    countedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
const ReportDayModel = model('ReportDay', reportDaySchema, 'reportdays');

/** The open tickets per day of creation, apart from the summaries: the age buckets read them all, and these are small. */
const reportOpenSchema = new Schema({ _id: { type: Number, required: true }, n: { type: Number, required: true } }, { versionKey: false });
const ReportOpenModel = model('ReportOpen', reportOpenSchema, 'reportopen');

/** The span of days counted so far, and the lease that lets one refresh run at a time. */
const reportStateSchema = new Schema(
  {
    _id: { type: String, required: true },
    from: { type: Number, default: null },
    to: { type: Number, default: null },
    holder: { type: String, default: null },
    leaseUntil: { type: Date, default: null },
  },
  { versionKey: false },
);
const ReportStateModel = model('ReportState', reportStateSchema, 'reportstate');

const STATE_ID = 'rollup';
/** A refresh holds the lease this long, renewed before each step (a step is bounded by the 20 s aggregation limit). */
const LEASE_MS = 60_000;
/** How long a report waits for another instance's refresh before answering "unavailable". */
const WAIT_MS = 60_000;
/** Tickets summarised per aggregation when a long span is counted for the first time. */
const TICKETS_PER_STEP = 20_000;

/** The latest date BSON holds: "no upper bound" for a range count. */
const LAST_DATE = new Date(8.64e15);
const dayStart = (day: number) => new Date(day * DAY_MS - LOCAL_OFFSET_MS);

/** Consecutive days as [first, last] runs. */
function runsOf(days: Iterable<number>): Array<[number, number]> {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const runs: Array<[number, number]> = [];
  for (const day of sorted) {
    const last = runs.at(-1);
    if (last && last[1] === day - 1) last[1] = day;
    else runs.push([day, day]);
  }
  return runs;
}

export interface StoredDay {
  _id: number;
  groups: DayGroup[];
  cells: DayCell[];
}

/**
 * A cell's durations as one binary value (float64s: the five list lengths, then the lists; a
 * pause start that is null as NaN) rather than BSON arrays: a day holds a few thousand numbers, and
 * FerretDB v2 reads a binary field many times faster than as many array elements.
 */
interface PackedCell {
  type: string;
  k: string;
  n: number;
  d: Buffer;
}

function pack(cell: DayCell): PackedCell {
  const lists = [cell.fr, cell.res, cell.resNet, cell.faWait, cell.resWait.flat().map((v) => v ?? Number.NaN)];
  const values = new Float64Array(5 + lists.reduce((n, l) => n + l.length, 0));
  let at = 0;
  for (const list of lists) values[at++] = list.length;
  for (const list of lists) for (const v of list) values[at++] = v;
  return { type: cell.type, k: cell.k, n: cell.n, d: Buffer.from(values.buffer) };
}

function unpack(cell: { type: string; k: string; n: number; d: { buffer: Uint8Array } | Uint8Array }): DayCell {
  const bytes = cell.d instanceof Uint8Array ? cell.d : cell.d.buffer;
  // Copied: a Float64Array needs its start aligned to 8 bytes, which a slice of a larger buffer may not be.
  const values = new Float64Array(new Uint8Array(bytes).buffer, 0, bytes.byteLength / 8);
  const lengths = Array.from(values.subarray(0, 5));
  let at = 5;
  const take = (length: number) => Array.from(values.subarray(at, (at += length)));
  const [fr, res, resNet, faWait, waits] = lengths.map(take) as [number[], number[], number[], number[], number[]];
  const resWait: DayCell['resWait'] = [];
  for (let i = 0; i < waits.length; i += 3) resWait.push([waits[i]!, waits[i + 1]!, Number.isNaN(waits[i + 2]) ? null : waits[i + 2]!]);
  return { type: cell.type, k: cell.k, n: cell.n, fr, res, resNet, faWait, resWait };
}

export interface RefreshOptions {
  /** false: when another instance is counting, return at once instead of waiting for it (the background job). */
  wait?: boolean;
  /** Called before each step of a long count (the job's lock). */
  keepAlive?: () => Promise<void>;
}

export class ReportRollup {
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private readonly holder = randomUUID();
  private keepAlive: (() => Promise<void>) | undefined;

  constructor(private readonly queries: TicketReportQueries) {}

  /**
   * Brings the summaries up to date with every ticket write that finished before the call. A call
   * while this instance is refreshing waits for that one and runs once more after it (calls that
   * arrive meanwhile share that second run).
   */
  refresh(options: RefreshOptions = {}): Promise<void> {
    if (!this.running) {
      this.running = this.refreshOnce(options).finally(() => { this.running = null; });
      return this.running;
    }
    // A background pass need not wait: the refresh running here will do.
    if (options.wait === false) return this.running.catch(() => undefined);
    this.queued ??= this.running.catch(() => undefined).then(() => {
      this.queued = null;
      return this.refresh();
    });
    return this.queued;
  }

  /** The stored summaries of the days from `first` to `last` (whole days; a day without tickets has none). */
  async days(first: number, last: number): Promise<StoredDay[]> {
    if (last < first) return [];
    const docs = await ReportDayModel.find({ _id: { $gte: first, $lte: last } }, { groups: 1, cells: 1 })
      .lean<Array<{ _id: number; groups: DayGroup[]; cells: Array<Parameters<typeof unpack>[0]> }>>();
    return docs.map((doc) => ({ _id: doc._id, groups: doc.groups, cells: doc.cells.map(unpack) }));
  }

  /** The first and last local days of creation counted (every ticket's, after a refresh), or null when there is no ticket. */
  async span(): Promise<{ first: number; last: number } | null> {
    const state = await ReportStateModel.findById(STATE_ID).lean<{ from: number | null; to: number | null }>();
    return state?.from == null || state.to == null ? null : { first: state.from, last: state.to };
  }

  /** The tickets not closed, per day of creation (days with none left out). */
  async openByDay(): Promise<Array<{ day: number; n: number }>> {
    const rows = await ReportOpenModel.find({ n: { $gt: 0 } }).lean<Array<{ _id: number; n: number }>>();
    return rows.map((r) => ({ day: r._id, n: r.n }));
  }

  private async refreshOnce(options: RefreshOptions): Promise<void> {
    if (!(await this.acquire(options.wait ?? true))) return;
    this.keepAlive = options.keepAlive;
    try {
      const stale = await this.queries.stale();
      const state = await ReportStateModel.findById(STATE_ID).lean<{ from: number | null; to: number | null }>();
      const bounds = await this.uncounted(state);
      const days = new Set(stale.map((t) => localDay(t.createdAt)));
      const spans: Array<[number, number]> = [];
      const first = bounds ? localDay(bounds.first) : null;
      const last = bounds ? localDay(bounds.last) : null;
      if (first !== null && last !== null) {
        if (state?.from == null || state.to == null) spans.push([first, last]);
        else {
          if (first < state.from) spans.push([first, state.from - 1]);
          if (last > state.to) spans.push([state.to + 1, last]);
        }
      }
      for (const [from, to] of [...spans, ...runsOf(days)]) await this.recount(from, to);
      if (first !== null && last !== null && spans.length > 0) {
        // ($min against a stored null keeps the null: null sorts before numbers.)
        await ReportStateModel.updateOne(
          { _id: STATE_ID },
          state?.from == null || state.to == null ? { $set: { from: first, to: last } } : { $min: { from: first }, $max: { to: last } },
        );
      }
      await this.renew();
      // A mark left (this failed: e.g. a write PostgreSQL aborted) only means one more recount.
      await this.queries.clearStale(stale).catch(() => undefined);
    } finally {
      this.keepAlive = undefined;
      await this.release();
    }
  }

  /**
   * The first and last creation instants when some ticket lies outside the span counted so far
   * (all of them the first time), else null. The usual case costs two index-range counts, both
   * usually empty: tickets newer and older than the span. (Not a sort for the latest ticket: FerretDB
   * v2 with DocumentDB's default indexes sorts in PostgreSQL, ~0.5 s at 100 000 tickets.)
   */
  private async uncounted(state: { from: number | null; to: number | null } | null): Promise<{ first: Date; last: Date } | null> {
    if (state?.from == null || state.to == null) return this.queries.createdBounds();
    const after = dayStart(state.to + 1);
    const [newer, older] = await Promise.all([this.queries.countCreated(after, LAST_DATE), this.queries.countCreated(new Date(0), dayStart(state.from))]);
    if (older > 0) return this.queries.createdBounds();
    if (newer === 0) return null;
    const last = await this.queries.lastCreatedSince(after);
    return last ? { first: dayStart(state.from), last } : null;
  }

  /** Recounts the days from `first` to `last`, in steps of about TICKETS_PER_STEP tickets. */
  private async recount(first: number, last: number): Promise<void> {
    const total = await this.queries.countCreated(dayStart(first), dayStart(last + 1));
    const span = last - first + 1;
    const step = total <= TICKETS_PER_STEP ? span : Math.max(1, Math.floor((span * TICKETS_PER_STEP) / total));
    for (let from = first; from <= last; from += step) {
      const to = Math.min(last, from + step - 1);
      await this.renew();
      const summaries = await this.queries.summarize([[dayStart(from), dayStart(to + 1)]]);
      await this.store(from, to, summaries);
    }
  }

  /** Replaces the stored summaries of the days from `first` to `last` with `summaries` (days absent from it had no tickets). */
  private async store(first: number, last: number, summaries: DaySummary[]): Promise<void> {
    const countedAt = new Date();
    const counted = summaries.map((s) => s.day);
    await Promise.all([
      summaries.length > 0 && retryingLostRaces(() => ReportDayModel.bulkWrite(
        summaries.map((s) => ({ replaceOne: { filter: { _id: s.day }, replacement: { _id: s.day, groups: s.groups, cells: s.cells.map(pack), open: s.open, countedAt }, upsert: true } })),
        { ordered: false },
      )),
      summaries.length > 0 && retryingLostRaces(() => ReportOpenModel.bulkWrite(
        summaries.map((s) => ({ replaceOne: { filter: { _id: s.day }, replacement: { _id: s.day, n: s.open }, upsert: true } })),
        { ordered: false },
      )),
      ReportDayModel.deleteMany({ _id: { $gte: first, $lte: last, $nin: counted } }),
      ReportOpenModel.deleteMany({ _id: { $gte: first, $lte: last, $nin: counted } }),
    ]);
  }

  /** Takes the lease, waiting (if `wait`) for another instance's refresh to end or its lease to run out; false if not taken. */
  private async acquire(wait: boolean): Promise<boolean> {
    await retryingLostRaces(() => ReportStateModel.updateOne({ _id: STATE_ID }, { $setOnInsert: { from: null, to: null, holder: null, leaseUntil: null } }, { upsert: true }));
    const giveUpAt = Date.now() + WAIT_MS;
    for (;;) {
      const now = new Date();
      const taken = await ReportStateModel.updateOne(
        { _id: STATE_ID, $or: [{ leaseUntil: null }, { leaseUntil: { $lt: now } }, { holder: this.holder }] },
        { $set: { holder: this.holder, leaseUntil: new Date(now.getTime() + LEASE_MS) } },
      );
      if (taken.matchedCount > 0) return true;
      if (!wait) return false;
      if (Date.now() >= giveUpAt) throw new DomainError('unavailable', 'Os relatórios estão sendo atualizados. Tente de novo em instantes.');
      await sleep(50 + Math.random() * 50);
    }
  }

  /** Extends the lease before a step; a refresh that lost it (it ran past its lease) stops without clearing any mark. */
  private async renew(): Promise<void> {
    await this.keepAlive?.();
    const kept = await ReportStateModel.updateOne({ _id: STATE_ID, holder: this.holder }, { $set: { leaseUntil: new Date(Date.now() + LEASE_MS) } });
    if (kept.matchedCount === 0) throw new DomainError('unavailable', 'Os relatórios estão sendo atualizados. Tente de novo em instantes.');
  }

  private async release(): Promise<void> {
    await ReportStateModel.updateOne({ _id: STATE_ID, holder: this.holder }, { $set: { holder: null, leaseUntil: null } }).catch(() => undefined);
  }
}
