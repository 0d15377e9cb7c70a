import { describe, expect, it } from 'vitest';
import { DEFAULT_HOLIDAYS } from './deadlines';
import {
  DEFAULT_SERVICE_LEVELS, fillTemplate, serviceLevelsInput, slaClockAfter, slaOf, slaPausedIn, slaPausedMs, templateSaveInput, urgencyOf,
  type ServiceLevelSettings,
} from './workspace';

const CONTEXT = { nome: 'Ana Lúcia', protocolo: '2026-000042', prazo: new Date('2026-12-02T17:30:00Z'), atendente: 'Bruno' };

describe('fillTemplate', () => {
  it('fills every placeholder, in any case and with spaces inside the braces', () => {
    const filled = fillTemplate('Olá, {{nome}}! Chamado {{ PROTOCOLO }}, responda até {{prazo}}. {{atendente}}', CONTEXT);
    expect(filled).toEqual({ text: 'Olá, Ana Lúcia! Chamado 2026-000042, responda até 02/12/2026 14:30. Bruno', missing: [], unknown: [] });
  });

  it('keeps a placeholder without a value visible and reports it', () => {
    const filled = fillTemplate('Prazo: {{prazo}}; de novo {{prazo}}.', { ...CONTEXT, prazo: null });
    expect(filled.text).toBe('Prazo: {{prazo}}; de novo {{prazo}}.');
    expect(filled.missing).toEqual(['prazo']);
  });

  it('leaves unknown names and plain braces as typed', () => {
    const filled = fillTemplate('{{nmoe}} {nome} {{}} {{nome}}', CONTEXT);
    expect(filled.text).toBe('{{nmoe}} {nome} {{}} Ana Lúcia');
    expect(filled.unknown).toEqual(['nmoe']);
  });

  it('does not interpret a value as a placeholder again', () => {
    expect(fillTemplate('{{nome}}', { ...CONTEXT, nome: '{{protocolo}}' }).text).toBe('{{protocolo}}');
  });
});

describe('templateSaveInput', () => {
  it('requires a title and a body, with pt-BR messages', () => {
    const result = templateSaveInput.safeParse({ title: ' ', body: '', shared: false });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.message).join(' ')).toMatch(/título.*texto/);
  });
});

describe('service levels', () => {
  const calendar: ServiceLevelSettings = {
    mode: 'calendar',
    targets: { ...DEFAULT_SERVICE_LEVELS.targets, question: { firstAnswer: 'PT4H', resolution: 'PT40H' } },
  };
  const created = new Date('2026-03-03T12:00:00Z'); // a Tuesday, 09:00 in São Paulo
  const ticket = { type: 'question' as const, createdAt: created, firstResponseAt: null, closedAt: null };
  const at = (hours: number) => new Date(created.getTime() + hours * 3_600_000);

  it.each([
    [1, 'ok'],
    [3.5, 'soon'],
    [4.5, 'overdue'],
  ] as const)('an unanswered ticket %s h old is %s against the first-answer target', (hours, state) => {
    const sla = slaOf(ticket, calendar, DEFAULT_HOLIDAYS, at(hours));
    expect(sla).toMatchObject({ state, target: 'first_answer', firstAnswerDueAt: at(4).toISOString(), resolutionDueAt: at(40).toISOString() });
  });

  it('once answered, is measured against resolution; closed on time stays ok for good', () => {
    const answered = { ...ticket, firstResponseAt: at(1) };
    expect(slaOf(answered, calendar, DEFAULT_HOLIDAYS, at(5)).state).toBe('ok');
    expect(slaOf(answered, calendar, DEFAULT_HOLIDAYS, at(41)).state).toBe('overdue');
    expect(slaOf({ ...answered, closedAt: at(39) }, calendar, DEFAULT_HOLIDAYS, at(100)).state).toBe('ok');
    expect(urgencyOf(slaOf(answered, calendar, DEFAULT_HOLIDAYS, at(5)))).toBe(at(40).getTime());
  });

  describe('the resolution clock stands still while the ticket waits on the professional', () => {
    // Answered at 1 h and asked for information; the professional answered 30 h later.
    const answered = { ...ticket, firstResponseAt: at(1) };
    const waiting = { ...answered, slaPausedMs: 0, slaPausedSince: at(1) };
    const resumed = { ...answered, slaPausedMs: 30 * 3_600_000, slaPausedSince: null };

    it('pauses in Pendente Profissional and Homologando only', () => {
      expect((['open', 'in_progress', 'pending_professional', 'awaiting_approval', 'closed'] as const).filter(slaPausedIn))
        .toEqual(['pending_professional', 'awaiting_approval']);
    });

    it('stops on entering a wait, adds the wait on leaving it, and ignores moves that do neither', () => {
      expect(slaClockAfter({}, 'in_progress', 'pending_professional', at(1))).toEqual({ slaPausedMs: 0, slaPausedSince: at(1) });
      expect(slaClockAfter({ slaPausedMs: 0, slaPausedSince: at(1) }, 'pending_professional', 'in_progress', at(31)))
        .toEqual({ slaPausedMs: 30 * 3_600_000, slaPausedSince: null });
      // A second wait adds to the first; expiry and closing end a wait as well.
      expect(slaClockAfter({ slaPausedMs: 30 * 3_600_000, slaPausedSince: at(32) }, 'awaiting_approval', 'closed', at(34)))
        .toEqual({ slaPausedMs: 32 * 3_600_000, slaPausedSince: null });
      expect(slaClockAfter({}, 'open', 'in_progress', at(1))).toBeNull();
      expect(slaClockAfter({}, 'pending_professional', 'awaiting_approval', at(1))).toBeNull();
      expect(slaClockAfter({}, null, 'open', at(0))).toBeNull();
    });

    it('counts the wait in progress up to now', () => {
      expect(slaPausedMs(waiting, at(11))).toBe(10 * 3_600_000);
      expect(slaPausedMs(resumed, at(100))).toBe(30 * 3_600_000);
      expect(slaPausedMs({ slaPausedSince: null }, at(100))).toBe(0);
    });

    it('shows a waiting ticket as paused, its due date moving with the wait, even past the unpaused target', () => {
      const sla = slaOf(waiting, calendar, DEFAULT_HOLIDAYS, at(45));
      expect(sla).toMatchObject({ state: 'paused', target: 'resolution', resolutionDueAt: at(84).toISOString() });
      expect(urgencyOf(sla)).toBe(at(84).getTime());
    });

    it('moves the due date by the time paused once the professional answers', () => {
      // Due at 40 h + 30 h paused = 70 h: ok at 45 h (unpaused it would be overdue), soon at 62 h, overdue at 71 h.
      expect(slaOf(resumed, calendar, DEFAULT_HOLIDAYS, at(45))).toMatchObject({ state: 'ok', resolutionDueAt: at(70).toISOString() });
      expect(slaOf(resumed, calendar, DEFAULT_HOLIDAYS, at(62)).state).toBe('soon');
      expect(slaOf(resumed, calendar, DEFAULT_HOLIDAYS, at(71)).state).toBe('overdue');
      expect(slaOf({ ...resumed, closedAt: at(69) }, calendar, DEFAULT_HOLIDAYS, at(200)).state).toBe('ok');
    });

    it('keeps a ticket that was already overdue when the wait began overdue while it waits', () => {
      const late = { ...answered, slaPausedMs: 0, slaPausedSince: at(41) };
      expect(slaOf(late, calendar, DEFAULT_HOLIDAYS, at(50)).state).toBe('overdue');
    });

    it('never pauses the first-answer clock', () => {
      const sla = slaOf({ ...ticket, slaPausedMs: 10 * 3_600_000, slaPausedSince: null }, calendar, DEFAULT_HOLIDAYS, at(4.5));
      expect(sla).toMatchObject({ state: 'overdue', target: 'first_answer', firstAnswerDueAt: at(4).toISOString() });
    });
  });

  it('counts business days in business mode (Friday + 1 business day = Monday)', () => {
    const friday = new Date('2026-03-06T15:00:00Z');
    const sla = slaOf({ ...ticket, type: 'question', createdAt: friday }, DEFAULT_SERVICE_LEVELS, DEFAULT_HOLIDAYS, friday);
    expect(sla.firstAnswerDueAt).toBe('2026-03-09T15:00:00.000Z');
  });

  it('refuses a first-answer target longer than resolution and an empty duration', () => {
    const bad = serviceLevelsInput.safeParse({
      mode: 'calendar',
      targets: { ...DEFAULT_SERVICE_LEVELS.targets, error: { firstAnswer: 'P3D', resolution: 'P1D' }, request: { firstAnswer: '', resolution: 'P1D' } },
    });
    expect(bad.success).toBe(false);
    const messages = bad.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n');
    expect(messages).toMatch(/targets\.error\.firstAnswer: A primeira resposta não pode/);
    expect(messages).toMatch(/targets\.request\.firstAnswer: Prazo de primeira resposta inválido/);
    expect(serviceLevelsInput.safeParse(DEFAULT_SERVICE_LEVELS).success).toBe(true);
  });
});
