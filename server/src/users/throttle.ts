// Login throttling that a stranger cannot turn against an account's owner: rate-limiter-flexible's
// login-protection pattern ("consecutive fails by username and IP" plus "slow brute by IP"), with
// OWASP's device cookies. Counters live in MongoDB, so the limits hold across server instances.
//
// - Fast lock per (login, address): 5 consecutive failures lock that pair for 15 minutes. Each
//   attempt takes its point *before* the password is checked, so parallel guesses cannot slip past.
// - Per address across logins: 50 failures in 15 minutes block unknown devices from that address
//   for 15 minutes. Only failures count; a trusted device behind the same NAT still gets in.
// - Per login across addresses: a slow, high threshold (30 failures a day) after which unknown
//   devices wait a delay that doubles per failure (1 s … 15 min). Never a hard lock.
// - Trusted devices: a signed device token, handed out after a successful login, skips the address
//   and login checks above; it has its own counter (5 consecutive failures lock that token).
import { createHash, randomBytes } from 'node:crypto';
import { RateLimiterMongo, RateLimiterRes } from 'rate-limiter-flexible';
import type { Db } from 'mongodb';
import { waitRefusal } from '../errors';
import { signToken, verifyToken } from '../tokens';
import { retryingLostRaces } from '../upsert-race';

export const LOGIN_LIMITS = {
  /** Consecutive failures of one login from one address (or one trusted device). */
  consecutive: { points: 5, durationS: 60 * 60, blockS: 15 * 60 },
  /** Failures from one address across every login. */
  perAddress: { points: 50, durationS: 15 * 60, blockS: 15 * 60 },
  /** Failures of one login from anywhere before unknown devices are slowed down. */
  perLogin: { free: 30, durationS: 24 * 60 * 60, maxDelayS: 15 * 60 },
  /** How long a device token stays valid (renewed at every successful login). */
  deviceDays: 180,
} as const;

const REFUSAL = 'Muitas tentativas de acesso.';

export interface Attempt {
  /** The credentials were right: forget this login's consecutive failures here. */
  succeeded(): Promise<void>;
  /** A wrong password or code: counts against the address and the login. */
  failed(): Promise<void>;
  /** Neither a success nor a failure (a second factor is still due): give this attempt's point back. */
  release(): Promise<void>;
}

export interface DeviceClaims {
  /** The login (normalised) the device signed in with. */
  l: string;
  /** A random id for this device. */
  d: string;
}

export interface LoginThrottle {
  /**
   * Takes an attempt for `login` from `ip`, on a trusted device when `device` is a valid token for
   * that login, or refuses with too_many_attempts.
   */
  take(login: string, ip: string, device?: DeviceClaims | null): Promise<Attempt>;
  /** Forgets every failure of a login (after a password reset). */
  clear(login: string): Promise<void>;
}

const hash = (value: string) => createHash('sha256').update(value).digest('base64url').slice(0, 22);

function refused(error: unknown): never {
  if (error instanceof RateLimiterRes) throw waitRefusal(REFUSAL, error.msBeforeNext);
  throw error;
}

/** The delay an unknown device waits after `failures` failures of a login from anywhere. */
export function loginDelaySeconds(failures: number): number {
  const over = failures - LOGIN_LIMITS.perLogin.free;
  return over <= 0 ? 0 : Math.min(2 ** (over - 1), LOGIN_LIMITS.perLogin.maxDelayS);
}

export function createLoginThrottle(db: Db): LoginThrottle {
  const limiter = (keyPrefix: string, points: number, duration: number, blockDuration = 0) =>
    new RateLimiterMongo({ storeClient: db, tableName: 'ratelimits', keyPrefix, points, duration, blockDuration, disableIndexesCreation: true });
  const { consecutive, perAddress, perLogin } = LOGIN_LIMITS;
  const byLoginAndAddress = limiter('login_fail_login_ip', consecutive.points, consecutive.durationS, consecutive.blockS);
  const byDevice = limiter('login_fail_device', consecutive.points, consecutive.durationS, consecutive.blockS);
  // Failures are counted after the fact, so the one that reaches the limit must already block.
  const byAddress = limiter('login_fail_ip', perAddress.points - 1, perAddress.durationS, perAddress.blockS);
  // A plain counter (never refuses) and a block set from it: the progressive delay.
  const byLogin = limiter('login_fail_login', Number.MAX_SAFE_INTEGER, perLogin.durationS);
  const loginDelay = limiter('login_delay', 1, 1);

  const blockedFor = async (store: RateLimiterMongo, key: string): Promise<number> => {
    const res = await store.get(key);
    return res && res.consumedPoints > store.points ? res.msBeforeNext : 0;
  };

  return {
    async take(login, ip, device) {
      const trusted = device && device.l === login ? device : null;
      const [fast, fastKey] = trusted ? [byDevice, `${hash(login)}:${hash(trusted.d)}`] : [byLoginAndAddress, `${hash(login)}:${ip}`];
      if (!trusted) {
        const waitMs = Math.max(await blockedFor(byAddress, ip), await blockedFor(loginDelay, hash(login)));
        if (waitMs > 0) throw waitRefusal(REFUSAL, waitMs);
      }
      await retryingLostRaces(() => fast.consume(fastKey)).catch(refused);
      return {
        async succeeded() {
          await fast.delete(fastKey);
        },
        async failed() {
          if (trusted) return;
          await retryingLostRaces(() => byAddress.consume(ip)).catch((error: unknown) => {
            if (!(error instanceof RateLimiterRes)) throw error;
          });
          const counted = await retryingLostRaces(() => byLogin.penalty(hash(login)));
          const delayS = loginDelaySeconds(counted.consumedPoints);
          if (delayS > 0) await retryingLostRaces(() => loginDelay.block(hash(login), delayS));
        },
        async release() {
          await fast.reward(fastKey);
        },
      };
    },
    async clear(login) {
      // Every address's consecutive failures of this login too: the keys are `<prefix>:<login>:<ip>`.
      const prefix = `login_fail_login_ip:${hash(login)}:`;
      await Promise.all([
        byLogin.delete(hash(login)),
        loginDelay.delete(hash(login)),
        db.collection('ratelimits').deleteMany({ key: { $gte: prefix, $lt: `${prefix}\uffff` } }),
      ]);
    },
  };
}

/** A device token for a login: a signed id, sent back by that device at its next logins. */
export function issueDeviceToken(secret: Buffer, login: string, now: Date, previous?: DeviceClaims | null): string {
  const d = previous?.l === login ? previous.d : randomBytes(16).toString('base64url');
  return signToken(secret, 'device', { l: login, d }, new Date(now.getTime() + LOGIN_LIMITS.deviceDays * 86_400_000));
}

export function readDeviceToken(secret: Buffer, token: string | undefined, now: Date): DeviceClaims | null {
  if (!token) return null;
  const claims = verifyToken<DeviceClaims>(secret, 'device', token, now);
  return claims && typeof claims.l === 'string' && typeof claims.d === 'string' ? claims : null;
}
