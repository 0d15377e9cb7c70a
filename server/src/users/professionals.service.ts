// Finding professionals for the admin area (e.g. to answer an LGPD request). CPFs stay masked.
import { maskCpf } from '@cau/shared';
import { Types } from 'mongoose';
import type { Deps } from '../deps';
import { DomainError } from '../errors';
import { escapeRegex, searchable } from '../text';
import { retryFailedMailTo } from '../mail/delivery.service';
import { TicketModel } from '../tickets/ticket.model';
import { personalData } from './account.service';
import { duplicateReason } from './auth.service';
import { professionalTokens, UserModel } from './user.model';

/** What a professional would export themselves, fetched by an admin for a data-access request (LGPD art. 18, II). */
export async function exportProfessionalData(deps: Deps, id: string) {
  const userId = new Types.ObjectId(id);
  if (!(await UserModel.exists({ _id: userId, role: 'professional' }))) throw new DomainError('not_found', 'Profissional não encontrado.');
  return personalData(deps, userId);
}

/**
 * An admin corrects a professional's e-mail (the failed-mail page: the old one bounced). Unique like
 * at signup; their tickets carry the new one from now on, and the mail that failed to the old one is
 * sent again to the new one. Returns before → after for the audit trail.
 */
export async function correctProfessionalEmail(deps: Deps, id: string, email: string) {
  const userId = new Types.ObjectId(id);
  const user = await UserModel.findOne({ _id: userId, role: 'professional' }, { email: 1, name: 1, login: 1 }).lean();
  if (!user) throw new DomainError('not_found', 'Profissional não encontrado.');
  if (user.email === email) {
    throw new DomainError('invalid_input', 'O novo e-mail é igual ao atual.', { email: 'O novo e-mail é igual ao atual.' });
  }
  if (await UserModel.exists({ email, _id: { $ne: userId } })) {
    throw new DomainError('email_taken', 'Já existe um cadastro com este e-mail.', { email: 'Já existe um cadastro com este e-mail.' });
  }
  try {
    await UserModel.updateOne(
      { _id: userId },
      { $set: { email, searchTokens: professionalTokens({ name: user.name, email, login: user.login }) } },
    );
  } catch (error) {
    throw duplicateReason(error) ?? error;
  }
  await TicketModel.updateMany({ 'professional.id': userId }, { $set: { 'professional.email': email } });
  const retried = await retryFailedMailTo(deps, userId, user.email, email);
  deps.log.info({ event: 'professional_email_corrected', userId: id, retried }, 'professional e-mail corrected');
  return { before: user.email, after: email, retried };
}

/** Professionals stored before searchTokens existed get theirs, a batch at a time, at start. */
export async function backfillProfessionalTokens(): Promise<number> {
  let done = 0;
  for (;;) {
    const batch = await UserModel.find({ role: 'professional', searchTokens: { $exists: false } }, { name: 1, email: 1, login: 1 }).limit(500).lean();
    if (batch.length === 0) return done;
    await UserModel.bulkWrite(batch.map((u) => ({ updateOne: { filter: { _id: u._id }, update: { $set: { searchTokens: professionalTokens(u) } } } })));
    done += batch.length;
  }
}

/**
 * Each word of the query must begin one of the words of the name, e-mail or login, accent- and
 * case-insensitively: an anchored, case-sensitive regex on normalised tokens, which the
 * { role, searchTokens } index serves (as the desk's ticket search does).
 */
function wordFilters(text: string) {
  const words = searchable(text).split(/\s+/).filter(Boolean).slice(0, 8);
  if (words.length === 0) return [{ _id: null }];
  return words.map((w) => ({ searchTokens: { $elemMatch: { $regex: `^${escapeRegex(w.slice(0, 40))}` } } }));
}

export async function searchProfessionals(query: string) {
  const text = query.trim();
  const digits = text.replace(/\D/g, '');
  const filter = /^[\d.\-\s]+$/.test(text) && digits.length === 11
    ? { role: 'professional', cpf: digits }
    : { role: 'professional', $and: wordFilters(text) };
  const users = await UserModel.find(filter, { name: 1, email: 1, login: 1, cpf: 1, disabled: 1, createdAt: 1 }).sort({ name: 1 }).limit(20).lean();
  return users.map((u) => ({
    id: String(u._id),
    name: u.name,
    email: u.email,
    login: u.login,
    cpf: u.cpf ? maskCpf(u.cpf) : null,
    disabled: u.disabled,
    createdAt: (u as { createdAt?: Date }).createdAt?.toISOString() ?? null,
  }));
}
