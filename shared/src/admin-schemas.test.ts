import { describe, expect, it } from 'vitest';
import { DEFAULT_DEADLINE_SETTINGS } from './deadlines';
import { deadlineSettingsInput } from './admin-schemas';

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
