// The supervisor's figures as the tickets collection computes them (SPEC §9, issue 12), reached
// through `deps.tickets.reports`. `summarize` groups the tickets created in some time ranges by
// local day of creation, in the database: the report roll-up (reports/report-rollup.ts) keeps one
// such summary per day and recounts only the days whose tickets changed, found through the
// `reportStale` mark every ticket write sets (`stale`, `clearStale`). The other reads are index
// ranges and counts. Only $match, $project and $group with arithmetic: what every engine we run on
// (MongoDB, FerretDB v2, mongo-java-server) evaluates alike.
import type { Types } from 'mongoose';
import { retryingLostRaces } from '../upsert-race';
import { TicketModel } from './ticket.model';

export const DAY_MS = 86_400_000;
/** São Paulo has had no daylight saving time since 2019: local days start at 03:00 UTC. */
export const LOCAL_OFFSET_MS = -3 * 3_600_000;
const EPOCH = new Date(0);

type Expr = Record<string, unknown> | string | number | null | unknown[];

/** The local day number (days since 1970-01-01 in São Paulo) of a date field. */
export const localDayOf = (field: string): Expr => ({
  $floor: { $divide: [{ $add: [{ $subtract: [field, EPOCH] }, LOCAL_OFFSET_MS] }, DAY_MS] },
});
export const localDay = (date: Date) => Math.floor((date.getTime() + LOCAL_OFFSET_MS) / DAY_MS);

const elapsed = (end: string): Expr => ({ $cond: [{ $gt: [end, null] }, { $subtract: [end, '$createdAt'] }, null] });

/** The figures of one group of tickets created on one local day (`summarize`). */
export interface DayGroup {
  type: string;
  topic: string | null;
  outcome: string | null;
  /** The assignee's id as a string, or null. */
  assignee: string | null;
  name: string | null;
  closed: boolean;
  n: number;
  ratingSum: number;
  ratingCount: number;
}

/**
 * The durations of the tickets of one (local day, type, assignee) created in the ranges, in
 * milliseconds: to the first answer (`fr`), to closing (`res`), to closing less the time the
 * ticket waited on the professional (`resNet`, the service-level clock); and what is still running:
 * the creation instants of the tickets not yet answered (`faWait`), and [created, paused ms, paused
 * since or null] of those not yet closed (`resWait`).
 */
export interface DayCell {
  type: string;
  /** The assignee's id as a string, or 'none'. */
  k: string;
  n: number;
  fr: number[];
  res: number[];
  resNet: number[];
  faWait: number[];
  resWait: Array<[number, number, number | null]>;
}

export interface DaySummary {
  day: number;
  groups: DayGroup[];
  cells: DayCell[];
  /** Tickets of the day not closed. */
  open: number;
}

const ms = (field: string): Expr => ({ $subtract: [field, EPOCH] });
interface CellKey { day: number; type: string; k: unknown }
const inRanges = (ranges: ReadonlyArray<readonly [Date, Date]>) =>
  ranges.length === 1
    ? { createdAt: { $gte: ranges[0]![0], $lt: ranges[0]![1] } }
    : { $or: ranges.map(([from, to]) => ({ createdAt: { $gte: from, $lt: to } })) };
const notNull = <T>(values: Array<T | null>) => values.filter((v): v is T => v !== null);

export class TicketReportQueries {
  /**
   * The tickets created in the ranges (each [from, to)), summarised per local day of creation: three
   * reads of the ranges, grouped in the database (counts per type, tema, outcome, assignee and
   * closed; the durations per type and assignee, pushed as lists).
   */
  async summarize(ranges: ReadonlyArray<readonly [Date, Date]>): Promise<DaySummary[]> {
    if (ranges.length === 0) return [];
    const match = inRanges(ranges);
    const [groups, durations, waits] = await Promise.all([
      TicketModel.aggregate<{ _id: { day: number; type: string; topic: string | null; outcome: string | null; assignee: unknown; closed: boolean }; name: string | null; n: number; ratingSum: number; ratingCount: number }>([
        { $match: match },
        {
          $project: {
            day: localDayOf('$createdAt'), type: 1, topic: 1, outcome: 1, assignee: '$assignee.id', name: '$assignee.name',
            closed: { $eq: ['$status', 'closed'] }, rating: 1,
          },
        },
        {
          $group: {
            _id: { day: '$day', type: '$type', topic: '$topic', outcome: '$outcome', assignee: '$assignee', closed: '$closed' },
            name: { $first: '$name' },
            n: { $sum: 1 },
            ratingSum: { $sum: { $cond: [{ $gt: ['$rating', null] }, '$rating', 0] } },
            ratingCount: { $sum: { $cond: [{ $gt: ['$rating', null] }, 1, 0] } },
          },
        },
      ]),
      // The durations in two reads: FerretDB v2 (DocumentDB 0.106) crashed its PostgreSQL backend
      // (signal 11) on one $group with five $push accumulators over 30 days of tickets; four or
      // fewer ran (docs/engines.md).
      TicketModel.aggregate<{ _id: CellKey; n: number; fr: Array<number | null>; res: Array<number | null>; resNet: Array<number | null> }>([
        { $match: match },
        {
          $project: {
            day: localDayOf('$createdAt'),
            type: 1,
            k: { $ifNull: ['$assignee.id', 'none'] },
            fr: elapsed('$firstResponseAt'),
            res: elapsed('$closedAt'),
            resNet: { $cond: [{ $gt: ['$closedAt', null] }, { $subtract: [{ $subtract: ['$closedAt', '$createdAt'] }, { $ifNull: ['$slaPausedMs', 0] }] }, null] },
          },
        },
        { $group: { _id: { day: '$day', type: '$type', k: '$k' }, n: { $sum: 1 }, fr: { $push: '$fr' }, res: { $push: '$res' }, resNet: { $push: '$resNet' } } },
      ]),
      TicketModel.aggregate<{ _id: CellKey; faWait: Array<number | null>; resWait: Array<{ c: number; p: number; s: number | null } | null> }>([
        { $match: match },
        {
          $project: {
            day: localDayOf('$createdAt'),
            type: 1,
            k: { $ifNull: ['$assignee.id', 'none'] },
            faWait: { $cond: [{ $gt: ['$firstResponseAt', null] }, null, ms('$createdAt')] },
            resWait: {
              $cond: [
                { $gt: ['$closedAt', null] },
                null,
                // An object, not an array: mongo-java-server leaves an array literal inside $cond unevaluated.
                { c: ms('$createdAt'), p: { $ifNull: ['$slaPausedMs', 0] }, s: { $cond: [{ $gt: ['$slaPausedSince', null] }, ms('$slaPausedSince'), null] } },
              ],
            },
          },
        },
        { $group: { _id: { day: '$day', type: '$type', k: '$k' }, faWait: { $push: '$faWait' }, resWait: { $push: '$resWait' } } },
      ]),
    ]);
    const days = new Map<number, DaySummary>();
    const dayOf = (day: number) => {
      let summary = days.get(day);
      if (!summary) days.set(day, (summary = { day, groups: [], cells: [], open: 0 }));
      return summary;
    };
    for (const g of groups) {
      const { day, assignee, ...key } = g._id;
      const summary = dayOf(day);
      summary.groups.push({ ...key, assignee: assignee == null ? null : String(assignee), name: g.name, n: g.n, ratingSum: g.ratingSum, ratingCount: g.ratingCount });
      if (!key.closed) summary.open += g.n;
    }
    const keyOf = (id: CellKey) => `${id.day}|${id.type}|${String(id.k)}`;
    const waiting = new Map(waits.map((w) => [keyOf(w._id), w]));
    for (const c of durations) {
      const w = waiting.get(keyOf(c._id));
      dayOf(c._id.day).cells.push({
        type: c._id.type, k: String(c._id.k), n: c.n,
        fr: notNull(c.fr), res: notNull(c.res), resNet: notNull(c.resNet),
        faWait: notNull(w?.faWait ?? []), resWait: notNull(w?.resWait ?? []).map((x) => [x.c, x.p, x.s ?? null]),
      });
    }
    return [...days.values()];
  }

  /**
   * The first and the last creation instant of any ticket (null when there is none): one pass over
   * the collection (a sort for the first one would be a sort in PostgreSQL on FerretDB v2 anyway);
   * the roll-up asks only for its first count, or when tickets older than what it counted appear.
   */
  async createdBounds(): Promise<{ first: Date; last: Date } | null> {
    const [bounds] = await TicketModel.aggregate<{ first: Date; last: Date }>([
      { $group: { _id: null, first: { $min: '$createdAt' }, last: { $max: '$createdAt' } } },
    ]);
    return bounds?.first && bounds.last ? { first: bounds.first, last: bounds.last } : null;
  }

  /** The latest creation instant at or after `from` (the few tickets newer than the roll-up's span), or null. */
  async lastCreatedSince(from: Date): Promise<Date | null> {
    const [row] = await TicketModel.aggregate<{ last: Date }>([
      { $match: { createdAt: { $gte: from } } },
      { $group: { _id: null, last: { $max: '$createdAt' } } },
    ]);
    return row?.last ?? null;
  }

  /** How many tickets were created in [from, to). */
  countCreated(from: Date, to: Date): Promise<number> {
    return TicketModel.countDocuments({ createdAt: { $gte: from, $lt: to } });
  }

  /** Tickets created since `from` (inclusive) and tickets closed since `from`: two index-range counts. */
  async sinceCounts(from: Date): Promise<{ created: number; closed: number }> {
    const [created, closed] = await Promise.all([
      TicketModel.countDocuments({ createdAt: { $gte: from } }),
      TicketModel.countDocuments({ status: 'closed', closedAt: { $gte: from } }),
    ]);
    return { created, closed };
  }

  /** Tickets not closed created in [from, until] (both inclusive): part of one day, for the age buckets. */
  countOpenCreated(from: Date, until: Date, untilIncluded: boolean): Promise<number> {
    return TicketModel.countDocuments({ createdAt: { $gte: from, [untilIncluded ? '$lte' : '$lt']: until }, status: { $ne: 'closed' } });
  }

  /** The tickets changed since the roll-up last counted them: their creation instant and their mark. */
  stale(): Promise<Array<{ _id: Types.ObjectId; createdAt: Date; reportStale: Types.ObjectId }>> {
    return TicketModel.find({ reportStale: { $exists: true } }, { createdAt: 1, reportStale: 1 })
      .lean<Array<{ _id: Types.ObjectId; createdAt: Date; reportStale: Types.ObjectId }>>();
  }

  /** Clears the marks read by `stale`, each only if no write has set a new one since. */
  async clearStale(marks: ReadonlyArray<{ _id: Types.ObjectId; reportStale: Types.ObjectId }>): Promise<void> {
    for (let i = 0; i < marks.length; i += CLEAR_BATCH) {
      const batch = marks.slice(i, i + CLEAR_BATCH).map((m) => ({
        updateOne: { filter: { _id: m._id, reportStale: m.reportStale }, update: { $unset: { reportStale: 1 as const } } },
      }));
      await retryingLostRaces(() => TicketModel.bulkWrite(batch, { ordered: false }));
    }
  }

  /** Tickets closed in [from, to) per local day or week, through the { status, closedAt } index. */
  closedBy(from: Date, to: Date, granularity: 'day' | 'week'): Promise<Array<{ _id: number; n: number }>> {
    const day = localDayOf('$closedAt');
    const bucket = granularity === 'day' ? day : { $floor: { $divide: [{ $add: [day, 3] }, 7] } };
    return TicketModel.aggregate<{ _id: number; n: number }>([
      { $match: { status: 'closed', closedAt: { $gte: from, $lt: to } } },
      { $project: { b: bucket } },
      { $group: { _id: '$b', n: { $sum: 1 } } },
    ]);
  }
}

const CLEAR_BATCH = 500;
