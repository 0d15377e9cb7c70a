// Small stateless tokens: HMAC-signed JSON with an expiry (signup step 1 → step 2), and random
// opaque tokens whose SHA-256 is what the database keeps (sessions, password resets).
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function signToken(secret: Buffer, purpose: string, payload: object, expiresAt: Date): string {
  const body = Buffer.from(JSON.stringify({ ...payload, p: purpose, exp: expiresAt.getTime() })).toString('base64url');
  const mac = createHmac('sha256', secret).update(body).digest('base64url');
  return `${body}.${mac}`;
}

/** The payload of a valid, unexpired token for `purpose`, or null. */
export function verifyToken<T>(secret: Buffer, purpose: string, token: string, now: Date): T | null {
  const [body, mac, extra] = token.split('.');
  if (!body || !mac || extra !== undefined) return null;
  const expected = createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as T & { p: string; exp: number };
    if (payload.p !== purpose || typeof payload.exp !== 'number' || payload.exp <= now.getTime()) return null;
    return payload;
  } catch {
    return null;
  }
}
