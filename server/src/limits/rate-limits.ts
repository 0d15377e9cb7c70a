// Rate limits per address and per account on the actions worth abusing (signup, password reset,
// ticket creation, uploads), counted in MongoDB by rate-limiter-flexible so they hold across
// server instances. Logins have their own throttle (users/throttle.ts), which must count an
// attempt before the password is checked.
import { RateLimiterMongo, RateLimiterRes } from 'rate-limiter-flexible';
import type { Db } from 'mongodb';
import { waitRefusal } from '../errors';
import { retryingLostRaces } from '../upsert-race';

export type LimitedAction = 'signup' | 'password_reset' | 'password_reset_check' | 'ticket_create' | 'upload' | 'ticket_message' | 'kb_search' | 'kb_feedback';

type Scope = 'perAddress' | 'perAccount' | 'perTicket';

/** [points, seconds] per client address, per account and, for messages, per ticket. */
export const RATE_LIMITS: Record<LimitedAction, { perAddress: [number, number]; perAccount: [number, number]; perTicket?: [number, number] }> = {
  signup: { perAddress: [20, 3600], perAccount: [10, 3600] },
  password_reset: { perAddress: [10, 3600], perAccount: [3, 3600] },
  password_reset_check: { perAddress: [60, 3600], perAccount: [60, 3600] },
  ticket_create: { perAddress: [120, 3600], perAccount: [20, 3600] },
  upload: { perAddress: [300, 3600], perAccount: [100, 3600] },
  // A professional's comments, answers and rejections: enough for a conversation, not for a flood
  // (each one alerts every attendant and grows the ticket).
  ticket_message: { perAddress: [300, 3600], perAccount: [60, 3600], perTicket: [10, 600] },
  // Public and unauthenticated: generous for people typing (suggestions are debounced), tight for scrapers.
  kb_search: { perAddress: [300, 300], perAccount: [300, 300] },
  kb_feedback: { perAddress: [200, 3600], perAccount: [200, 3600] },
};

/** The lead of each action's refusal, before "Aguarde N minutos e tente novamente." */
const REFUSALS: Partial<Record<LimitedAction, string>> = {
  ticket_message: 'Muitas mensagens em pouco tempo.',
};

export interface RateLimits {
  /** Spends one point for the address, the account and the ticket (if given), or refuses with too_many_attempts. */
  consume(action: LimitedAction, who: { ip: string; account?: string; ticket?: string }): Promise<void>;
}

/**
 * The counters' indexes, created before the server takes requests: left to the library, each
 * instance would create them in the background while its first requests were already counting.
 */
export async function createRateLimitIndexes(db: Db): Promise<void> {
  const collection = db.collection('ratelimits');
  await retryingLostRaces(() => collection.createIndex({ key: 1 }, { unique: true }));
  await collection.createIndex({ expire: -1 }, { expireAfterSeconds: 0 }).catch(() => undefined);
}

/** `multiplier` scales every limit (bulk imports, load tests); 1 in production. */
export function createRateLimits(db: Db, multiplier: number): RateLimits {
  const limiters = new Map<string, RateLimiterMongo>();
  const limiter = (action: LimitedAction, scope: Scope) => {
    const key = `${action}:${scope}`;
    let found = limiters.get(key);
    if (!found) {
      const [points, duration] = RATE_LIMITS[action][scope]!;
      found = new RateLimiterMongo({
        storeClient: db, tableName: 'ratelimits', keyPrefix: key, points: Math.ceil(points * multiplier), duration,
        // Created once at start (createRateLimitIndexes), not raced by the first requests of every instance.
        disableIndexesCreation: true,
      });
      limiters.set(key, found);
    }
    return found;
  };
  return {
    async consume(action, who) {
      try {
        // Narrowest first: a flood on one ticket is refused there and spends nothing of the account's
        // or the address's points (the library counts refused attempts too). The library handles
        // E11000 itself; other engines' answers to the same race come back here (retryingLostRaces).
        if (who.ticket && RATE_LIMITS[action].perTicket) await retryingLostRaces(() => limiter(action, 'perTicket').consume(who.ticket!));
        const address = retryingLostRaces(() => limiter(action, 'perAddress').consume(who.ip));
        if (!who.account) {
          await address;
          return;
        }
        // The account's and the address's points are counted together (one wait, not two in a row);
        // an attempt the account refuses gets its address point back, so one account's flood does not
        // use up the points of everyone behind the same address (an office's shared address).
        const [account, shared] = await Promise.allSettled([retryingLostRaces(() => limiter(action, 'perAccount').consume(who.account!)), address]);
        if (account.status === 'rejected') {
          if (account.reason instanceof RateLimiterRes) await limiter(action, 'perAddress').reward(who.ip, 1);
          throw account.reason;
        }
        if (shared.status === 'rejected') throw shared.reason;
      } catch (error) {
        if (error instanceof RateLimiterRes) throw waitRefusal(REFUSALS[action] ?? 'Muitas solicitações em pouco tempo.', error.msBeforeNext);
        throw error;
      }
    },
  };
}
