// Throttles failed logins per login and per address with counters in MongoDB, so the limit holds
// across server instances. The answer never says whether the login exists.
import { DomainError } from '../errors';
import { ThrottleModel } from './session.model';

export const LOGIN_LIMITS = {
  perLogin: { max: 5, windowMs: 15 * 60_000 },
  perAddress: { max: 50, windowMs: 15 * 60_000 },
} as const;

type Limit = { max: number; windowMs: number };

function keysFor(login: string, ip: string): Array<[string, Limit]> {
  return [
    [`login:${login}`, LOGIN_LIMITS.perLogin],
    [`ip:${ip}`, LOGIN_LIMITS.perAddress],
  ];
}

/** Refuses with too_many_attempts while either counter is over its limit. */
export async function assertNotThrottled(login: string, ip: string, now: Date): Promise<void> {
  const keys = keysFor(login, ip);
  const docs = await ThrottleModel.find({ _id: { $in: keys.map(([k]) => k) }, resetAt: { $gt: now } }).lean();
  for (const doc of docs) {
    const limit = keys.find(([k]) => k === doc._id)![1];
    if (doc.count >= limit.max) {
      const seconds = Math.ceil((doc.resetAt.getTime() - now.getTime()) / 1000);
      const minutes = Math.max(1, Math.ceil(seconds / 60));
      throw new DomainError(
        'too_many_attempts',
        `Muitas tentativas de acesso. Aguarde ${minutes} minuto${minutes > 1 ? 's' : ''} e tente novamente.`,
        undefined,
        seconds,
      );
    }
  }
}

export async function recordFailure(login: string, ip: string, now: Date): Promise<void> {
  for (const [key, limit] of keysFor(login, ip)) {
    const bumped = await ThrottleModel.updateOne({ _id: key, resetAt: { $gt: now } }, { $inc: { count: 1 } });
    if (bumped.matchedCount === 0) {
      await ThrottleModel.updateOne(
        { _id: key },
        { $set: { count: 1, resetAt: new Date(now.getTime() + limit.windowMs) } },
        { upsert: true },
      );
    }
  }
}

export async function clearFailures(login: string): Promise<void> {
  await ThrottleModel.deleteOne({ _id: `login:${login}` });
}
