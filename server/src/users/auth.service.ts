// Accounts and sessions: the two-step signup, login, logout, password reset and the bearer lookup.
import {
  PASSWORD_PROBLEM_MESSAGES, passwordProblem, type Role, type SecuritySettings, type UserOutput,
} from '@cau/shared';
import { Types } from 'mongoose';
import type { Deps } from '../deps';
import { DomainError } from '../errors';
import { outboxEntry } from '../mail/outbox';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { randomToken, sha256, signToken, verifyToken } from '../tokens';
import { duplicateKeyField } from '../upsert-race';
import { audit, auditActor } from '../audit/audit.service';
import { checkCredentials } from './passport';
import { verifySecondFactor } from './mfa.service';
import { hashPassword } from './password';
import { PasswordResetModel, SessionModel } from './session.model';
import { issueDeviceToken, readDeviceToken } from './throttle';
import type { User } from './user.model';
import { userView } from './user.views';

const SIGNUP_WINDOW_MS = 30 * 60_000;
const RESET_WINDOW_MS = 60 * 60_000;
const TOUCH_EVERY_MS = 60_000;

/**
 * auth.me: the account, and when the session signs out by itself unless the person does something
 * (the desk's and the widget's one-minute warning); never later than the absolute limit.
 */
export function me(user: AuthedUser, session: { lastSeenAt: Date; idleMs: number; expiresAt: Date }) {
  const idleEnd = Math.min(session.lastSeenAt.getTime() + session.idleMs, session.expiresAt.getTime());
  return { ...userView(user), session: { idleMs: session.idleMs, idleExpiresAt: new Date(idleEnd).toISOString() } };
}

/** The idle and absolute limits that apply to a role's sessions. */
function sessionLimits(settings: SecuritySettings, role: Role): { idleMs: number; absoluteMs: number } {
  return role === 'professional'
    ? { idleMs: settings.professionalIdleMinutes * 60_000, absoluteMs: settings.professionalAbsoluteHours * 3_600_000 }
    : { idleMs: settings.staffIdleMinutes * 60_000, absoluteMs: settings.staffAbsoluteHours * 3_600_000 };
}

export interface RequestMeta {
  ip: string;
  userAgent: string | null;
}

interface SignupClaims {
  name: string;
  cpf: string;
  email: string;
}

export type AuthedUser = User & { _id: Types.ObjectId };

async function assertIdentityFree(deps: Deps, cpf: string, email: string): Promise<void> {
  const { cpf: cpfTaken, email: emailTaken } = await deps.users.identityTaken(cpf, email);
  if (cpfTaken) throw new DomainError('cpf_taken', undefined, { cpf: 'Já existe um cadastro com este CPF.' });
  if (emailTaken) throw new DomainError('email_taken', undefined, { email: 'Já existe um cadastro com este e-mail.' });
}

/**
 * Signup step 1: checks name, CPF and e-mail and stores nothing; the token carries them to step 2.
 * Rate-limited per address, which also slows down probing which CPFs and e-mails are registered.
 */
export async function checkSignup(deps: Deps, input: SignupClaims, meta: Pick<RequestMeta, 'ip'>): Promise<{ signupToken: string }> {
  await deps.limits.consume('signup', { ip: meta.ip });
  await assertIdentityFree(deps, input.cpf, input.email);
  const expiresAt = new Date(deps.now().getTime() + SIGNUP_WINDOW_MS);
  return { signupToken: signToken(deps.secret, 'signup', input, expiresAt) };
}

/** Refuses a weak password, naming `field` (the form's input) as the one to fix. */
function assertStrongPassword(password: string, context: { login?: string; cpf?: string }, field = 'password'): void {
  const problem = passwordProblem(password, context);
  if (problem) throw new DomainError('weak_password', PASSWORD_PROBLEM_MESSAGES[problem], { [field]: PASSWORD_PROBLEM_MESSAGES[problem] });
}

/** Maps a duplicate-key error of the users collection to the field that clashed. */
function duplicateReason(error: unknown): DomainError | null {
  // The field comes from the key pattern or the index name, never from the rest of the message: it
  // quotes the duplicated value, and an e-mail or login may well contain "cpf" or "email".
  const field = duplicateKeyField(error);
  if (field === 'cpf') return new DomainError('cpf_taken', undefined, { cpf: 'Já existe um cadastro com este CPF.' });
  if (field === 'email') return new DomainError('email_taken', undefined, { email: 'Já existe um cadastro com este e-mail.' });
  if (field?.startsWith('login')) return new DomainError('login_taken', undefined, { login: 'Esta identificação já está em uso.' });
  return null;
}

/** Signup step 2: creates the account in one insert (unique indexes settle races) and logs in. */
export async function signup(
  deps: Deps,
  input: { signupToken: string; login: string; password: string },
  meta: RequestMeta,
): Promise<{ token: string; user: UserOutput }> {
  await deps.limits.consume('signup', { ip: meta.ip });
  const claims = verifyToken<SignupClaims>(deps.secret, 'signup', input.signupToken, deps.now());
  if (!claims) throw new DomainError('signup_expired');
  assertStrongPassword(input.password, { login: input.login, cpf: claims.cpf });
  // Only the professional realm: a signup must not learn which logins the staff use.
  if (await deps.users.professionalLoginTaken(input.login)) {
    throw new DomainError('login_taken', undefined, { login: 'Esta identificação já está em uso.' });
  }
  const now = deps.now();
  const to = { name: claims.name, address: claims.email };
  let user;
  try {
    user = await deps.users.createProfessional({
      name: claims.name,
      cpf: claims.cpf,
      email: claims.email,
      login: input.login,
      passwordHash: await hashPassword(input.password),
      passwordChangedAt: now,
      welcome: outboxEntry('welcome', to, { login: input.login }, now),
    });
  } catch (error) {
    throw duplicateReason(error) ?? error;
  }
  deps.log.info({ event: 'signup', userId: String(user._id) }, 'professional signed up');
  return { token: await openSession(deps, user, meta), user: userView(user) };
}

export async function openSession(deps: Deps, user: AuthedUser, meta: RequestMeta): Promise<string> {
  const token = randomToken();
  const now = deps.now();
  const { absoluteMs } = sessionLimits(await deps.settings.security(), user.role);
  await SessionModel.create({
    tokenHash: sha256(token),
    userId: user._id,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + absoluteMs),
    ip: meta.ip,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
  });
  return token;
}

export async function login(
  deps: Deps,
  input: { login: string; password: string; code?: string; deviceToken?: string },
  meta: RequestMeta,
): Promise<{ token: string; user: UserOutput; deviceToken?: string }> {
  const loginKey = input.login.trim().toLowerCase();
  const device = readDeviceToken(deps.secret, input.deviceToken, deps.now());
  const attempt = await deps.loginThrottle.take(loginKey, meta.ip, device);
  const result = await checkCredentials(deps.users, loginKey, input.password);
  if (!result.user) {
    if (result.reason === 'account_disabled') throw new DomainError('account_disabled');
    await attempt.failed();
    deps.log.info({ event: 'login_failed', ip: meta.ip, trustedDevice: Boolean(device) }, 'login failed');
    await auditStaffLoginFailure(deps, loginKey, meta);
    throw new DomainError('bad_credentials');
  }
  if (result.user.mfa?.enabled) {
    if (!input.code) {
      await attempt.release();
      throw new DomainError('mfa_required', undefined, { code: 'Informe o código de verificação.' });
    }
    // A wrong code keeps its slot: guessing codes is throttled like guessing passwords.
    if (!(await verifySecondFactor(deps, result.user._id, input.code))) {
      await attempt.failed();
      deps.log.info({ event: 'mfa_failed', userId: String(result.user._id), ip: meta.ip }, 'second factor refused');
      await auditStaffLoginFailure(deps, loginKey, meta);
      throw new DomainError('mfa_invalid', undefined, { code: 'Código inválido ou já usado.' });
    }
  }
  await attempt.succeeded();
  deps.log.info({ event: 'login', userId: String(result.user._id), role: result.user.role }, 'logged in');
  if (result.user.role !== 'professional') {
    await audit({ at: deps.now(), actor: auditActor(result.user), action: 'login', subject: { userId: result.user._id }, ip: meta.ip });
  }
  return {
    token: await openSession(deps, result.user, meta),
    user: userView(result.user),
    deviceToken: issueDeviceToken(deps.secret, loginKey, deps.now(), device),
  };
}

/**
 * A refused sign-in to a staff account (wrong password or code) goes to the audit trail under that
 * account; attempts on unknown logins and on professionals' accounts are only logged (what was typed
 * as a login may be anything, even a password, and must not be stored).
 */
async function auditStaffLoginFailure(deps: Deps, loginKey: string, meta: RequestMeta): Promise<void> {
  const staff = await deps.users.staffByLogin(loginKey);
  if (!staff) return;
  await audit({ at: deps.now(), actor: auditActor(staff), action: 'login_failed', subject: { userId: staff._id }, ip: meta.ip });
}

export async function logout(sessionId: Types.ObjectId): Promise<void> {
  await SessionModel.deleteOne({ _id: sessionId });
}

/**
 * How long an access token lasts (auth.accessToken). The desk's Electron main process keeps the
 * session token and hands its page only these, renewing them before they run out.
 */
export const ACCESS_TOKEN_TTL_MS = 5 * 60_000;
const ACCESS_TOKEN = /^at_([0-9a-f]{24})_([0-9a-z]{1,12})_([A-Za-z0-9_-]{43})$/;

const accessMac = (secret: Buffer, sessionId: string, exp: string) =>
  createHmac('sha256', secret).update(`access:${sessionId}:${exp}`).digest();

/**
 * A short-lived bearer token bound to a session: `at_<session id>_<expiry, base 36 ms>_<HMAC>`. It
 * holds no secret of the session and is checked against the session on every use, so ending the
 * session (logout, password change, revocation, idle limit) ends it too. Never outlives the session.
 */
export function issueAccessToken(deps: Pick<Deps, 'secret' | 'now'>, session: { id: Types.ObjectId; expiresAt: Date }) {
  const exp = Math.min(deps.now().getTime() + ACCESS_TOKEN_TTL_MS, session.expiresAt.getTime());
  const sessionId = String(session.id);
  const expText = exp.toString(36);
  const mac = accessMac(deps.secret, sessionId, expText).toString('base64url');
  return { accessToken: `at_${sessionId}_${expText}_${mac}`, expiresAt: new Date(exp).toISOString() };
}

/** The session id of a well-signed, unexpired access token, or null (also for anything else). */
function readAccessToken(secret: Buffer, token: string, now: Date): string | null {
  const match = ACCESS_TOKEN.exec(token);
  if (!match) return null;
  const [, sessionId, expText, mac] = match as unknown as [string, string, string, string];
  // Compared as text: base64url decoding ignores the last character's two spare bits, so a token
  // whose MAC differs there (four spellings of one MAC) would otherwise pass too.
  const given = Buffer.from(mac);
  const expected = Buffer.from(accessMac(secret, sessionId, expText).toString('base64url'));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return parseInt(expText, 36) > now.getTime() ? sessionId : null;
}

/**
 * The session and user behind a bearer token, or null when unknown, expired, idle too long or
 * disabled. An access token (auth.accessToken) is accepted too, as its session; `credential` says
 * which kind was sent.
 */
export async function resolveSession(deps: Pick<Deps, 'users' | 'settings' | 'secret'>, token: string, now: Date, options: { touch?: boolean } = {}) {
  if (!token || token.length > 200) return null;
  const accessFor = readAccessToken(deps.secret, token, now);
  const credential: 'session' | 'access' = accessFor ? 'access' : 'session';
  const found = await deps.users.sessionWithUser(accessFor ? { _id: new Types.ObjectId(accessFor) } : { tokenHash: sha256(token) }, now);
  if (!found) return null;
  const { session, user } = found;
  if (!user || user.disabled) return null;
  const { idleMs } = sessionLimits(await deps.settings.security(), user.role);
  const lastSeen = session.lastSeenAt ?? session.createdAt;
  if (now.getTime() - lastSeen.getTime() > idleMs) {
    await SessionModel.deleteOne({ _id: session._id });
    return null;
  }
  // Written at most once a minute (a twentieth of short idle limits), and only for the person's own
  // requests: background ones (x-cau-background, the event stream) read the clock without moving it.
  let lastSeenAt = lastSeen;
  if (options.touch !== false && now.getTime() - lastSeen.getTime() > Math.min(TOUCH_EVERY_MS, idleMs / 20)) {
    await SessionModel.updateOne({ _id: session._id }, { $set: { lastSeenAt: now } });
    lastSeenAt = now;
  }
  return { session, user: user as AuthedUser, lastSeenAt, idleMs, credential };
}

/**
 * Whether a session is still good (not ended, not past either limit), without touching it: what a
 * long-lived stream checks now and then, so an idle desk's stream ends when its session does.
 */
export async function sessionStillValid(deps: Pick<Deps, 'settings'>, sessionId: Types.ObjectId, role: Role, now: Date): Promise<boolean> {
  const session = await SessionModel.findById(sessionId, { lastSeenAt: 1, createdAt: 1, expiresAt: 1 }).lean();
  if (!session || session.expiresAt <= now) return false;
  const { idleMs } = sessionLimits(await deps.settings.security(), role);
  return now.getTime() - (session.lastSeenAt ?? session.createdAt).getTime() <= idleMs;
}

/**
 * Same answer whether or not the account exists; the link goes out through the user's outbox. A
 * login may name a professional and a staff account (separate realms): each gets its own link.
 */
export async function requestPasswordReset(deps: Deps, input: { loginOrEmail: string }, meta: Pick<RequestMeta, 'ip'>): Promise<void> {
  await deps.limits.consume('password_reset', { ip: meta.ip, account: input.loginOrEmail.toLowerCase() });
  const key = input.loginOrEmail.trim().toLowerCase();
  const users = await deps.users.activeByLoginOrEmail(key);
  if (users.length === 0) {
    deps.log.info({ event: 'password_reset_unknown' }, 'password reset asked for an unknown account');
    return;
  }
  const now = deps.now();
  for (const user of users) {
    const token = randomToken();
    await PasswordResetModel.create({ tokenHash: sha256(token), userId: user._id, expiresAt: new Date(now.getTime() + RESET_WINDOW_MS) });
    await deps.users.queueMail(user._id, outboxEntry('password_reset', { name: user.name, address: user.email }, { link: resetLink(deps, token) }, now));
    deps.log.info({ event: 'password_reset_requested', userId: String(user._id) }, 'password reset requested');
  }
}

/**
 * Whether a reset link can still be used, so the widget can say so before asking for a password.
 * Tokens are 256-bit random, so this is no oracle; the address limit only keeps it cheap.
 */
export async function checkResetToken(deps: Deps, input: { resetToken: string }, meta: Pick<RequestMeta, 'ip'>): Promise<{ valid: boolean }> {
  await deps.limits.consume('password_reset_check', { ip: meta.ip });
  const pending = await PasswordResetModel.findOne({ tokenHash: sha256(input.resetToken), usedAt: null, expiresAt: { $gt: deps.now() } }, { userId: 1 }).lean();
  if (!pending) return { valid: false };
  const user = await deps.users.findById(pending.userId);
  return { valid: Boolean(user && !user.disabled) };
}

/**
 * What every password change does besides the new hash (reset, change, an admin's reset): every
 * other outstanding reset link of the account stops working, and a "senha alterada" notice goes out.
 * The notice is returned as an update, so it is written with the new hash.
 */
export async function afterPasswordChange(userId: Types.ObjectId, to: { name: string; address: string }, now: Date) {
  await PasswordResetModel.updateMany({ userId, usedAt: null }, { $set: { usedAt: now } });
  return { $push: { outbox: outboxEntry('password_changed', to, { at: now.toISOString() }, now) } };
}

/** The link the reset e-mail carries: the portal page, with the widget's reset route. */
export function resetLink(deps: Deps, token: string): string {
  return `${deps.config.portalUrl.split('#')[0]}#atendimento/redefinir-senha/${token}`;
}

export async function resetPassword(deps: Deps, input: { resetToken: string; password: string }): Promise<void> {
  const now = deps.now();
  const pending = await PasswordResetModel.findOne({ tokenHash: sha256(input.resetToken), usedAt: null, expiresAt: { $gt: now } }).lean();
  if (!pending) throw new DomainError('reset_invalid');
  const user = await deps.users.findById(pending.userId);
  if (!user || user.disabled) throw new DomainError('reset_invalid');
  assertStrongPassword(input.password, { login: user.login, cpf: user.cpf ?? undefined });
  // Single use: only the request that flips usedAt goes on.
  const claimed = await PasswordResetModel.findOneAndUpdate({ _id: pending._id, usedAt: null }, { $set: { usedAt: now } });
  if (!claimed) throw new DomainError('reset_invalid');
  const notice = await afterPasswordChange(user._id, { name: user.name, address: user.email }, now);
  await deps.users.setPassword(user._id, await hashPassword(input.password), now, notice.$push.outbox);
  await SessionModel.deleteMany({ userId: user._id });
  await deps.loginThrottle.clear(user.login);
  deps.log.info({ event: 'password_reset', userId: String(user._id) }, 'password reset');
}

export { assertStrongPassword, duplicateReason };
