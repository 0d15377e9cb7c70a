// The report roll-up (server/src/tickets/report-rollup.ts): the supervisor's report reads per-day
// summaries that are recounted only for the days whose tickets changed. Properties over a sequence
// of changes, not one snapshot: after every round of lifecycle actions (some running while reports
// and a second instance's refresh run), the report equals the one counted from scratch (roll-up
// dropped) and the figures worked out here from the stored tickets.
import { ObjectId } from 'mongodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { reportRollupJob } from '../../server/src/jobs/report-rollup.job';
import { ReportRollup } from '../../server/src/tickets/report-rollup';
import { adminSession, attendant, liveSettled, openTicket, signUp, TICKET } from '../support/fixtures';
import { serverForBlock, type TestServer } from '../support/harness';

const DAY = 86_400_000;
const ROLLUP = ['reportdays', 'reportopen', 'reportstate'];

describe('the report roll-up', () => {
  let server: TestServer;
  let admin: Awaited<ReturnType<typeof adminSession>>;
  let bruno: Awaited<ReturnType<typeof attendant>>;
  let pro: Awaited<ReturnType<typeof signUp>>;
  const protocols: string[] = [];

  serverForBlock((s) => (server = s));
  beforeAll(async () => {
    admin = await adminSession(server);
    [bruno, pro] = await Promise.all([attendant(server, 'Bruno Atendente'), signUp(server)]);
    for (let i = 0; i < 16; i++) {
      protocols.push(await openTicket(pro, { ...TICKET, type: (['question', 'error', 'request'] as const)[i % 3]!, subject: `Chamado ${i}` }));
    }
    // Spread over the last days (some before the report's first whole day's start, some on whole
    // days, some today), before any report: the roll-up counts them when first asked.
    await liveSettled(server);
    const tickets = server.db.collection('tickets');
    for (const [i, protocol] of protocols.entries()) {
      const back = (i % 6) * DAY + (i % 4) * 3 * 3_600_000;
      const stored = (await tickets.findOne({ protocol }))!;
      await tickets.updateOne({ protocol }, { $set: { createdAt: new Date(stored.createdAt.getTime() - back), updatedAt: new Date(stored.updatedAt.getTime() - back) } });
    }
  });

  const report = () => admin.api.admin.reportDetails.query({});

  /** The report as the roll-up gives it, then as counted from scratch: equal figures. */
  async function expectSameAsFromScratch() {
    await liveSettled(server);
    const kept = await report();
    for (const name of ROLLUP) await server.db.collection(name).deleteMany({});
    const fresh = await report();
    const figures = (r: typeof kept) => ({ summary: r.summary, previous: r.previous, series: r.series, attendants: r.attendants, sla: r.sla, age: r.age });
    expect(figures(kept)).toEqual(figures(fresh));
    return kept;
  }

  /** Totals worked out here from the stored tickets. */
  async function expectStoredTotals(r: Awaited<ReturnType<typeof report>>) {
    const all = await server.db.collection('tickets').find({}).toArray();
    const since = new Date(r.period.from);
    const inPeriod = all.filter((t) => t.createdAt >= since);
    expect(r.summary.total).toBe(inPeriod.length);
    expect(r.summary.outcomes.approved).toBe(inPeriod.filter((t) => t.outcome === 'approved').length);
    expect(r.summary.rating.count).toBe(inPeriod.filter((t) => typeof t.rating === 'number').length);
    expect(r.summary.firstResponse.count).toBe(inPeriod.filter((t) => t.firstResponseAt).length);
    expect(r.series.reduce((n, p) => n + p.closed, 0)).toBe(all.filter((t) => t.closedAt && t.closedAt >= since).length);
    expect(r.series.at(-1)!.backlog).toBe(all.filter((t) => t.status !== 'closed').length);
    expect(r.age.reduce((n, b) => n + b.count, 0)).toBe(all.filter((t) => t.status !== 'closed').length);
    expect(r.attendants.find((a) => a.name === 'Bruno Atendente')?.handled ?? 0).toBe(inPeriod.filter((t) => t.assignee?.name === 'Bruno Atendente').length);
  }

  it('counts the tickets of past days the first time it is asked', async () => {
    const r = await expectSameAsFromScratch();
    expect(r.summary.total).toBe(16);
    // Created over six days: several points of the series hold tickets.
    expect(r.series.filter((p) => p.created > 0).length).toBeGreaterThanOrEqual(5);
    await expectStoredTotals(r);
  });

  it('stays exact while tickets change between reports, and while reports and a second instance refresh', async () => {
    const other = new ReportRollup(server.deps.tickets.reports);
    const rounds: Array<Array<(p: string) => Promise<unknown>>> = [
      [(p) => bruno.api.desk.take.mutate({ protocol: p }), (p) => bruno.api.desk.resolve.mutate({ protocol: p, message: 'Resolvido.' })],
      [(p) => bruno.api.desk.requestInfo.mutate({ protocol: p, message: 'Envie o comprovante.' }), (p) => pro.api.tickets.provideInfo.mutate({ protocol: p, message: 'Segue o comprovante.' })],
      [(p) => pro.api.tickets.approve.mutate({ protocol: p, rating: 5 })],
      [(p) => bruno.api.desk.close.mutate({ protocol: p, reason: 'invalid', message: 'Não é do CAU/SP.' })],
    ];
    let round = 0;
    for (const steps of rounds) {
      // Round 0 works tickets 0–7; the later rounds act on the ones earlier rounds left in the right status.
      const targets = round === 0 ? protocols.slice(0, 8) : round === 1 ? protocols.slice(8, 12) : round === 2 ? protocols.slice(0, 4) : protocols.slice(12, 14);
      const actions = targets.map(async (protocol) => {
        for (const step of steps) await step(protocol);
      });
      // Reports and another instance's refreshes run while the changes land.
      await Promise.all([...actions, report(), report(), other.refresh(), report(), other.refresh()]);
      await expectStoredTotals(await expectSameAsFromScratch());
      round++;
    }
    // After all that, a new ticket today and a report once more.
    await openTicket(pro, { ...TICKET, subject: 'Mais um' });
    const last = await expectSameAsFromScratch();
    expect(last.summary.total).toBe(17);
    expect(last.summary.outcomes).toMatchObject({ approved: 4, cancelled: 2 });
  });

  it('counts in the background (its job) the days no report has asked for yet', async () => {
    await report();
    // A ticket of two months ago written straight into the database (as a restored backup would):
    // older than anything counted so far, and without a mark.
    const old = new Date(Date.now() - 60 * DAY);
    const source = (await server.db.collection('tickets').findOne({ protocol: protocols[0] }))!;
    const { _id: _omit, reportStale: _mark, ...copy } = source;
    await server.db.collection('tickets').insertOne({ ...copy, protocol: '2026-999999', createdAt: old, updatedAt: old });
    const localDay = Math.floor((old.getTime() - 3 * 3_600_000) / DAY);
    expect(await server.db.collection('reportdays').countDocuments({ _id: localDay as never })).toBe(0);
    await reportRollupJob.run(server.deps, async () => undefined);
    expect(await server.db.collection('reportdays').countDocuments({ _id: localDay as never })).toBe(1);
    // A period around that day reads it from the roll-up, as counted from scratch.
    const around = { from: new Date(old.getTime() - 2 * DAY).toISOString(), to: new Date(old.getTime() + 2 * DAY).toISOString() };
    expect((await admin.api.admin.reportDetails.query(around)).summary.total).toBe(1);
    await server.db.collection('tickets').deleteOne({ protocol: '2026-999999' });
    for (const name of ROLLUP) await server.db.collection(name).deleteMany({});
  });

  it('recounts a day when a ticket carries a mark a write left and no refresh cleared', async () => {
    await report();
    const tickets = server.db.collection('tickets');
    const protocol = protocols[15]!;
    // As if the server stopped after the ticket's write and before the roll-up counted it: the
    // write set the mark in the same update.
    await tickets.updateOne({ protocol }, { $set: { status: 'closed', closedAt: new Date(), outcome: 'cancelled', reportStale: new ObjectId() } });
    const r = await report();
    expect(r.summary.outcomes.cancelled).toBe(3);
    await expectStoredTotals(r);
    expect(await tickets.countDocuments({ reportStale: { $exists: true } })).toBe(0);
  });
});
