// The supervisor's figures as the tickets collection computes them (SPEC §9, issue 12), reached
// through `deps.tickets.reports`. Each aggregation reads the period once, through an index range
// ({ createdAt } or { status, closedAt }), and groups it: the server receives groups, never the
// tickets of the period. The current and the previous period are one read: each ticket carries a
// period key (`p`: 'c' current, 'p' previous) into its groups. Only $match, $project, $unwind,
// $sort and $group with arithmetic: what every engine we run on (MongoDB, FerretDB v2,
// mongo-java-server) evaluates alike.
import type { PipelineStage } from 'mongoose';
import { TicketModel } from './ticket.model';

export const DAY_MS = 86_400_000;
/** São Paulo has had no daylight saving time since 2019: local days start at 03:00 UTC. */
export const LOCAL_OFFSET_MS = -3 * 3_600_000;
const EPOCH = new Date(0);
const OPEN_STATUSES = ['open', 'in_progress', 'pending_professional', 'awaiting_approval'];

type Expr = Record<string, unknown> | string | number | null | unknown[];

/** The local day number (days since 1970-01-01 in São Paulo) of a date field. */
export const localDayOf = (field: string): Expr => ({
  $floor: { $divide: [{ $add: [{ $subtract: [field, EPOCH] }, LOCAL_OFFSET_MS] }, DAY_MS] },
});
export const localDay = (date: Date) => Math.floor((date.getTime() + LOCAL_OFFSET_MS) / DAY_MS);

const elapsed = (end: string): Expr => ({ $cond: [{ $gt: [end, null] }, { $subtract: [end, '$createdAt'] }, null] });

/** Tickets created in [from, to), each bound optional; `split` starts the current period ('c'), before it is the previous ('p'). */
export interface ReportSpan {
  from?: Date;
  to?: Date;
  split?: Date;
}

function created({ from, to }: ReportSpan): Record<string, unknown> {
  const range: Record<string, Date> = {};
  if (from) range.$gte = from;
  if (to) range.$lt = to;
  return Object.keys(range).length > 0 ? { createdAt: range } : {};
}

const periodKey = ({ split }: ReportSpan): Expr => (split ? { $cond: [{ $gte: ['$createdAt', split] }, 'c', 'p'] } : 'c');

export type Period = 'c' | 'p';

export interface CountRow {
  _id: { p: Period; type: string; topic: string | null; outcome: string | null; assignee: unknown; closed: boolean };
  name: string | null;
  n: number;
  ratingSum: number;
  ratingCount: number;
}

export interface MedianRow {
  _id: { p: Period; k: unknown; m: 'fr' | 'res' };
  count: number;
  total: number;
  low: number;
  high: number;
}

/** The allowed milliseconds of each ticket type's two targets, for tickets created on each local day from `first`. */
export type SlaTables = Record<string, { firstAnswer: number[]; resolution: number[] }>;

export interface SlaDayRow {
  _id: { p: Period; type: string; day: number };
  total: number;
  faMet: number;
  faMissed: number;
  resMet: number;
  resMissed: number;
}

/**
 * Lookup tables longer than a year go into the pipeline as arrays of short arrays: FerretDB v2
 * (DocumentDB 0.106) crashed its PostgreSQL backend (signal 11) on a literal array of ~730 numbers,
 * and handled 366 well.
 */
const CHUNK = 128;
const PLAIN_MAX = 366;

/** The allowed time for `target` of the group's (type, day), read once per group from the lookup tables. */
function allowedExpr(first: number, tables: SlaTables, target: 'firstAnswer' | 'resolution'): Expr {
  const index = { $subtract: ['$_id.day', first] };
  const lookup = (values: number[]): Expr => {
    // Up to a year, one plain array (as it has always run); longer ones in chunks.
    if (values.length <= PLAIN_MAX) return { $arrayElemAt: [{ $literal: values }, index] };
    const chunks: number[][] = [];
    for (let i = 0; i < values.length; i += CHUNK) chunks.push(values.slice(i, i + CHUNK));
    return { $arrayElemAt: [{ $arrayElemAt: [{ $literal: chunks }, { $floor: { $divide: [index, CHUNK] } }] }, { $mod: [index, CHUNK] }] };
  };
  const [firstType, ...others] = Object.keys(tables);
  let expr: Expr = lookup(tables[firstType!]![target]);
  for (const type of others) expr = { $cond: [{ $eq: ['$_id.type', type] }, lookup(tables[type]![target]), expr] };
  return expr;
}

export class TicketReportQueries {
  /** Totals by (period, type, tema, outcome, assignee, closed) with the ratings: one read of the span. */
  counts(span: ReportSpan): Promise<CountRow[]> {
    return TicketModel.aggregate<CountRow>([
      { $match: created(span) },
      {
        $group: {
          _id: { p: periodKey(span), type: '$type', topic: '$topic', outcome: '$outcome', assignee: '$assignee.id', closed: { $eq: ['$status', 'closed'] } },
          name: { $first: '$assignee.name' },
          n: { $sum: 1 },
          ratingSum: { $sum: { $cond: [{ $gt: ['$rating', null] }, '$rating', 0] } },
          ratingCount: { $sum: { $cond: [{ $gt: ['$rating', null] }, 1, 0] } },
        },
      },
    ]);
  }

  /**
   * The medians of the time to the first answer (`fr`) and to closing (`res`), per period, overall
   * (key `all`) and per assignee, in one read: each ticket is counted under both keys and both
   * measures ($unwind twice), sorted by value, pushed, and the middle element(s) read in the database.
   */
  medians(span: ReportSpan): Promise<MedianRow[]> {
    const size = { $size: '$values' };
    const stages: PipelineStage[] = [
      { $match: created(span) },
      {
        $project: {
          p: periodKey(span), fr: elapsed('$firstResponseAt'), res: elapsed('$closedAt'),
          keys: [{ $ifNull: ['$assignee.id', 'none'] }, 'all'], measures: ['fr', 'res'],
        },
      },
      { $unwind: '$measures' },
      { $project: { p: 1, keys: 1, m: '$measures', v: { $cond: [{ $eq: ['$measures', 'fr'] }, '$fr', '$res'] } } },
      { $match: { v: { $ne: null } } },
      { $unwind: '$keys' },
      { $sort: { v: 1 } },
      { $group: { _id: { p: '$p', k: '$keys', m: '$m' }, values: { $push: '$v' }, count: { $sum: 1 }, total: { $sum: '$v' } } },
      {
        $project: {
          count: 1,
          total: 1,
          low: { $arrayElemAt: ['$values', { $floor: { $divide: [{ $subtract: [size, 1] }, 2] } }] },
          high: { $arrayElemAt: ['$values', { $floor: { $divide: [size, 2] } }] },
        },
      },
    ];
    return TicketModel.aggregate<MedianRow>(stages);
  }

  /**
   * Service-level compliance of one period per (type, local day of creation), both targets, in one
   * read (one call per period: FerretDB v2's backend crashed now and then on the two periods in one
   * pipeline); the groups' totals are also the tickets created per day. The tickets are grouped first, since
   * the allowed time is the same within a group: the lookup runs once per group, not per ticket.
   * Answered in time is met; answered late, or still unanswered past the target, is missed. The
   * resolution clock leaves out the time the ticket waited on the professional (`slaPausedMs`, and
   * the wait in progress since `slaPausedSince`), as the queue does (shared `slaOf`).
   */
  slaByDay(range: { from: Date; to: Date }, period: Period, now: Date, first: number, tables: SlaTables): Promise<SlaDayRow[]> {
    const waited = { $subtract: [now, '$createdAt'] };
    const paused = { $ifNull: ['$slaPausedMs', 0] };
    const pausing = { $cond: [{ $gt: ['$slaPausedSince', null] }, { $subtract: [now, '$slaPausedSince'] }, 0] };
    const count = (list: string, test: (x: string) => Expr): Expr => ({ $size: { $filter: { input: list, as: 'x', cond: test('$$x') } } });
    const met = (done: string, allowed: string) => count(done, (x) => ({ $and: [{ $ne: [x, null] }, { $lte: [x, allowed] }] }));
    const missed = (done: string, waiting: string, allowed: string) => ({
      $add: [
        count(done, (x) => ({ $and: [{ $ne: [x, null] }, { $gt: [x, allowed] }] })),
        count(waiting, (x) => ({ $and: [{ $ne: [x, null] }, { $gt: [x, allowed] }] })),
      ],
    });
    return TicketModel.aggregate<SlaDayRow>([
      { $match: created(range) },
      {
        $project: {
          type: 1,
          day: localDayOf('$createdAt'),
          fa: elapsed('$firstResponseAt'),
          faWait: { $cond: [{ $gt: ['$firstResponseAt', null] }, null, waited] },
          res: { $cond: [{ $gt: ['$closedAt', null] }, { $subtract: [{ $subtract: ['$closedAt', '$createdAt'] }, paused] }, null] },
          resWait: { $cond: [{ $gt: ['$closedAt', null] }, null, { $subtract: [{ $subtract: [waited, paused] }, pausing] }] },
        },
      },
      {
        $group: {
          _id: { type: '$type', day: '$day' },
          fa: { $push: '$fa' }, faWait: { $push: '$faWait' }, res: { $push: '$res' }, resWait: { $push: '$resWait' },
          total: { $sum: 1 },
        },
      },
      { $project: { fa: 1, faWait: 1, res: 1, resWait: 1, total: 1, faAllowed: allowedExpr(first, tables, 'firstAnswer'), resAllowed: allowedExpr(first, tables, 'resolution') } },
      // Flat, new field names: FerretDB v2 evaluates `fa: { met: … }` over the input's array `fa`
      // element by element (an array of { met, missed } that $sum then skips), MongoDB replaces it.
      {
        $project: {
          total: 1,
          faMet: met('$fa', '$faAllowed'),
          faMissed: missed('$fa', '$faWait', '$faAllowed'),
          resMet: met('$res', '$resAllowed'),
          resMissed: missed('$res', '$resWait', '$resAllowed'),
        },
      },
    ]).then((rows) => rows.map((r) => ({ ...r, _id: { ...r._id, p: period } })));
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

  /**
   * Tickets open at `at`: created before it and not closed before it. Two index-range counts
   * (created before; closed before, through { status, closedAt }) rather than one with an $or.
   */
  async openAt(at: Date): Promise<number> {
    const [createdBefore, closedBefore] = await Promise.all([
      TicketModel.countDocuments({ createdAt: { $lt: at } }),
      TicketModel.countDocuments({ status: 'closed', closedAt: { $lt: at } }),
    ]);
    return createdBefore - closedBefore;
  }

  /** The tickets open now, counted per age bucket (`limits` in days, ascending; `keys` one more than `limits`). */
  async openByAge(now: Date, limits: readonly number[], keys: readonly string[]): Promise<Map<string, number>> {
    let expr: Expr = keys.at(-1)!;
    for (let i = limits.length - 1; i >= 0; i--) {
      // At least `limits[i]` days old: an older bucket.
      expr = { $cond: [{ $lte: ['$createdAt', new Date(now.getTime() - limits[i]! * DAY_MS)] }, expr, keys[i]!] };
    }
    const rows = await TicketModel.aggregate<{ _id: string; n: number }>([
      { $match: { status: { $in: OPEN_STATUSES } } },
      { $project: { b: expr } },
      { $group: { _id: '$b', n: { $sum: 1 } } },
    ]);
    return new Map(rows.map((r) => [r._id, r.n]));
  }
}
