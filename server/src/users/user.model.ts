// Users: professionals (with CPF) and staff (attendants, admins). CPF, e-mail and login are unique
// by index, so two simultaneous signups can never both win. Logins are unique within a realm
// (staff, professional): a signup only competes with professionals, so it cannot probe staff logins.
import { ROLES } from '@cau/shared';
import { Schema, model, type InferSchemaType, type HydratedDocument } from 'mongoose';
import { outboxEntrySchema } from '../mail/outbox.schema';
import { searchTokens } from '../text';

export const REALMS = ['staff', 'professional'] as const;
export type Realm = (typeof REALMS)[number];

export function realmOf(role: string): Realm {
  return role === 'professional' ? 'professional' : 'staff';
}

const userSchema = new Schema(
  {
    role: { type: String, enum: ROLES, required: true },
    name: { type: String, required: true },
    /** Which login namespace the account lives in; follows from the role. */
    realm: {
      type: String,
      enum: REALMS,
      required: true,
      default(this: { role?: string }) {
        return realmOf(this.role ?? 'professional');
      },
    },
    /** Lower-cased; unique case-insensitively within its realm because it is stored normalised. */
    login: { type: String, required: true },
    email: { type: String, required: true, unique: true },
    /** 11 digits; professionals only. */
    cpf: { type: String, unique: true, sparse: true },
    /** Left out of every read; only the login check and a password change select it. */
    passwordHash: { type: String, required: true, select: false },
    disabled: { type: Boolean, default: false },
    passwordChangedAt: { type: Date, default: null },
    /** Set when an admin chose the password (new staff account, admin reset); the owner's own change clears it. */
    mustChangePassword: { type: Boolean, default: false },
    /** Two-step verification (TOTP). Secrets are sealed with the server secret. */
    mfa: {
      type: new Schema(
        {
          enabled: { type: Boolean, default: false },
          secret: { type: String, default: null },
          pendingSecret: { type: String, default: null },
          /** The last time step accepted, so a code cannot be replayed. */
          lastCounter: { type: Number, default: 0 },
          /** SHA-256 of the unused recovery codes. */
          recoveryCodes: { type: [String], default: [] },
        },
        { _id: false },
      ),
      default: () => ({}),
    },
    /** Professionals only: the normalised words of name, e-mail and login, searched by prefix. */
    searchTokens: { type: [String], default: undefined },
    /** Mail waiting to be sent, written in the same update as the change it reports. */
    outbox: { type: [outboxEntrySchema], default: [], select: false },
  },
  { timestamps: true },
);
userSchema.index({ login: 1, realm: 1 }, { unique: true });
userSchema.index({ role: 1, name: 1 });
userSchema.index({ role: 1, searchTokens: 1 });

/** The words a professional is found by in the admin's search (users/professionals.service). */
export function professionalTokens(user: { name: string; email: string; login: string }): string[] {
  return searchTokens(`${user.name} ${user.email} ${user.login}`);
}

userSchema.pre('save', function setSearchTokens() {
  if (this.role === 'professional' && (this.isNew || this.isModified('name') || this.isModified('email') || this.isModified('login'))) {
    this.searchTokens = professionalTokens(this);
  }
});
userSchema.index({ 'outbox.status': 1, 'outbox.nextAttemptAt': 1 });

export type User = InferSchemaType<typeof userSchema>;
export type UserDoc = HydratedDocument<User>;
export const UserModel = model('User', userSchema);

