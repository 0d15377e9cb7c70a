import { describe, expect, it } from 'vitest';
import { decide, type GuardMeta } from './guard';

const STAFF = ['attendant', 'admin'] as const;
const ADMIN = ['admin'] as const;

describe('the route guard', () => {
  it.each<[string, GuardMeta, 'attendant' | 'admin' | 'professional' | null, string]>([
    ['login, signed out', { guest: true }, null, 'allow'],
    ['login, signed in', { guest: true }, 'attendant', 'home'],
    ['queue, signed out', { roles: STAFF }, null, 'login'],
    ['queue, attendant', { roles: STAFF }, 'attendant', 'allow'],
    ['queue, admin', { roles: STAFF }, 'admin', 'allow'],
    ['queue, professional', { roles: STAFF }, 'professional', 'forbidden'],
    ['admin page, signed out', { roles: ADMIN }, null, 'login'],
    ['admin page, attendant', { roles: ADMIN }, 'attendant', 'forbidden'],
    ['admin page, admin', { roles: ADMIN }, 'admin', 'allow'],
    ['open page', {}, null, 'allow'],
  ])('%s → %s', (_name, meta, role, expected) => {
    expect(decide(meta, role ? { role } : null)).toBe(expected);
  });

  it('keeps staff who must enrol in two-step verification on the account page', () => {
    expect(decide({ roles: STAFF }, { role: 'attendant' }, true)).toBe('enrol');
    expect(decide({ roles: ADMIN }, { role: 'admin' }, true)).toBe('enrol');
    expect(decide({ roles: STAFF, enrolment: true }, { role: 'attendant' }, true)).toBe('allow');
    expect(decide({ roles: ADMIN }, { role: 'attendant' }, true)).toBe('forbidden');
    expect(decide({ guest: true }, null, true)).toBe('allow');
  });
});
