// TOTP against the RFC 6238 appendix B vectors (SHA-1, last 6 of the 8 digits), base32 as RFC 4648
// spells it, the ±1 step drift window, and the sealed secret: it opens only with the same key and
// any change to it is detected.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  base32Decode, base32Encode, hotp, matchTotp, newTotpSecret, openSecret, otpauthUrl, sealSecret, totpCounter,
} from './totp';

const RFC_SECRET = Buffer.from('12345678901234567890', 'ascii');

/** RFC 6238 appendix B, SHA-1 column: unix time → 8-digit TOTP. */
const RFC_6238_SHA1: Array<[number, string]> = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

const at = (seconds: number) => new Date(seconds * 1000);

describe('hotp / totp (RFC 6238 appendix B)', () => {
  it.each(RFC_6238_SHA1)('at %i s the code is the last 6 digits of %s', (seconds, eight) => {
    expect(hotp(RFC_SECRET, totpCounter(at(seconds)))).toBe(eight.slice(-6));
  });

  it('matches RFC 4226 appendix D (HOTP counters 0–9), also past 2^32 time steps', () => {
    const rfc4226 = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expect(rfc4226.map((_, counter) => hotp(RFC_SECRET, counter))).toEqual(rfc4226);
    // Time steps beyond 32 bits must not wrap (year ~2^32 * 30 s is far, but the counter is 8 bytes).
    expect(hotp(RFC_SECRET, 2 ** 32 + 1)).not.toBe(hotp(RFC_SECRET, 1));
  });

  it('counts 30-second steps', () => {
    expect(totpCounter(at(0))).toBe(0);
    expect(totpCounter(at(29.999))).toBe(0);
    expect(totpCounter(at(30))).toBe(1);
    expect(totpCounter(at(1111111109))).toBe(0x23523ec);
  });
});

describe('matchTotp', () => {
  const secret = base32Encode(RFC_SECRET);
  const now = at(1234567890);
  const step = totpCounter(now);
  const codeAt = (counter: number) => hotp(RFC_SECRET, counter);

  it('accepts the current step and one step either side, returning the step it matched', () => {
    expect(matchTotp(secret, codeAt(step), now)).toBe(step);
    expect(matchTotp(secret, codeAt(step - 1), now)).toBe(step - 1);
    expect(matchTotp(secret, codeAt(step + 1), now)).toBe(step + 1);
  });

  it('refuses codes two steps away, wrong codes and anything that is not 6 digits', () => {
    expect(matchTotp(secret, codeAt(step - 2), now)).toBeNull();
    expect(matchTotp(secret, codeAt(step + 2), now)).toBeNull();
    const wrong = String((Number(codeAt(step)) + 1) % 1_000_000).padStart(6, '0');
    expect(matchTotp(secret, wrong, now)).toBeNull();
    for (const code of ['', '12345', '1234567', ' 89005924', '89005924', 'abcdef', '８９００５９', '005924\n', '0059 24']) {
      expect(matchTotp(secret, code, now), JSON.stringify(code)).toBeNull();
    }
  });

  it('keeps leading zeros (a 6-digit code is a string, not a number)', () => {
    // 1111111109 → 07081804: its last six digits start with a zero.
    expect(matchTotp(secret, '081804', at(1111111109))).toBe(totpCounter(at(1111111109)));
    expect(matchTotp(secret, '81804', at(1111111109))).toBeNull();
  });
});

describe('base32 (RFC 4648)', () => {
  const VECTORS: Array<[string, string]> = [
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ];

  it.each(VECTORS)('encodes %j as %j (unpadded) and back', (plain, encoded) => {
    expect(base32Encode(Buffer.from(plain))).toBe(encoded);
    expect(base32Decode(encoded).toString()).toBe(plain);
  });

  it('decodes padding, lower case and spaces as authenticator apps show them', () => {
    expect(base32Decode('MZXW6YQ=').toString()).toBe('foob');
    expect(base32Decode('mzxw 6ytb oi').toString()).toBe('foobar');
  });

  it('round-trips random byte strings of every length up to 64', () => {
    for (let length = 0; length <= 64; length++) {
      const bytes = randomBytes(length);
      const encoded = base32Encode(bytes);
      expect(encoded).toMatch(/^[A-Z2-7]*$/);
      expect(encoded.length).toBe(Math.ceil((length * 8) / 5));
      expect(base32Decode(encoded).equals(bytes)).toBe(true);
    }
  });

  it('refuses characters outside the alphabet', () => {
    for (const text of ['MZXW1', 'MZXW0', 'MZXW8', 'MZ-W6', 'MZXW6!']) expect(() => base32Decode(text), text).toThrow();
  });

  it('makes new secrets of 160 bits, different each time', () => {
    const a = newTotpSecret();
    const b = newTotpSecret();
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(a)).toHaveLength(20);
    expect(a).not.toBe(b);
  });
});

describe('otpauth URL', () => {
  it('names the issuer and account and carries the secret and parameters apps expect', () => {
    const url = new URL(otpauthUrl('JBSWY3DPEHPK3PXP', 'ana.souza'));
    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    expect(decodeURIComponent(url.pathname)).toBe('/Atendimento CAU/SP:ana.souza');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      secret: 'JBSWY3DPEHPK3PXP', issuer: 'Atendimento CAU/SP', algorithm: 'SHA1', digits: '6', period: '30',
    });
  });
});

describe('sealed secrets (AES-256-GCM)', () => {
  const key = randomBytes(32);
  const secret = newTotpSecret();

  it('opens what it sealed, and the sealed form does not contain the secret', () => {
    const sealed = sealSecret(key, secret);
    expect(sealed).not.toContain(secret);
    expect(sealed.split('.')).toHaveLength(3);
    expect(openSecret(key, sealed)).toBe(secret);
  });

  it('seals the same secret differently each time (fresh IV)', () => {
    expect(sealSecret(key, secret)).not.toBe(sealSecret(key, secret));
  });

  it('refuses to open with another key', () => {
    expect(() => openSecret(randomBytes(32), sealSecret(key, secret))).toThrow();
  });

  it('detects any change to the IV, the tag or the ciphertext', () => {
    const sealed = sealSecret(key, secret);
    const parts = sealed.split('.');
    for (let part = 0; part < 3; part++) {
      const bytes = Buffer.from(parts[part]!, 'base64url');
      for (const index of [0, bytes.length - 1]) {
        const flipped = Buffer.from(bytes);
        flipped[index]! ^= 0x01;
        const tampered = parts.map((p, i) => (i === part ? flipped.toString('base64url') : p)).join('.');
        expect(() => openSecret(key, tampered), `part ${part}, byte ${index}`).toThrow();
      }
    }
  });

  it('refuses a truncated tag, even a prefix of the right one (GCM accepts short tags unless told their length)', () => {
    const [iv, tag, body] = sealSecret(key, secret).split('.');
    const full = Buffer.from(tag!, 'base64url');
    expect(full).toHaveLength(16);
    for (const length of [4, 8, 12, 15]) {
      const short = full.subarray(0, length).toString('base64url');
      expect(() => openSecret(key, `${iv}.${short}.${body}`), `${length}-byte tag`).toThrow();
    }
  });

  it('refuses truncated or malformed sealed values', () => {
    const sealed = sealSecret(key, secret);
    const [iv, tag, body] = sealed.split('.');
    for (const broken of [`${iv}.${tag}`, `${iv}.${tag}.`, `${iv}..${body}`, `.${tag}.${body}`, '', 'garbage', `${iv}.${tag!.slice(0, 8)}.${body}`]) {
      expect(() => openSecret(key, broken), broken).toThrow();
    }
  });
});
