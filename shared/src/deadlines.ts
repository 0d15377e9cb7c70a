// Deadline arithmetic (SPEC §3): ISO-8601 durations, calendar or business days, and the
// Lei 9.784/1999 art. 66 rule that moves a deadline falling on a day without office hours
// to the next business day. Holidays are national + São Paulo by default, editable by the admin.

import { addLocalDays, fromLocal, isoDate, toLocal, weekday, type LocalDateTime } from './time';

export interface Duration {
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const DURATION_PATTERN = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Parses the day/time subset of ISO-8601 durations (`P5D`, `PT3S`, `P1DT12H`, `P2W`); null if invalid. */
export function parseDuration(text: string): Duration | null {
  const m = DURATION_PATTERN.exec(text.trim().toUpperCase());
  if (!m || text.trim().toUpperCase() === 'P' || /T$/i.test(text.trim())) return null;
  const [, w, d, h, min, s] = m;
  const duration = {
    days: Number(w ?? 0) * 7 + Number(d ?? 0),
    hours: Number(h ?? 0),
    minutes: Number(min ?? 0),
    seconds: Number(s ?? 0),
  };
  const ms = durationMs(duration);
  return ms > 0 ? duration : null;
}

export function durationMs(d: Duration): number {
  return (((d.days * 24 + d.hours) * 60 + d.minutes) * 60 + d.seconds) * 1000;
}

export interface HolidayCalendar {
  /** Recurring holidays as `MM-DD`. */
  fixed: string[];
  /** One-off dates as `YYYY-MM-DD` (e.g. a declared optional day off). */
  dates: string[];
  /** Whether Carnaval (Monday and Tuesday), Good Friday and Corpus Christi are days off. */
  easterBased: boolean;
}

export interface DeadlineSettings {
  pending: string;
  approval: string;
  mode: 'calendar' | 'business';
  holidays: HolidayCalendar;
}

/** National holidays (Lei 662/1949, 6.802/1980, 14.759/2023) and São Paulo's (city 25/01, state 09/07). */
export const DEFAULT_HOLIDAYS: HolidayCalendar = {
  fixed: ['01-01', '01-25', '04-21', '05-01', '07-09', '09-07', '10-12', '11-02', '11-15', '11-20', '12-25'],
  dates: [],
  easterBased: true,
};

export const DEFAULT_DEADLINE_SETTINGS: DeadlineSettings = {
  pending: 'P5D',
  approval: 'P5D',
  mode: 'calendar',
  holidays: DEFAULT_HOLIDAYS,
};

/** Easter Sunday (Gregorian, anonymous algorithm) as a UTC-midnight date. */
export function easterSunday(year: number): Date {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return new Date(Date.UTC(year, month - 1, day));
}

function easterBasedDates(year: number): string[] {
  const easter = easterSunday(year).getTime();
  const day = 86_400_000;
  // Carnaval Monday and Tuesday (-48, -47), Good Friday (-2), Corpus Christi (+60).
  return [-48, -47, -2, 60].map((offset) => new Date(easter + offset * day).toISOString().slice(0, 10));
}

/** True when the council has no office hours on that local date (weekend or holiday). */
export function isNonBusinessDay(local: Pick<LocalDateTime, 'year' | 'month' | 'day'>, calendar: HolidayCalendar): boolean {
  const dow = weekday(local);
  if (dow === 0 || dow === 6) return true;
  const date = isoDate(local);
  if (calendar.fixed.includes(date.slice(5)) || calendar.dates.includes(date)) return true;
  return calendar.easterBased && easterBasedDates(local.year).includes(date);
}

function nextBusinessDay(local: LocalDateTime, calendar: HolidayCalendar): LocalDateTime {
  let day = local;
  while (isNonBusinessDay(day, calendar)) day = addLocalDays(day, 1);
  return day;
}

/**
 * The deadline instant for a wait of `duration` starting at `start`. Whole-day durations follow
 * the law: calendar days move a deadline that falls on a day off to the next business day; in
 * business mode only business days are counted. Sub-day durations (used by tests and drills) are
 * plain elapsed time.
 */
export function computeDeadline(start: Date, duration: Duration, mode: DeadlineSettings['mode'], calendar: HolidayCalendar): Date {
  if (duration.days === 0) return new Date(start.getTime() + durationMs(duration));
  let local = toLocal(start);
  if (mode === 'calendar') {
    local = addLocalDays(local, duration.days);
  } else {
    for (let counted = 0; counted < duration.days; ) {
      local = addLocalDays(local, 1);
      if (!isNonBusinessDay(local, calendar)) counted++;
    }
  }
  const rest = durationMs({ ...duration, days: 0 });
  const end = new Date(fromLocal(local).getTime() + rest);
  return fromLocal(nextBusinessDay(toLocal(end), calendar));
}

/** Both waiting-state deadlines for a transition happening at `now`. */
export function deadlinesAt(now: Date, settings: DeadlineSettings): Record<'pending' | 'approval', Date> {
  const durationOf = (text: string) => parseDuration(text) ?? parseDuration('P5D')!;
  return {
    pending: computeDeadline(now, durationOf(settings.pending), settings.mode, settings.holidays),
    approval: computeDeadline(now, durationOf(settings.approval), settings.mode, settings.holidays),
  };
}
