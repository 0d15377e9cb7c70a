// Deadlines at work: closing tickets whose wait is over (SPEC §3 rows 8–9) and queueing the
// reminder the day before. Both go through the same state machine and conditional updates as
// the API, so a run repeated by another instance or after a crash changes nothing twice.
import { formatDateTime, parseDuration, durationMs } from '@cau/shared';
import type { Deps } from '../deps';
import { outboxEntry } from '../mail/outbox';
import { actOnTickets, SYSTEM_ACTOR, ticketLink } from './tickets.service';

const WAITING = ['pending_professional', 'awaiting_approval'] as const;
export const BATCH = 200;

/**
 * Closes every overdue waiting ticket, a bounded batch at a time; returns how many it closed. Each
 * batch is one read and one bulk of conditional writes (actOnTickets): 10 000 deadlines at one
 * instant are 50 round trips of 200, not 10 000 of one.
 */
export async function expireOverdue(deps: Deps, keepAlive: () => Promise<void> = async () => undefined): Promise<number> {
  let closed = 0;
  for (;;) {
    // Read with what closing needs (state, owner, version), so each close is one conditional write.
    const due = await deps.tickets.overdue(WAITING, deps.now(), BATCH);
    // Someone else acted first on some (the professional, or another instance): those are skipped.
    const closedNow = await actOnTickets(deps, SYSTEM_ACTOR, due, 'expire');
    closed += closedNow;
    await keepAlive();
    if (due.length < BATCH || closedNow === 0) return closed;
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
