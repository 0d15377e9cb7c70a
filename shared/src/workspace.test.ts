import { describe, expect, it } from 'vitest';
import { DEFAULT_HOLIDAYS } from './deadlines';
import {
  DEFAULT_SERVICE_LEVELS, fillTemplate, serviceLevelsInput, slaOf, templateSaveInput, urgencyOf, type ServiceLevelSettings,
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
