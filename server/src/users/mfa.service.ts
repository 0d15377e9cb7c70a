// Two-step verification for staff (TOTP, RFC 6238): enrolment with a QR code, recovery codes,
// and the check at login. A code is accepted once: its time step must be newer than the last.
import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import QRCode from 'qrcode';
import { auditBy, type ActedBy } from '../audit/audit.service';
import type { Deps } from '../deps';
import { DomainError } from '../errors';
import { sha256 } from '../tokens';
import type { AuthedUser } from './auth.service';
import { matchTotp, newTotpSecret, openSecret, otpauthUrl, sealSecret } from './totp';
import { SessionModel } from './session.model';

const RECOVERY_CODES = 10;

function recoveryCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(8);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

const normalizeRecovery = (code: string) => code.replace('-', '').toUpperCase();

export async function mfaStatus(deps: Pick<Deps, 'settings' | 'users'>, user: AuthedUser) {
  const settings = await deps.settings.security();
  const stored = await deps.users.mfaOf(user._id);
  return {
    enabled: Boolean(stored?.mfa?.enabled),
    required: user.role !== 'professional' && settings.staffMfaRequired,
    recoveryCodesLeft: stored?.mfa?.recoveryCodes?.length ?? 0,
  };
}

/**
 * Starts enrolment: a fresh secret, shown once as text and as a QR code. Replacing an active
 * second factor needs a current code (or a recovery code), so a stolen session cannot swap it;
 * someone who lost both asks an admin to reset it.
 */
export async function beginEnrolment(deps: Deps, user: AuthedUser, code?: string) {
  const stored = await deps.users.mfaOf(user._id);
  if (stored?.mfa?.enabled && !(code && (await verifySecondFactor(deps, user._id, code)))) {
    throw new DomainError('mfa_required', 'Para trocar o aplicativo autenticador, informe um código atual (ou de recuperação).', { code: 'Informe o código atual.' });
  }
  const secret = newTotpSecret();
  await deps.users.setPendingMfa(user._id, sealSecret(deps.secret, secret));
  const url = otpauthUrl(secret, user.login);
  return { secret, otpauthUrl: url, qrSvg: await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }) };
}

/**
 * Finishes enrolment with a first valid code; returns the recovery codes, shown this once. Staff
 * enrolment goes in the audit trail (SPEC §9).
 */
export async function confirmEnrolment(deps: Deps, by: ActedBy & { user: AuthedUser }, code: string) {
  const { user } = by;
  const stored = await deps.users.mfaOf(user._id);
  const pending = stored?.mfa?.pendingSecret;
  if (!pending) throw new DomainError('invalid_input', 'Comece a ativação novamente: nenhum código pendente.');
  const counter = matchTotp(openSecret(deps.secret, pending), code, deps.now());
  if (counter === null) throw new DomainError('mfa_invalid', undefined, { code: 'Código inválido.' });
  const codes = Array.from({ length: RECOVERY_CODES }, recoveryCode);
  await deps.users.confirmMfa(user._id, pending, counter, codes.map((c) => sha256(normalizeRecovery(c))));
  deps.log.info({ event: 'mfa_enabled', userId: String(user._id) }, 'two-step verification enabled');
  if (user.role !== 'professional') await auditBy(by, deps.now(), 'mfa_enrolled', { userId: user._id });
  return { recoveryCodes: codes };
}

/** Turns the second factor off with a current code; staff removal goes in the audit trail. */
export async function disableMfa(deps: Deps, by: ActedBy & { user: AuthedUser }, code: string) {
  const { user } = by;
  const status = await mfaStatus(deps, user);
  if (status.required) throw new DomainError('forbidden', 'A verificação em duas etapas é obrigatória para a equipe e não pode ser desativada.');
  const stored = await deps.users.mfaOf(user._id);
  if (!stored?.mfa?.enabled || !(await verifySecondFactor(deps, stored._id, code))) {
    throw new DomainError('mfa_invalid', undefined, { code: 'Código inválido.' });
  }
  await deps.users.disableMfa(user._id);
  deps.log.info({ event: 'mfa_disabled', userId: String(user._id) }, 'two-step verification disabled');
  if (user.role !== 'professional') await auditBy(by, deps.now(), 'mfa_disabled', { userId: user._id });
  return {};
}

/** Checks a TOTP code (once per time step) or spends a recovery code. */
export async function verifySecondFactor(deps: Deps, userId: AuthedUser['_id'], code: string): Promise<boolean> {
  const stored = await deps.users.mfaOf(userId);
  if (!stored?.mfa?.enabled || !stored.mfa.secret) return false;
  if (/^\d{6}$/.test(code)) {
    const counter = matchTotp(openSecret(deps.secret, stored.mfa.secret), code, deps.now());
    if (counter === null) return false;
    return deps.users.useTotpStep(userId, counter);
  }
  const hash = sha256(normalizeRecovery(code));
  return deps.users.spendRecoveryCode(userId, hash);
}

/** Whether a staff member must enrol before using the desk (admin setting, not yet enrolled). */
export async function mustEnrol(deps: Pick<Deps, 'settings'>, user: AuthedUser): Promise<boolean> {
  if (user.role === 'professional') return false;
  const settings = await deps.settings.security();
  return settings.staffMfaRequired && !user.mfa?.enabled;
}

/** An admin clears a staff member's second factor (lost phone and codes); their sessions end (audited). */
export async function resetMfa(deps: Deps, by: ActedBy, id: string): Promise<void> {
  if (!(await deps.users.resetStaffMfa(id))) throw new DomainError('not_found', 'Atendente não encontrado.');
  await SessionModel.deleteMany({ userId: id });
  deps.log.info({ event: 'mfa_reset', userId: id }, 'two-step verification reset by an admin');
  await auditBy(by, deps.now(), 'staff_mfa_reset', { userId: new Types.ObjectId(id) });
}
