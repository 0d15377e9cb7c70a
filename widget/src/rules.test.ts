// The widget's client-side checks must agree with the server's schemas: the same inputs pass and fail.
import {
  LIMITS as SERVER_LIMITS, checkSignupInput, createTicketInput, emailSchema, loginSchema, nameSchema,
} from '@cau/shared';
import { describe, expect, it } from 'vitest';
import { LIMITS, cpfError, emailError, loginError, messageError, nameError, newPasswordError, ticketErrors, type TicketDraft } from './rules';

const NOW = new Date('2026-06-15T12:00:00Z');

describe('client rules mirror the shared schemas', () => {
  it('uses the same limits', () => {
    expect(LIMITS.nameMax).toBe(SERVER_LIMITS.nameMax);
    expect(LIMITS.subjectMin).toBe(SERVER_LIMITS.subjectMin);
    expect(LIMITS.subjectMax).toBe(SERVER_LIMITS.subjectMax);
    expect(LIMITS.descriptionMin).toBe(SERVER_LIMITS.descriptionMin);
    expect(LIMITS.descriptionMax).toBe(SERVER_LIMITS.descriptionMax);
    expect(LIMITS.messageMax).toBe(SERVER_LIMITS.messageMax);
  });

  it.each([
    'Ana Lúcia Conceição', 'Ana', 'A B', "Joana d'Arc", 'Ana  Souza', 'Ana 123', '', '   ', 'Zé Maria-Souza', 'x'.repeat(121) + ' y',
  ])('nome %j: same verdict as nameSchema', (name) => {
    expect(nameError(name) === undefined).toBe(nameSchema.safeParse(name).success);
  });

  it.each(['529.982.247-25', '52998224725', '529.982.247-24', '111.111.111-11', '5299822472', '529 982 247 25', ''])(
    'CPF %j: same verdict as the signup schema on submit',
    (cpf) => {
      const server = checkSignupInput.safeParse({ name: 'Ana Souza', cpf, email: 'a@b.com' }).success;
      expect(cpfError(cpf, true) === undefined).toBe(server);
    },
  );

  it('judges a CPF while typing only once its 11 digits are in', () => {
    expect(cpfError('529.982.24', false)).toBeUndefined();
    expect(cpfError('529.982.247-24', false)).toBe('CPF inválido. Confira os números digitados.');
    expect(cpfError('111.111.111-11', false)).toBe('CPF inválido. Confira os números digitados.');
    expect(cpfError('529.982.24', true)).toBe('O CPF tem 11 dígitos. Confira os números digitados.');
  });

  it.each(['ana@exemplo.com.br', 'ANA@EXEMPLO.COM', 'ana@exemplo', 'ana exemplo@x.com', '@x.com', 'ana@', ''])(
    'e-mail %j: same verdict as emailSchema',
    (email) => {
      expect(emailError(email) === undefined).toBe(emailSchema.safeParse(email).success);
    },
  );

  it.each(['ana.souza', 'Ana.Souza', 'an', 'a'.repeat(33), 'ana souza', 'ana_souza-1', 'ana@x'])('login %j: same verdict as loginSchema', (login) => {
    expect(loginError(login) === undefined).toBe(loginSchema.safeParse(login).success);
  });

  it('refuses the passwords the server refuses, with the same words', () => {
    expect(newPasswordError('', {})).toBe('Informe a senha.');
    expect(newPasswordError('curta', {})).toBe('A senha deve ter entre 8 e 128 caracteres.');
    expect(newPasswordError('ana.souza', { login: 'ana.souza' })).toBe('A senha não pode ser igual à identificação (login).');
    expect(newPasswordError('529.982.247-25', { cpf: '529.982.247-25' })).toBe('A senha não pode ser o seu CPF.');
    expect(newPasswordError('senha123', {})).toBe('Essa senha é muito comum e fácil de adivinhar. Escolha outra.');
    expect(newPasswordError('Projeto-Casa-2026', { login: 'ana' })).toBeUndefined();
  });

  const base: TicketDraft = { type: 'question', topic: '', rrtNumber: '', annuityYear: '', subject: 'Boleto', description: 'O boleto de 2025 continua em aberto.' };
  const toInput = (d: TicketDraft) => ({
    type: d.type || undefined,
    topic: d.topic || undefined,
    subject: d.subject,
    description: d.description,
    rrtNumber: d.topic === 'rrt' && d.rrtNumber ? d.rrtNumber : undefined,
    annuityYear: d.topic === 'annuity' && d.annuityYear ? Number(d.annuityYear) : undefined,
  });
  it.each<[string, Partial<TicketDraft>]>([
    ['a complete ticket', {}],
    ['no type', { type: '' }],
    ['a short subject', { subject: 'ab' }],
    ['a long subject', { subject: 'x'.repeat(151) }],
    ['a short description', { description: 'curta demais' }],
    ['a description of spaces', { description: ' '.repeat(30) }],
    ['RRT without its number', { topic: 'rrt' }],
    ['RRT with a number', { topic: 'rrt', rrtNumber: 'SI1234567I00CT001' }],
    ['RRT with a bad number', { topic: 'rrt', rrtNumber: 'número <b>' }],
    ['RRT with letters only', { topic: 'rrt', rrtNumber: 'abc' }],
    ['RRT with 7 digits', { topic: 'rrt', rrtNumber: '1234567' }],
    ['RRT with the SI prefix in lower case', { topic: 'rrt', rrtNumber: ' si12345678 ' }],
    ['RRT with 6 digits', { topic: 'rrt', rrtNumber: '123456' }],
    ['RRT as a free-form reference', { topic: 'rrt', rrtNumber: 'RRT-0001' }],
    ['annuity without a year', { topic: 'annuity' }],
    ['annuity with a year', { topic: 'annuity', annuityYear: '2024' }],
    ['annuity before 1950', { topic: 'annuity', annuityYear: '1949' }],
    ['registration', { topic: 'registration' }],
  ])('%s: same verdict as createTicketInput', (_, change) => {
    const draft = { ...base, ...change };
    expect(Object.keys(ticketErrors(draft, NOW)).length === 0).toBe(createTicketInput.safeParse(toInput(draft)).success);
  });

  it('says the RRT number format the council uses', () => {
    expect(ticketErrors({ ...base, topic: 'rrt', rrtNumber: 'abc' }, NOW).rrtNumber).toMatch(/7 ou 8 algarismos/);
  });

  it('refuses an annuity year in the future (in São Paulo)', () => {
    expect(ticketErrors({ ...base, topic: 'annuity', annuityYear: '2027' }, NOW).annuityYear).toBe('O ano da anuidade não pode estar no futuro.');
    // 02:30 UTC on 1 January is still the previous year in São Paulo.
    expect(ticketErrors({ ...base, topic: 'annuity', annuityYear: '2027' }, new Date('2027-01-01T02:30:00Z')).annuityYear).toBeDefined();
    expect(ticketErrors({ ...base, topic: 'annuity', annuityYear: '2026' }, NOW).annuityYear).toBeUndefined();
  });

  it('asks for a message, within the limit', () => {
    expect(messageError('  ')).toBe('Escreva uma mensagem.');
    expect(messageError('x'.repeat(10_001))).toBe('A mensagem deve ter no máximo 10.000 caracteres.');
    expect(messageError('Segue o comprovante.')).toBeUndefined();
  });
});
