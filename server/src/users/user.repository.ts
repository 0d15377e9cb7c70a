// Reads and writes of the users collection that the sessions, the login, the account page and the
// lifecycle make, as one object in `Deps`. `passwordHash` and `outbox` are `select: false` in the
// schema: only the two methods that need the hash name it.
import type { FilterQuery, Types } from 'mongoose';
import { escapeRegex, searchable } from '../text';
import type { OutboxEntry } from '../tickets/ticket.repository';
import { professionalTokens, UserModel, type User, type UserDoc } from './user.model';

/**
 * Each word of the query must begin one of the words of the name, e-mail or login, accent- and
 * case-insensitively: an anchored, case-sensitive regex on normalised tokens, which the
 * { role, searchTokens } index serves (as the desk's ticket search does).
 */
function wordFilters(text: string): FilterQuery<User>[] {
  const words = searchable(text).split(/\s+/).filter(Boolean).slice(0, 8);
  if (words.length === 0) return [{ _id: null }];
  return words.map((w) => ({ searchTokens: { $elemMatch: { $regex: `^${escapeRegex(w.slice(0, 40))}` } } }));
}
import type { AuthedUser } from './auth.service';

export class UserRepository {
  /** The account behind a session, without its private fields. */
  findById(id: Types.ObjectId): Promise<AuthedUser | null> {
    return UserModel.findById(id).lean<AuthedUser>();
  }

  /** The staff account a login names, if any (a refused staff sign-in is audited under it). */
  staffByLogin(login: string) {
    return UserModel.findOne({ login, role: { $ne: 'professional' } }, { name: 1, role: 1 }).lean();
  }

  /** The accounts a login names (one per realm), with their password hashes, for the login check. */
  forLogin(login: string): Promise<UserDoc[]> {
    return UserModel.find({ login }).select('+passwordHash').limit(2).exec();
  }

  /** What a password change checks against: the hash and what the new password must not contain. */
  passwordCheck(id: Types.ObjectId) {
    return UserModel.findById(id, { passwordHash: 1, login: 1, cpf: 1, name: 1, email: 1 }).lean();
  }

  /** Stores a new password hash with its "senha alterada" notice, in one update. */
  async setPassword(id: Types.ObjectId, passwordHash: string, now: Date, notice: OutboxEntry): Promise<void> {
    await UserModel.updateOne({ _id: id }, { $set: { passwordHash, passwordChangedAt: now, mustChangePassword: false }, $push: { outbox: notice } });
  }

  /** Whether a CPF and an e-mail already have an account (signup step 1). */
  async identityTaken(cpf: string, email: string): Promise<{ cpf: boolean; email: boolean }> {
    const [byCpf, byEmail] = await Promise.all([UserModel.exists({ cpf }), UserModel.exists({ email })]);
    return { cpf: Boolean(byCpf), email: Boolean(byEmail) };
  }

  /** Whether a professional already uses this login (a signup never learns staff logins). */
  async professionalLoginTaken(login: string): Promise<boolean> {
    return Boolean(await UserModel.exists({ login, realm: 'professional' }));
  }

  /** Stores a new professional with their welcome e-mail; the unique indexes refuse a duplicate. */
  createProfessional(doc: { name: string; cpf: string; email: string; login: string; passwordHash: string; passwordChangedAt: Date; welcome: OutboxEntry }): Promise<UserDoc> {
    const { welcome, ...fields } = doc;
    return UserModel.create({ ...fields, role: 'professional', realm: 'professional', outbox: [welcome] });
  }

  /** The enabled accounts a login or e-mail names (a login may name one per realm), for a reset link. */
  activeByLoginOrEmail(key: string) {
    return UserModel.find({ $or: [{ login: key }, { email: key }], disabled: false }).limit(3).lean<AuthedUser[]>();
  }

  /** Queues an e-mail to the account (its outbox). */
  async queueMail(id: Types.ObjectId, mail: OutboxEntry): Promise<void> {
    await UserModel.updateOne({ _id: id }, { $push: { outbox: mail } });
  }

  /** The account's two-step verification state (the login and the sealed secrets with it). */
  mfaOf(id: Types.ObjectId) {
    return UserModel.findById(id, { mfa: 1, login: 1 }).lean();
  }

  /** Keeps a new secret until its first code confirms it. */
  async setPendingMfa(id: Types.ObjectId, sealedSecret: string): Promise<void> {
    await UserModel.updateOne({ _id: id }, { $set: { 'mfa.pendingSecret': sealedSecret } });
  }

  /** Turns the pending secret on, if it is still the one confirmed, with its first step and the recovery hashes. */
  async confirmMfa(id: Types.ObjectId, pending: string, lastCounter: number, recoveryHashes: string[]): Promise<void> {
    await UserModel.updateOne(
      { _id: id, 'mfa.pendingSecret': pending },
      { $set: { 'mfa.enabled': true, 'mfa.secret': pending, 'mfa.pendingSecret': null, 'mfa.lastCounter': lastCounter, 'mfa.recoveryCodes': recoveryHashes } },
    );
  }

  async disableMfa(id: Types.ObjectId): Promise<void> {
    await UserModel.updateOne({ _id: id }, { $set: { 'mfa.enabled': false, 'mfa.secret': null, 'mfa.recoveryCodes': [] } });
  }

  /** Accepts a TOTP time step once: false when it (or a later one) was already used. */
  async useTotpStep(id: Types.ObjectId, counter: number): Promise<boolean> {
    const used = await UserModel.updateOne({ _id: id, 'mfa.lastCounter': { $lt: counter } }, { $set: { 'mfa.lastCounter': counter } });
    return used.modifiedCount === 1;
  }

  /** Spends one recovery code by its hash: false when it is not (or no longer) there. */
  async spendRecoveryCode(id: Types.ObjectId, hash: string): Promise<boolean> {
    const spent = await UserModel.updateOne({ _id: id, 'mfa.recoveryCodes': hash }, { $pull: { 'mfa.recoveryCodes': hash } });
    return spent.modifiedCount === 1;
  }

  /** An admin clears a staff member's second factor; false when no staff account has this id. */
  async resetStaffMfa(id: string): Promise<boolean> {
    const result = await UserModel.updateOne(
      { _id: id, role: { $in: ['attendant', 'admin'] } },
      { $set: { 'mfa.enabled': false, 'mfa.secret': null, 'mfa.pendingSecret': null, 'mfa.recoveryCodes': [] } },
    );
    return result.matchedCount > 0;
  }

  /**
   * Anonymises a professional's account (LGPD): no personal data, no password, no pending mail,
   * disabled. False when no professional has this id.
   */
  async anonymizeProfessional(id: Types.ObjectId, name: string, alias: string): Promise<boolean> {
    const email = `${alias}@anonimizado.invalid`;
    const result = await UserModel.updateOne(
      { _id: id, role: 'professional' },
      {
        $set: {
          name,
          email,
          login: alias,
          searchTokens: professionalTokens({ name, email, login: alias }),
          disabled: true,
          passwordHash: '!',
          outbox: [],
        },
        $unset: { cpf: 1 },
      },
    );
    return result.matchedCount > 0;
  }

  /** Whether a professional has this id. */
  async professionalExists(id: Types.ObjectId): Promise<boolean> {
    return Boolean(await UserModel.exists({ _id: id, role: 'professional' }));
  }

  /**
   * Professionals for the admin's search (an LGPD request): by full CPF when the query is one, else
   * by the beginnings of the words of name, e-mail and login. At most `limit`, by name.
   */
  searchProfessionals(text: string, limit: number) {
    const digits = text.replace(/\D/g, '');
    const filter: FilterQuery<User> = /^[\d.\-\s]+$/.test(text) && digits.length === 11
      ? { role: 'professional', cpf: digits }
      : { role: 'professional', $and: wordFilters(text) };
    return UserModel.find(filter, { name: 1, email: 1, login: 1, cpf: 1, disabled: 1, createdAt: 1 }).sort({ name: 1 }).limit(limit)
      .lean<Array<{ _id: Types.ObjectId; name: string; email: string; login: string; cpf?: string | null; disabled: boolean; createdAt?: Date }>>();
  }

  /** What an e-mail correction needs about the professional. */
  professionalContact(id: Types.ObjectId) {
    return UserModel.findOne({ _id: id, role: 'professional' }, { email: 1, name: 1, login: 1 }).lean();
  }

  /** Whether another account uses this e-mail. */
  async emailTakenByOther(email: string, id: Types.ObjectId): Promise<boolean> {
    return Boolean(await UserModel.exists({ email, _id: { $ne: id } }));
  }

  /** Stores a professional's corrected e-mail with their search words (the unique index refuses a taken one). */
  async setProfessionalEmail(id: Types.ObjectId, user: { name: string; login: string }, email: string): Promise<void> {
    await UserModel.updateOne({ _id: id }, { $set: { email, searchTokens: professionalTokens({ name: user.name, email, login: user.login }) } });
  }

  /**
   * Professionals stored before searchTokens existed get theirs, a batch at a time (at start).
   * Returns how many were given them.
   */
  async backfillProfessionalTokens(): Promise<number> {
    let done = 0;
    for (;;) {
      const batch = await UserModel.find({ role: 'professional', searchTokens: { $exists: false } }, { name: 1, email: 1, login: 1 }).limit(500).lean();
      if (batch.length === 0) return done;
      await UserModel.bulkWrite(batch.map((u) => ({ updateOne: { filter: { _id: u._id }, update: { $set: { searchTokens: professionalTokens(u) } } } })));
      done += batch.length;
    }
  }

  /** An enabled attendant or admin, by id (the assignee of an `assign`). */
  activeStaff(id: string): Promise<{ _id: Types.ObjectId; name: string } | null> {
    return UserModel.findOne({ _id: id, role: { $in: ['attendant', 'admin'] }, disabled: false }, { name: 1 }).lean();
  }
}

export function createUserRepository(): UserRepository {
  return new UserRepository();
}
