// Reads and writes of the users collection that the sessions, the login, the account page and the
// lifecycle make, as one object in `Deps`. `passwordHash` and `outbox` are `select: false` in the
// schema: only the two methods that need the hash name it.
import type { Types } from 'mongoose';
import type { OutboxEntry } from '../tickets/ticket.repository';
import { UserModel, type UserDoc } from './user.model';
import type { AuthedUser } from './auth.service';

export class UserRepository {
  /** The account behind a session, without its private fields. */
  findById(id: Types.ObjectId): Promise<AuthedUser | null> {
    return UserModel.findById(id).lean<AuthedUser>();
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
    await UserModel.updateOne({ _id: id }, { $set: { passwordHash, passwordChangedAt: now }, $push: { outbox: notice } });
  }

  /** An enabled attendant or admin, by id (the assignee of an `assign`). */
  activeStaff(id: string): Promise<{ _id: Types.ObjectId; name: string } | null> {
    return UserModel.findOne({ _id: id, role: { $in: ['attendant', 'admin'] }, disabled: false }, { name: 1 }).lean();
  }
}

export function createUserRepository(): UserRepository {
  return new UserRepository();
}
