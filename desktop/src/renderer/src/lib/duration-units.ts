// Durations as people type them (a number and a unit) and as the API stores them (ISO-8601).
import { durationMs, parseDuration } from '@cau/shared';

export type DurationUnit = 'minutes' | 'hours' | 'days';

/** The units a duration field offers, as people read them. */
export const DURATION_UNITS: ReadonlyArray<{ value: DurationUnit; label: string }> = [
  { value: 'minutes', label: 'minutos' },
  { value: 'hours', label: 'horas' },
  { value: 'days', label: 'dias' },
];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The largest whole unit that states `iso` exactly; seconds round up to a minute. Unreadable: 5 days. */
export function fromDuration(iso: string): { amount: number; unit: DurationUnit } {
  const parsed = parseDuration(iso);
  if (!parsed) return { amount: 5, unit: 'days' };
  const ms = durationMs(parsed);
  if (ms % DAY === 0) return { amount: ms / DAY, unit: 'days' };
  if (ms % HOUR === 0) return { amount: ms / HOUR, unit: 'hours' };
  return { amount: Math.max(1, Math.ceil(ms / MINUTE)), unit: 'minutes' };
}

export function toDuration(value: { amount: number; unit: DurationUnit }): string {
  if (value.unit === 'days') return `P${value.amount}D`;
  if (value.unit === 'hours') return `PT${value.amount}H`;
  return `PT${value.amount}M`;
}

/** "5 dias", "8 horas", "1 minuto". */
export function durationText(iso: string): string {
  const { amount, unit } = fromDuration(iso);
  const words = { days: ['dia', 'dias'], hours: ['hora', 'horas'], minutes: ['minuto', 'minutos'] }[unit];
  return `${amount} ${amount === 1 ? words[0] : words[1]}`;
}
