// The audit trail: an append-only record of staff actions on personal data. It stores who, what,
// when and from where, never the personal data itself.
import { Schema, model } from 'mongoose';

const auditSchema = new Schema({
  at: { type: Date, required: true },
  actor: { id: { type: Schema.Types.ObjectId, required: true }, role: { type: String, required: true }, name: { type: String, required: true } },
  action: { type: String, required: true },
  /** What was acted on: a user id and/or a ticket protocol. */
  subject: { userId: { type: Schema.Types.ObjectId, default: null }, protocol: { type: String, default: null } },
  ip: { type: String, default: null },
  /** Settings changes: each field that changed, before → after (settings hold no personal data). */
  changes: { type: [{ _id: false, field: String, before: String, after: String }], default: undefined },
});
auditSchema.index({ at: -1 });
auditSchema.index({ 'actor.id': 1, at: -1 });
auditSchema.index({ 'actor.id': 1, action: 1, 'subject.protocol': 1, at: -1 });
auditSchema.index({ 'subject.userId': 1, at: -1 });

export const AuditModel = model('AuditEntry', auditSchema);
