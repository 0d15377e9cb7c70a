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
import { getDeadlineSettings, getServiceLevels } from '../settings/settings.service';
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

/** The median of `value` per group, computed in the database: sorted, pushed, the middle element(s) read. */
function medianPipeline(match: Record<string, unknown>, value: Expr, groupBy: Expr): PipelineStage[] {
  const size = { $size: '$values' };
  return [
    { $match: match },
    { $project: { value, key: groupBy } },
    { $match: { value: { $ne: null } } },
    { $sort: { value: 1 } },
    { $group: { _id: '$key', values: { $push: '$value' }, count: { $sum: 1 }, total: { $sum: '$value' } } },
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

/** The expression that reads a ticket's allowed time for `target` from the lookup tables. */
function allowedExpr(first: number, tables: ReturnType<typeof slaTables>['tables'], target: 'firstAnswer' | 'resolution'): Expr {
  const index = { $subtract: ['$day', first] };
  const pick = (type: TicketType) => ({ $arrayElemAt: [{ $literal: tables[type][target] }, index] });
  return { $cond: [{ $eq: ['$type', 'question'] }, pick('question'), { $cond: [{ $eq: ['$type', 'error'] }, pick('error'), pick('request')] }] };
}

interface SlaCounts {
  met: number;
  missed: number;
  pending: number;
  /** met / (met + missed), null when nothing is decided yet. */
  rate: number | null;
}

async function slaCompliance(from: Date, to: Date, now: Date, levels: ServiceLevelSettings, calendar: HolidayCalendar) {
  const { first, tables } = slaTables(from, to, levels, calendar);
  const judged = (end: string, allowed: string): Record<string, Expr> => ({
    met: { $sum: { $cond: [{ $and: [{ $gt: [end, null] }, { $lte: [{ $subtract: [end, '$createdAt'] }, allowed] }] }, 1, 0] } },
    missed: {
      $sum: {
        $cond: [
          { $or: [
            { $and: [{ $gt: [end, null] }, { $gt: [{ $subtract: [end, '$createdAt'] }, allowed] }] },
            { $and: [{ $not: [{ $gt: [end, null] }] }, { $gt: [{ $subtract: [now, '$createdAt'] }, allowed] }] },
          ] },
          1,
          0,
        ],
      },
    },
    total: { $sum: 1 },
  });
  const base: PipelineStage[] = [
    { $match: period(from, to) },
    {
      $project: {
        type: 1, createdAt: 1, firstResponseAt: 1, closedAt: 1,
        day: localDayOf('$createdAt'),
      },
    },
    { $project: { createdAt: 1, firstResponseAt: 1, closedAt: 1, fa: allowedExpr(first, tables, 'firstAnswer'), res: allowedExpr(first, tables, 'resolution') } },
  ];
  const [firstAnswer, resolution] = await Promise.all([
    TicketModel.aggregate<{ met: number; missed: number; total: number }>([...base, { $group: { _id: null, ...judged('$firstResponseAt', '$fa') } }]),
    TicketModel.aggregate<{ met: number; missed: number; total: number }>([...base, { $group: { _id: null, ...judged('$closedAt', '$res') } }]),
  ]);
  const counts = (row: { met: number; missed: number; total: number } | undefined): SlaCounts => {
    const met = row?.met ?? 0;
    const missed = row?.missed ?? 0;
    return { met, missed, pending: (row?.total ?? 0) - met - missed, rate: met + missed > 0 ? met / (met + missed) : null };
  };
  return { firstAnswer: counts(firstAnswer[0]), resolution: counts(resolution[0]) };
}

/** Totals, outcomes, medians and rating of the tickets created in [from, to) (either bound optional). */
export async function summary(from: Date | undefined, to: Date | undefined) {
  const match = period(from, to);
  const [groups, firstResponse, resolution] = await Promise.all([
    TicketModel.aggregate<{ _id: { type: TicketType; topic: string | null; outcome: Outcome | null }; n: number; ratingSum: number; ratingCount: number }>([
      { $match: match },
      {
        $group: {
          _id: { type: '$type', topic: '$topic', outcome: '$outcome' },
          n: { $sum: 1 },
          ratingSum: { $sum: { $cond: [{ $gt: ['$rating', null] }, '$rating', 0] } },
          ratingCount: { $sum: { $cond: [{ $gt: ['$rating', null] }, 1, 0] } },
        },
      },
    ]),
    TicketModel.aggregate<MedianRow>(medianPipeline(match, elapsed('$firstResponseAt'), null)),
    TicketModel.aggregate<MedianRow>(medianPipeline(match, elapsed('$closedAt'), null)),
  ]);
  const byType: Record<TicketType, number> = { question: 0, error: 0, request: 0 };
  const byTopic: Record<string, number> = { rrt: 0, annuity: 0, registration: 0, other: 0, none: 0 };
  const outcomes = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
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
  }
  const durations = (row: MedianRow | undefined) => ({
    count: row?.count ?? 0,
    averageMs: row && row.count ? row.total / row.count : null,
    medianMs: medianOf(row),
  });
  return {
    total,
    byType,
    byTopic,
    outcomes,
    firstResponse: durations(firstResponse[0]),
    resolution: durations(resolution[0]),
    rating: { count: ratingCount, average: ratingCount ? ratingSum / ratingCount : null },
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

async function perAttendant(from: Date, to: Date) {
  const match = { ...period(from, to), 'assignee.id': { $ne: null } };
  const [handled, firstResponse, resolution] = await Promise.all([
    TicketModel.aggregate<{ _id: unknown; name: string; n: number; closed: number; ratingSum: number; ratingCount: number }>([
      { $match: match },
      {
        $group: {
          _id: '$assignee.id',
          name: { $first: '$assignee.name' },
          n: { $sum: 1 },
          closed: { $sum: { $cond: [{ $eq: ['$status', 'closed'] }, 1, 0] } },
          ratingSum: { $sum: { $cond: [{ $gt: ['$rating', null] }, '$rating', 0] } },
          ratingCount: { $sum: { $cond: [{ $gt: ['$rating', null] }, 1, 0] } },
        },
      },
    ]),
    TicketModel.aggregate<MedianRow>(medianPipeline(match, elapsed('$firstResponseAt'), '$assignee.id')),
    TicketModel.aggregate<MedianRow>(medianPipeline(match, elapsed('$closedAt'), '$assignee.id')),
  ]);
  const medianBy = (rows: MedianRow[]) => new Map(rows.map((r) => [String(r._id), medianOf(r)]));
  const fr = medianBy(firstResponse);
  const res = medianBy(resolution);
  return handled
    .map((h) => ({
      id: String(h._id),
      name: h.name ?? '',
      handled: h.n,
      closed: h.closed,
      firstAnswerMedianMs: fr.get(String(h._id)) ?? null,
      resolutionMedianMs: res.get(String(h._id)) ?? null,
      rating: { count: h.ratingCount, average: h.ratingCount ? h.ratingSum / h.ratingCount : null },
    }))
    .sort((a, b) => b.handled - a.handled || a.name.localeCompare(b.name, 'pt-BR'));
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

export async function supervisorReport(deps: Pick<Deps, 'config' | 'now'>, input: SupervisorInput) {
  const now = deps.now();
  const { from, to } = input;
  if (!(from < to)) throw new DomainError('invalid_input', 'A data inicial deve ser anterior à final.', { from: 'A data inicial deve ser anterior à final.' });
  if (to.getTime() - from.getTime() > REPORT_MAX_DAYS * DAY_MS) {
    throw new DomainError('invalid_input', `O período pode ter no máximo ${REPORT_MAX_DAYS} dias.`, { to: `O período pode ter no máximo ${REPORT_MAX_DAYS} dias.` });
  }
  const length = to.getTime() - from.getTime();
  const previousFrom = new Date(from.getTime() - length);
  const [levels, deadlines] = await Promise.all([getServiceLevels(), getDeadlineSettings(deps.config)]);
  const [current, previous, timeline, attendants, sla, previousSla, age, templates] = await Promise.all([
    summary(from, to),
    summary(previousFrom, from),
    series(from, to, input.granularity),
    perAttendant(from, to),
    slaCompliance(from, to, now, levels, deadlines.holidays),
    slaCompliance(previousFrom, from, now, levels, deadlines.holidays),
    ticketAge(now),
    templatesUsed(from, to),
  ]);
  return {
    period: { from: from.toISOString(), to: to.toISOString(), granularity: input.granularity },
    previousPeriod: { from: previousFrom.toISOString(), to: from.toISOString() },
    summary: current,
    previous: { ...previous, sla: previousSla },
    series: timeline,
    attendants,
    sla,
    age,
    templates,
  };
}

export type SupervisorReport = Awaited<ReturnType<typeof supervisorReport>>;
