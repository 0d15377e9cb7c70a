// The supervisor's report (SPEC §9, issue 12): volumes and backlog over time, per attendant,
// service-level compliance, ticket age, outcomes, templates used, and the previous period for
// comparison. Everything is computed by the database in several small aggregation pipelines
// ($match, $project, $sort, $group; no $facet, no date operators): the server only receives
// the groups, never the tickets of the period.
import {
  OUTCOMES, REPORT_MAX_DAYS, TICKET_TYPES, slaDueDates, type HolidayCalendar, type Outcome, type ServiceLevelSettings, type TicketType,
} from '@cau/shared';
import type { PipelineStage } from 'mongoose';
import type { Deps } from '../deps';
import { DomainError } from '../errors';
import { TemplateUseModel } from '../templates/template.model';
import { TicketModel } from '../tickets/ticket.model';

const DAY_MS = 86_400_000;
/** São Paulo has had no daylight saving time since 2019: local days start at 03:00 UTC. */
const LOCAL_OFFSET_MS = -3 * 3_600_000;
const EPOCH = new Date(0);
/** Longest period one report covers (the service-level lookup tables hold one entry per day). */

export type Granularity = 'day' | 'week';

export interface SupervisorInput {
  from: Date;
  to: Date;
  granularity: Granularity;
}

type Expr = Record<string, unknown> | string | number | null | unknown[];

/** The local day number (days since 1970-01-01 in São Paulo) of a date field. */
const localDayOf = (field: string): Expr => ({
  $floor: { $divide: [{ $add: [{ $subtract: [field, EPOCH] }, LOCAL_OFFSET_MS] }, DAY_MS] },
});
const localDay = (date: Date) => Math.floor((date.getTime() + LOCAL_OFFSET_MS) / DAY_MS);
/** Weeks start on Monday; day 0 (1970-01-01) was a Thursday. */
const weekOf = (day: number) => Math.floor((day + 3) / 7);
const dayLabel = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

const elapsed = (end: string): Expr => ({ $cond: [{ $gt: [end, null] }, { $subtract: [end, '$createdAt'] }, null] });

/**
 * The median of `value` overall (key `all`) and per assignee, in one pass: each ticket is counted under
 * both keys ($unwind), sorted, pushed, and the middle element(s) read in the database.
 */
function medianPipeline(match: Record<string, unknown>, value: Expr): PipelineStage[] {
  const size = { $size: '$values' };
  return [
    { $match: match },
    { $project: { value, keys: [{ $ifNull: ['$assignee.id', 'none'] }, 'all'] } },
    { $match: { value: { $ne: null } } },
    { $unwind: '$keys' },
    { $sort: { value: 1 } },
    { $group: { _id: '$keys', values: { $push: '$value' }, count: { $sum: 1 }, total: { $sum: '$value' } } },
    {
      $project: {
        count: 1,
        total: 1,
        low: { $arrayElemAt: ['$values', { $floor: { $divide: [{ $subtract: [size, 1] }, 2] } }] },
        high: { $arrayElemAt: ['$values', { $floor: { $divide: [size, 2] } }] },
      },
    },
  ];
}

interface MedianRow {
  _id: unknown;
  count: number;
  total: number;
  low: number;
  high: number;
}

const medianOf = (row: MedianRow | undefined) => (row ? (row.low + row.high) / 2 : null);

function period(from: Date | undefined, to: Date | undefined): Record<string, unknown> {
  const createdAt: Record<string, Date> = {};
  if (from) createdAt.$gte = from;
  if (to) createdAt.$lt = to;
  return Object.keys(createdAt).length > 0 ? { createdAt } : {};
}

/**
 * For each ticket type, the time allowed to first answer and to resolve a ticket created on each
 * local day of the period. A whole-day target depends on the day (weekends, holidays), never on the
 * hour, so one lookup per day is exact; sub-day targets are the same every day.
 */
function slaTables(from: Date, to: Date, levels: ServiceLevelSettings, calendar: HolidayCalendar) {
  const first = localDay(from);
  const days = Math.max(1, localDay(new Date(to.getTime() - 1)) - first + 1);
  const tables = {} as Record<TicketType, { firstAnswer: number[]; resolution: number[] }>;
  for (const type of TICKET_TYPES) {
    tables[type] = { firstAnswer: [], resolution: [] };
    for (let i = 0; i < days; i++) {
      // Noon, local time, of that day.
      const createdAt = new Date((first + i) * DAY_MS - LOCAL_OFFSET_MS + 12 * 3_600_000);
      const due = slaDueDates({ type, createdAt }, levels, calendar);
      tables[type].firstAnswer.push(due.firstAnswer.getTime() - createdAt.getTime());
      tables[type].resolution.push(due.resolution.getTime() - createdAt.getTime());
    }
  }
  return { first, tables };
}

/** The allowed time for `target` of the group's (type, day), read once per group from the lookup tables. */
function allowedExpr(first: number, tables: ReturnType<typeof slaTables>['tables'], target: 'firstAnswer' | 'resolution'): Expr {
  const index = { $subtract: ['$_id.day', first] };
  const pick = (type: TicketType) => ({ $arrayElemAt: [{ $literal: tables[type][target] }, index] });
  return { $cond: [{ $eq: ['$_id.type', 'question'] }, pick('question'), { $cond: [{ $eq: ['$_id.type', 'error'] }, pick('error'), pick('request')] }] };
}

interface SlaCounts {
  met: number;
  missed: number;
  pending: number;
  /** met / (met + missed), null when nothing is decided yet. */
  rate: number | null;
}

/**
 * Service-level compliance of the tickets created in [from, to), both targets in one pipeline. The
 * tickets are grouped by (type, local day) first, since the allowed time is the same within a group:
 * the lookup runs once per group, not once per ticket. Answered in time is `met`; answered late, or
 * still unanswered past the target, is `missed`; the rest is `pending`.
 */
async function slaCompliance(from: Date, to: Date, now: Date, levels: ServiceLevelSettings, calendar: HolidayCalendar) {
  const { first, tables } = slaTables(from, to, levels, calendar);
  const waited = { $subtract: [now, '$createdAt'] };
  const count = (list: string, test: (x: string) => Expr): Expr => ({ $size: { $filter: { input: list, as: 'x', cond: test('$$x') } } });
  const met = (done: string, allowed: string) => count(done, (x) => ({ $and: [{ $ne: [x, null] }, { $lte: [x, allowed] }] }));
  const missed = (done: string, waiting: string, allowed: string) => ({
    $add: [
      count(done, (x) => ({ $and: [{ $ne: [x, null] }, { $gt: [x, allowed] }] })),
      count(waiting, (x) => ({ $and: [{ $ne: [x, null] }, { $gt: [x, allowed] }] })),
    ],
  });
  const rows = await TicketModel.aggregate<{ faMet: number; faMissed: number; resMet: number; resMissed: number; total: number }>([
    { $match: period(from, to) },
    {
      $project: {
        type: 1,
        day: localDayOf('$createdAt'),
        fa: elapsed('$firstResponseAt'),
        faWait: { $cond: [{ $gt: ['$firstResponseAt', null] }, null, waited] },
        res: elapsed('$closedAt'),
        resWait: { $cond: [{ $gt: ['$closedAt', null] }, null, waited] },
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
    {
      $group: {
        _id: null,
        total: { $sum: '$total' },
        faMet: { $sum: '$faMet' }, faMissed: { $sum: '$faMissed' },
        resMet: { $sum: '$resMet' }, resMissed: { $sum: '$resMissed' },
      },
    },
  ]);
  const row = rows[0];
  const counts = (met: number, missed: number): SlaCounts => ({
    met, missed, pending: (row?.total ?? 0) - met - missed, rate: met + missed > 0 ? met / (met + missed) : null,
  });
  return { firstAnswer: counts(row?.faMet ?? 0, row?.faMissed ?? 0), resolution: counts(row?.resMet ?? 0, row?.resMissed ?? 0) };
}

interface CountRow {
  _id: { type: TicketType; topic: string | null; outcome: Outcome | null; assignee: unknown; closed: boolean };
  name: string | null;
  n: number;
  ratingSum: number;
  ratingCount: number;
}

/**
 * Totals by type, tema and outcome, medians to first answer and to resolution, and the rating, of
 * the tickets created in [from, to) (either bound optional); and the same per assignee. Three passes
 * over the period: the counts, and one per median.
 */
export async function figures(from: Date | undefined, to: Date | undefined) {
  const match = period(from, to);
  const [groups, firstResponse, resolution] = await Promise.all([
    TicketModel.aggregate<CountRow>([
      { $match: match },
      {
        $group: {
          _id: { type: '$type', topic: '$topic', outcome: '$outcome', assignee: '$assignee.id', closed: { $eq: ['$status', 'closed'] } },
          name: { $first: '$assignee.name' },
          n: { $sum: 1 },
          ratingSum: { $sum: { $cond: [{ $gt: ['$rating', null] }, '$rating', 0] } },
          ratingCount: { $sum: { $cond: [{ $gt: ['$rating', null] }, 1, 0] } },
        },
      },
    ]),
    TicketModel.aggregate<MedianRow>(medianPipeline(match, elapsed('$firstResponseAt'))),
    TicketModel.aggregate<MedianRow>(medianPipeline(match, elapsed('$closedAt'))),
  ]);
  const byType: Record<TicketType, number> = { question: 0, error: 0, request: 0 };
  const byTopic: Record<string, number> = { rrt: 0, annuity: 0, registration: 0, other: 0, none: 0 };
  const outcomes = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  const people = new Map<string, { id: string; name: string; handled: number; closed: number; ratingSum: number; ratingCount: number }>();
  let total = 0;
  let ratingSum = 0;
  let ratingCount = 0;
  for (const g of groups) {
    total += g.n;
    byType[g._id.type] += g.n;
    byTopic[g._id.topic ?? 'none'] = (byTopic[g._id.topic ?? 'none'] ?? 0) + g.n;
    if (g._id.outcome) outcomes[g._id.outcome] += g.n;
    ratingSum += g.ratingSum;
    ratingCount += g.ratingCount;
    if (g._id.assignee) {
      const id = String(g._id.assignee);
      const p = people.get(id) ?? { id, name: g.name ?? '', handled: 0, closed: 0, ratingSum: 0, ratingCount: 0 };
      p.handled += g.n;
      if (g._id.closed) p.closed += g.n;
      p.ratingSum += g.ratingSum;
      p.ratingCount += g.ratingCount;
      people.set(id, p);
    }
  }
  const byKey = (rows: MedianRow[]) => new Map(rows.map((r) => [String(r._id), r]));
  const fr = byKey(firstResponse);
  const res = byKey(resolution);
  const durations = (row: MedianRow | undefined) => ({
    count: row?.count ?? 0,
    averageMs: row && row.count ? row.total / row.count : null,
    medianMs: medianOf(row),
  });
  const attendants = [...people.values()]
    .map((p) => ({
      id: p.id,
      name: p.name,
      handled: p.handled,
      closed: p.closed,
      firstAnswerMedianMs: medianOf(fr.get(p.id)),
      resolutionMedianMs: medianOf(res.get(p.id)),
      rating: { count: p.ratingCount, average: p.ratingCount ? p.ratingSum / p.ratingCount : null },
    }))
    .sort((a, b) => b.handled - a.handled || a.name.localeCompare(b.name, 'pt-BR'));
  return {
    summary: {
      total,
      byType,
      byTopic,
      outcomes,
      firstResponse: durations(fr.get('all')),
      resolution: durations(res.get('all')),
      rating: { count: ratingCount, average: ratingCount ? ratingSum / ratingCount : null },
    },
    attendants,
  };
}

/** Created and closed per day or week, and the open backlog at the end of each. */
async function series(from: Date, to: Date, granularity: Granularity) {
  const bucket = (field: string): Expr =>
    granularity === 'day' ? localDayOf(field) : { $floor: { $divide: [{ $add: [localDayOf(field), 3] }, 7] } };
  const [created, closed, backlogAtStart] = await Promise.all([
    TicketModel.aggregate<{ _id: number; n: number }>([{ $match: period(from, to) }, { $project: { b: bucket('$createdAt') } }, { $group: { _id: '$b', n: { $sum: 1 } } }]),
    TicketModel.aggregate<{ _id: number; n: number }>([
      { $match: { closedAt: { $gte: from, $lt: to } } },
      { $project: { b: bucket('$closedAt') } },
      { $group: { _id: '$b', n: { $sum: 1 } } },
    ]),
    TicketModel.countDocuments({ createdAt: { $lt: from }, $or: [{ closedAt: null }, { closedAt: { $gte: from } }] }),
  ]);
  const firstDay = localDay(from);
  const lastDay = localDay(new Date(to.getTime() - 1));
  const firstBucket = granularity === 'day' ? firstDay : weekOf(firstDay);
  const lastBucket = granularity === 'day' ? lastDay : weekOf(lastDay);
  const createdBy = new Map(created.map((r) => [r._id, r.n]));
  const closedBy = new Map(closed.map((r) => [r._id, r.n]));
  const rows = [];
  let backlog = backlogAtStart;
  for (let b = firstBucket; b <= lastBucket; b++) {
    const c = createdBy.get(b) ?? 0;
    const x = closedBy.get(b) ?? 0;
    backlog += c - x;
    // A week is labelled by its Monday.
    rows.push({ bucket: dayLabel(granularity === 'day' ? b : b * 7 - 3), created: c, closed: x, backlog });
  }
  return rows;
}

export const AGE_BUCKETS = [
  { key: 'lt1d', label: 'Menos de 1 dia', maxDays: 1 },
  { key: 'd1to3', label: '1 a 3 dias', maxDays: 3 },
  { key: 'd3to7', label: '3 a 7 dias', maxDays: 7 },
  { key: 'd7to30', label: '7 a 30 dias', maxDays: 30 },
  { key: 'gt30d', label: 'Mais de 30 dias', maxDays: Infinity },
] as const;

/** How old the tickets still open are now, whatever the period. */
async function ticketAge(now: Date) {
  let expr: Expr = AGE_BUCKETS.at(-1)!.key;
  for (const b of [...AGE_BUCKETS].reverse().slice(1)) {
    expr = { $cond: [{ $lt: [{ $subtract: [now, '$createdAt'] }, b.maxDays * DAY_MS] }, b.key, expr] };
  }
  const rows = await TicketModel.aggregate<{ _id: string; n: number }>([
    { $match: { status: { $in: ['open', 'in_progress', 'pending_professional', 'awaiting_approval'] } } },
    { $project: { b: expr } },
    { $group: { _id: '$b', n: { $sum: 1 } } },
  ]);
  const by = new Map(rows.map((r) => [r._id, r.n]));
  return AGE_BUCKETS.map((b) => ({ key: b.key, label: b.label, count: by.get(b.key) ?? 0 }));
}

async function templatesUsed(from: Date, to: Date) {
  const rows = await TemplateUseModel.aggregate<{ _id: unknown; title: string; shared: boolean; n: number }>([
    { $match: { at: { $gte: from, $lt: to } } },
    { $group: { _id: '$templateId', title: { $last: '$title' }, shared: { $last: '$shared' }, n: { $sum: 1 } } },
    { $sort: { n: -1, title: 1 } },
    { $limit: 20 },
  ]);
  return rows.map((r) => ({ id: String(r._id), title: r.title, shared: r.shared, uses: r.n }));
}

export async function supervisorReport(deps: Pick<Deps, 'config' | 'now' | 'settings'>, input: SupervisorInput) {
  const now = deps.now();
  const { from, to } = input;
  if (!(from < to)) throw new DomainError('invalid_input', 'A data inicial deve ser anterior à final.', { from: 'A data inicial deve ser anterior à final.' });
  if (to.getTime() - from.getTime() > REPORT_MAX_DAYS * DAY_MS) {
    throw new DomainError('invalid_input', `O período pode ter no máximo ${REPORT_MAX_DAYS} dias.`, { to: `O período pode ter no máximo ${REPORT_MAX_DAYS} dias.` });
  }
  const length = to.getTime() - from.getTime();
  const previousFrom = new Date(from.getTime() - length);
  const [levels, deadlines] = await Promise.all([deps.settings.serviceLevels(), deps.settings.deadlines()]);
  const [current, previous, timeline, sla, previousSla, age, templates] = await Promise.all([
    figures(from, to),
    figures(previousFrom, from),
    series(from, to, input.granularity),
    slaCompliance(from, to, now, levels, deadlines.holidays),
    slaCompliance(previousFrom, from, now, levels, deadlines.holidays),
    ticketAge(now),
    templatesUsed(from, to),
  ]);
  return {
    period: { from: from.toISOString(), to: to.toISOString(), granularity: input.granularity },
    previousPeriod: { from: previousFrom.toISOString(), to: from.toISOString() },
    summary: current.summary,
    previous: { ...previous.summary, sla: previousSla },
    series: timeline,
    attendants: current.attendants,
    sla,
    age,
    templates,
  };
}

export type SupervisorReport = Awaited<ReturnType<typeof supervisorReport>>;
