import { describe, expect, it } from 'vitest';
import { compactDuration, deadlineLabel, describeIsoDuration, fileSize, initials, waitingLabel } from './format';

const MIN = 60_000;

describe('pt-BR formats', () => {
  it.each([
    [0, '< 1 min'],
    [59_000, '< 1 min'],
    [12 * MIN, '12 min'],
    [60 * MIN, '1 h'],
    [125 * MIN, '2 h 05 min'],
    [(24 * 60 + 4 * 60 + 30) * MIN, '1 d 4 h'],
    [3 * 24 * 60 * MIN, '3 d'],
  ])('%i ms → %s', (ms, text) => expect(compactDuration(ms)).toBe(text));

  it('tells how long a ticket waits and how long is left', () => {
    const now = Date.parse('2026-03-02T15:00:00Z');
    expect(waitingLabel('2026-03-02T12:55:00Z', now)).toBe('há 2 h 05 min');
    expect(waitingLabel(null, now)).toBeNull();
    expect(deadlineLabel('2026-03-04T15:00:00Z', now)).toEqual({ text: 'vence em 2 d', overdue: false, soon: false });
    expect(deadlineLabel('2026-03-02T18:00:00Z', now)).toEqual({ text: 'vence em 3 h', overdue: false, soon: true });
    expect(deadlineLabel('2026-03-02T14:00:00Z', now)).toEqual({ text: 'prazo vencido', overdue: true, soon: true });
  });

  it('describes ISO-8601 deadlines', () => {
    expect(describeIsoDuration('P5D')).toBe('5 dias');
    expect(describeIsoDuration('P1DT12H')).toBe('1 dia, 12 horas');
    expect(describeIsoDuration('PT3S')).toBe('3 segundos');
    expect(describeIsoDuration('5 dias')).toBeNull();
  });

  it('sizes and initials', () => {
    expect(fileSize(512)).toBe('512 B');
    expect(fileSize(200 * 1024)).toBe('200 KB');
    expect(fileSize(1.5 * 1024 * 1024)).toBe('1,5 MB');
    expect(initials('Ana Lúcia Conceição')).toBe('AC');
    expect(initials('bruno')).toBe('B');
  });
});
