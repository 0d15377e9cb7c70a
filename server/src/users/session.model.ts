// Opaque bearer sessions: only the SHA-256 of the token is stored, with an absolute expiry.
import { Schema, model, type InferSchemaType } from 'mongoose';

const sessionSchema = new Schema({
  tokenHash: { type: String, required: true, unique: true },
  userId: { type: Schema.Types.ObjectId, required: true, index: true },
  createdAt: { type: Date, required: true },
  /** Absolute end of the session. */
  expiresAt: { type: Date, required: true },
  /** Last use (written at most once a minute): idle sessions end after the idle limit. */
  lastSeenAt: { type: Date, required: true },
  ip: { type: String, default: null },
  userAgent: { type: String, default: null },
});
// Expired sessions are refused by the lookup; where TTL indexes exist they are also purged.
sessionSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export type Session = InferSchemaType<typeof sessionSchema>;
export const SessionModel = model('Session', sessionSchema);

const passwordResetSchema = new Schema({
  tokenHash: { type: String, required: true, unique: true },
  userId: { type: Schema.Types.ObjectId, required: true, index: true },
  expiresAt: { type: Date, required: true },
  usedAt: { type: Date, default: null },
});
passwordResetSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 86_400 });
export const PasswordResetModel = model('PasswordReset', passwordResetSchema);
