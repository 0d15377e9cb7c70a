// Finding professionals for the admin area (e.g. to answer an LGPD request). CPFs stay masked.
import { maskCpf } from '@cau/shared';
import { Types } from 'mongoose';
import type { Deps } from '../deps';
import { DomainError } from '../errors';
import { retryFailedMailTo } from '../mail/delivery.service';
import { personalData } from './account.service';
import { duplicateReason } from './auth.service';
import { createUserRepository } from './user.repository';

/** What a professional would export themselves, fetched by an admin for a data-access request (LGPD art. 18, II). */
export async function exportProfessionalData(deps: Deps, id: string) {
  const userId = new Types.ObjectId(id);
  if (!(await deps.users.professionalExists(userId))) throw new DomainError('not_found', 'Profissional não encontrado.');
  return personalData(deps, userId);
}

/**
 * An admin corrects a professional's e-mail (the failed-mail page: the old one bounced). Unique like
 * at signup; their tickets carry the new one from now on, and the mail that failed to the old one is
 * sent again to the new one. Returns before → after for the audit trail.
 */
export async function correctProfessionalEmail(deps: Deps, id: string, email: string) {
  const userId = new Types.ObjectId(id);
  const user = await deps.users.professionalContact(userId);
  if (!user) throw new DomainError('not_found', 'Profissional não encontrado.');
  if (user.email === email) {
    throw new DomainError('invalid_input', 'O novo e-mail é igual ao atual.', { email: 'O novo e-mail é igual ao atual.' });
  }
  if (await deps.users.emailTakenByOther(email, userId)) {
    throw new DomainError('email_taken', 'Já existe um cadastro com este e-mail.', { email: 'Já existe um cadastro com este e-mail.' });
  }
  try {
    await deps.users.setProfessionalEmail(userId, user, email);
  } catch (error) {
    throw duplicateReason(error) ?? error;
  }
  await deps.tickets.forOwner(userId).setEmail(email);
  const retried = await retryFailedMailTo(deps, userId, user.email, email);
  deps.log.info({ event: 'professional_email_corrected', userId: id, retried }, 'professional e-mail corrected');
  return { before: user.email, after: email, retried };
}

/** Professionals stored before searchTokens existed get theirs (run at start; exported for tests). */
export function backfillProfessionalTokens(): Promise<number> {
  return createUserRepository().backfillProfessionalTokens();
}

/** At most this many professionals per search: a longer list is refined, not scrolled. */
export const PROFESSIONAL_SEARCH_LIMIT = 20;

/**
 * Professionals matching the query, CPF masked, each with how many of their tickets are not closed
 * yet (what anonymising them would close).
 */
export async function searchProfessionals(deps: Pick<Deps, 'users' | 'tickets'>, query: string) {
  const users = await deps.users.searchProfessionals(query.trim(), PROFESSIONAL_SEARCH_LIMIT);
  const open = await deps.tickets.countNotClosedByOwner(users.map((u) => u._id));
  return users.map((u) => ({
    id: String(u._id),
    name: u.name,
    email: u.email,
    login: u.login,
    cpf: u.cpf ? maskCpf(u.cpf) : null,
    disabled: u.disabled,
    createdAt: u.createdAt?.toISOString() ?? null,
    openTickets: open.get(String(u._id)) ?? 0,
  }));
}
