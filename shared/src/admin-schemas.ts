// zod schemas of the admin area and the desk's extra procedures: settings, reports, staff tools.
import { z } from 'zod';
import { parseDuration } from './deadlines';
import { newPasswordSchema, objectIdSchema, protocolSchema } from './schemas';

const durationSchema = z
  .string({ error: 'Informe o prazo no formato ISO-8601, por exemplo P5D (5 dias).' })
  .trim()
  .max(40, 'Prazo inválido.')
  .refine((v) => parseDuration(v) !== null, 'Prazo inválido. Use o formato ISO-8601, por exemplo P5D (5 dias) ou PT12H (12 horas).');

/** Days in each month of a recurring holiday (29 in February: it exists in leap years). */
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const monthDay = z
  .string()
  .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'Feriado fixo inválido: use MM-DD, por exemplo 11-20.')
  .superRefine((v, ctx) => {
    if (Number(v.slice(3)) > MONTH_DAYS[Number(v.slice(0, 2)) - 1]!) {
      ctx.addIssue({ code: 'custom', message: `Feriado fixo inexistente: ${v.slice(3)}/${v.slice(0, 2)} não existe no calendário.` });
    }
  });
const isoDay = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'Data inválida: use AAAA-MM-DD, por exemplo 2026-12-24.')
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), 'Data inexistente.');

export const deadlineSettingsInput = z.object({
  pending: durationSchema,
  approval: durationSchema,
  mode: z.enum(['calendar', 'business'], { error: 'Escolha dias corridos ou dias úteis.' }),
  holidays: z.object({
    fixed: z.array(monthDay).max(60, 'No máximo 60 feriados fixos.'),
    dates: z.array(isoDay).max(500, 'No máximo 500 datas avulsas.'),
    easterBased: z.boolean({ error: 'Informe se Carnaval, Sexta-feira Santa e Corpus Christi são feriados.' }),
  }),
});
export type DeadlineSettingsInput = z.infer<typeof deadlineSettingsInput>;

export const reportInput = z
  .object({
    from: z.iso.datetime({ offset: true, error: 'Data inicial inválida.' }).optional(),
    to: z.iso.datetime({ offset: true, error: 'Data final inválida.' }).optional(),
  })
  .default({});

export const resetStaffPasswordInput = z.object({ id: objectIdSchema, password: newPasswordSchema });
export const revealCpfInput = z.object({ protocol: protocolSchema });

const durationsOutput = z.object({ count: z.number(), averageMs: z.number().nullable(), medianMs: z.number().nullable() });
export const reportOutput = z.object({
  total: z.number(),
  byType: z.object({ question: z.number(), error: z.number(), request: z.number() }),
  byTopic: z.object({ rrt: z.number(), annuity: z.number(), registration: z.number(), other: z.number(), none: z.number() }),
  outcomes: z.object({ approved: z.number(), no_response: z.number(), approval_timeout: z.number(), cancelled: z.number() }),
  firstResponse: durationsOutput,
  resolution: durationsOutput,
  rating: z.object({ count: z.number(), average: z.number().nullable() }),
});
export type ReportOutput = z.infer<typeof reportOutput>;

/** Security and privacy settings (admin area): sessions, staff MFA, ticket limits, the privacy notice. */
export const securitySettingsInput = z.object({
  professionalIdleMinutes: z.number({ error: 'Informe um número de minutos.' }).int('Use minutos inteiros.').min(5, 'No mínimo 5 minutos.').max(43_200, 'No máximo 30 dias.'),
  professionalAbsoluteHours: z.number({ error: 'Informe um número de horas.' }).int('Use horas inteiras.').min(1, 'No mínimo 1 hora.').max(2_160, 'No máximo 90 dias.'),
  staffIdleMinutes: z.number({ error: 'Informe um número de minutos.' }).int('Use minutos inteiros.').min(5, 'No mínimo 5 minutos.').max(1_440, 'No máximo 24 horas.'),
  staffAbsoluteHours: z.number({ error: 'Informe um número de horas.' }).int('Use horas inteiras.').min(1, 'No mínimo 1 hora.').max(72, 'No máximo 72 horas.'),
  staffMfaRequired: z.boolean({ error: 'Informe se a verificação em duas etapas é obrigatória.' }),
  maxOpenTicketsPerProfessional: z.number({ error: 'Informe um número.' }).int('Use um número inteiro.').min(1, 'No mínimo 1.').max(1_000, 'No máximo 1000.'),
  privacy: z.object({
    controller: z.string({ error: 'Informe o controlador.' }).trim().min(3, 'Informe o controlador dos dados.').max(200, 'No máximo 200 caracteres.'),
    dpoName: z.string({ error: 'Informe o encarregado.' }).trim().min(3, 'Informe o nome do encarregado (DPO).').max(200, 'No máximo 200 caracteres.'),
    dpoEmail: z.string({ error: 'Informe o e-mail do encarregado.' }).trim().toLowerCase().max(254).pipe(z.email({ error: 'E-mail do encarregado inválido.' })),
  }),
});
export type SecuritySettings = z.infer<typeof securitySettingsInput>;

export const DEFAULT_SECURITY_SETTINGS: SecuritySettings = {
  professionalIdleMinutes: 24 * 60,
  professionalAbsoluteHours: 30 * 24,
  staffIdleMinutes: 30,
  staffAbsoluteHours: 12,
  staffMfaRequired: false,
  maxOpenTicketsPerProfessional: 10,
  privacy: {
    controller: 'Conselho de Arquitetura e Urbanismo de São Paulo (CAU/SP)',
    dpoName: 'Encarregado de Proteção de Dados do CAU/SP',
    dpoEmail: 'dpo@causp.gov.br',
  },
};
