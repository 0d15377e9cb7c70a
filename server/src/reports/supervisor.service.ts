// The supervisor's report (SPEC §9, issue 12): volumes and backlog over time, per attendant,
// service-level compliance, ticket age, outcomes, templates used, and the previous period for
// comparison. The database computes every figure (tickets/ticket-report.queries.ts, through
// `deps.tickets.reports`): the period and the one before it are read together for the counts and
// for the medians, and once each for the service levels (whose per-day groups also give the
// tickets created per day); plus the tickets closed in the period and the open ones. The server
// only adds up groups.
import {
  OUTCOMES, REPORT_MAX_DAYS, TICKET_TYPES, slaDueDates, type HolidayCalendar, type Outcome, type ServiceLevelSettings, type TicketType,
} from '@cau/shared';
import type { Deps } from '../deps';
import { DomainError } from '../errors';
import { TemplateUseModel } from '../templates/template.model';
import {
  DAY_MS, LOCAL_OFFSET_MS, localDay, type CountRow, type MedianRow, type Period, type ReportSpan, type SlaDayRow, type SlaTables,
} from '../tickets/ticket-report.queries';

export type Granularity = 'day' | 'week';

export interface SupervisorInput {
  from: Date;
  to: Date;
  granularity: Granularity;
}

type ReportDeps = Pick<Deps, 'config' | 'now' | 'settings' | 'tickets'>;

/** Weeks start on Monday; day 0 (1970-01-01) was a Thursday. */
const weekOf = (day: number) => Math.floor((day + 3) / 7);
const dayLabel = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

const medianOf = (row: MedianRow | undefined) => (row ? (row.low + row.high) / 2 : null);

/**
 * For each ticket type, the time allowed to first answer and to resolve a ticket created on each
 * local day from `from` to `to`. A whole-day target depends on the day (weekends, holidays), never on
 * the hour, so one lookup per day is exact; sub-day targets are the same every day.
 */
function slaTables(from: Date, to: Date, levels: ServiceLevelSettings, calendar: HolidayCalendar) {
  const first = localDay(from);
  const days = Math.max(1, localDay(new Date(to.getTime() - 1)) - first + 1);
  const tables = {} as SlaTables;
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

interface SlaCounts {
  met: number;
  missed: number;
  pending: number;
  /** met / (met + missed), null when nothing is decided yet. */
  rate: number | null;
}

/** Service-level compliance of one period from the per-day groups. */
function slaOfPeriod(rows: SlaDayRow[], period: Period) {
  let total = 0, faMet = 0, faMissed = 0, resMet = 0, resMissed = 0;
  for (const r of rows) {
    if (r._id.p !== period) continue;
    total += r.total;
    faMet += r.faMet;
    faMissed += r.faMissed;
    resMet += r.resMet;
    resMissed += r.resMissed;
  }
  const counts = (met: number, missed: number): SlaCounts => ({ met, missed, pending: total - met - missed, rate: met + missed > 0 ? met / (met + missed) : null });
  return { firstAnswer: counts(faMet, faMissed), resolution: counts(resMet, resMissed) };
}

/** Totals by type, tema and outcome, medians to first answer and to resolution, and the rating, of one period; and the same per assignee. */
function figuresOf(groups: CountRow[], medians: MedianRow[], period: Period) {
  const byType: Record<TicketType, number> = { question: 0, error: 0, request: 0 };
  const byTopic: Record<string, number> = { rrt: 0, annuity: 0, registration: 0, other: 0, none: 0 };
  const outcomes = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  const people = new Map<string, { id: string; name: string; handled: number; closed: number; ratingSum: number; ratingCount: number }>();
  let total = 0;
  let ratingSum = 0;
  let ratingCount = 0;
  for (const g of groups) {
    if (g._id.p !== period) continue;
    total += g.n;
    byType[g._id.type as TicketType] += g.n;
    byTopic[g._id.topic ?? 'none'] = (byTopic[g._id.topic ?? 'none'] ?? 0) + g.n;
    if (g._id.outcome) outcomes[g._id.outcome as Outcome] += g.n;
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
  const byKey = (measure: 'fr' | 'res') =>
    new Map(medians.filter((r) => r._id.p === period && r._id.m === measure).map((r) => [String(r._id.k), r]));
  const fr = byKey('fr');
  const res = byKey('res');
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

/** The counts and medians of the tickets created in [from, to) (either bound optional): two reads. */
export async function figures(deps: Pick<Deps, 'tickets'>, from: Date | undefined, to: Date | undefined) {
  const span: ReportSpan = { from, to };
  const [groups, medians] = await Promise.all([deps.tickets.reports.counts(span), deps.tickets.reports.medians(span)]);
  return figuresOf(groups, medians, 'c');
}

/** Created (from the per-day groups) and closed per day or week, and the open backlog at the end of each. */
function seriesOf(slaRows: SlaDayRow[], closed: Array<{ _id: number; n: number }>, backlogAtStart: number, from: Date, to: Date, granularity: Granularity) {
  const bucketOf = (day: number) => (granularity === 'day' ? day : weekOf(day));
  const createdBy = new Map<number, number>();
  for (const r of slaRows) {
    if (r._id.p !== 'c') continue;
    const b = bucketOf(r._id.day);
    createdBy.set(b, (createdBy.get(b) ?? 0) + r.total);
  }
  const closedBy = new Map(closed.map((r) => [r._id, r.n]));
  const firstBucket = bucketOf(localDay(from));
  const lastBucket = bucketOf(localDay(new Date(to.getTime() - 1)));
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
async function ticketAge(deps: Pick<Deps, 'tickets'>, now: Date) {
  const by = await deps.tickets.reports.openByAge(now, AGE_BUCKETS.slice(0, -1).map((b) => b.maxDays), AGE_BUCKETS.map((b) => b.key));
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

export async function supervisorReport(deps: ReportDeps, input: SupervisorInput) {
  const now = deps.now();
  const { from, to } = input;
  if (!(from < to)) throw new DomainError('invalid_input', 'A data inicial deve ser anterior à final.', { from: 'A data inicial deve ser anterior à final.' });
  if (to.getTime() - from.getTime() > REPORT_MAX_DAYS * DAY_MS) {
    throw new DomainError('invalid_input', `O período pode ter no máximo ${REPORT_MAX_DAYS} dias.`, { to: `O período pode ter no máximo ${REPORT_MAX_DAYS} dias.` });
  }
  const length = to.getTime() - from.getTime();
  const previousFrom = new Date(from.getTime() - length);
  const [levels, deadlines] = await Promise.all([deps.settings.serviceLevels(), deps.settings.deadlines()]);
  // Both periods in each read: [previousFrom, to), split at `from`.
  const span = { from: previousFrom, to, split: from };
  const currentTables = slaTables(from, to, levels, deadlines.holidays);
  const previousTables = slaTables(previousFrom, from, levels, deadlines.holidays);
  const reports = deps.tickets.reports;
  const [groups, medians, currentSla, previousSla, closed, backlogAtStart, age, templates] = await Promise.all([
    reports.counts(span),
    reports.medians(span),
    reports.slaByDay({ from, to }, 'c', now, currentTables.first, currentTables.tables),
    reports.slaByDay({ from: previousFrom, to: from }, 'p', now, previousTables.first, previousTables.tables),
    reports.closedBy(from, to, input.granularity),
    reports.openAt(from),
    ticketAge(deps, now),
    templatesUsed(from, to),
  ]);
  const slaRows = [...currentSla, ...previousSla];
  const current = figuresOf(groups, medians, 'c');
  const previous = figuresOf(groups, medians, 'p');
  return {
    period: { from: from.toISOString(), to: to.toISOString(), granularity: input.granularity },
    previousPeriod: { from: previousFrom.toISOString(), to: from.toISOString() },
    summary: current.summary,
    previous: { ...previous.summary, sla: slaOfPeriod(slaRows, 'p') },
    series: seriesOf(slaRows, closed, backlogAtStart, from, to, input.granularity),
    attendants: current.attendants,
    sla: slaOfPeriod(slaRows, 'c'),
    age,
    templates,
  };
}

export type SupervisorReport = Awaited<ReturnType<typeof supervisorReport>>;
