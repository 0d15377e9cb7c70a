// The supervisor's report (SPEC §9, issue 12): volumes and backlog over time, per attendant,
// service-level compliance, ticket age, outcomes, templates used, and the previous period for
// comparison. The figures of the tickets created in a period come from the per-day summaries of
// the report roll-up (tickets/report-rollup.ts, brought up to date first): the whole days of the
// period are read as stored, the partial days at its ends are summarised by the database on the
// spot, and the server adds them up. The tickets closed per day, and the counts behind the backlog,
// are index ranges; the age of the open tickets comes from the roll-up's open counts per day.
import {
  OUTCOMES, REPORT_MAX_DAYS, TICKET_TYPES, slaDueDates, type HolidayCalendar, type Outcome, type ServiceLevelSettings, type TicketType,
} from '@cau/shared';
import type { Deps } from '../deps';
import { DomainError } from '../errors';
import { TemplateUseModel } from '../templates/template.model';
import { DAY_MS, LOCAL_OFFSET_MS, localDay, type DayCell, type DayGroup } from '../tickets/ticket-report.queries';

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

/** The current period ('c') or the one before it ('p'). */
type Period = 'c' | 'p';

interface CountRow {
  _id: { p: Period; type: string; topic: string | null; outcome: string | null; assignee: string | null; closed: boolean };
  name: string | null;
  n: number;
  ratingSum: number;
  ratingCount: number;
}

interface MedianRow {
  _id: { p: Period; k: string; m: 'fr' | 'res' };
  count: number;
  total: number;
  low: number;
  high: number;
}

/** The allowed milliseconds of each ticket type's two targets, for tickets created on each local day from `first`. */
type SlaTables = Record<string, { firstAnswer: number[]; resolution: number[] }>;

interface SlaDayRow {
  _id: { p: Period; type: string; day: number };
  total: number;
  faMet: number;
  faMissed: number;
  resMet: number;
  resMissed: number;
}

const dayStart = (day: number) => new Date(day * DAY_MS - LOCAL_OFFSET_MS);

/** The summary of the tickets of one local day created in one period (the whole day, or the part of it in the period). */
interface Piece {
  p: Period;
  day: number;
  groups: DayGroup[];
  cells: DayCell[];
}

interface PeriodSpan {
  p: Period;
  from: Date;
  to: Date;
}

/**
 * The summaries of the tickets created in each period [from, to): the roll-up's stored days for
 * the whole days, the database's count now for the parts of days at either end.
 */
async function piecesOf(deps: Pick<Deps, 'tickets'>, periods: PeriodSpan[]): Promise<Piece[]> {
  const whole = periods.map(({ p, from, to }) => {
    const first = localDay(from) + (dayStart(localDay(from)) < from ? 1 : 0);
    const last = localDay(to) - 1;
    // Within one or two days: no whole day, the parts of days on each side of the boundary.
    if (first > last) {
      const boundary = dayStart(localDay(from) + 1);
      const parts: Array<[Date, Date]> = boundary < to ? [[from, boundary], [boundary, to]] : [[from, to]];
      return { p, first, last, parts };
    }
    const parts: Array<[Date, Date]> = [];
    if (from < dayStart(first)) parts.push([from, dayStart(first)]);
    if (dayStart(last + 1) < to) parts.push([dayStart(last + 1), to]);
    return { p, first, last, parts };
  });
  const spans = whole.filter((w) => w.first <= w.last);
  const [stored, ...partial] = await Promise.all([
    spans.length > 0 ? deps.tickets.rollup.days(Math.min(...spans.map((w) => w.first)), Math.max(...spans.map((w) => w.last))) : [],
    // One call per period: a day split between the two periods must stay two pieces.
    ...whole.map((w) => deps.tickets.reports.summarize(w.parts)),
  ]);
  const pieces: Piece[] = [];
  for (const day of stored) {
    const w = spans.find((s) => day._id >= s.first && day._id <= s.last);
    if (w) pieces.push({ p: w.p, day: day._id, groups: day.groups, cells: day.cells });
  }
  whole.forEach((w, i) => {
    for (const summary of partial[i]!) pieces.push({ p: w.p, day: summary.day, groups: summary.groups, cells: summary.cells });
  });
  return pieces;
}

function countRowsOf(pieces: Piece[]): CountRow[] {
  return pieces.flatMap(({ p, groups }) =>
    groups.map(({ name, n, ratingSum, ratingCount, ...key }) => ({ _id: { p, ...key }, name, n, ratingSum, ratingCount })),
  );
}

/** The medians of the time to the first answer (`fr`) and to closing (`res`), per period, overall (`all`) and per assignee. */
function medianRowsOf(pieces: Piece[]): MedianRow[] {
  const lists = new Map<string, { _id: MedianRow['_id']; values: number[] }>();
  const add = (p: Period, k: string, m: 'fr' | 'res', values: number[]) => {
    if (values.length === 0) return;
    const key = `${p}|${k}|${m}`;
    let entry = lists.get(key);
    if (!entry) lists.set(key, (entry = { _id: { p, k, m }, values: [] }));
    for (const v of values) entry.values.push(v);
  };
  for (const { p, cells } of pieces) {
    for (const cell of cells) {
      for (const k of [cell.k, 'all']) {
        add(p, k, 'fr', cell.fr);
        add(p, k, 'res', cell.res);
      }
    }
  }
  return [...lists.values()].map(({ _id, values }) => {
    values.sort((a, b) => a - b);
    return {
      _id,
      count: values.length,
      total: values.reduce((sum, v) => sum + v, 0),
      low: values[Math.floor((values.length - 1) / 2)]!,
      high: values[Math.floor(values.length / 2)]!,
    };
  });
}

/**
 * Service-level compliance per (period, type, local day of creation), both targets. Answered in
 * time is met; answered late, or still unanswered past the target, is missed. The resolution clock
 * leaves out the time the ticket waited on the professional (and the wait in progress), as the
 * queue does (shared `slaOf`).
 */
function slaRowsOf(pieces: Piece[], now: Date, tables: Record<Period, { first: number; tables: SlaTables }>): SlaDayRow[] {
  const rows = new Map<string, SlaDayRow>();
  const at = now.getTime();
  for (const { p, day, cells } of pieces) {
    for (const cell of cells) {
      const key = `${p}|${cell.type}|${day}`;
      let row = rows.get(key);
      if (!row) rows.set(key, (row = { _id: { p, type: cell.type, day }, total: 0, faMet: 0, faMissed: 0, resMet: 0, resMissed: 0 }));
      const { first, tables: byType } = tables[p];
      const faAllowed = byType[cell.type]!.firstAnswer[day - first]!;
      const resAllowed = byType[cell.type]!.resolution[day - first]!;
      row.total += cell.n;
      for (const v of cell.fr) row[v <= faAllowed ? 'faMet' : 'faMissed'] += 1;
      for (const created of cell.faWait) if (at - created > faAllowed) row.faMissed += 1;
      for (const v of cell.resNet) row[v <= resAllowed ? 'resMet' : 'resMissed'] += 1;
      for (const [created, paused, since] of cell.resWait) {
        if (at - created - paused - (since === null ? 0 : at - since) > resAllowed) row.resMissed += 1;
      }
    }
  }
  return [...rows.values()];
}


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

/** The counts and medians of the tickets created in [from, to) (either bound optional; none: every ticket). */
export async function figures(deps: Pick<Deps, 'tickets'>, from: Date | undefined, to: Date | undefined) {
  await deps.tickets.rollup.refresh();
  // Unbounded: the days the roll-up has counted, which after a refresh are every ticket's.
  const span = from && to ? null : await deps.tickets.rollup.span();
  const start = from ?? (span ? dayStart(span.first) : undefined);
  const end = to ?? (span ? dayStart(span.last + 1) : undefined);
  const pieces = start && end && start < end ? await piecesOf(deps, [{ p: 'c', from: start, to: end }]) : [];
  return figuresOf(countRowsOf(pieces), medianRowsOf(pieces), 'c');
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

/**
 * How old the tickets still open are now, whatever the period: the roll-up's open tickets per day
 * of creation, each day in the bucket it lies in, but the days a bucket's limit cuts through,
 * counted on either side of the limit.
 */
async function ticketAge(deps: Pick<Deps, 'tickets'>, now: Date) {
  // A ticket created at or before a limit is in an older bucket; limits[i] is AGE_BUCKETS[i]'s end.
  const limits = AGE_BUCKETS.slice(0, -1).map((b) => new Date(now.getTime() - b.maxDays * DAY_MS));
  const cut = new Map(limits.map((limit, i) => [localDay(limit), i]));
  const [open, split] = await Promise.all([
    deps.tickets.rollup.openByDay(),
    Promise.all(limits.map((limit) => {
      const day = localDay(limit);
      return Promise.all([
        deps.tickets.reports.countOpenCreated(dayStart(day), limit, true),
        deps.tickets.reports.countOpenCreated(new Date(limit.getTime() + 1), dayStart(day + 1), false),
      ]);
    })),
  ]);
  const counts = AGE_BUCKETS.map(() => 0);
  const olderThan = (instant: number) => limits.filter((limit) => instant <= limit.getTime()).length;
  for (const { day, n } of open) {
    if (!cut.has(day)) counts[olderThan(dayStart(day + 1).getTime() - 1)]! += n;
  }
  limits.forEach((limit, i) => {
    const [atOrBefore, after] = split[i]!;
    counts[olderThan(limit.getTime())]! += atOrBefore;
    counts[olderThan(limit.getTime() + 1)]! += after;
  });
  return AGE_BUCKETS.map((b, i) => ({ key: b.key, label: b.label, count: counts[i]! }));
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
  const [levels, deadlines] = await Promise.all([deps.settings.serviceLevels(), deps.settings.deadlines(), deps.tickets.rollup.refresh()]);
  const tables = { c: slaTables(from, to, levels, deadlines.holidays), p: slaTables(previousFrom, from, levels, deadlines.holidays) };
  const reports = deps.tickets.reports;
  const [pieces, closed, since, open, age, templates] = await Promise.all([
    piecesOf(deps, [{ p: 'p', from: previousFrom, to: from }, { p: 'c', from, to }]),
    reports.closedBy(from, to, input.granularity),
    reports.sinceCounts(from),
    deps.tickets.rollup.openByDay(),
    ticketAge(deps, now),
    templatesUsed(from, to),
  ]);
  const groups = countRowsOf(pieces);
  const medians = medianRowsOf(pieces);
  const slaRows = slaRowsOf(pieces, now, tables);
  // Open at `from`: open now, less those created since, plus those closed since.
  const backlogAtStart = open.reduce((n, d) => n + d.n, 0) - since.created + since.closed;
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
