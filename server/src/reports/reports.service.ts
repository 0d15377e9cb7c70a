// Management figures for admins (SPEC §4): volumes by type and tema, time to first response and
// to resolution, outcomes and the rating average, over a period of creation dates. Everything is
// counted by the database (grouping on the createdAt index's range); only the figures come back.
import { TOPICS, type Outcome, type TicketType, type Topic } from '@cau/shared';
import type { PipelineStage } from 'mongoose';
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

type Match = Record<string, unknown>;

/** Counts per value of one field; a missing or null value counts under `null`. */
async function countBy(match: Match, field: string): Promise<Map<string | null, number>> {
  const rows = await TicketModel.aggregate<{ _id: string | null; n: number }>([{ $match: match }, { $group: { _id: `$${field}`, n: { $sum: 1 } } }]);
  return new Map(rows.map((r) => [r._id ?? null, r.n]));
}

/**
 * Count, average and median of `field − createdAt` over the tickets that have `field`. The median
 * is read as the middle one or two values of the sorted durations, so no list comes back.
 */
async function durations(match: Match, field: 'firstResponseAt' | 'closedAt'): Promise<Durations> {
  const stages: PipelineStage[] = [
    { $match: { ...match, [field]: { $ne: null } } },
    { $project: { _id: 0, ms: { $subtract: [`$${field}`, '$createdAt'] } } },
  ];
  const [totals] = await TicketModel.aggregate<{ count: number; sum: number }>([...stages, { $group: { _id: null, count: { $sum: 1 }, sum: { $sum: '$ms' } } }]);
  if (!totals || totals.count === 0) return { count: 0, averageMs: null, medianMs: null };
  const middle = await TicketModel.aggregate<{ ms: number }>([
    ...stages,
    { $sort: { ms: 1 } },
    { $skip: Math.floor((totals.count - 1) / 2) },
    { $limit: totals.count % 2 ? 1 : 2 },
  ]);
  const medianMs = middle.reduce((sum, row) => sum + row.ms, 0) / middle.length;
  return { count: totals.count, averageMs: totals.sum / totals.count, medianMs };
}

export async function ticketReport(input: ReportInput) {
  const created: Record<string, Date> = {};
  if (input.from) created.$gte = input.from;
  if (input.to) created.$lt = input.to;
  const match: Match = Object.keys(created).length ? { createdAt: created } : {};

  const [types, topics, outcomeCounts, firstResponse, resolution, [rating]] = await Promise.all([
    countBy(match, 'type'),
    countBy(match, 'topic'),
    countBy(match, 'outcome'),
    durations(match, 'firstResponseAt'),
    durations(match, 'closedAt'),
    TicketModel.aggregate<{ count: number; average: number }>([
      { $match: { ...match, rating: { $ne: null } } },
      { $group: { _id: null, count: { $sum: 1 }, average: { $avg: '$rating' } } },
    ]),
  ]);
  const byType: Record<TicketType, number> = { question: 0, error: 0, request: 0 };
  for (const key of Object.keys(byType) as TicketType[]) byType[key] = types.get(key) ?? 0;
  const byTopic: Record<Topic | 'none', number> = { rrt: 0, annuity: 0, registration: 0, other: 0, none: topics.get(null) ?? 0 };
  for (const key of TOPICS) byTopic[key] = topics.get(key) ?? 0;
  const outcomes: Record<Outcome, number> = { approved: 0, no_response: 0, approval_timeout: 0, cancelled: 0 };
  for (const key of Object.keys(outcomes) as Outcome[]) outcomes[key] = outcomeCounts.get(key) ?? 0;
  return {
    total: [...types.values()].reduce((a, b) => a + b, 0),
    byType,
    byTopic,
    outcomes,
    firstResponse,
    resolution,
    rating: { count: rating?.count ?? 0, average: rating ? rating.average : null },
  };
}
