// Deadline arithmetic (SPEC §3): ISO-8601 durations, Easter-based holidays, business days in
// São Paulo, the Lei 9.784/1999 art. 66 rule, and the dd/mm/aaaa hh:mm display — on any host zone.

import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_DEADLINE_SETTINGS, DEFAULT_HOLIDAYS, computeDeadline, deadlinesAt, durationMs, easterSunday,
  isNonBusinessDay, parseDuration, type DeadlineSettings, type Duration, type HolidayCalendar,
} from './deadlines';
import { formatDateTime } from './time';

/** A São Paulo wall-clock time as an instant: `sp('2026-11-16T10:00')`. Brazil has no DST since 2019. */
const sp = (local: string) => new Date(`${local}:00-03:00`);
const ymd = (iso: string) => {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  return { year, month, day };
};
const days = (n: number): Duration => ({ days: n, hours: 0, minutes: 0, seconds: 0 });
const calendarDeadline = (start: Date, duration: Duration, calendar: HolidayCalendar = DEFAULT_HOLIDAYS) =>
  computeDeadline(start, duration, 'calendar', calendar);
const businessDeadline = (start: Date, duration: Duration, calendar: HolidayCalendar = DEFAULT_HOLIDAYS) =>
  computeDeadline(start, duration, 'business', calendar);

describe('parseDuration', () => {
  it.each([
    ['P5D', { days: 5, hours: 0, minutes: 0, seconds: 0 }],
    ['PT3S', { days: 0, hours: 0, minutes: 0, seconds: 3 }],
    ['P1DT12H', { days: 1, hours: 12, minutes: 0, seconds: 0 }],
    ['P2W', { days: 14, hours: 0, minutes: 0, seconds: 0 }],
    ['PT30M', { days: 0, hours: 0, minutes: 30, seconds: 0 }],
    ['PT1H30M', { days: 0, hours: 1, minutes: 30, seconds: 0 }],
    ['P1DT2H3M4S', { days: 1, hours: 2, minutes: 3, seconds: 4 }],
    ['PT1.5S', { days: 0, hours: 0, minutes: 0, seconds: 1.5 }],
    ['p5d', { days: 5, hours: 0, minutes: 0, seconds: 0 }],
    [' P5D ', { days: 5, hours: 0, minutes: 0, seconds: 0 }],
  ])('parses %j', (text, expected) => {
    expect(parseDuration(text)).toEqual(expected);
  });

  it.each(['', ' ', 'P', 'PT', 'P1DT', 'p1dt', 'p5dt', 'pt', '5D', 'P-1D', 'P0D', 'PT0S', 'P0DT0H', 'abc', 'P5', 'P1Y', 'P1M', 'P5DT', 'PT5D', 'P5H', '5 days', 'P5D5D', 'P1.5D'])(
    'refuses %j',
    (text) => {
      expect(parseDuration(text)).toBeNull();
    },
  );

  it('measures durations in milliseconds', () => {
    expect(durationMs(parseDuration('PT3S')!)).toBe(3_000);
    expect(durationMs(parseDuration('P1DT12H')!)).toBe(36 * 3_600_000);
    expect(durationMs(parseDuration('P2W')!)).toBe(14 * 86_400_000);
  });
});

describe('easterSunday', () => {
  it.each([
    [2008, '2008-03-23'],
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2030, '2030-04-21'],
    [2038, '2038-04-25'],
  ])('%i → %s', (year, date) => {
    const easter = easterSunday(year);
    expect(easter.toISOString()).toBe(`${date}T00:00:00.000Z`);
    expect(easter.getUTCDay()).toBe(0);
  });

  it('always falls on a Sunday between 22 March and 25 April', () => {
    for (let year = 1900; year <= 2200; year++) {
      const easter = easterSunday(year);
      expect(easter.getUTCDay(), String(year)).toBe(0);
      const monthDay = easter.toISOString().slice(5, 10);
      expect(monthDay >= '03-22' && monthDay <= '04-25', `${year}: ${monthDay}`).toBe(true);
    }
  });
});

describe('isNonBusinessDay (default calendar: national + São Paulo)', () => {
  it.each([
    ['2026-03-07', 'Saturday'],
    ['2026-03-08', 'Sunday'],
    ['2026-01-01', 'Confraternização Universal'],
    ['2026-01-25', 'aniversário de São Paulo (a Sunday in 2026)'],
    ['2027-01-25', 'aniversário de São Paulo (a Monday in 2027)'],
    ['2026-04-21', 'Tiradentes'],
    ['2026-05-01', 'Dia do Trabalho'],
    ['2026-07-09', 'Revolução Constitucionalista (SP)'],
    ['2026-09-07', 'Independência'],
    ['2026-10-12', 'Nossa Senhora Aparecida'],
    ['2026-11-02', 'Finados'],
    ['2026-11-15', 'Proclamação da República'],
    ['2026-11-20', 'Consciência Negra'],
    ['2026-12-25', 'Natal'],
    ['2026-02-16', 'Carnaval Monday 2026'],
    ['2026-02-17', 'Carnaval Tuesday 2026'],
    ['2026-04-03', 'Good Friday 2026'],
    ['2026-06-04', 'Corpus Christi 2026'],
    ['2025-03-03', 'Carnaval Monday 2025'],
    ['2025-03-04', 'Carnaval Tuesday 2025'],
    ['2025-04-18', 'Good Friday 2025'],
    ['2025-06-19', 'Corpus Christi 2025'],
    ['2027-02-08', 'Carnaval Monday 2027'],
    ['2027-02-09', 'Carnaval Tuesday 2027'],
    ['2027-03-26', 'Good Friday 2027'],
    ['2027-05-27', 'Corpus Christi 2027'],
  ])('%s is a day off (%s)', (date, _why) => {
    expect(isNonBusinessDay(ymd(date), DEFAULT_HOLIDAYS)).toBe(true);
  });

  it.each([
    ['2026-03-09', 'an ordinary Monday'],
    ['2026-03-06', 'an ordinary Friday'],
    ['2026-02-13', 'the Friday before Carnaval'],
    ['2026-02-18', 'Ash Wednesday'],
    ['2026-04-02', 'Holy Thursday'],
    ['2026-04-06', 'Easter Monday'],
    ['2026-06-05', 'the day after Corpus Christi'],
    ['2026-11-19', 'the day before Consciência Negra'],
    ['2026-11-23', 'the Monday after Consciência Negra'],
    ['2026-12-24', 'Christmas Eve'],
    ['2026-01-26', 'the day after São Paulo\u2019s anniversary'],
    ['2025-02-17', 'a Monday that is Carnaval in another year only'],
  ])('%s is a business day (%s)', (date, _why) => {
    expect(isNonBusinessDay(ymd(date), DEFAULT_HOLIDAYS)).toBe(false);
  });

  it('follows an edited calendar', () => {
    const custom: HolidayCalendar = { fixed: ['03-10'], dates: ['2026-03-11'], easterBased: false };
    expect(isNonBusinessDay(ymd('2026-03-10'), custom)).toBe(true);
    expect(isNonBusinessDay(ymd('2027-03-10'), custom)).toBe(true);
    expect(isNonBusinessDay(ymd('2026-03-11'), custom)).toBe(true);
    expect(isNonBusinessDay(ymd('2027-03-11'), custom)).toBe(false);
    expect(isNonBusinessDay(ymd('2026-02-16'), custom)).toBe(false); // Carnaval, switched off
    expect(isNonBusinessDay(ymd('2026-11-20'), custom)).toBe(false); // not in this list
    expect(isNonBusinessDay(ymd('2026-03-14'), custom)).toBe(true); // still a Saturday
  });
});

describe('computeDeadline, calendar days (dias corridos)', () => {
  it.each([
    ['an ordinary weekday stays', '2026-03-03T10:00', 2, '2026-03-05T10:00'],
    ['Mon + 5 days = Saturday → next Monday', '2026-03-02T10:00', 5, '2026-03-09T10:00'],
    ['Tue + 5 days = Sunday → next Monday', '2026-03-03T10:00', 5, '2026-03-09T10:00'],
    ['falls on Carnaval Monday → Ash Wednesday', '2026-02-11T10:00', 5, '2026-02-18T10:00'],
    ['falls on Carnaval Tuesday → Ash Wednesday', '2026-02-12T09:15', 5, '2026-02-18T09:15'],
    ['falls on 20 Nov 2026 (Friday) → Monday 23', '2026-11-15T10:00', 5, '2026-11-23T10:00'],
    ['Mon 16 Nov + 4 days = Fri 20 Nov → Mon 23', '2026-11-16T10:00', 4, '2026-11-23T10:00'],
    ['falls on Good Friday → Monday after Easter', '2026-03-29T16:45', 5, '2026-04-06T16:45'],
    ['falls on Corpus Christi → the Friday after', '2026-05-30T10:00', 5, '2026-06-05T10:00'],
    ['falls on 9 July (SP) → 10 July', '2026-07-04T10:00', 5, '2026-07-10T10:00'],
    ['falls on Christmas (Friday) → Monday 28', '2026-12-20T08:00', 5, '2026-12-28T08:00'],
    ['crosses the year and lands on 1 January → Monday 4', '2026-12-27T11:00', 5, '2027-01-04T11:00'],
    ['falls on 25 January (SP) → 26', '2027-01-20T10:00', 5, '2027-01-26T10:00'],
    ['starting on a holiday counts from it like any day', '2026-11-20T10:00', 5, '2026-11-25T10:00'],
    ['two weeks', '2026-03-02T10:00', 14, '2026-03-16T10:00'],
  ])('%s', (_label, start, n, expected) => {
    expect(calendarDeadline(sp(start), days(n)).toISOString()).toBe(sp(expected).toISOString());
  });

  it('keeps the wall-clock time to the second and millisecond', () => {
    const start = new Date('2026-03-02T10:07:42.123-03:00');
    expect(calendarDeadline(start, days(3)).toISOString()).toBe(new Date('2026-03-05T10:07:42.123-03:00').toISOString());
  });

  it('adds the hours of P1DT12H and still moves off a day without office hours', () => {
    expect(calendarDeadline(sp('2026-03-02T10:00'), parseDuration('P1DT12H')!).toISOString()).toBe(sp('2026-03-03T22:00').toISOString());
    // Thu 19 Nov 10:00 + 1 day 14 h = Sat 21 Nov 00:00 → Monday 23, 00:00.
    expect(calendarDeadline(sp('2026-11-19T10:00'), parseDuration('P1DT14H')!).toISOString()).toBe(sp('2026-11-23T00:00').toISOString());
  });

  it('follows the admin\u2019s one-off dates and Easter switch', () => {
    const withDayOff: HolidayCalendar = { ...DEFAULT_HOLIDAYS, dates: ['2026-03-09'] };
    expect(calendarDeadline(sp('2026-03-02T10:00'), days(5), withDayOff).toISOString()).toBe(sp('2026-03-10T10:00').toISOString());
    const noEaster: HolidayCalendar = { ...DEFAULT_HOLIDAYS, easterBased: false };
    expect(calendarDeadline(sp('2026-02-11T10:00'), days(5), noEaster).toISOString()).toBe(sp('2026-02-16T10:00').toISOString());
    const noHolidays: HolidayCalendar = { fixed: [], dates: [], easterBased: false };
    expect(calendarDeadline(sp('2026-11-15T10:00'), days(5), noHolidays).toISOString()).toBe(sp('2026-11-20T10:00').toISOString());
  });

  it('never ends on a day without office hours, over a whole year of starts', () => {
    for (let i = 0; i < 365; i++) {
      const start = new Date(sp('2026-01-01T14:30').getTime() + i * 86_400_000);
      const end = calendarDeadline(start, days(5));
      expect(formatDateTime(end).slice(11), 'the wall-clock time survives').toBe('14:30');
      const [dd, mm, yyyy] = formatDateTime(end).slice(0, 10).split('/').map(Number) as [number, number, number];
      expect(isNonBusinessDay({ year: yyyy, month: mm, day: dd }, DEFAULT_HOLIDAYS), end.toISOString()).toBe(false);
      const elapsedDays = (end.getTime() - start.getTime()) / 86_400_000;
      expect(elapsedDays).toBeGreaterThanOrEqual(5);
      expect(elapsedDays).toBeLessThanOrEqual(9);
    }
  });
});

describe('computeDeadline, business days (dias úteis)', () => {
  it.each([
    ['Mon + 5 business days skips the weekend', '2026-03-02T10:00', 5, '2026-03-09T10:00'],
    ['Mon 16 Nov + 5 skips 20 Nov and the weekend', '2026-11-16T10:00', 5, '2026-11-24T10:00'],
    ['Fri 13 Feb + 3 skips the weekend and Carnaval', '2026-02-13T10:00', 3, '2026-02-20T10:00'],
    ['Thu 2 Apr + 1 skips Good Friday and the weekend', '2026-04-02T10:00', 1, '2026-04-06T10:00'],
    ['starting on a Saturday, the first business day is Monday', '2026-03-07T10:00', 1, '2026-03-09T10:00'],
    ['starting on a holiday counts from the next day', '2026-11-20T10:00', 1, '2026-11-23T10:00'],
    ['Wed 31 Dec 2025 + 1 skips 1 January', '2025-12-31T10:00', 1, '2026-01-02T10:00'],
  ])('%s', (_label, start, n, expected) => {
    expect(businessDeadline(sp(start), days(n)).toISOString()).toBe(sp(expected).toISOString());
  });

  it('counts exactly n business days after the start', () => {
    for (let i = 0; i < 120; i++) {
      const start = new Date(sp('2026-01-05T09:00').getTime() + i * 86_400_000);
      const end = businessDeadline(start, days(5));
      let count = 0;
      for (let t = start.getTime() + 86_400_000; t <= end.getTime(); t += 86_400_000) {
        const [dd, mm, yyyy] = formatDateTime(new Date(t)).slice(0, 10).split('/').map(Number) as [number, number, number];
        if (!isNonBusinessDay({ year: yyyy, month: mm, day: dd }, DEFAULT_HOLIDAYS)) count++;
      }
      expect(count, `from ${start.toISOString()}`).toBe(5);
    }
  });
});

describe('computeDeadline, sub-day durations are plain elapsed time', () => {
  it.each([
    ['on a Saturday', '2026-03-07T10:00'],
    ['on a Sunday night', '2026-03-08T23:59'],
    ['on Carnaval', '2026-02-16T10:00'],
    ['late on the evening before a holiday', '2026-11-19T23:59'],
  ])('PT3S %s', (_label, start) => {
    for (const mode of ['calendar', 'business'] as const) {
      const s = sp(start);
      expect(computeDeadline(s, parseDuration('PT3S')!, mode, DEFAULT_HOLIDAYS).getTime() - s.getTime()).toBe(3_000);
    }
  });

  it('PT90M is 90 minutes, even when it ends on a weekend', () => {
    const start = sp('2026-03-06T23:00');
    expect(calendarDeadline(start, parseDuration('PT90M')!).toISOString()).toBe(sp('2026-03-07T00:30').toISOString());
  });
});

describe('computeDeadline late in the São Paulo evening (already the next day in UTC)', () => {
  it.each([
    ['Mon 22:30 + 4 days = Fri 20 Nov 22:30 → Mon 23 22:30', '2026-11-16T22:30', 4, '2026-11-23T22:30'],
    ['Thu 19 Nov 22:30 + 1 day lands on the holiday → Mon 23 22:30', '2026-11-19T22:30', 1, '2026-11-23T22:30'],
    ['Tue 22:30 + 3 days = Fri 22:30 stays (a Saturday only in UTC)', '2026-03-03T22:30', 3, '2026-03-06T22:30'],
    ['Sun 22:30 + 1 day = Mon 22:30 stays', '2026-03-01T22:30', 1, '2026-03-02T22:30'],
    ['Fri 22:30 + 1 day = Saturday → Mon 22:30', '2026-03-06T22:30', 1, '2026-03-09T22:30'],
    ['Thu 12 Feb 23:59 + 5 days = Carnaval Tuesday → Ash Wednesday', '2026-02-12T23:59', 5, '2026-02-18T23:59'],
    ['31 Dec 22:30 + 1 day = 1 January → Friday 2 Jan 2026', '2025-12-31T22:30', 1, '2026-01-02T22:30'],
  ])('calendar: %s', (_label, start, n, expected) => {
    expect(calendarDeadline(sp(start), days(n)).toISOString()).toBe(sp(expected).toISOString());
  });

  it.each([
    ['Thu 19 Nov 22:30 + 1 business day → Mon 23 22:30', '2026-11-19T22:30', 1, '2026-11-23T22:30'],
    ['Fri 06 Mar 22:30 + 1 business day → Mon 22:30', '2026-03-06T22:30', 1, '2026-03-09T22:30'],
    ['Sat 07 Mar 22:30 + 1 business day → Mon 22:30', '2026-03-07T22:30', 1, '2026-03-09T22:30'],
  ])('business: %s', (_label, start, n, expected) => {
    expect(businessDeadline(sp(start), days(n)).toISOString()).toBe(sp(expected).toISOString());
  });
});

describe('the host time zone does not matter', () => {
  const original = process.env.TZ;
  afterEach(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  it.each(['UTC', 'America/Sao_Paulo', 'Asia/Tokyo', 'Pacific/Kiritimati', 'America/Los_Angeles', 'Pacific/Pago_Pago'])(
    'same deadlines and display with TZ=%s',
    (zone) => {
      process.env.TZ = zone;
      expect(calendarDeadline(sp('2026-11-16T22:30'), days(4)).toISOString()).toBe('2026-11-24T01:30:00.000Z');
      expect(calendarDeadline(sp('2026-03-03T22:30'), days(3)).toISOString()).toBe('2026-03-07T01:30:00.000Z');
      expect(calendarDeadline(sp('2026-02-11T00:30'), days(5)).toISOString()).toBe('2026-02-18T03:30:00.000Z');
      expect(businessDeadline(sp('2026-11-16T10:00'), days(5)).toISOString()).toBe('2026-11-24T13:00:00.000Z');
      expect(isNonBusinessDay(ymd('2026-11-20'), DEFAULT_HOLIDAYS)).toBe(true);
      expect(formatDateTime(new Date('2026-01-01T01:30:00Z'))).toBe('31/12/2025 22:30');
    },
  );
});

describe('deadlinesAt', () => {
  const now = sp('2026-03-02T10:00');

  it('uses the defaults of the spec: P5D for both, calendar days, national + SP holidays', () => {
    expect(DEFAULT_DEADLINE_SETTINGS).toEqual({ pending: 'P5D', approval: 'P5D', mode: 'calendar', holidays: DEFAULT_HOLIDAYS });
    const d = deadlinesAt(now, DEFAULT_DEADLINE_SETTINGS);
    expect(d.pending.toISOString()).toBe(sp('2026-03-09T10:00').toISOString());
    expect(d.approval.toISOString()).toBe(sp('2026-03-09T10:00').toISOString());
  });

  it('sizes each deadline from its own setting (tests use seconds)', () => {
    const settings: DeadlineSettings = { ...DEFAULT_DEADLINE_SETTINGS, pending: 'PT3S', approval: 'P2D' };
    const d = deadlinesAt(now, settings);
    expect(d.pending.getTime() - now.getTime()).toBe(3_000);
    expect(d.approval.toISOString()).toBe(sp('2026-03-04T10:00').toISOString());
  });

  it('follows the business-day mode and the holiday list', () => {
    const business = deadlinesAt(sp('2026-11-16T10:00'), { ...DEFAULT_DEADLINE_SETTINGS, mode: 'business' });
    expect(business.pending.toISOString()).toBe(sp('2026-11-24T10:00').toISOString());
    const custom = deadlinesAt(now, { ...DEFAULT_DEADLINE_SETTINGS, holidays: { fixed: [], dates: ['2026-03-09'], easterBased: false } });
    expect(custom.approval.toISOString()).toBe(sp('2026-03-10T10:00').toISOString());
  });

  it('falls back to P5D when a stored setting is not a valid duration', () => {
    const d = deadlinesAt(now, { ...DEFAULT_DEADLINE_SETTINGS, pending: 'cinco dias', approval: 'P0D' });
    expect(d.pending.toISOString()).toBe(sp('2026-03-09T10:00').toISOString());
    expect(d.approval.toISOString()).toBe(sp('2026-03-09T10:00').toISOString());
  });

  it('does not read the clock', () => {
    const past = sp('2020-06-01T10:00');
    expect(deadlinesAt(past, DEFAULT_DEADLINE_SETTINGS).pending.toISOString()).toBe(sp('2020-06-08T10:00').toISOString());
  });
});

describe('formatDateTime', () => {
  it.each([
    ['2026-12-02T14:30:00-03:00', '02/12/2026 14:30'],
    ['2026-12-02T17:30:00.000Z', '02/12/2026 14:30'],
    ['2026-03-05T09:05:59-03:00', '05/03/2026 09:05'],
    ['2026-01-01T00:00:00-03:00', '01/01/2026 00:00'],
    ['2027-01-01T01:30:00Z', '31/12/2026 22:30'],
    ['2026-11-17T02:59:00Z', '16/11/2026 23:59'],
    ['2026-11-17T03:00:00Z', '17/11/2026 00:00'],
  ])('%s → %s in São Paulo time', (instant, shown) => {
    expect(formatDateTime(new Date(instant))).toBe(shown);
    expect(formatDateTime(instant)).toBe(shown);
  });

  it('has the shape dd/mm/aaaa hh:mm', () => {
    expect(formatDateTime(sp('2026-07-09T07:08'))).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
  });
});
