// Client-side checks that mirror the server's zod schemas (shared/src/schemas.ts), so most mistakes
// are caught before a round trip. The schemas themselves are not bundled: zod alone would take most of
// the size budget. rules.test.ts keeps these limits and checks in step with the schemas.
import {
  LOGIN_PATTERN, PASSWORD_PROBLEM_MESSAGES, isRrtNumber, localYear, normalizeLogin, parseCpf, passwordProblem,
} from '@cau/shared';
import { msg } from './messages';

export const LIMITS = {
  nameMin: 3,
  nameMax: 120,
  subjectMin: 3,
  subjectMax: 150,
  descriptionMin: 20,
  descriptionMax: 10_000,
  messageMax: 10_000,
  commentMax: 2000,
  annuityMin: 1950,
} as const;

export type Errors<F extends string> = Partial<Record<F, string>>;

const NAME_CHARS = /^[\p{L}][\p{L}\p{M}'’. -]*$/u;
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

export function nameError(value: string): string | undefined {
  const name = value.trim();
  if (!name) return msg.signup.nameRequired;
  if (name.length < LIMITS.nameMin) return msg.signup.nameShort;
  if (name.length > LIMITS.nameMax) return msg.signup.nameLong;
  if (!NAME_CHARS.test(name)) return msg.signup.nameChars;
  if (name.split(/\s+/).length < 2) return msg.signup.nameFull;
  return undefined;
}

/** While typing, a CPF is only judged once all 11 digits are in; on submit an incomplete one is an error too. */
export function cpfError(value: string, complete: boolean): string | undefined {
  const digits = value.replace(/\D/g, '');
  if (!digits) return complete ? msg.signup.cpfRequired : undefined;
  if (digits.length < 11) return complete ? msg.signup.cpfIncomplete : undefined;
  return parseCpf(value) ? undefined : msg.signup.cpfInvalid;
}

export function emailError(value: string): string | undefined {
  const email = value.trim();
  if (!email) return msg.signup.emailRequired;
  if (email.length > 254 || !EMAIL.test(email)) return msg.signup.emailInvalid;
  return undefined;
}

export function loginError(value: string): string | undefined {
  return LOGIN_PATTERN.test(normalizeLogin(value)) ? undefined : msg.signup.loginInvalid;
}

export function newPasswordError(password: string, context: { login?: string; cpf?: string }): string | undefined {
  if (!password) return msg.signup.passwordRequired;
  const problem = passwordProblem(password, { login: context.login, cpf: context.cpf?.replace(/\D/g, '') });
  return problem ? PASSWORD_PROBLEM_MESSAGES[problem] : undefined;
}

export interface TicketDraft {
  type: string;
  topic: string;
  rrtNumber: string;
  annuityYear: string;
  subject: string;
  description: string;
}

export function ticketErrors(draft: TicketDraft, now: Date): Errors<keyof TicketDraft> {
  const errors: Errors<keyof TicketDraft> = {};
  if (!['question', 'error', 'request'].includes(draft.type)) errors.type = msg.newTicket.typeRequired;
  if (draft.topic === 'rrt') {
    const rrt = draft.rrtNumber.trim();
    if (!rrt) errors.rrtNumber = msg.newTicket.rrtRequired;
    else if (rrt.length > 30 || !isRrtNumber(rrt)) errors.rrtNumber = msg.newTicket.rrtInvalid;
  }
  if (draft.topic === 'annuity') {
    const year = draft.annuityYear.trim();
    if (!year) errors.annuityYear = msg.newTicket.annuityRequired;
    else if (!/^\d{4}$/.test(year) || Number(year) < LIMITS.annuityMin) errors.annuityYear = msg.newTicket.annuityInvalid;
    else if (Number(year) > localYear(now)) errors.annuityYear = msg.newTicket.annuityFuture;
  }
  const subject = draft.subject.trim();
  if (subject.length < LIMITS.subjectMin) errors.subject = msg.newTicket.subjectShort;
  else if (subject.length > LIMITS.subjectMax) errors.subject = msg.newTicket.subjectLong;
  const description = draft.description.trim();
  if (description.length < LIMITS.descriptionMin) errors.description = msg.newTicket.descriptionShort;
  else if (description.length > LIMITS.descriptionMax) errors.description = msg.newTicket.descriptionLong;
  return errors;
}

/** A required message of the thread (answer, comment, request for more explanation). */
export function messageError(value: string, required: string = msg.ticket.messageRequired): string | undefined {
  const text = value.trim();
  if (!text) return required;
  if (text.length > LIMITS.messageMax) return msg.ticket.messageLong;
  return undefined;
}
