// Writes audit entries. Only inserts: nothing in the API updates or deletes them. Settings changes
// carry what changed (field, before → after); staff sign-ins, refused sign-ins and two-step
// verification changes are recorded too.
import type { Types } from 'mongoose';
import { AuditModel } from './audit.model';

export const AUDIT_ACTIONS = [
  'ticket_viewed', 'cpf_revealed', 'professionals_searched', 'professional_anonymized', 'data_exported',
  'staff_created', 'staff_disabled', 'staff_enabled', 'staff_password_reset', 'settings_changed', 'mail_retried', 'staff_mfa_reset',
  'login', 'login_failed', 'mfa_enrolled', 'mfa_disabled', 'professional_data_exported',
  'professional_email_changed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditInput {
  at: Date;
  actor: { id: Types.ObjectId; role: string; name: string };
  action: AuditAction;
  subject?: { userId?: Types.ObjectId | null; protocol?: string | null };
  ip?: string | null;
  /** For settings changes: each field that changed, as text. */
  changes?: AuditChange[];
}

export interface AuditChange { field: string; before: string; after: string }

function flatten(value: unknown, prefix: string, into: Map<string, string>): void {
  if (value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)) {
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      if (key === '_id' || key === '__v' || key === 'updatedAt') continue;
      flatten(inner, prefix ? `${prefix}.${key}` : key, into);
    }
    return;
  }
  into.set(prefix, Array.isArray(value) ? value.map(String).join(', ') : value instanceof Date ? value.toISOString() : value === null || value === undefined ? '' : String(value));
}

/** The fields that differ between two settings documents, by dotted path ("targets.question.firstAnswer"). */
export function settingsChanges(before: unknown, after: unknown): AuditChange[] {
  const a = new Map<string, string>();
  const b = new Map<string, string>();
  flatten(before, '', a);
  flatten(after, '', b);
  const fields = [...new Set([...a.keys(), ...b.keys()])].sort();
  return fields.filter((f) => (a.get(f) ?? '') !== (b.get(f) ?? '')).map((field) => ({ field, before: a.get(field) ?? '', after: b.get(field) ?? '' }));
}

/** Who acted, as an audit entry names them. */
export function auditActor(user: { _id: Types.ObjectId; role: string; name: string }): AuditInput['actor'] {
  return { id: user._id, role: user.role, name: user.name };
}

/** Who did something through the API: the signed-in account and the address the request came from. */
export interface ActedBy {
  user: { _id: Types.ObjectId; role: string; name: string };
  ip: string;
}

/** Records what `by` did at `at` (the services' one way to write the trail). */
export function auditBy(by: ActedBy, at: Date, action: AuditAction, subject: AuditInput['subject'] = { userId: null }, changes?: AuditChange[]): Promise<void> {
  return audit({ at, actor: auditActor(by.user), action, subject, ip: by.ip, changes });
}

export async function audit(entry: AuditInput): Promise<void> {
  await AuditModel.create({
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    subject: { userId: entry.subject?.userId ?? null, protocol: entry.subject?.protocol ?? null },
    ip: entry.ip ?? null,
    ...(entry.changes?.length ? { changes: entry.changes } : {}),
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
