// What a signed-in person does with their own account: see and end their sessions, change their
// password (which ends every session), and — for professionals — download all their data (LGPD art. 18).
import { formatCpf } from '@cau/shared';
import type { Types } from 'mongoose';
import type { Deps } from '../deps';
import { DomainError } from '../errors';
import { TicketModel } from '../tickets/ticket.model';
import { afterPasswordChange, openSession, type AuthedUser, type RequestMeta, assertStrongPassword } from './auth.service';
import { hashPassword, verifyPassword } from './password';
import { SessionModel } from './session.model';
import { UserModel } from './user.model';

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
  const stored = await UserModel.findById(user._id, { passwordHash: 1, login: 1, cpf: 1, name: 1, email: 1 }).lean();
  // A stolen session must not become an unthrottled oracle for the password: guesses of the
  // current one count against the same per-login and per-address limits as logins.
  const attempt = await deps.loginThrottle.take(stored?.login ?? String(user._id), meta.ip);
  if (!stored || !(await verifyPassword(stored.passwordHash, input.currentPassword))) {
    await attempt.failed();
    throw new DomainError('bad_credentials', 'A senha atual está incorreta.', { currentPassword: 'A senha atual está incorreta.' });
  }
  await attempt.succeeded();
  assertStrongPassword(input.newPassword, { login: stored.login, cpf: stored.cpf ?? undefined }, 'newPassword');
  const notice = await afterPasswordChange(user._id, { name: stored.name, address: stored.email }, deps.now());
  await UserModel.updateOne({ _id: user._id }, { $set: { passwordHash: await hashPassword(input.newPassword), passwordChangedAt: deps.now() }, ...notice });
  await SessionModel.deleteMany({ userId: user._id });
  deps.log.info({ event: 'password_changed', userId: String(user._id) }, 'password changed; sessions revoked');
  return { token: await openSession(deps, user, meta) };
}

/** Everything the portal holds about a professional, as JSON (LGPD art. 18, II and V). */
export async function exportMyData(deps: Deps, user: Pick<AuthedUser, '_id'>) {
  const account = await UserModel.findById(user._id, { passwordHash: 0, outbox: 0 }).lean();
  const tickets = await TicketModel.find({ 'professional.id': user._id }, { notes: 0, outbox: 0, searchTokens: 0, version: 0 })
    .sort({ createdAt: 1 })
    .lean();
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
