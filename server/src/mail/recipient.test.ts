// Recipients: names lose whatever could start a header or pose as an address; an address is one
// plain mailbox or nothing.
import { describe, expect, it } from 'vitest';
import { isValidAddress, safeRecipient, sanitizeName } from './recipient';

describe('sanitizeName', () => {
  it.each([
    ['Ana\r\nBcc: evil@x.com', 'Ana Bcc: evil@x.com'],
    ['Ana\nTo: <evil@x.com>', 'Ana To: evil@x.com'],
    ['"Ana" <evil@x.com>, bob@x.com', 'Ana evil@x.com, bob@x.com'],
    ['Ana\u0000\u0007 Lúcia', 'Ana Lúcia'],
    ['Ana\u202Emoc.x@live', 'Ana moc.x@live'],
    ['Ana\u2028Bcc: x@y.z', 'Ana Bcc: x@y.z'],
    ['  João   da\tSilva  ', 'João da Silva'],
    ['Maria D\'Ávila-Souza', 'Maria D\'Ávila-Souza'],
    ['back\\slash', 'backslash'],
  ])('%j → %j', (input, output) => {
    expect(sanitizeName(input)).toBe(output);
    expect(sanitizeName(input)).not.toMatch(/[\r\n"<>\\]/);
  });

  it('caps the length', () => {
    expect(sanitizeName('a'.repeat(500)).length).toBeLessThanOrEqual(120);
  });
});

describe('isValidAddress', () => {
  it.each(['ana@exemplo.com.br', 'ana.lucia+cau@exemplo.org', 'a_b-c@sub.dominio.gov.br', 'att.1@causp.test'])('accepts %s', (a) => {
    expect(isValidAddress(a)).toBe(true);
  });

  it.each([
    'ana@exemplo.com\r\nBcc: evil@x.com',
    'ana@exemplo.com, evil@x.com',
    'ana@exemplo.com;evil@x.com',
    'Ana <ana@exemplo.com>',
    '"ana"@exemplo.com',
    'ana@@exemplo.com',
    'ana@exemplo',
    'ana@localhost',
    '.ana@exemplo.com',
    'ana..lucia@exemplo.com',
    'ana@-exemplo.com',
    'ana @exemplo.com',
    'ana@exemplo.com ',
    'ána@exemplo.com',
    '',
    `${'a'.repeat(65)}@exemplo.com`,
  ])('refuses %j', (a) => {
    expect(isValidAddress(a)).toBe(false);
  });
});

describe('safeRecipient', () => {
  it('cleans the name and keeps a valid address', () => {
    expect(safeRecipient({ name: 'Ana\r\nBcc: evil@x.com', address: ' ana@exemplo.com ' })).toEqual({ name: 'Ana Bcc: evil@x.com', address: 'ana@exemplo.com' });
  });

  it('refuses an address carrying a second one', () => {
    expect(safeRecipient({ name: 'Ana', address: 'ana@exemplo.com\nBcc: evil@x.com' })).toBeNull();
  });
});
