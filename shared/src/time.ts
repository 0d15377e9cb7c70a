// Wall-clock arithmetic in the council's time zone (America/Sao_Paulo), whatever zone the host runs in.

export const TIME_ZONE = 'America/Sao_Paulo';

export interface LocalDateTime {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const partsFormatter = new Intl.DateTimeFormat('en-US', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** The local date and time in São Paulo of an instant. */
export function toLocal(instant: Date): LocalDateTime {
  const parts: Record<string, number> = {};
  for (const { type, value } of partsFormatter.formatToParts(instant)) {
    if (type !== 'literal') parts[type] = Number(value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
    millisecond: instant.getUTCMilliseconds(),
  };
}

/** The instant of a São Paulo wall-clock time. */
export function fromLocal(local: LocalDateTime): Date {
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second, local.millisecond);
  // The zone's offset at that moment: format the naive UTC guess back and measure the difference.
  const guess = toLocal(new Date(asUtc));
  const offset = Date.UTC(guess.year, guess.month - 1, guess.day, guess.hour, guess.minute, guess.second, guess.millisecond) - asUtc;
  return new Date(asUtc - offset);
}

/** `YYYY-MM-DD` of a local date. */
export function isoDate(local: Pick<LocalDateTime, 'year' | 'month' | 'day'>): string {
  return `${local.year}-${String(local.month).padStart(2, '0')}-${String(local.day).padStart(2, '0')}`;
}

/** Adds whole calendar days to a local date-time, keeping the wall-clock time. */
export function addLocalDays(local: LocalDateTime, days: number): LocalDateTime {
  const d = new Date(Date.UTC(local.year, local.month - 1, local.day + days));
  return { ...local, year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday, for a local date. */
export function weekday(local: Pick<LocalDateTime, 'year' | 'month' | 'day'>): number {
  return new Date(Date.UTC(local.year, local.month - 1, local.day)).getUTCDay();
}

/** `dd/mm/aaaa hh:mm` in São Paulo time, as every screen and e-mail shows instants. */
export function formatDateTime(instant: Date | string): string {
  const l = toLocal(typeof instant === 'string' ? new Date(instant) : instant);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(l.day)}/${p(l.month)}/${l.year} ${p(l.hour)}:${p(l.minute)}`;
}

/** The year in São Paulo (protocol numbers restart every local year). */
export function localYear(instant: Date): number {
  return toLocal(instant).year;
}
