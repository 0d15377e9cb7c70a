// Anonymising a professional closes their tickets that are still open (issue 12; docs/lifecycle.md
// row 15), over real HTTP, a real database and a real SMTP server: each one closes through the
// lifecycle as the system, outcome `cancelled`, reason `account_anonymized` in the ticket and its
// history, its deadline and reminder gone, a live event as for any close, and no mail at all.
import { expireOverdue, queueReminders } from '@cau/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSession, attendant, liveSettled, newPerson, signUp, storedTicket, ticketIn, TICKET } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/harness';
import { sleep, waitUntil } from '../support/process';
import { startSmtp, type TestSmtp } from '../support/smtp';

let smtp: TestSmtp;
let server: TestServer;
beforeAll(async () => {
  smtp = await startSmtp();
  server = await startTestServer({ SMTP_URL: smtp.url, JOBS_EVERY: '1 second', MAIL_RETRY_BASE: 'PT1S' });
});
afterAll(async () => {
  await server?.close();
  await smtp?.stop();
});

/** Waits until the mail relay has sent (or given up on) every queued message. */
async function mailSettled(): Promise<void> {
  const unsent = { outbox: { $elemMatch: { status: { $in: ['pending', 'sending'] } } } };
  await waitUntil(async () =>
    (await server.db.collection('tickets').countDocuments(unsent)) + (await server.db.collection('users').countDocuments(unsent)) === 0, {
    timeoutMs: 20_000, intervalMs: 150, message: 'mail still pending after 20 s',
  });
}

describe('anonymising a professional with open tickets', () => {
  it('closes each open ticket as the system (cancelled, reason recorded), cancels deadlines and reminders, sends no mail, emits live events', async () => {
    const admin = await adminSession(server);
    const desk = await attendant(server, 'Bruno Atendente');
    const pro = await signUp(server, { ...newPerson(), name: 'Teodora Fechada Lins' });
    const bystander = await signUp(server);
    const protocols = {
      open: await ticketIn('open', pro, desk, { ...TICKET, subject: 'Aberto' }),
      in_progress: await ticketIn('in_progress', pro, desk, { ...TICKET, subject: 'Em andamento' }),
      pending_professional: await ticketIn('pending_professional', pro, desk, { ...TICKET, subject: 'Pendente' }),
      awaiting_approval: await ticketIn('awaiting_approval', pro, desk, { ...TICKET, subject: 'Homologando' }),
    };
    const alreadyClosed = await ticketIn('closed', pro, desk, { ...TICKET, subject: 'Já fechado' });
    const other = await ticketIn('pending_professional', bystander, desk);
    const waitingDeadline = (await storedTicket(server, protocols.pending_professional)).deadlineAt as Date;
    expect(waitingDeadline).toBeInstanceOf(Date);

    // The dialog's figure: how many of their tickets are not closed yet.
    const [found] = await admin.api.admin.professionals.search.query({ query: pro.login });
    expect(found).toMatchObject({ id: pro.user.id, openTickets: 4 });

    // Every mail of the story so far has gone out; from here on nothing may.
    await mailSettled();
    const sentBefore = smtp.received.length;
    expect(smtp.received.some((m) => m.envelope.rcptTo.includes(pro.email))).toBe(true);
    const lastEvent = (await server.db.collection('deskevents').find({}).sort({ _id: -1 }).limit(1).toArray())[0]?._id ?? 0;

    const result = await admin.api.admin.professionals.anonymize.mutate({ id: pro.user.id });
    expect(result).toEqual({ tickets: 5, closed: 4, files: 0 });

    for (const [from, protocol] of Object.entries(protocols)) {
      const stored = await storedTicket(server, protocol);
      expect(stored, from).toMatchObject({
        status: 'closed', outcome: 'cancelled', closeReason: 'account_anonymized', deadlineAt: null, reminderFor: null,
        answered: false, waitingSince: null, professional: { name: 'Titular anonimizado' },
      });
      expect(stored.closedAt).toBeInstanceOf(Date);
      expect(stored.outbox.filter((m: { status: string }) => m.status !== 'sent'), from).toEqual([]);
      const last = stored.history.at(-1);
      expect(last, from).toMatchObject({ event: 'close', from, to: 'closed', actor: { role: 'system', id: null, name: 'Sistema' }, reason: 'account_anonymized' });
      // The desk shows it closed, with the reason in the history.
      const seen = await desk.api.desk.get.query({ protocol });
      expect(seen).toMatchObject({ status: 'closed', outcome: 'cancelled', closeReason: 'account_anonymized', actions: [] });
      expect(seen.history.at(-1)).toMatchObject({ event: 'close', reason: 'account_anonymized' });
    }
    // A ticket closed before keeps its outcome; another professional's is untouched.
    expect(await storedTicket(server, alreadyClosed)).toMatchObject({ status: 'closed', outcome: 'approved', closeReason: null });
    expect(await storedTicket(server, other)).toMatchObject({ status: 'pending_professional', closeReason: null });

    // A live event per close, as for any close, naming the system and carrying no personal data.
    await liveSettled(server);
    const events = await server.db.collection('deskevents').find({ _id: { $gt: lastEvent } as never, event: 'close' }).toArray();
    expect(events.map((e) => e.protocol).sort()).toEqual(Object.values(protocols).sort());
    for (const e of events) {
      expect(e).toMatchObject({ status: 'closed', actor: { role: 'system', name: 'Sistema' } });
      expect(JSON.stringify(e)).not.toContain('Teodora');
    }

    // Deadlines and reminders are gone: a pass at the old reminder's moment and after the old deadline finds nothing of theirs.
    const later = { ...server.deps, now: () => new Date(waitingDeadline.getTime() + 60_000) };
    expect(await expireOverdue(later)).toBe(1); // the bystander's wait only
    expect(await storedTicket(server, other)).toMatchObject({ status: 'closed', outcome: 'no_response' });
    const beforeDeadline = { ...server.deps, now: () => new Date(waitingDeadline.getTime() - 60_000) };
    expect(await queueReminders(beforeDeadline)).toBe(0);

    // Several mail-job passes later (the bystander's closing notice waits for its own clock), nothing
    // went to them, old address or new, and nothing at all was sent for their tickets.
    await sleep(3_000);
    const after = smtp.received.slice(sentBefore);
    expect(after.filter((m) => m.envelope.rcptTo.some((a) => a === pro.email || a.endsWith('@anonimizado.invalid')))).toEqual([]);
    for (const protocol of [...Object.values(protocols), alreadyClosed]) {
      expect(after.filter((m) => (m.parsed.subject ?? '').includes(protocol)), protocol).toEqual([]);
    }
  }, 90_000);

  it('an anonymised professional with nothing open closes nothing', async () => {
    const admin = await adminSession(server);
    const desk = await attendant(server, 'Bruno Atendente');
    const pro = await signUp(server);
    await ticketIn('closed', pro, desk);
    const [found] = await admin.api.admin.professionals.search.query({ query: pro.login });
    expect(found!.openTickets).toBe(0);
    expect(await admin.api.admin.professionals.anonymize.mutate({ id: pro.user.id })).toEqual({ tickets: 1, closed: 0, files: 0 });
  });
});
