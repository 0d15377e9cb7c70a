import { describe, expect, it } from 'vitest';
import { DEFAULT_DEADLINE_SETTINGS } from './deadlines';
import { DEFAULT_SECURITY_SETTINGS, deadlineSettingsInput, securitySettingsInput } from './admin-schemas';

const withFixed = (fixed: string[]) => ({ ...DEFAULT_DEADLINE_SETTINGS, holidays: { ...DEFAULT_DEADLINE_SETTINGS.holidays, fixed } });

describe('recurring holidays', () => {
  it.each(['02-30', '02-31', '04-31', '06-31', '09-31', '11-31'])('refuses %s, a day that does not exist, in pt-BR', (day) => {
    const result = deadlineSettingsInput.safeParse(withFixed([day]));
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.message).toBe(`Feriado fixo inexistente: ${day.slice(3)}/${day.slice(0, 2)} não existe no calendário.`);
  });

  it.each(['01-31', '02-29', '04-30', '12-25'])('accepts %s', (day) => {
    expect(deadlineSettingsInput.safeParse(withFixed([day])).success).toBe(true);
  });

  it('still refuses a month 13 with the format message', () => {
    expect(deadlineSettingsInput.safeParse(withFixed(['13-45'])).error!.issues[0]!.message).toMatch(/use MM-DD/);
  });
});

describe('session limits (docs/configuration.md: idle 5 min at least)', () => {
  it.each(['staffIdleMinutes', 'professionalIdleMinutes'] as const)('refuses %s below 5 minutes in pt-BR and accepts 5', (key) => {
    for (const minutes of [0, 1, 4]) {
      const result = securitySettingsInput.safeParse({ ...DEFAULT_SECURITY_SETTINGS, [key]: minutes });
      expect(result.success).toBe(false);
      expect(result.error!.issues).toEqual([expect.objectContaining({ path: [key], message: 'No mínimo 5 minutos.' })]);
    }
    expect(securitySettingsInput.safeParse({ ...DEFAULT_SECURITY_SETTINGS, [key]: 5 }).success).toBe(true);
  });
});
