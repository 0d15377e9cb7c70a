// Wall-clock arithmetic in America/Sao_Paulo, independent of the host's zone.

import { describe, expect, it } from 'vitest';
import { TIME_ZONE, addLocalDays, fromLocal, isoDate, localYear, toLocal, weekday, type LocalDateTime } from './time';

const local = (year: number, month: number, day: number, hour = 0, minute = 0, second = 0, millisecond = 0): LocalDateTime => ({
  year, month, day, hour, minute, second, millisecond,
});

describe('toLocal / fromLocal', () => {
  it('works in São Paulo time', () => {
    expect(TIME_ZONE).toBe('America/Sao_Paulo');
  });

  it.each([
    ['2026-11-17T01:30:00.000Z', local(2026, 11, 16, 22, 30)],
    ['2026-01-01T02:59:59.999Z', local(2025, 12, 31, 23, 59, 59, 999)],
    ['2026-01-01T03:00:00.000Z', local(2026, 1, 1, 0, 0)],
    ['2026-07-09T15:04:05.006Z', local(2026, 7, 9, 12, 4, 5, 6)],
    ['2028-02-29T12:00:00.000Z', local(2028, 2, 29, 9, 0)],
  ])('%s is %o in São Paulo, and back', (iso, expected) => {
    expect(toLocal(new Date(iso))).toEqual(expected);
    expect(fromLocal(expected).toISOString()).toBe(iso);
  });

  it('shows midnight as 00, not 24', () => {
    expect(toLocal(new Date('2026-03-02T03:00:00Z')).hour).toBe(0);
  });

  it('round-trips every hour of a year', () => {
    const start = Date.UTC(2026, 0, 1);
    for (let t = start; t < start + 366 * 86_400_000; t += 3_600_000 + 17_000) {
      expect(fromLocal(toLocal(new Date(t))).getTime()).toBe(t);
    }
  });

  it('handles the historical daylight-saving offset (before 2019) at an ordinary time', () => {
    // January 2018 was summer time in São Paulo (UTC−2).
    expect(toLocal(new Date('2018-01-15T12:00:00Z'))).toEqual(local(2018, 1, 15, 10, 0));
    expect(fromLocal(local(2018, 1, 15, 10, 0)).toISOString()).toBe('2018-01-15T12:00:00.000Z');
  });
});

describe('addLocalDays', () => {
  it.each([
    [local(2026, 3, 2, 10, 30), 5, local(2026, 3, 7, 10, 30)],
    [local(2026, 1, 30, 22, 30), 1, local(2026, 1, 31, 22, 30)],
    [local(2026, 1, 31, 22, 30), 1, local(2026, 2, 1, 22, 30)],
    [local(2026, 12, 30, 8, 0), 5, local(2027, 1, 4, 8, 0)],
    [local(2028, 2, 28, 8, 0), 1, local(2028, 2, 29, 8, 0)],
    [local(2027, 2, 28, 8, 0), 1, local(2027, 3, 1, 8, 0)],
    [local(2026, 3, 1, 8, 0), -1, local(2026, 2, 28, 8, 0)],
  ])('%o + %i days = %o, keeping the wall-clock time', (from, n, expected) => {
    expect(addLocalDays(from, n)).toEqual(expected);
  });

  it('does not mutate its argument', () => {
    const from = Object.freeze(local(2026, 3, 2, 10));
    addLocalDays(from, 3);
    expect(from).toEqual(local(2026, 3, 2, 10));
  });
});

describe('weekday and isoDate', () => {
  it.each([
    [local(2026, 3, 1), 0],
    [local(2026, 3, 2), 1],
    [local(2026, 11, 20), 5],
    [local(2026, 3, 7), 6],
    [local(2000, 1, 1), 6],
  ])('%o is weekday %i', (date, dow) => {
    expect(weekday(date)).toBe(dow);
  });

  it('writes YYYY-MM-DD with zero padding', () => {
    expect(isoDate(local(2026, 3, 2))).toBe('2026-03-02');
    expect(isoDate(local(2026, 11, 20))).toBe('2026-11-20');
  });
});

describe('localYear', () => {
  it('is the year in São Paulo, not in UTC (protocol numbers restart at local midnight)', () => {
    expect(localYear(new Date('2027-01-01T01:00:00Z'))).toBe(2026);
    expect(localYear(new Date('2027-01-01T03:00:00Z'))).toBe(2027);
  });
});
