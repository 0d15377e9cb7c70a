// What an attendant does with one ticket from the desk: opening it (the access on the record, the
// ticket's alerts read, who else has it open, the professional's undeliverable mail and related
// tickets), acting on it (closing a duplicate links both) and telling colleagues they are on it.
import type { CloseReason } from '@cau/shared';
import { auditActor, auditOnce } from '../audit/audit.service';
import type { Deps } from '../deps';
import { undeliverableMailFor } from '../mail/delivery.service';
import type { AuthedUser } from '../users/auth.service';
import { clearAlerts } from './desk-alerts';
import { checkDuplicateOf, withRelated } from './related.service';
import { actOnTicket, actorOf, getTicket, type ActionInput } from './tickets.service';
import { deskView } from './ticket.views';

/** A reload of the ticket already open within this window is the same access (one audit entry). */
const VIEW_AUDIT_WINDOW_MS = 5 * 60_000;

/** Opens `protocol` for the attendant `by.user` (desk.get). */
export async function openDeskTicket(deps: Deps, by: { user: AuthedUser; ip: string }, protocol: string) {
  const ticket = await getTicket(deps, actorOf(by.user), protocol);
  // Everything else goes out together (one wait, not three in a row). Opening a ticket shows the
  // professional's personal data: every access is on the record, and nothing is answered unless the
  // record was written. Opened: this ticket's alerts are read.
  const [, viewers, , mailUndeliverable, shown] = await Promise.all([
    auditOnce(deps.now(), VIEW_AUDIT_WINDOW_MS, {
      at: deps.now(),
      actor: auditActor(by.user),
      action: 'ticket_viewed',
      subject: { userId: ticket.professional.id, protocol: ticket.protocol },
      ip: by.ip,
    }),
    deps.presence.viewers(ticket.protocol, by.user._id, deps.now()),
    clearAlerts(by.user._id, ticket.protocol),
    undeliverableMailFor(deps, ticket.professional.id),
    withRelated(deps, deskView(ticket, by.user.role, deps.now()), ticket),
  ]);
  // Optional in the type, as `related`: action answers do not carry it.
  return { ...shown, viewers, ...(mailUndeliverable ? { mailUndeliverable } : {}) };
}

/** Applies `event` and answers with the desk's view of the ticket and its viewers (desk.take, desk.comment...). */
export async function actOnDeskTicket(deps: Deps, user: AuthedUser, event: ActionInput['event'], input: { protocol: string } & Omit<ActionInput, 'event'>) {
  const ticket = await actOnTicket(deps, actorOf(user), input.protocol, { ...input, event });
  const viewers = await deps.presence.viewers(ticket.protocol, user._id, deps.now());
  return { ...deskView(ticket, user.role, deps.now()), viewers };
}

/** desk.close: closes the ticket; a duplicate (of the same professional's ticket) is linked to its original. */
export async function closeDeskTicket(deps: Deps, user: AuthedUser, input: { protocol: string; reason: CloseReason; message: string; duplicateOf?: string }) {
  const original = await checkDuplicateOf(deps, input.protocol, input);
  const closed = await actOnDeskTicket(deps, user, 'close', { protocol: input.protocol, message: input.message, closeReason: input.reason });
  if (original) await deps.tickets.linkDuplicate(input.protocol, original);
  return original ? { ...closed, duplicateOf: original } : closed;
}

/** desk.presence: the attendant is viewing or typing on a ticket they may see, or has left it. */
export async function setDeskPresence(deps: Deps, user: AuthedUser, protocol: string, state: 'viewing' | 'typing' | 'left'): Promise<Record<string, never>> {
  await getTicket(deps, actorOf(user), protocol);
  await deps.presence.set(user, protocol, state, deps.now());
  return {};
}
