// Finding professionals for the admin area (e.g. to answer an LGPD request). CPFs stay masked.
import { maskCpf } from '@cau/shared';
import { Types } from 'mongoose';
import { auditBy, settingsChanges, type ActedBy } from '../audit/audit.service';
import type { Deps } from '../deps';
import { DomainError } from '../errors';
import { retryFailedMailTo } from '../mail/delivery.service';
import { searchable } from '../text';
import { personalData } from './account.service';
import { duplicateReason } from './auth.service';

/** What a professional would export themselves, fetched by an admin for a data-access request (LGPD art. 18, II). */
export async function exportProfessionalData(deps: Deps, id: string) {
  const userId = new Types.ObjectId(id);
  if (!(await deps.users.professionalExists(userId))) throw new DomainError('not_found', 'Profissional não encontrado.');
  return personalData(deps, userId);
}

/**
 * An admin corrects a professional's e-mail (the failed-mail page: the old one bounced). Unique like
 * at signup; their tickets carry the new one from now on, and the mail that failed to the old one is
 * sent again to the new one. Audited before → after; returns the new e-mail and how many mails go again.
 */
export async function correctProfessionalEmail(deps: Deps, by: ActedBy, id: string, email: string): Promise<{ email: string; retried: number }> {
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
    await deps.users.setProfessionalEmail(userId, email, user);
  } catch (error) {
    throw duplicateReason(error) ?? error;
  }
  await deps.tickets.forOwner(userId).setContactEmail(email);
  const retried = await retryFailedMailTo(deps, userId, user.email, email);
  deps.log.info({ event: 'professional_email_corrected', userId: id, retried }, 'professional e-mail corrected');
  await auditBy(by, deps.now(), 'professional_email_changed', { userId }, settingsChanges({ email: user.email }, { email }));
  return { email, retried };
}

/** Professionals stored before searchTokens existed get theirs, a batch at a time, at start. */
export async function backfillProfessionalTokens(deps: Pick<Deps, 'users'>): Promise<number> {
  let done = 0;
  for (;;) {
    const batch = await deps.users.backfillSearchTokens();
    if (batch === 0) return done;
    done += batch;
  }
}

/** At most this many professionals per search: a longer list is refined, not scrolled. */
export const PROFESSIONAL_SEARCH_LIMIT = 20;

/**
 * Professionals matching the query, CPF masked, each with how many of their tickets are not closed
 * yet (what anonymising them would close). The query is a whole CPF, or words that must each begin
 * one of the words of the name, e-mail or login, accent- and case-insensitively (normalised as the
 * stored search tokens are, as the desk's ticket search does).
 */
export async function searchProfessionals(deps: Pick<Deps, 'users' | 'tickets'>, query: string) {
  const text = query.trim();
  const digits = text.replace(/\D/g, '');
  const users = await deps.users.searchProfessionals(
    /^[\d.\-\s]+$/.test(text) && digits.length === 11
      ? { cpf: digits }
      : { words: searchable(text).split(/\s+/).filter(Boolean).slice(0, 8).map((w) => w.slice(0, 40)) },
  );
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
