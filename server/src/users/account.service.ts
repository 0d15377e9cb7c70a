// What a signed-in person does with their own account: see and end their sessions, change their
// password (which ends every session), and — for professionals — download all their data (LGPD art. 18).
import { formatCpf } from '@cau/shared';
import type { Types } from 'mongoose';
import type { Deps } from '../deps';
import { audit } from '../audit/audit.service';
import { DomainError } from '../errors';
import { afterPasswordChange, openSession, type AuthedUser, type RequestMeta, assertStrongPassword } from './auth.service';
import { hashPassword, verifyPassword } from './password';
import { SessionModel } from './session.model';

export async function listSessions(userId: Types.ObjectId, currentId: Types.ObjectId, now: Date) {
  const sessions = await SessionModel.find({ userId, expiresAt: { $gt: now } }).sort({ lastSeenAt: -1 }).lean();
  return sessions.map((s) => ({
    id: String(s._id),
    createdAt: s.createdAt.toISOString(),
    lastSeenAt: (s.lastSeenAt ?? s.createdAt).toISOString(),
    expiresAt: s.expiresAt.toISOString(),
    ip: s.ip ?? null,
    userAgent: s.userAgent ?? null,
    current: String(s._id) === String(currentId),
  }));
}

export async function revokeSession(userId: Types.ObjectId, sessionId: string): Promise<void> {
  const result = await SessionModel.deleteOne({ _id: sessionId, userId });
  if (result.deletedCount === 0) throw new DomainError('not_found', 'Sessão não encontrada.');
}

/** Ends every session of the user, this one included ("sair de todos os dispositivos"). */
export async function logoutEverywhere(userId: Types.ObjectId): Promise<number> {
  return (await SessionModel.deleteMany({ userId })).deletedCount;
}

/** Changes the password after checking the current one; every session ends and a new one starts here. */
export async function changePassword(
  deps: Deps,
  user: AuthedUser,
  input: { currentPassword: string; newPassword: string },
  meta: RequestMeta,
): Promise<{ token: string }> {
  const stored = await deps.users.passwordCheck(user._id);
  // A stolen session must not become an unthrottled oracle for the password: guesses of the
  // current one count against the same per-login and per-address limits as logins.
  const attempt = await deps.loginThrottle.take(stored?.login ?? String(user._id), meta.ip);
  if (!stored || !(await verifyPassword(stored.passwordHash, input.currentPassword))) {
    await attempt.failed();
    throw new DomainError('bad_credentials', 'A senha atual está incorreta.', { currentPassword: 'A senha atual está incorreta.' });
  }
  await attempt.succeeded();
  if (user.mustChangePassword && input.newPassword === input.currentPassword) {
    const message = 'Escolha uma senha diferente da que o administrador definiu.';
    throw new DomainError('weak_password', message, { newPassword: message });
  }
  assertStrongPassword(input.newPassword, { login: stored.login, cpf: stored.cpf ?? undefined }, 'newPassword');
  const notice = await afterPasswordChange(user._id, { name: stored.name, address: stored.email }, deps.now());
  await deps.users.setPassword(user._id, await hashPassword(input.newPassword), deps.now(), notice.$push.outbox);
  await SessionModel.deleteMany({ userId: user._id });
  deps.log.info({ event: 'password_changed', userId: String(user._id) }, 'password changed; sessions revoked');
  return { token: await openSession(deps, user, meta) };
}

/** Everything the portal holds about a professional, as JSON (LGPD art. 18, II and V). */
export async function exportMyData(deps: Deps, user: AuthedUser, ip: string) {
  // The trail keeps no personal data of the people it is about: the professional is named by id
  // only, so nothing of them is left behind once their account is anonymised.
  await audit({ at: deps.now(), actor: { id: user._id, role: user.role, name: 'Profissional' }, action: 'data_exported', subject: { userId: user._id }, ip });
  return personalData(deps, user._id);
}

/** What the export holds, for the professional's own request and an admin's (each audited by its caller). */
export async function personalData(deps: Deps, userId: Types.ObjectId) {
  const user = { _id: userId };
  const account = await deps.users.findById(user._id);
  const tickets = await deps.tickets.forOwner(user._id).exportAll();
  const sessions = await SessionModel.find({ userId: user._id }, { tokenHash: 0 }).lean();
  const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
  return {
    exportedAt: deps.now().toISOString(),
    controller: 'Conselho de Arquitetura e Urbanismo de São Paulo (CAU/SP)',
    account: {
      name: account!.name,
      cpf: account!.cpf ? formatCpf(account!.cpf) : null,
      email: account!.email,
      login: account!.login,
      createdAt: iso((account as { createdAt?: Date }).createdAt),
      passwordChangedAt: iso(account!.passwordChangedAt),
    },
    sessions: sessions.map((s) => ({ createdAt: iso(s.createdAt), lastSeenAt: iso(s.lastSeenAt), ip: s.ip, userAgent: s.userAgent })),
    tickets: tickets.map((t) => ({
      protocol: t.protocol,
      type: t.type,
      topic: t.topic,
      subject: t.subject,
      description: t.description,
      rrtNumber: t.rrtNumber,
      annuityYear: t.annuityYear,
      status: t.status,
      outcome: t.outcome,
      rating: t.rating,
      ratingComment: t.ratingComment,
      createdAt: iso(t.createdAt),
      closedAt: iso(t.closedAt),
      attachments: (t.attachments ?? []).map((a) => ({ name: a.name, size: a.size, contentType: a.contentType })),
      messages: t.messages.map((m) => ({
        at: iso(m.at),
        author: m.author.role === 'professional' ? 'você' : `${m.author.name} (atendimento)`,
        body: m.body,
        attachments: m.attachments.map((a) => ({ name: a.name, size: a.size, contentType: a.contentType })),
      })),
      history: t.history.filter((h) => h.event !== 'note').map((h) => ({ at: iso(h.at), event: h.event, from: h.from, to: h.to })),
    })),
  };
}
