import { describe, expect, it } from 'vitest';
import { durationText, fromDuration, toDuration } from './duration-units';

describe('durations as number + unit', () => {
  it.each([
    ['P5D', 5, 'days'],
    ['P2W', 14, 'days'],
    ['PT8H', 8, 'hours'],
    ['P1DT12H', 36, 'hours'],
    ['PT30M', 30, 'minutes'],
    ['PT3S', 1, 'minutes'],
    ['nonsense', 5, 'days'],
  ] as const)('reads %s as %s %s', (iso, amount, unit) => {
    expect(fromDuration(iso)).toEqual({ amount, unit });
  });

  it('writes back what the API accepts, and round-trips', () => {
    expect(toDuration({ amount: 3, unit: 'days' })).toBe('P3D');
    expect(toDuration({ amount: 36, unit: 'hours' })).toBe('PT36H');
    expect(toDuration({ amount: 45, unit: 'minutes' })).toBe('PT45M');
    for (const iso of ['P5D', 'PT8H', 'PT30M']) expect(toDuration(fromDuration(iso))).toBe(iso);
  });

  it('says it in pt-BR', () => {
    expect(durationText('P1D')).toBe('1 dia');
    expect(durationText('PT8H')).toBe('8 horas');
    expect(durationText('PT3M')).toBe('3 minutos');
  });
});
