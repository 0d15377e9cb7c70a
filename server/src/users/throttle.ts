// Throttles logins per login and per address with counters in MongoDB, so the limit holds across
// server instances. Each attempt takes its slot atomically *before* the password is checked, so
// parallel guesses cannot all slip past the limit; a successful login gives its slots back.
// The answer never says whether the login exists.
import { waitRefusal } from '../errors';
import { retryingLostRaces } from '../upsert-race';
import { ThrottleModel } from './session.model';

export const LOGIN_LIMITS = {
  perLogin: { max: 5, windowMs: 15 * 60_000 },
  perAddress: { max: 50, windowMs: 15 * 60_000 },
} as const;

type Limit = { max: number; windowMs: number };

/** Counts one attempt on `key`; returns the count including it and when the window ends. */
async function bump(key: string, limit: Limit, now: Date): Promise<{ count: number; resetAt: Date }> {
  const fresh = new Date(now.getTime() + limit.windowMs);
  await ThrottleModel.updateOne({ _id: key, resetAt: { $lte: now } }, { $set: { count: 0, resetAt: fresh } });
  // The "before" image: some compatible engines can hand two callers the same "after" image.
  const before = await retryingLostRaces(() =>
    ThrottleModel.findOneAndUpdate({ _id: key }, { $inc: { count: 1 }, $setOnInsert: { resetAt: fresh } }, { upsert: true, new: false }).lean(),
  );
  return { count: (before?.count ?? 0) + 1, resetAt: before?.resetAt ?? fresh };
}

async function giveBack(key: string): Promise<void> {
  await ThrottleModel.updateOne({ _id: key, count: { $gt: 0 } }, { $inc: { count: -1 } });
}

export interface Attempt {
  /** The credentials were right: forget this login's failures and return the address's slot. */
  succeeded(): Promise<void>;
  /** Neither a success nor a failure (a second factor is still due): give this attempt's slots back. */
  release(): Promise<void>;
}

/** Takes an attempt slot for the login and the address, or refuses with too_many_attempts. */
export async function takeAttempt(login: string, ip: string, now: Date): Promise<Attempt> {
  const keys: Array<[string, Limit]> = [
    [`login:${login}`, LOGIN_LIMITS.perLogin],
    [`ip:${ip}`, LOGIN_LIMITS.perAddress],
  ];
  const taken: string[] = [];
  for (const [key, limit] of keys) {
    const { count, resetAt } = await bump(key, limit, now);
    taken.push(key);
    if (count > limit.max) {
      // A refused attempt does not count, so waiting out the window is enough.
      await Promise.all(taken.map(giveBack));
      throw waitRefusal('Muitas tentativas de acesso.', resetAt.getTime() - now.getTime());
    }
  }
  return {
    async succeeded() {
      await Promise.all([ThrottleModel.deleteOne({ _id: `login:${login}` }), giveBack(`ip:${ip}`)]);
    },
    async release() {
      await Promise.all(taken.map(giveBack));
    },
  };
}

export async function clearFailures(login: string): Promise<void> {
  await ThrottleModel.deleteOne({ _id: `login:${login}` });
}
