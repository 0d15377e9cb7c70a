// The desk's view of one ticket as an attendant opens it: the access on the record, the ticket's
// alerts read, who else has it open, the professional's undeliverable mail and related tickets.
import { auditActor, auditOnce } from '../audit/audit.service';
import type { Deps } from '../deps';
import { undeliverableMailFor } from '../mail/delivery.service';
import type { AuthedUser } from '../users/auth.service';
import { clearAlerts } from './desk-alerts';
import { withRelated } from './related.service';
import { actorOf, getTicket } from './tickets.service';
import { deskView } from './ticket.views';

/** A reload of the ticket already open within this window is the same access (one audit entry). */
const VIEW_AUDIT_WINDOW_MS = 5 * 60_000;

/** Opens `protocol` for the attendant `by.user` (desk.get). */
export async function openDeskTicket(deps: Deps, by: { user: AuthedUser; ip: string }, protocol: string) {
  const ticket = await getTicket(deps, actorOf(by.user), protocol);
  // Opening a ticket shows the professional's personal data: every access is on the record.
  await auditOnce(deps.now(), VIEW_AUDIT_WINDOW_MS, {
    at: deps.now(),
    actor: auditActor(by.user),
    action: 'ticket_viewed',
    subject: { userId: ticket.professional.id, protocol: ticket.protocol },
    ip: by.ip,
  });
  // Opened: this ticket's alerts are read.
  const [viewers, , mailUndeliverable] = await Promise.all([
    deps.presence.viewers(ticket.protocol, by.user._id, deps.now()),
    clearAlerts(by.user._id, ticket.protocol),
    undeliverableMailFor(deps, ticket.professional.id),
  ]);
  // Optional in the type, as `related`: action answers do not carry it.
  return { ...(await withRelated(deps, deskView(ticket, by.user.role, deps.now()), ticket)), viewers, ...(mailUndeliverable ? { mailUndeliverable } : {}) };
}
