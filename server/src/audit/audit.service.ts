// Writes audit entries. Only inserts: nothing in the API updates or deletes them.
import type { Types } from 'mongoose';
import { AuditModel } from './audit.model';

export const AUDIT_ACTIONS = [
  'ticket_viewed', 'cpf_revealed', 'professionals_searched', 'professional_anonymized', 'data_exported',
  'staff_created', 'staff_disabled', 'staff_enabled', 'staff_password_reset', 'settings_changed', 'mail_retried', 'staff_mfa_reset',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditInput {
  at: Date;
  actor: { id: Types.ObjectId; role: string; name: string };
  action: AuditAction;
  subject?: { userId?: Types.ObjectId | null; protocol?: string | null };
  ip?: string | null;
}

/** Who acted, as an audit entry names them. */
export function auditActor(user: { _id: Types.ObjectId; role: string; name: string }): AuditInput['actor'] {
  return { id: user._id, role: user.role, name: user.name };
}

export async function audit(entry: AuditInput): Promise<void> {
  await AuditModel.create({
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    subject: { userId: entry.subject?.userId ?? null, protocol: entry.subject?.protocol ?? null },
    ip: entry.ip ?? null,
  });
}

/** Records `entry` unless the same actor did the same to the same subject within `windowMs`. */
export async function auditOnce(now: Date, windowMs: number, entry: AuditInput): Promise<void> {
  const recent = await AuditModel.exists({
    'actor.id': entry.actor.id,
    action: entry.action,
    'subject.protocol': entry.subject?.protocol ?? null,
    'subject.userId': entry.subject?.userId ?? null,
    at: { $gt: new Date(now.getTime() - windowMs) },
  });
  if (!recent) await audit(entry);
}
