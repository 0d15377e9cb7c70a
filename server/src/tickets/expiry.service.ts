// Deadlines at work: closing tickets whose wait is over (SPEC §3 rows 8–9) and queueing the
// reminder the day before. Both go through the same state machine and conditional updates as
// the API, so a run repeated by another instance or after a crash changes nothing twice.
import { formatDateTime, parseDuration, durationMs } from '@cau/shared';
import type { Deps } from '../deps';
import { DomainError } from '../errors';
import { outboxEntry } from '../mail/outbox';
import { actOnTicket, SYSTEM_ACTOR, ticketLink } from './tickets.service';

const WAITING = ['pending_professional', 'awaiting_approval'] as const;
export const BATCH = 200;
const EXPIRE_CONCURRENCY = 16;

/** Closes every overdue waiting ticket, a bounded batch at a time; returns how many it closed. */
export async function expireOverdue(deps: Deps, keepAlive: () => Promise<void> = async () => undefined): Promise<number> {
  let closed = 0;
  for (;;) {
    // Read with what closing needs (state, owner, version), so each close is one conditional write.
    const due = await deps.tickets.overdue(WAITING, deps.now(), BATCH);
    let progressed = 0;
    // Several at a time: each close is one conditional write, mostly waiting on the database.
    for (let i = 0; i < due.length; i += EXPIRE_CONCURRENCY) {
      const outcomes = await Promise.all(due.slice(i, i + EXPIRE_CONCURRENCY).map(async (ticket) => {
        const { protocol } = ticket;
        try {
          await actOnTicket(deps, SYSTEM_ACTOR, protocol, { event: 'expire' }, ticket);
          return true;
        } catch (error) {
          // Someone else acted first (the professional, or another instance): nothing to do.
          if (error instanceof DomainError && ['conflict', 'invalid_transition'].includes(error.reason)) return false;
          // Anything else is this ticket's problem: log it and let the others close on time.
          deps.log.error({ err: error as Error, protocol }, 'could not expire a ticket');
          return false;
        }
      }));
      const closedNow = outcomes.filter(Boolean).length;
      closed += closedNow;
      progressed += closedNow;
    }
    await keepAlive();
    if (due.length < BATCH || progressed === 0) return closed;
  }
}

/** Queues one reminder per deadline for waiting tickets whose deadline is less than `lead` away. */
export async function queueReminders(deps: Deps): Promise<number> {
  const now = deps.now();
  const lead = durationMs(parseDuration(deps.config.reminderBefore)!);
  // Only tickets not yet reminded (every change of deadline resets `reminderFor`): otherwise a
  // window holding more than a batch would return the same reminded ones on every pass.
  const due = await deps.tickets.dueForReminder(WAITING, now, new Date(now.getTime() + lead), BATCH);
  let queued = 0;
  for (const ticket of due) {
    if (ticket.reminderFor && ticket.reminderFor.getTime() === ticket.deadlineAt!.getTime()) continue;
    const entry = outboxEntry(
      'reminder',
      { name: ticket.professional.name, address: ticket.professional.email },
      {
        protocol: ticket.protocol,
        subject: ticket.subject,
        link: ticketLink(deps, ticket.protocol),
        deadlineAt: ticket.deadlineAt!.toISOString(),
        deadlineText: formatDateTime(ticket.deadlineAt!),
        status: ticket.status,
      },
      now,
    );
    // Conditional on the same deadline and on no reminder for it yet: exactly one per deadline.
    if (await deps.tickets.queueReminder({ _id: ticket._id, status: ticket.status, deadlineAt: ticket.deadlineAt! }, entry)) queued += 1;
  }
  return queued;
}
