// Deadlines at work (SPEC §3 rows 8–9, "Deadlines", the reminder, "Expiry runs as Agenda jobs"),
// against a real server with 2-second deadlines and the jobs running every second: tickets close by
// themselves, once, soon after the deadline and never before; an answer in time keeps the ticket
// open; an approval or an answer racing the expiry ends in exactly one outcome; one reminder per
// deadline, also with more tickets waiting than one pass takes. The admin's deadline settings are in
// deadline-settings.test.ts, on a server whose clock is pinned to a known week.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expireOverdue, queueReminders } from '@cau/server';
import { ticketOutput } from '@cau/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSession, attendant, signUp, storedTicket, ticketIn, TICKET } from '../support/fixtures';
import { expectReason, startTestServer, type TestServer } from '../support/harness';
import { sleep, waitUntil } from '../support/process';

const DEADLINE_MS = 2_000;
const JOBS_EVERY_MS = 1_000;
/** How long before a deadline the "one moment before" answers are sent. */
const ANSWER_AHEAD_MS = 800;
/**
 * The reminder lead, which is also how wide the window is in which a pass queues the reminder. At
 * exactly one job period (PT1S) a pass may fall in its last milliseconds, too late for a test to
 * answer before the deadline, and schedule jitter can let two passes step over it. 1.5 s was still
 * missed once on a loaded CI run (a pass more than 0.5 s late); 1.9 s leaves room for two passes.
 */
const REMINDER_BEFORE_MS = 1_900;
/** How late a close may come: one job period, plus room for a loaded machine. */
const CLOSE_WITHIN_MS = 3_000;

type Professional = Awaited<ReturnType<typeof signUp>>;
type Attendant = Awaited<ReturnType<typeof attendant>>;
type Stored = Awaited<ReturnType<typeof storedTicket>>;
type HistoryEntry = { event: string; from: string | null; to: string; at: Date; actor: { role: string; name: string } };
// `data` is not asserted on: the mail job clears it once the message is sent.
type OutboxEntry = { template: string; to: { address: string }; createdAt: Date };

let server: TestServer;
let pro: Professional;
let desk: Attendant;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'cau-deadlines-'));
  server = await startTestServer({
    DEADLINE_PENDING: 'PT2S',
    DEADLINE_APPROVAL: 'PT2S',
    JOBS_EVERY: '1 second',
    REMINDER_BEFORE: `PT${REMINDER_BEFORE_MS / 1000}S`,
    DATA_DIR: dataDir,
  });
  pro = await signUp(server);
  desk = await attendant(server);
});
afterAll(async () => {
  await server?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const history = (doc: Stored) => doc.history as HistoryEntry[];
const outbox = (doc: Stored) => doc.outbox as OutboxEntry[];
const mails = (doc: Stored, template: string) => outbox(doc).filter((m) => m.template === template);
const closings = (doc: Stored) => history(doc).filter((h) => h.to === 'closed');

/** A one-line account of a stored ticket, for failure messages. */
async function describeTicket(protocol: string): Promise<string> {
  const doc = await storedTicket(server, protocol);
  return `${protocol}: status=${doc.status} outcome=${doc.outcome} deadlineAt=${doc.deadlineAt?.toISOString()} now=${new Date().toISOString()} ` +
    `history=[${history(doc).map((h) => `${h.event}:${h.actor.role}`).join(', ')}] outbox=[${outbox(doc).map((m) => m.template).join(', ')}]`;
}

/** Waits until the stored ticket is closed and returns it. */
function closedTicket(protocol: string, timeoutMs: number): Promise<Stored> {
  return waitUntil(
    async () => {
      const doc = await storedTicket(server, protocol);
      return doc.status === 'closed' ? doc : undefined;
    },
    { timeoutMs, intervalMs: 50, message: `ticket ${protocol} did not close by itself`, describe: () => describeTicket(protocol) },
  );
}

/** Sleeps until the wall clock reaches `at` (epoch ms). */
const sleepUntil = (at: number) => sleep(Math.max(0, at - Date.now()));

/** An `in_progress` ticket moved by `event` into its waiting state; returns its protocol and deadline. */
async function waitingTicket(event: 'request_info' | 'resolve') {
  const protocol = await ticketIn('in_progress', pro, desk);
  const before = Date.now();
  const moved = event === 'request_info'
    ? await desk.api.desk.requestInfo.mutate({ protocol, message: 'Envie o comprovante de pagamento, por favor.' })
    : await desk.api.desk.resolve.mutate({ protocol, message: 'Baixamos o boleto; a anuidade consta como paga.' });
  const after = Date.now();
  expect(moved.status).toBe(event === 'request_info' ? 'pending_professional' : 'awaiting_approval');
  const deadline = Date.parse(moved.deadlineAt!);
  // The deadline is an absolute instant DEADLINE_* after the transition (same machine, same clock).
  expect(deadline).toBeGreaterThanOrEqual(before + DEADLINE_MS - 5);
  expect(deadline).toBeLessThanOrEqual(after + DEADLINE_MS + 5);
  return { protocol, deadline };
}

describe('a deadline that passes closes the ticket by itself', () => {
  it('pending_professional → closed with outcome no_response, a system expire entry and the e-mail; the professional is told to open a new ticket', async () => {
    const { protocol, deadline } = await waitingTicket('request_info');
    const seen = ticketOutput.parse(await pro.api.tickets.get.query({ protocol }));
    expect(seen).toMatchObject({ status: 'pending_professional', deadlineAt: new Date(deadline).toISOString(), actions: ['provide_info'] });

    const doc = await closedTicket(protocol, DEADLINE_MS + CLOSE_WITHIN_MS + 1_000);
    expect(doc).toMatchObject({ status: 'closed', outcome: 'no_response', deadlineAt: null });
    expect(doc.closedAt.getTime()).toBeGreaterThanOrEqual(deadline);
    const expired = history(doc).filter((h) => h.event === 'expire');
    expect(expired).toHaveLength(1);
    expect(expired[0]).toMatchObject({ from: 'pending_professional', to: 'closed', actor: { role: 'system' } });
    expect(closings(doc)).toHaveLength(1);
    const notice = mails(doc, 'closed_no_response');
    expect(notice, `outbox: ${outbox(doc).map((m) => m.template).join(', ')}`).toHaveLength(1);
    expect(notice[0]).toMatchObject({ to: { address: pro.email } });
    expect(notice[0]!.createdAt.getTime()).toBe(doc.closedAt.getTime());

    // The professional sees the closure and its author in the thread's history.
    const closed = ticketOutput.parse(await pro.api.tickets.get.query({ protocol }));
    expect(closed).toMatchObject({ status: 'closed', outcome: 'no_response', deadlineAt: null, actions: [] });
    expect(closed.history.at(-1)).toMatchObject({ event: 'expire', from: 'pending_professional', to: 'closed', actor: { role: 'system' } });

    // A closed ticket never reopens: answering now is refused, pointing to a new ticket, and changes nothing.
    const refused = await expectReason(pro.api.tickets.provideInfo.mutate({ protocol, message: 'Segue o comprovante, desculpem a demora.' }), 'invalid_transition');
    expect(refused.message).toMatch(/fechado/i);
    expect(refused.message).toMatch(/novo chamado/i);
    const after = await storedTicket(server, protocol);
    expect({ version: after.version, history: after.history.length, messages: after.messages.length, outbox: after.outbox.length })
      .toEqual({ version: doc.version, history: doc.history.length, messages: doc.messages.length, outbox: doc.outbox.length });
  });

  it('awaiting_approval → closed as approval_timeout (auto-homologado) with its e-mail; approving afterwards is refused', async () => {
    const { protocol, deadline } = await waitingTicket('resolve');
    const doc = await closedTicket(protocol, DEADLINE_MS + CLOSE_WITHIN_MS + 1_000);
    expect(doc).toMatchObject({ status: 'closed', outcome: 'approval_timeout', deadlineAt: null, rating: null });
    expect(doc.closedAt.getTime()).toBeGreaterThanOrEqual(deadline);
    expect(history(doc).filter((h) => h.event === 'expire')).toEqual([
      expect.objectContaining({ from: 'awaiting_approval', to: 'closed', actor: expect.objectContaining({ role: 'system' }) }),
    ]);
    expect(closings(doc)).toHaveLength(1);
    expect(mails(doc, 'closed_approval_timeout')).toEqual([
      expect.objectContaining({ to: expect.objectContaining({ address: pro.email }), createdAt: doc.closedAt }),
    ]);
    expect(mails(doc, 'closed_no_response')).toHaveLength(0);

    const refused = await expectReason(pro.api.tickets.approve.mutate({ protocol, rating: 5 }), 'invalid_transition');
    expect(refused.message).toMatch(/novo chamado/i);
    expect((await storedTicket(server, protocol)).version).toBe(doc.version);
  });

  it('closes within one job period (plus a margin) of the deadline, never before it', async () => {
    // Deadlines spread over a job period, so the jobs' phase cannot make this pass by luck.
    const tickets = await Promise.all([0, 1, 2, 3].map(async (i) => {
      await sleep(i * 250);
      return waitingTicket(i % 2 === 0 ? 'request_info' : 'resolve');
    }));
    for (const { protocol, deadline } of tickets) {
      const doc = await closedTicket(protocol, Math.max(0, deadline - Date.now()) + CLOSE_WITHIN_MS + 2_000);
      const late = doc.closedAt.getTime() - deadline;
      expect(late, `${protocol} closed ${late} ms after its deadline`).toBeGreaterThanOrEqual(0);
      expect(late, `${protocol} closed ${late} ms after its deadline`).toBeLessThanOrEqual(CLOSE_WITHIN_MS);
      // The closing instant recorded in the history is the same one.
      expect(closings(doc)[0]!.at.getTime()).toBe(doc.closedAt.getTime());
    }
  });
});

describe('acting just before the deadline', () => {
  it('an answer one moment before the deadline keeps the ticket open (in_progress, deadline cleared), and it never closes later', async () => {
    const info = await waitingTicket('request_info');
    const approval = await waitingTicket('resolve');
    // Sent 0.8 s ahead: the answer must land before the deadline, and one took 257 ms on FerretDB v2
    // with two other suites running (it was sent 250 ms ahead then).
    await sleepUntil(info.deadline - ANSWER_AHEAD_MS);
    const answered = await pro.api.tickets.provideInfo.mutate({ protocol: info.protocol, message: 'Segue o comprovante: pagamento em 10/03.' });
    expect(Date.now(), 'the answer was not sent before the deadline; the machine is too slow for this test').toBeLessThan(info.deadline);
    expect(answered).toMatchObject({ status: 'in_progress', deadlineAt: null, answered: true });
    await sleepUntil(approval.deadline - ANSWER_AHEAD_MS);
    const rejected = await pro.api.tickets.reject.mutate({ protocol: approval.protocol, message: 'O boleto ainda aparece em aberto.' });
    expect(Date.now()).toBeLessThan(approval.deadline);
    expect(rejected).toMatchObject({ status: 'in_progress', deadlineAt: null, answered: true });

    // Through several job runs past the old deadlines.
    await sleepUntil(Math.max(info.deadline, approval.deadline) + 3 * JOBS_EVERY_MS);
    for (const protocol of [info.protocol, approval.protocol]) {
      const doc = await storedTicket(server, protocol);
      expect(doc, await describeTicket(protocol)).toMatchObject({ status: 'in_progress', outcome: null, deadlineAt: null, closedAt: null });
      expect(history(doc).filter((h) => h.event === 'expire')).toHaveLength(0);
      expect(outbox(doc).filter((m) => m.template.startsWith('closed_'))).toHaveLength(0);
    }
  });

  it('approve racing the expiry at the deadline: every round ends in exactly one outcome, one closing entry and a consistent outbox', async () => {
    // Each round fires the approval at its own offset around the deadline while the expiry pass
    // (the job's own service, called here as well as by the scheduler) runs at the same instant.
    const offsets = [-800, -120, -60, -30, -15, -8, -4, -2, 0, 0, 2, 4, 8, 15, 30, 60, 120, 800];
    const rounds = await inRounds(offsets, 37, async (offset) => {
      const { protocol, deadline } = await waitingTicket('resolve');
      await sleepUntil(deadline + offset);
      const [approval, expiry] = await Promise.allSettled([
        pro.api.tickets.approve.mutate({ protocol, rating: 4, comment: 'Resolvido.' }),
        expireOverdue(server.deps),
      ]);
      return { protocol, deadline, offset, approval, expiry };
    });

    const outcomes: string[] = [];
    for (const round of rounds) {
      const doc = await closedTicket(round.protocol, Math.max(0, round.deadline - Date.now()) + CLOSE_WITHIN_MS + 2_000);
      const where = `${await describeTicket(round.protocol)} offset=${round.offset}ms approval=${round.approval.status}`;
      expect(round.expiry.status, where).toBe('fulfilled');
      expect(closings(doc), where).toHaveLength(1);
      expect(['approved', 'approval_timeout'], where).toContain(doc.outcome);
      outcomes.push(doc.outcome);
      if (round.approval.status === 'fulfilled') {
        expect(doc.outcome, where).toBe('approved');
        expect(round.approval.value).toMatchObject({ status: 'closed', outcome: 'approved' });
        expect(closings(doc)[0]).toMatchObject({ event: 'approve', actor: { role: 'professional' } });
        expect(doc).toMatchObject({ rating: 4, ratingComment: 'Resolvido.' });
        expect(doc.closedAt.getTime(), where).toBeLessThan(round.deadline);
        expect(mails(doc, 'closed_approval_timeout'), where).toHaveLength(0);
      } else {
        const error = round.approval.reason as { message: string; data?: { reason?: string } };
        expect(['invalid_transition', 'conflict'], where).toContain(error.data?.reason);
        expect(error.message, where).toMatch(/prazo|fechado|outra pessoa|atualiz|conflit/i);
        expect(doc.outcome, where).toBe('approval_timeout');
        expect(closings(doc)[0]).toMatchObject({ event: 'expire', actor: { role: 'system' } });
        expect(doc).toMatchObject({ rating: null, ratingComment: null });
        expect(mails(doc, 'closed_approval_timeout'), where).toHaveLength(1);
      }
      expect(outbox(doc).filter((m) => m.template.startsWith('closed_')).length, where).toBe(doc.outcome === 'approved' ? 0 : 1);
    }
    // Clearly before the deadline the professional wins; clearly after, the deadline does (the
    // margins are wide because other test processes may share the machine).
    const summary = rounds.map((r, i) => `${r.offset}ms: ${outcomes[i]} (${r.approval.status === 'fulfilled' ? 'approved' : (r.approval.reason as Error).message})`).join('\n');
    expect(outcomes[0], summary).toBe('approved');
    expect(outcomes.at(-1), summary).toBe('approval_timeout');

    // Nothing changes on later passes.
    const versions = await Promise.all(rounds.map(async (r) => (await storedTicket(server, r.protocol)).version));
    await sleep(2 * JOBS_EVERY_MS);
    await expireOverdue(server.deps);
    expect(await Promise.all(rounds.map(async (r) => (await storedTicket(server, r.protocol)).version))).toEqual(versions);
  });

  it('an answer racing the expiry at the deadline: either answered and open for good, or closed as no_response, never both', async () => {
    const offsets = [-800, -20, -5, -2, 0, 0, 2, 5, 20, 800];
    const rounds = await inRounds(offsets, 53, async (offset) => {
      const { protocol, deadline } = await waitingTicket('request_info');
      await sleepUntil(deadline + offset);
      const [answer, expiry] = await Promise.allSettled([
        pro.api.tickets.provideInfo.mutate({ protocol, message: 'Segue o comprovante, enviado agora.' }),
        expireOverdue(server.deps),
      ]);
      return { protocol, deadline, offset, answer, expiry };
    });
    // Past every deadline and through two more job runs.
    await sleepUntil(Math.max(...rounds.map((r) => r.deadline)) + 2 * JOBS_EVERY_MS + 500);

    const results: string[] = [];
    for (const round of rounds) {
      const doc = await storedTicket(server, round.protocol);
      const where = `${await describeTicket(round.protocol)} offset=${round.offset}ms answer=${round.answer.status}`;
      expect(round.expiry.status, where).toBe('fulfilled');
      const answered = history(doc).filter((h) => h.event === 'provide_info');
      if (round.answer.status === 'fulfilled') {
        expect(doc, where).toMatchObject({ status: 'in_progress', deadlineAt: null, outcome: null, answered: true });
        expect(answered, where).toHaveLength(1);
        expect(answered[0]!.at.getTime(), where).toBeLessThan(round.deadline);
        expect(closings(doc), where).toHaveLength(0);
        expect(mails(doc, 'closed_no_response'), where).toHaveLength(0);
        expect(doc.messages.at(-1).body).toBe('Segue o comprovante, enviado agora.');
      } else {
        const error = round.answer.reason as { message: string; data?: { reason?: string } };
        expect(['invalid_transition', 'conflict'], where).toContain(error.data?.reason);
        expect(doc, where).toMatchObject({ status: 'closed', outcome: 'no_response' });
        expect(answered, where).toHaveLength(0);
        expect(closings(doc), where).toHaveLength(1);
        expect(mails(doc, 'closed_no_response'), where).toHaveLength(1);
        // The refused answer is not stored as a message either.
        expect(doc.messages.map((m: { body: string }) => m.body)).not.toContain('Segue o comprovante, enviado agora.');
      }
      results.push(doc.status);
    }
    expect(results[0]).toBe('in_progress');
    expect(results.at(-1)).toBe('closed');
  });
});

/**
 * Runs a round per offset, answered in offset order: the first and last (clearly before and clearly
 * after the deadline) on their own first, so the burst of close ones cannot delay them past their
 * side of it (on FerretDB v2 beside two other suites an approval sent 0.8 s ahead, behind 17 other
 * rounds' requests, landed after the deadline); then the close ones side by side, `spacingMs` apart.
 */
async function inRounds<T>(offsets: readonly number[], spacingMs: number, round: (offset: number) => Promise<T>): Promise<T[]> {
  const [first, last] = await Promise.all([round(offsets[0]!), round(offsets.at(-1)!)]);
  const close = await Promise.all(offsets.slice(1, -1).map(async (offset, i) => {
    await sleep(i * spacingMs);
    return round(offset);
  }));
  return [first!, ...close, last!];
}

/** A reminder is queued by a pass that sees the deadline less than REMINDER_BEFORE away, and before it. */
function expectReminderFor(reminder: OutboxEntry, deadline: number) {
  const queued = reminder.createdAt.getTime();
  expect(queued, `reminder queued at ${reminder.createdAt.toISOString()} for ${new Date(deadline).toISOString()}`).toBeGreaterThanOrEqual(deadline - REMINDER_BEFORE_MS);
  expect(queued, `reminder queued at ${reminder.createdAt.toISOString()} for ${new Date(deadline).toISOString()}`).toBeLessThan(deadline);
}

describe('the reminder before a deadline', () => {
  it('goes out exactly once per deadline, however many job runs see it', async () => {
    // Starts spread over a job period, so each deadline meets the jobs at a different phase.
    const tickets = await Promise.all([0, 1, 2, 3, 4, 5].map(async (i) => {
      await sleep(i * 170);
      return waitingTicket(i % 2 === 0 ? 'request_info' : 'resolve');
    }));
    for (const { protocol, deadline } of tickets) {
      await closedTicket(protocol, Math.max(0, deadline - Date.now()) + CLOSE_WITHIN_MS + 2_000);
    }
    await sleep(2 * JOBS_EVERY_MS);
    for (const { protocol, deadline } of tickets) {
      const doc = await storedTicket(server, protocol);
      const reminders = mails(doc, 'reminder');
      expect(reminders, await describeTicket(protocol)).toHaveLength(1);
      expect(reminders[0]).toMatchObject({ to: { address: pro.email } });
      expectReminderFor(reminders[0]!, deadline);
      expect(outbox(doc).indexOf(reminders[0]!)).toBeLessThan(outbox(doc).findIndex((m) => m.template.startsWith('closed_')));
    }
  });

  it('a new deadline (information requested again after an answer) gets its own reminder', async () => {
    const first = await waitingTicket('request_info');
    const firstReminder = await waitUntil(
      async () => (mails(await storedTicket(server, first.protocol), 'reminder').length > 0 ? true : undefined),
      { timeoutMs: DEADLINE_MS + 500, intervalMs: 25, message: 'no reminder for the first deadline', describe: () => describeTicket(first.protocol) },
    );
    expect(firstReminder).toBe(true);
    expect(Date.now(), 'the reminder came too late to answer before the deadline').toBeLessThan(first.deadline - 50);
    await pro.api.tickets.provideInfo.mutate({ protocol: first.protocol, message: 'Segue o comprovante solicitado.' });

    const again = await desk.api.desk.requestInfo.mutate({ protocol: first.protocol, message: 'Falta a página 2 do comprovante.' });
    const second = Date.parse(again.deadlineAt!);
    expect(second).toBeGreaterThan(first.deadline);
    const doc = await closedTicket(first.protocol, DEADLINE_MS + CLOSE_WITHIN_MS + 1_000);
    await sleep(2 * JOBS_EVERY_MS);
    const final = await storedTicket(server, first.protocol);
    expect(final.outcome).toBe('no_response');
    const reminders = mails(final, 'reminder');
    expect(reminders, await describeTicket(first.protocol)).toHaveLength(2);
    expectReminderFor(reminders[0]!, first.deadline);
    expectReminderFor(reminders[1]!, second);
    expect(mails(final, 'closed_no_response')).toHaveLength(1);
    expect(final.version).toBe(doc.version);
  });
});

describe('more waiting tickets than one job pass handles', () => {
  it('every ticket in the reminder window gets its one reminder, however many are already reminded', async () => {
    // 203 tickets wait with a one-hour deadline; the reminder pass runs here with a one-day lead
    // (what production uses), so all of them are in the window at once, more than a batch (200).
    const admin = await adminSession(server);
    const original = await admin.api.admin.settings.get.query();
    await admin.api.admin.settings.update.mutate({ ...original, pending: 'PT1H' });
    const dayAhead = { ...server.deps, config: { ...server.deps.config, reminderBefore: 'P1D' } };
    try {
      const protocols: string[] = [];
      const queue = Array.from({ length: 203 }, (_, i) => i);
      await Promise.all(Array.from({ length: 12 }, async () => {
        for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
          const { protocol } = await pro.api.tickets.create.mutate({ ...TICKET, subject: `Dúvida ${i}` });
          await desk.api.desk.requestInfo.mutate({ protocol, message: 'Envie o comprovante, por favor.' });
          protocols.push(protocol);
        }
      }));

      let queued = 0;
      for (let pass = 0; pass < 4; pass++) queued += await queueReminders(dayAhead);
      const docs = await server.db.collection('tickets').find({ protocol: { $in: protocols } }, { projection: { protocol: 1, outbox: 1 } }).toArray();
      const without = docs.filter((d) => !(d.outbox as OutboxEntry[]).some((m) => m.template === 'reminder')).map((d) => d.protocol);
      expect(without, `${without.length} of ${protocols.length} tickets never got their reminder`).toEqual([]);
      expect(queued).toBe(protocols.length);
      for (const doc of docs) expect((doc.outbox as OutboxEntry[]).filter((m) => m.template === 'reminder'), doc.protocol).toHaveLength(1);
    } finally {
      await admin.api.admin.settings.update.mutate(original);
    }
  }, 90_000);
});
