// Reads and writes of the users collection that the sessions, the login, the account page and the
// lifecycle make, as one object in `Deps`. `passwordHash` and `outbox` are `select: false` in the
// schema: only the two methods that need the hash name it.
import type { FilterQuery, Types } from 'mongoose';
import { escapeRegex } from '../text';
import { OutboxRepository } from '../mail/outbox.repository';
import type { OutboxEntry } from '../tickets/ticket.repository';
import { SessionModel, type Session } from './session.model';
import { professionalTokens, UserModel, type User, type UserDoc } from './user.model';
import type { AuthedUser } from './auth.service';

const STAFF_ROLES = { $in: ['attendant', 'admin'] };

/** The fields a plain read leaves out (`select: false`), left out of the session's `$lookup` too. */
const HIDDEN_IN_LOOKUP = Object.fromEntries(
  Object.entries(UserModel.schema.paths).filter(([, path]) => path.options.select === false).map(([name]) => [`user.${name}`, 0]),
);

/** A stored session, as the lookup reads it. */
export type SessionRow = Session & { _id: Types.ObjectId };

/** A staff account as the admin's staff page shows it. */
export type StaffRow = User & { _id: Types.ObjectId; createdAt: Date };

/** What the admin's professional search matches: a whole CPF, or words that begin the search tokens. */
export type ProfessionalQuery = { cpf: string } | { words: string[] };

export class UserRepository {
  /** The mail waiting in accounts' outboxes (mail/delivery.service); a professional owns their account's. */
  readonly outbox = new OutboxRepository('user', () => UserModel.collection, (professionalId) => ({ _id: professionalId }));

  /** An account by its id, without its private fields (a session's comes with it: sessionWithUser). */
  findById(id: Types.ObjectId): Promise<AuthedUser | null> {
    return UserModel.findById(id).lean<AuthedUser>();
  }

  /**
   * A live session and its account (without its private fields) in one read: what every
   * authenticated request looks up first, so one round trip instead of two in a row. `user` is
   * null when the account is gone.
   */
  async sessionWithUser(match: { _id: Types.ObjectId } | { tokenHash: string }, now: Date): Promise<{ session: SessionRow; user: AuthedUser | null } | null> {
    const [row] = await SessionModel.aggregate<SessionRow & { user: AuthedUser[] }>([
      { $match: { ...match, expiresAt: { $gt: now } } },
      { $limit: 1 },
      { $lookup: { from: UserModel.collection.name, localField: 'userId', foreignField: '_id', as: 'user' } },
      { $project: HIDDEN_IN_LOOKUP },
    ]);
    if (!row) return null;
    const { user, ...session } = row;
    return { session, user: user[0] ?? null };
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

  /** Every enabled attendant and admin (the desk alerts of a new ticket or answer go to each). */
  async activeStaffIds(): Promise<Types.ObjectId[]> {
    const rows = await UserModel.find({ role: STAFF_ROLES, disabled: false }, { _id: 1 }).lean();
    return rows.map((r) => r._id);
  }

  /** An enabled attendant or admin, by id (the assignee of an `assign`). */
  activeStaff(id: string): Promise<{ _id: Types.ObjectId; name: string } | null> {
    return UserModel.findOne({ _id: id, role: STAFF_ROLES, disabled: false }, { name: 1 }).lean();
  }

  // ── Staff accounts (users/staff.service) ──

  /** Whether any account, of either realm, uses this login (staff logins are unique across both). */
  async loginTaken(login: string): Promise<boolean> {
    return Boolean(await UserModel.exists({ login }));
  }

  async adminExists(): Promise<boolean> {
    return Boolean(await UserModel.exists({ role: 'admin' }));
  }

  /** Stores a staff account; the unique indexes refuse a duplicate login or e-mail. */
  async createStaff(doc: { role: 'attendant' | 'admin'; name: string; login: string; email: string; passwordHash: string; passwordChangedAt: Date; mustChangePassword: boolean }): Promise<StaffRow> {
    const user = await UserModel.create({ ...doc, realm: 'staff' });
    return user.toObject() as StaffRow;
  }

  /** Every staff account, by name. */
  listStaff(): Promise<StaffRow[]> {
    return UserModel.find({ role: STAFF_ROLES }).sort({ name: 1 }).lean<StaffRow[]>();
  }

  /** The enabled staff, by name (the desk's "assign to" picker). */
  listActiveStaff(): Promise<Array<{ _id: Types.ObjectId; name: string; role: string }>> {
    return UserModel.find({ role: STAFF_ROLES, disabled: false }, { name: 1, role: 1 }).sort({ name: 1 }).lean();
  }

  /** Disables or enables a staff account; null when no staff account has this id. */
  setStaffDisabled(id: string, disabled: boolean): Promise<StaffRow | null> {
    return UserModel.findOneAndUpdate({ _id: id, role: STAFF_ROLES }, { $set: { disabled } }, { new: true }).lean<StaffRow>();
  }

  /** What an admin's password reset checks against and notifies. */
  staffContact(id: string) {
    return UserModel.findOne({ _id: id, role: STAFF_ROLES }, { login: 1, name: 1, email: 1 }).lean();
  }

  /** Stores the password an admin chose, which the owner must change at next sign-in, with its notice. */
  setAdminChosenPassword(id: Types.ObjectId, passwordHash: string, now: Date, notice: OutboxEntry): Promise<StaffRow | null> {
    return UserModel.findOneAndUpdate(
      { _id: id },
      { $set: { passwordHash, passwordChangedAt: now, mustChangePassword: true }, $push: { outbox: notice } },
      { new: true },
    ).lean<StaffRow>();
  }

  // ── Professionals, for the admin area (users/professionals.service) ──

  async professionalExists(id: Types.ObjectId): Promise<boolean> {
    return Boolean(await UserModel.exists({ _id: id, role: 'professional' }));
  }

  /** A professional's contact (the e-mail an admin corrects, with what their search words come from). */
  professionalContact(id: Types.ObjectId) {
    return UserModel.findOne({ _id: id, role: 'professional' }, { email: 1, name: 1, login: 1 }).lean();
  }

  /** Whether another account already uses this e-mail. */
  async emailTakenByOther(email: string, id: Types.ObjectId): Promise<boolean> {
    // By the e-mail alone, the account itself left out here: `_id: {$ne}` can make DocumentDB scan
    // the whole `_id` index beside the e-mail's (as `protocol: {$ne}` did in the related tickets).
    const holders = await UserModel.find({ email }, { _id: 1 }).limit(2).lean();
    return holders.some((holder) => !holder._id.equals(id));
  }

  /** Sets a professional's e-mail and the search words that follow from it. */
  async setProfessionalEmail(id: Types.ObjectId, email: string, contact: { name: string; login: string }): Promise<void> {
    await UserModel.updateOne({ _id: id }, { $set: { email, searchTokens: professionalTokens({ name: contact.name, email, login: contact.login }) } });
  }

  /**
   * Up to 20 professionals by name. Words must each begin one of the search tokens: an anchored,
   * case-sensitive regex on normalised tokens, which the { role, searchTokens } index serves.
   */
  searchProfessionals(query: ProfessionalQuery) {
    const filter: FilterQuery<User> = 'cpf' in query
      ? { role: 'professional', cpf: query.cpf }
      : {
        role: 'professional',
        $and: query.words.length === 0 ? [{ _id: null }] : query.words.map((w) => ({ searchTokens: { $elemMatch: { $regex: `^${escapeRegex(w)}` } } })),
      };
    return UserModel.find(filter, { name: 1, email: 1, login: 1, cpf: 1, disabled: 1, createdAt: 1 })
      .sort({ name: 1 })
      .limit(20)
      .lean<Array<Pick<User, 'name' | 'email' | 'login' | 'cpf' | 'disabled'> & { _id: Types.ObjectId; createdAt?: Date }>>();
  }

  /** Gives search words to up to `batch` professionals stored before they existed; how many it did. */
  async backfillSearchTokens(batch = 500): Promise<number> {
    const rows = await UserModel.find({ role: 'professional', searchTokens: { $exists: false } }, { name: 1, email: 1, login: 1 }).limit(batch).lean();
    if (rows.length === 0) return 0;
    await UserModel.bulkWrite(rows.map((u) => ({ updateOne: { filter: { _id: u._id }, update: { $set: { searchTokens: professionalTokens(u) } } } })));
    return rows.length;
  }

  /**
   * Databases from before login realms: every account gets its realm, and the old unique index on the
   * login alone, which would still make a signup collide with a staff login, goes away.
   */
  async migrateLoginRealms(): Promise<void> {
    await UserModel.updateMany({ realm: { $exists: false }, role: 'professional' }, { $set: { realm: 'professional' } });
    await UserModel.updateMany({ realm: { $exists: false }, role: { $ne: 'professional' } }, { $set: { realm: 'staff' } });
    const indexes = await UserModel.collection.indexes().catch(() => []);
    if (indexes.some((index) => index.name === 'login_1' && index.unique)) await UserModel.collection.dropIndex('login_1');
  }
}

export function createUserRepository(): UserRepository {
  return new UserRepository();
}
