// An outbox entry: a notice waiting to be mailed. It lives inside the document whose change it
// reports (ticket or user), so the change and its notice are written by one single-document update.
import { Schema } from 'mongoose';

/**
 * pending → sending (claimed by one instance, until `leaseUntil`) → sent, or back to pending with a
 * later `nextAttemptAt`, or failed (a permanent refusal; an admin may put it back to pending).
 */
export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export const outboxEntrySchema = new Schema(
  {
    template: { type: String, required: true },
    to: { name: { type: String, required: true }, address: { type: String, required: true } },
    /** Template data (e.g. the reset link); cleared once sent. */
    data: { type: Schema.Types.Mixed, default: {} },
    status: { type: String, enum: OUTBOX_STATUSES, default: 'pending' },
    /** Sending attempts so far, counted when an instance claims the entry. */
    attempts: { type: Number, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    /** While `sending`: when the claim lapses and another instance may take the entry over. */
    leaseUntil: { type: Date, default: null },
    lastError: { type: String, default: null },
    createdAt: { type: Date, required: true },
    sentAt: { type: Date, default: null },
  },
  { _id: true },
);
