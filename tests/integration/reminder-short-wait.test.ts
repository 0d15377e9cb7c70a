// A deadline shorter than REMINDER_BEFORE (SPEC §3, the reminder; issue 13): the reminder's moment
// has passed when the deadline is set, so it is skipped rather than sent together with the request;
// a longer wait on the same server keeps its reminder. A server of its own: the lead is a start-up
// setting, and deadlines.test.ts runs with a lead shorter than its waits.
import { queueReminders } from '@cau/server';
import { afterAll, describe, expect, it } from 'vitest';
import { adminSession, attendant, signUp, storedTicket, TICKET } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/harness';
import { sleep } from '../support/process';

const JOBS_EVERY_MS = 1_000;
type OutboxEntry = { template: string };
const mails = (doc: Record<string, unknown>, template: string) => (doc.outbox as OutboxEntry[]).filter((m) => m.template === template);

let server: TestServer | undefined;
afterAll(async () => {
  await server?.close();
});

describe('a wait shorter than REMINDER_BEFORE', () => {
  it('gets no reminder: its moment had passed when the deadline was set, so none goes out with the request', async () => {
    // A one-day lead and a one-hour wait: the reminder's moment (23 h before the request) is gone.
    const short = await startTestServer({ DEADLINE_PENDING: 'PT1H', DEADLINE_APPROVAL: 'PT1H', REMINDER_BEFORE: 'P1D', JOBS_EVERY: '1 second' });
    server = short;
    try {
      const professional = await signUp(short);
      const staff = await attendant(short);
      const { protocol } = await professional.api.tickets.create.mutate({ ...TICKET });
      await staff.api.desk.requestInfo.mutate({ protocol, message: 'Envie o comprovante, por favor.' });
      const asked = await storedTicket(short, protocol);
      expect(asked.deadlineAt).toBeInstanceOf(Date);
      expect(asked.reminderFor?.getTime()).toBe(asked.deadlineAt!.getTime());
      // Over several job passes (and a direct one), nothing is queued for it.
      await sleep(3 * JOBS_EVERY_MS + 500);
      expect(await queueReminders(short.deps)).toBe(0);
      const doc = await storedTicket(short, protocol);
      expect(mails(doc, 'reminder')).toEqual([]);

      // A wait longer than the lead keeps its reminder, sent when its moment comes.
      const admin = await adminSession(short);
      await admin.api.admin.settings.update.mutate({ ...(await admin.api.admin.settings.get.query()), pending: 'P3D' });
      const second = (await professional.api.tickets.create.mutate({ ...TICKET, subject: 'Outra dúvida' })).protocol;
      await staff.api.desk.requestInfo.mutate({ protocol: second, message: 'Envie o comprovante, por favor.' });
      const longer = await storedTicket(short, second);
      expect(longer.reminderFor).toBeNull();
      const atItsMoment = { ...short.deps, now: () => new Date(longer.deadlineAt!.getTime() - 24 * 3_600_000 + 60_000) };
      expect(await queueReminders(atItsMoment)).toBe(1);
      expect(mails(await storedTicket(short, second), 'reminder')).toHaveLength(1);
    } finally {
      await short.close();
      server = undefined;
    }
  }, 60_000);
});
