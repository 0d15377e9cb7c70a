import { describe, expect, it } from 'vitest';
import { LOGIN_LIMITS, issueDeviceToken, loginDelaySeconds, readDeviceToken } from './throttle';

describe('loginDelaySeconds', () => {
  it('is free up to the threshold, then doubles per failure up to 15 minutes', () => {
    const free = LOGIN_LIMITS.perLogin.free;
    expect(loginDelaySeconds(0)).toBe(0);
    expect(loginDelaySeconds(free)).toBe(0);
    expect([1, 2, 3, 4, 5].map((n) => loginDelaySeconds(free + n))).toEqual([1, 2, 4, 8, 16]);
    expect(loginDelaySeconds(free + 40)).toBe(15 * 60);
  });
});

describe('device tokens', () => {
  const secret = Buffer.alloc(32, 7);
  const now = new Date('2026-03-10T12:00:00Z');

  it('vouches for its login until it expires, and keeps the device id when renewed', () => {
    const token = issueDeviceToken(secret, 'ana.souza', now);
    const claims = readDeviceToken(secret, token, now)!;
    expect(claims.l).toBe('ana.souza');
    const renewed = readDeviceToken(secret, issueDeviceToken(secret, 'ana.souza', now, claims), now)!;
    expect(renewed.d).toBe(claims.d);
    expect(readDeviceToken(secret, token, new Date(now.getTime() + (LOGIN_LIMITS.deviceDays + 1) * 86_400_000))).toBeNull();
  });

  it('refuses a token signed with another secret or tampered with', () => {
    const token = issueDeviceToken(secret, 'ana.souza', now);
    expect(readDeviceToken(Buffer.alloc(32, 8), token, now)).toBeNull();
    expect(readDeviceToken(secret, `${token}x`, now)).toBeNull();
    expect(readDeviceToken(secret, undefined, now)).toBeNull();
  });
});
