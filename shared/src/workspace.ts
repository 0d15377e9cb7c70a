// The attendant's workspace (SPEC §9): answer templates and their placeholders, service levels per
// ticket type and the state a ticket is in against them. Pure: time is always an input.
import { z } from 'zod';
import { computeDeadline, durationMs, parseDuration, type HolidayCalendar } from './deadlines';
import { TICKET_TYPES, TOPICS, type Status, type TicketType } from './labels';
import { TURN } from './lifecycle';
import { objectIdSchema, protocolSchema } from './schemas';
import { formatDateTime } from './time';

// ---- answer templates ("Respostas prontas") ----

export const TEMPLATE_LIMITS = { titleMax: 120, bodyMax: 10_000, searchMax: 100 } as const;

export const templateListInput = z
  .object({
    search: z.string({ error: 'Busca inválida.' }).trim().max(TEMPLATE_LIMITS.searchMax, `A busca deve ter no máximo ${TEMPLATE_LIMITS.searchMax} caracteres.`).optional(),
    topic: z.enum(TOPICS, { error: 'Tema inválido.' }).optional(),
  })
  .default({});

export const templateSaveInput = z.object({
  id: objectIdSchema.optional(),
  title: z
    .string({ error: 'Informe o título da resposta pronta.' })
    .trim()
    .min(1, 'Informe o título da resposta pronta.')
    .max(TEMPLATE_LIMITS.titleMax, `O título deve ter no máximo ${TEMPLATE_LIMITS.titleMax} caracteres.`),
  body: z
    .string({ error: 'Informe o texto da resposta pronta.' })
    .trim()
    .min(1, 'Informe o texto da resposta pronta.')
    .max(TEMPLATE_LIMITS.bodyMax, `O texto deve ter no máximo ${TEMPLATE_LIMITS.bodyMax} caracteres.`),
  /** Absent: every tema (saving without it clears a tema set before). */
  topic: z.enum(TOPICS, { error: 'Tema inválido.' }).optional(),
  shared: z.boolean({ error: 'Informe se a resposta é compartilhada ou pessoal.' }),
});
export type TemplateSaveInput = z.infer<typeof templateSaveInput>;

export const templateIdInput = z.object({ id: objectIdSchema });
export const templateUsedInput = z.object({ id: objectIdSchema, protocol: protocolSchema.optional() });

export const templateOutput = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  topic: z.enum(TOPICS).nullable(),
  shared: z.boolean(),
  owner: z.object({ id: z.string(), name: z.string() }).nullable(),
  uses: z.number(),
  /** Whether the caller may change or remove it. */
  editable: z.boolean(),
  updatedAt: z.string(),
});
export type TemplateOutput = z.infer<typeof templateOutput>;

export const TEMPLATE_PLACEHOLDERS = ['nome', 'protocolo', 'prazo', 'atendente'] as const;
export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];

export interface TemplateContext {
  /** The professional's full name. */
  nome: string;
  protocolo: string;
  /** The ticket's deadline, if it has one (or the one an action is about to set). */
  prazo: Date | string | null;
  atendente: string;
}

export interface FilledTemplate {
  text: string;
  /** Placeholders the context could not fill; they stay in the text, marked, for the attendant to fix. */
  missing: TemplatePlaceholder[];
  /** `{{…}}` names that are not placeholders at all (typos), left as typed. */
  unknown: string[];
}

/**
 * Fills `{{nome}}`, `{{protocolo}}`, `{{prazo}}` and `{{atendente}}` (spaces inside the braces and
 * any letter case allowed). A placeholder without a value stays in the text, so the review before
 * sending shows it instead of sending an empty gap; names that are not placeholders stay as typed.
 */
export function fillTemplate(body: string, context: TemplateContext): FilledTemplate {
  const missing = new Set<TemplatePlaceholder>();
  const unknown = new Set<string>();
  const text = body.replace(/\{\{\s*([^{}\s]+)\s*\}\}/g, (whole, raw: string) => {
    const name = raw.toLowerCase() as TemplatePlaceholder;
    if (!(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name)) {
      unknown.add(raw);
      return whole;
    }
    const value = valueOf(name, context);
    if (!value) {
      missing.add(name);
      return `{{${name}}}`;
    }
    return value;
  });
  return { text, missing: [...missing], unknown: [...unknown] };
}

function valueOf(name: TemplatePlaceholder, context: TemplateContext): string {
  if (name === 'prazo') return context.prazo ? formatDateTime(context.prazo) : '';
  return (context[name] ?? '').trim();
}

// ---- service levels ----

export const SLA_STATES = ['ok', 'soon', 'overdue', 'paused'] as const;
export type SlaState = (typeof SLA_STATES)[number];

export interface ServiceLevelTarget {
  /** ISO-8601 durations, as the deadline settings. */
  firstAnswer: string;
  resolution: string;
}

export interface ServiceLevelSettings {
  mode: 'calendar' | 'business';
  targets: Record<TicketType, ServiceLevelTarget>;
}

export const DEFAULT_SERVICE_LEVELS: ServiceLevelSettings = {
  mode: 'business',
  targets: {
    question: { firstAnswer: 'P1D', resolution: 'P5D' },
    error: { firstAnswer: 'PT8H', resolution: 'P3D' },
    request: { firstAnswer: 'P2D', resolution: 'P10D' },
  },
};

const slaDuration = (label: string) =>
  z
    .string({ error: `Informe o prazo de ${label}.` })
    .trim()
    .max(40, `Prazo de ${label} inválido.`)
    .refine((v) => parseDuration(v) !== null, `Prazo de ${label} inválido. Informe um número maior que zero e a unidade.`);

const slaTarget = z
  .object({ firstAnswer: slaDuration('primeira resposta'), resolution: slaDuration('resolução') })
  .refine(
    (t) => {
      const first = parseDuration(t.firstAnswer);
      const resolution = parseDuration(t.resolution);
      return !first || !resolution || durationMs(first) <= durationMs(resolution);
    },
    { message: 'A primeira resposta não pode ter prazo maior que a resolução.', path: ['firstAnswer'] },
  );

export const serviceLevelsInput = z.object({
  mode: z.enum(['calendar', 'business'], { error: 'Escolha tempo corrido ou dias úteis.' }),
  targets: z.object(Object.fromEntries(TICKET_TYPES.map((t) => [t, slaTarget])) as Record<TicketType, typeof slaTarget>),
});

export const slaOutput = z.object({
  firstAnswerDueAt: z.string(),
  resolutionDueAt: z.string(),
  state: z.enum(SLA_STATES),
  /** Which target the state is about: the first answer until there is one, then the resolution. */
  target: z.enum(['first_answer', 'resolution']),
});
export type SlaOutput = z.infer<typeof slaOutput>;

/** Below this share of its target left, a ticket is `soon`. */
export const SLA_SOON_SHARE = 0.25;

export interface SlaTicket {
  type: TicketType;
  createdAt: Date;
  firstResponseAt: Date | null;
  closedAt: Date | null;
  /** Time the resolution clock stood still in waits that have ended (absent: none). */
  slaPausedMs?: number;
  /** Since when it stands still now, while the professional has the turn (absent: it runs). */
  slaPausedSince?: Date | null;
}

/**
 * Whether the resolution clock stands still in `status`: while the ticket waits on the professional
 * (Pendente Profissional, Homologando), as Zendesk's "pending" does. Decision in docs/decisions.md.
 */
export function slaPausedIn(status: Status): boolean {
  return TURN[status] === 'professional';
}

export interface SlaClock {
  slaPausedMs: number;
  slaPausedSince: Date | null;
}

/**
 * The resolution clock after a move from `from` to `to` at `now`: entering a wait on the
 * professional stops it, leaving one adds the wait to the paused time. A move that neither starts
 * nor ends a pause returns null (nothing to store).
 */
export function slaClockAfter(clock: Partial<SlaClock>, from: Status | null, to: Status, now: Date): SlaClock | null {
  const wasPaused = from !== null && slaPausedIn(from);
  const paused = slaPausedIn(to);
  if (wasPaused === paused) return null;
  const before = clock.slaPausedMs ?? 0;
  if (paused) return { slaPausedMs: before, slaPausedSince: now };
  const since = clock.slaPausedSince ?? now;
  return { slaPausedMs: before + Math.max(0, now.getTime() - since.getTime()), slaPausedSince: null };
}

/** How long the resolution clock has stood still by `now`, the wait in progress included. */
export function slaPausedMs(ticket: Pick<SlaTicket, 'slaPausedMs' | 'slaPausedSince'>, now: Date): number {
  const running = ticket.slaPausedSince ? Math.max(0, now.getTime() - ticket.slaPausedSince.getTime()) : 0;
  return (ticket.slaPausedMs ?? 0) + running;
}

/** The due instants of a ticket's two targets. */
export function slaDueDates(ticket: Pick<SlaTicket, 'type' | 'createdAt'>, settings: ServiceLevelSettings, calendar: HolidayCalendar) {
  const target = settings.targets[ticket.type];
  const at = (text: string) => computeDeadline(ticket.createdAt, parseDuration(text) ?? parseDuration('P5D')!, settings.mode, calendar);
  return { firstAnswer: at(target.firstAnswer), resolution: at(target.resolution) };
}

/**
 * Where a ticket stands against its service levels at `now`: until the first answer, against that
 * target; then against resolution. A closed ticket is judged by when it closed. The resolution
 * clock stands still while the ticket waits on the professional (`slaPausedIn`): its due date moves
 * later by the time paused, and a ticket paused now is `paused` (unless it was already overdue when
 * the wait began). The first-answer clock never stops: the first answer is the desk's alone.
 */
export function slaOf(ticket: SlaTicket, settings: ServiceLevelSettings, calendar: HolidayCalendar, now: Date): SlaOutput {
  const due = slaDueDates(ticket, settings, calendar);
  const answered = ticket.firstResponseAt !== null;
  const target = answered ? 'resolution' : 'first_answer';
  const end = ticket.closedAt ?? now;
  const paused = slaPausedMs(ticket, end);
  const resolution = new Date(due.resolution.getTime() + paused);
  const dueAt = answered ? resolution : due.firstAnswer;
  const reference = answered ? end : now;
  const span = (answered ? due.resolution : due.firstAnswer).getTime() - ticket.createdAt.getTime();
  const left = dueAt.getTime() - reference.getTime();
  // While paused, the due date moves with the clock, so `left` stays what it was when the wait
  // began: a ticket already overdue then stays overdue.
  const pausedNow = answered && ticket.closedAt === null && Boolean(ticket.slaPausedSince);
  const state: SlaState = left < 0
    ? 'overdue'
    : pausedNow ? 'paused' : ticket.closedAt === null && left < span * SLA_SOON_SHARE ? 'soon' : 'ok';
  return { firstAnswerDueAt: due.firstAnswer.toISOString(), resolutionDueAt: resolution.toISOString(), state, target };
}

/** The instant that orders tickets by urgency: the due date of the target they are measured against. */
export function urgencyOf(sla: SlaOutput): number {
  return Date.parse(sla.target === 'first_answer' ? sla.firstAnswerDueAt : sla.resolutionDueAt);
}

// ---- related tickets ----

export const relatedTicketOutput = z.object({
  protocol: z.string(),
  subject: z.string(),
  status: z.string(),
  topic: z.enum(TOPICS).nullable(),
  rrtNumber: z.string().nullable(),
  annuityYear: z.number().nullable(),
  createdAt: z.string(),
});
export type RelatedTicketOutput = z.infer<typeof relatedTicketOutput>;
export const relatedOutput = z.object({
  sameProfessional: z.array(relatedTicketOutput),
  sameReference: z.array(relatedTicketOutput),
});
export type RelatedOutput = z.infer<typeof relatedOutput>;

// ---- supervisor reports ----

const reportInstant = (label: string) =>
  z
    .string({ error: `Data ${label} inválida.` })
    .trim()
    .refine((v) => /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(v) && !Number.isNaN(Date.parse(v.length === 10 ? `${v}T00:00:00-03:00` : v)), `Data ${label} inválida: use AAAA-MM-DD.`)
    .transform((v) => new Date(v.length === 10 ? `${v}T00:00:00-03:00` : v).toISOString());

/** The longest period one report covers, in days. */
export const REPORT_MAX_DAYS = 731;

/**
 * `from` and `to` as instants or São Paulo dates (`to` as a date includes that whole day);
 * by default the last 30 days.
 */
export const supervisorReportInput = z
  .object({
    from: reportInstant('inicial').optional(),
    to: z
      .string({ error: 'Data final inválida.' })
      .trim()
      .refine((v) => /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(v) && !Number.isNaN(Date.parse(v.length === 10 ? `${v}T00:00:00-03:00` : v)), 'Data final inválida: use AAAA-MM-DD.')
      .transform((v) => (v.length === 10 ? new Date(Date.parse(`${v}T00:00:00-03:00`) + 86_400_000) : new Date(v)).toISOString())
      .optional(),
    granularity: z.enum(['day', 'week'], { error: 'Agrupe por dia ou por semana.' }).default('day'),
  })
  .default({ granularity: 'day' })
  .refine((v) => !v.from || !v.to || Date.parse(v.from) < Date.parse(v.to), { message: 'A data inicial deve ser anterior à final.', path: ['from'] })
  .refine((v) => !v.from || !v.to || Date.parse(v.to) - Date.parse(v.from) <= REPORT_MAX_DAYS * 86_400_000, {
    message: `O período pode ter no máximo ${REPORT_MAX_DAYS} dias.`,
    path: ['to'],
  });
export type SupervisorReportInput = z.infer<typeof supervisorReportInput>;

/** `;`-separated CSV as Brazilian spreadsheets open it: UTF-8 with BOM, CRLF, decimal comma. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>): string {
  const cell = (value: string | number | null | undefined) => {
    if (value === null || value === undefined) return '';
    let text = typeof value === 'number' ? String(Number.isInteger(value) ? value : Number(value.toFixed(2))).replace('.', ',') : value;
    // A cell that a spreadsheet would run as a formula is kept as text.
    if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return `\uFEFF${[header, ...rows].map((r) => r.map(cell).join(';')).join('\r\n')}\r\n`;
}
