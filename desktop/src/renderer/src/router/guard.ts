// The one rule for every route: `meta.roles` names who may see it; `meta.guest` pages (login) are
// for signed-out people only. Pure, so it is tested without a router.
import type { Role } from '@cau/shared';

export interface GuardMeta {
  roles?: readonly Role[];
  guest?: boolean;
  /** Open to staff who must still enrol in two-step verification (the account page). */
  enrolment?: boolean;
}

export type GuardDecision = 'allow' | 'login' | 'home' | 'forbidden' | 'enrol';

/**
 * `mfaEnrolmentRequired`: the server refuses this staff member everything but enrolment (admin
 * setting), so every other signed-in page sends them to the account page.
 */
export function decide(meta: GuardMeta, user: { role: Role } | null, mfaEnrolmentRequired = false): GuardDecision {
  if (meta.guest) return user ? 'home' : 'allow';
  if (!meta.roles) return 'allow';
  if (!user) return 'login';
  if (!meta.roles.includes(user.role)) return 'forbidden';
  return mfaEnrolmentRequired && !meta.enrolment ? 'enrol' : 'allow';
}
