// Management figures for admins (SPEC §4): volumes by type and tema, time to first response and
// to resolution, outcomes and the rating average, over a period of creation dates.
import type { Outcome, TicketType, Topic } from '@cau/shared';
import { TicketModel } from '../tickets/ticket.model';

export interface ReportInput {
  from?: Date;
  to?: Date;
}

interface Durations {
  count: number;
  averageMs: number | null;
  medianMs: number | null;
}

function durations(values: number[]): Durations {
  if (values.length === 0) return { count: 0, averageMs: null, medianMs: null };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { count: values.length, averageMs: values.reduce((a, b) => a + b, 0) / values.length, medianMs: median };
}

export async function ticketReport(input: ReportInput) {
  const created: Record<string, Date> = {};
  if (input.from) created.$gte = input.from;
  if (input.to) created.$lt = input.to;
  const match = Object.keys(created).length ? { createdAt: created } : {};
  const rows = await TicketModel.find(match, { type: 1, topic: 1, outcome: 1, rating: 1, createdAt: 1, firstResponseAt: 1, closedAt: 1 }).lean();

  const byType: Record<TicketType, number> = { question: 0, error: 0, request: 0 };
  const byTopic: Record<Topic | 'none', number> = { rrt: 0, annuity: 0, registration: 0, other: 0, none: 0 };
  const outcomes: Record<Outcome, number> = { approved: 0, no_response: 0, approval_timeout: 0, cancelled: 0 };
  const firstResponse: number[] = [];
  const resolution: number[] = [];
  const ratings: number[] = [];
  for (const t of rows) {
    byType[t.type] += 1;
    byTopic[t.topic ?? 'none'] += 1;
    if (t.outcome) outcomes[t.outcome] += 1;
    if (t.firstResponseAt) firstResponse.push(t.firstResponseAt.getTime() - t.createdAt.getTime());
    if (t.closedAt) resolution.push(t.closedAt.getTime() - t.createdAt.getTime());
    if (typeof t.rating === 'number') ratings.push(t.rating);
  }
  return {
    total: rows.length,
    byType,
    byTopic,
    outcomes,
    firstResponse: durations(firstResponse),
    resolution: durations(resolution),
    rating: { count: ratings.length, average: ratings.length ? ratings.reduce((a, b) => a + b, 0) / ratings.length : null },
  };
}
