// Building outbox entries. Delivery is the mail job's business; here a notice is only recorded.
import type { Types } from 'mongoose';
import type { OutboxStatus } from './outbox.schema';

export const MAIL_TEMPLATES = [
  'welcome', 'password_reset', 'password_changed', 'ticket_created', 'info_requested', 'solution_proposed', 'desk_comment',
  'reminder', 'closed_no_response', 'closed_approval_timeout', 'closed_cancelled',
] as const;

export type MailTemplateName = (typeof MAIL_TEMPLATES)[number];

export interface Recipient {
  name: string;
  address: string;
}

/** An entry as stored (read back with `lean()`). */
export interface StoredOutboxEntry {
  _id: Types.ObjectId;
  template: string;
  to: Recipient;
  data: Record<string, unknown> | null;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: Date;
  leaseUntil?: Date | null;
  lastError?: string | null;
  createdAt: Date;
  sentAt?: Date | null;
}

export function outboxEntry(template: MailTemplateName, to: Recipient, data: Record<string, unknown>, now: Date) {
  return { template, to, data, status: 'pending' as const, attempts: 0, nextAttemptAt: now, createdAt: now };
}
