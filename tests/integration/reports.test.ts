// admin.reports over stored tickets: the figures the database computes equal the ones worked out
// by hand from the tickets of the period, for odd and even counts (median) and empty periods.
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSession } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/harness';

const MINUTE = 60_000;
const day = (d: number, minutes = 0) => new Date(Date.UTC(2020, 0, d, 12) + minutes * MINUTE);

let server: TestServer;
let admin: Awaited<ReturnType<typeof adminSession>>;

/** Only the fields the report reads, plus a unique protocol. */
function ticket(n: number, fields: { type: string; topic: string | null; created: Date; firstResponse?: number; closed?: number; outcome?: string; rating?: number }) {
  return {
    _id: new ObjectId(),
    protocol: `2020-9${String(n).padStart(5, '0')}`,
    type: fields.type,
    topic: fields.topic,
    createdAt: fields.created,
    updatedAt: fields.created,
    firstResponseAt: fields.firstResponse === undefined ? null : new Date(fields.created.getTime() + fields.firstResponse * MINUTE),
    closedAt: fields.closed === undefined ? null : new Date(fields.created.getTime() + fields.closed * MINUTE),
    outcome: fields.outcome ?? null,
    rating: fields.rating ?? null,
  };
}

beforeAll(async () => {
  server = await startTestServer();
  admin = await adminSession(server);
  await server.db.collection('tickets').insertMany([
    // January 2020: five tickets
    ticket(1, { type: 'question', topic: 'annuity', created: day(2), firstResponse: 10, closed: 100, outcome: 'approved', rating: 5 }),
    ticket(2, { type: 'question', topic: 'rrt', created: day(3), firstResponse: 30, closed: 200, outcome: 'no_response' }),
    ticket(3, { type: 'error', topic: null, created: day(4), firstResponse: 20, closed: 400, outcome: 'approved', rating: 2 }),
    ticket(4, { type: 'request', topic: 'other', created: day(5), firstResponse: 60 }),
    ticket(5, { type: 'question', topic: null, created: day(6) }),
    // February 2020: one ticket, outside the January period
    ticket(6, { type: 'error', topic: 'registration', created: day(33), firstResponse: 1000, closed: 5000, outcome: 'cancelled', rating: 1 }),
  ]);
});

afterAll(async () => {
  await server?.close();
});

describe('admin.reports', () => {
  it('counts, averages and takes the median of the tickets created in the period', async () => {
    const report = await admin.api.admin.reports.query({ from: day(1).toISOString(), to: day(32).toISOString() });
    expect(report).toEqual({
      total: 5,
      byType: { question: 3, error: 1, request: 1 },
      byTopic: { rrt: 1, annuity: 1, registration: 0, other: 1, none: 2 },
      outcomes: { approved: 2, no_response: 1, approval_timeout: 0, cancelled: 0 },
      // 10, 20, 30, 60 minutes: an even count, the median is between 20 and 30
      firstResponse: { count: 4, averageMs: 30 * MINUTE, medianMs: 25 * MINUTE },
      // 100, 200, 400 minutes: an odd count
      resolution: { count: 3, averageMs: (700 / 3) * MINUTE, medianMs: 200 * MINUTE },
      rating: { count: 2, average: 3.5 },
    });
  });

  it('covers every ticket without a period, and reports nothing for an empty one', async () => {
    const all = await admin.api.admin.reports.query({});
    expect(all.total).toBe(6);
    expect(all.byType).toEqual({ question: 3, error: 2, request: 1 });
    expect(all.resolution).toEqual({ count: 4, averageMs: (5700 / 4) * MINUTE, medianMs: 300 * MINUTE });
    expect(all.rating).toEqual({ count: 3, average: 8 / 3 });

    const empty = await admin.api.admin.reports.query({ from: day(100).toISOString(), to: day(101).toISOString() });
    expect(empty).toEqual({
      total: 0,
      byType: { question: 0, error: 0, request: 0 },
      byTopic: { rrt: 0, annuity: 0, registration: 0, other: 0, none: 0 },
      outcomes: { approved: 0, no_response: 0, approval_timeout: 0, cancelled: 0 },
      firstResponse: { count: 0, averageMs: null, medianMs: null },
      resolution: { count: 0, averageMs: null, medianMs: null },
      rating: { count: 0, average: null },
    });
  });
});
