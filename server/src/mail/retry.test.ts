// Retry policy: exponential backoff with a cap, and which send errors are retried or final.
import { describe, expect, it } from 'vitest';
import { BACKOFF_CAP_MS, backoffMs, classifySendError, describeError } from './retry';

describe('backoffMs', () => {
  it('doubles from the base and stops at the cap', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(n, 1_000))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000]);
    expect(backoffMs(20, 1_000)).toBe(BACKOFF_CAP_MS);
    expect(backoffMs(10_000, 1_000)).toBe(BACKOFF_CAP_MS);
    expect(backoffMs(0, 1_000)).toBe(1_000);
  });

  it('never waits less than the base, even when the base is above the cap', () => {
    expect(backoffMs(1, 10 * 60_000)).toBe(10 * 60_000);
    expect(backoffMs(3, 2_000, 5_000)).toBe(5_000);
  });
});

describe('classifySendError', () => {
  it.each([
    ['450 mailbox busy', { code: 'EENVELOPE', responseCode: 450, response: '450 4.2.1 Mailbox busy', permanent: false }],
    ['421 closing', { code: 'EPROTOCOL', responseCode: 421, response: '421 Service not available' }],
    ['503 bad sequence', { code: 'EPROTOCOL', responseCode: 503, response: '503 Bad sequence' }],
    ['connection refused', { code: 'ESOCKET', originalCode: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:2525' }],
    ['plain ECONNREFUSED', { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' }],
    ['reset', { code: 'ECONNECTION', originalCode: 'ECONNRESET', message: 'socket hang up' }],
    ['greeting timeout', { code: 'ETIMEDOUT', message: 'Greeting never received' }],
    ['dns', { code: 'EDNS', message: 'queryA ENOTFOUND smtp.x' }],
    ['auth (our configuration)', { code: 'EAUTH', responseCode: 535, response: '535 Authentication failed' }],
    ['disk full (file transport)', { code: 'ENOSPC', message: 'no space left on device' }],
    ['unknown', { message: 'something odd' }],
  ])('retries: %s', (_, error) => {
    expect(classifySendError(error).retry).toBe(true);
  });

  it.each([
    ['550 no such user', { code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 No such user', permanent: true }],
    ['552 too big', { code: 'EMESSAGE', responseCode: 552, response: '552 Message too large' }],
    ['554 rejected', { code: 'EMESSAGE', responseCode: 554, response: '554 Transaction failed' }],
    ['no recipients', { code: 'EENVELOPE', message: 'No recipients defined' }],
  ])('gives up: %s', (_, error) => {
    expect(classifySendError(error).retry).toBe(false);
  });

  it('tells a dead server from a refused message', () => {
    expect(classifySendError({ code: 'ESOCKET', originalCode: 'ECONNREFUSED' }).unreachable).toBe(true);
    expect(classifySendError({ code: 'EENVELOPE', responseCode: 450 }).unreachable).toBe(false);
  });

  it('describes the error on one short line', () => {
    const text = describeError({ code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1\r\nNo such user' });
    expect(text).toBe('EENVELOPE: 550 5.1.1 No such user');
    expect(describeError({ message: 'x'.repeat(2_000) }).length).toBe(500);
    expect(describeError({ code: 'ESOCKET', originalCode: 'ECONNREFUSED', message: 'connect' })).toBe('ESOCKET/ECONNREFUSED: connect');
  });
});
