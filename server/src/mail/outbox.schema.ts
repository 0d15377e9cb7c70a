// An outbox entry: a notice waiting to be mailed. It lives inside the document whose change it
// reports (ticket or user), so the change and its notice are written by one single-document update.
import { Schema } from 'mongoose';

export const OUTBOX_STATUSES = ['pending', 'sent', 'failed'] as const;

export const outboxEntrySchema = new Schema(
  {
    template: { type: String, required: true },
    to: { name: { type: String, required: true }, address: { type: String, required: true } },
    /** Template data (e.g. the reset link); cleared once sent. */
    data: { type: Schema.Types.Mixed, default: {} },
    status: { type: String, enum: OUTBOX_STATUSES, default: 'pending' },
    attempts: { type: Number, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    lastError: { type: String, default: null },
    createdAt: { type: Date, required: true },
    sentAt: { type: Date, default: null },
  },
  { _id: true },
);
