// zod schemas for every procedure's input and output (SPEC §5). Inputs carry pt-BR messages; a
// custom issue may carry `params.reason` so the API can answer with a specific `data.reason`.

import { z } from 'zod';
import { forbiddenCharacter, forbiddenCharacterMessage } from './characters';
import { parseCpf } from './cpf';
import { RRT_NUMBER_MESSAGE, RRT_NUMBER_PATTERN, normalizeRrtNumber } from './rrt';
import { LOGIN_PATTERN, PASSWORD_MAX, normalizeLogin } from './credentials';
import {
  CLOSE_REASONS, STORED_CLOSE_REASONS, OUTCOMES, QUEUE_VIEWS, ROLES, STATUSES, TICKET_TYPES, TOPICS,
} from './labels';
import { TICKET_EVENTS } from './lifecycle';

export const LIMITS = {
  nameMax: 120,
  subjectMin: 3,
  subjectMax: 150,
  descriptionMin: 20,
  descriptionMax: 10_000,
  messageMax: 10_000,
  attachmentsPerMessage: 5,
  attachmentBytes: 2 * 1024 * 1024,
  searchMax: 100,
} as const;

const thousands = (n: number) => n.toLocaleString('pt-BR');

/**
 * A trimmed text field with pt-BR messages naming the field. Control characters (other than tab and
 * line breaks) and bidi controls are refused (characters.ts); a `singleLine` field refuses breaks too.
 */
function text(label: string, min: number, max: number, singleLine = false) {
  // The label carries its article ("A mensagem", "O assunto"), which gives the adjective's gender.
  const required = `${label} é ${label.startsWith('A ') ? 'obrigatória' : 'obrigatório'}.`;
  return z
    .string({ error: `${label}: informe um texto.` })
    .max(max * 2, `${label} deve ter no máximo ${thousands(max)} caracteres.`)
    .trim()
    .min(min, min <= 1 ? required : `${label} deve ter ao menos ${thousands(min)} caracteres.`)
    .max(max, `${label} deve ter no máximo ${thousands(max)} caracteres.`)
    .superRefine((value, ctx) => {
      const code = forbiddenCharacter(value, singleLine);
      if (code) ctx.addIssue({ code: 'custom', message: forbiddenCharacterMessage(label, code, singleLine) });
    });
}

export const objectIdSchema = z.string({ error: 'Identificador inválido.' }).regex(/^[a-f0-9]{24}$/, 'Identificador inválido.');

export const nameSchema = text('Nome', 3, LIMITS.nameMax, true)
  .regex(/^[\p{L}][\p{L}\p{M}'’. -]*$/u, 'O nome deve conter apenas letras, espaços, apóstrofos e hífens.')
  .refine((v) => v.split(/\s+/).length >= 2, 'Informe o nome completo (nome e sobrenome).')
  .transform((v) => v.replace(/\s+/g, ' '));

export const cpfSchema = z
  .string({ error: 'Informe o CPF.' })
  .max(20, 'CPF inválido. Confira os números digitados.')
  .transform((value, ctx) => {
    const digits = parseCpf(value);
    if (!digits) {
      ctx.addIssue({ code: 'custom', message: 'CPF inválido. Confira os números digitados.', params: { reason: 'cpf_invalid' } });
      return z.NEVER;
    }
    return digits;
  });

export const emailSchema = z
  .string({ error: 'Informe o e-mail.' })
  .trim()
  .toLowerCase()
  .max(254, 'O e-mail deve ter no máximo 254 caracteres.')
  .pipe(z.email({ error: 'E-mail inválido. Confira o endereço digitado.' }));

export const loginSchema = z
  .string({ error: 'Informe a identificação (login).' })
  .max(64, 'A identificação deve ter de 3 a 32 caracteres: letras minúsculas, números, ponto, _ ou -.')
  .transform(normalizeLogin)
  .pipe(z.string().regex(LOGIN_PATTERN, 'A identificação deve ter de 3 a 32 caracteres: letras minúsculas, números, ponto, _ ou -.'));

/** A new password's shape; the rules that need context (login, CPF, common list) run on the server. */
export const newPasswordSchema = z
  .string({ error: 'Informe a senha.' })
  .max(PASSWORD_MAX, `A senha deve ter no máximo ${PASSWORD_MAX} caracteres.`);

export const protocolSchema = z
  .string({ error: 'Informe o protocolo.' })
  .trim()
  .regex(/^\d{4}-\d{6}$/, 'Protocolo inválido. Use o formato 2026-000042.');

const messageSchema = text('A mensagem', 1, LIMITS.messageMax);
const attachmentIdsSchema = z
  .array(objectIdSchema, { error: 'Lista de anexos inválida.' })
  .max(LIMITS.attachmentsPerMessage, `Envie no máximo ${LIMITS.attachmentsPerMessage} anexos por mensagem.`)
  .optional();
const cursorSchema = z.string({ error: 'Cursor inválido.' }).max(500, 'Cursor inválido.').optional();

// ---- attachments ----
/** attachments.upload: a multipart form; the file itself (field "file") is checked by the service. */
export const attachmentUploadInput = z.instanceof(FormData, { message: 'Envie o arquivo como formulário (multipart/form-data) no campo "file".' });
/** attachments.link: one attachment, by id. */
export const attachmentLinkInput = z.object({ id: objectIdSchema });

// ---- auth ----
export const checkSignupInput = z.object({ name: nameSchema, cpf: cpfSchema, email: emailSchema });
/** admin.mail.correctEmail: a professional's new address (the old one bounced). */
export const correctProfessionalEmailInput = z.object({ professionalId: objectIdSchema, email: emailSchema });
/** admin.mail.retry: one failed outbox entry, by id. */
export const retryMailInput = z.object({ entryId: objectIdSchema });
export const signupInput = z.object({
  signupToken: z.string({ error: 'Cadastro inválido. Recomece.' }).min(1, 'Cadastro inválido. Recomece.').max(2000, 'Cadastro inválido. Recomece.'),
  login: loginSchema,
  password: newPasswordSchema,
});
export const mfaCodeSchema = z
  .string({ error: 'Informe o código de verificação.' })
  .trim()
  .regex(/^(\d{6}|[A-Za-z0-9]{4}-?[A-Za-z0-9]{4})$/, 'O código tem 6 dígitos (ou é um código de recuperação como ABCD-1234).');

/** account.* inputs (the signed-in person's own sessions, password and two-step verification). */
export const revokeSessionInput = z.object({ id: z.string({ error: 'Sessão inválida.' }).regex(/^[a-f0-9]{24}$/, 'Sessão inválida.') });
export const changePasswordInput = z.object({
  currentPassword: z.string({ error: 'Informe a senha atual.' }).min(1, 'Informe a senha atual.').max(128, 'Senha inválida.'),
  newPassword: newPasswordSchema,
});
export const mfaBeginInput = z.object({ code: mfaCodeSchema.optional() }).default({});
export const mfaCodeInput = z.object({ code: mfaCodeSchema });

export const loginInput = z.object({
  login: z.string({ error: 'Informe a identificação.' }).trim().min(1, 'Informe a identificação.').max(254, 'Identificação inválida.'),
  password: z.string({ error: 'Informe a senha.' }).min(1, 'Informe a senha.').max(PASSWORD_MAX, 'Senha inválida.'),
  /** The second factor, for staff who enabled it: a TOTP code or a recovery code. */
  code: mfaCodeSchema.optional(),
  /** The device token of an earlier successful login on this device (trusted-device throttling). */
  deviceToken: z.string({ error: 'Token de dispositivo inválido.' }).max(1000, 'Token de dispositivo inválido.').optional(),
});
export const requestPasswordResetInput = z.object({
  loginOrEmail: z.string({ error: 'Informe a identificação ou o e-mail.' }).trim().min(1, 'Informe a identificação ou o e-mail.').max(254, 'Valor inválido.'),
});
export const checkResetTokenInput = z.object({
  resetToken: z.string({ error: 'Link inválido.' }).min(1, 'Link inválido.').max(500, 'Link inválido.'),
});
export const resetPasswordInput = z.object({
  resetToken: z.string({ error: 'Link inválido.' }).min(1, 'Link inválido.').max(500, 'Link inválido.'),
  password: newPasswordSchema,
});

// ---- tickets (professional) ----
export const createTicketInput = z
  .object({
    type: z.enum(TICKET_TYPES, { error: 'Escolha o tipo: Dúvida, Erro ou Solicitação.' }),
    topic: z.enum(TOPICS, { error: 'Tema inválido.' }).optional(),
    subject: text('O assunto', LIMITS.subjectMin, LIMITS.subjectMax, true),
    description: text('A descrição', LIMITS.descriptionMin, LIMITS.descriptionMax),
    rrtNumber: z
      .string({ error: 'Número do RRT inválido.' })
      .trim()
      .max(30, RRT_NUMBER_MESSAGE)
      .transform(normalizeRrtNumber)
      .refine((value) => RRT_NUMBER_PATTERN.test(value), RRT_NUMBER_MESSAGE)
      .optional(),
    annuityYear: z
      .number({ error: 'Ano da anuidade inválido.' })
      .int('Ano da anuidade inválido.')
      .min(1950, 'Ano da anuidade inválido.')
      .max(2200, 'Ano da anuidade inválido.')
      .optional(),
    attachmentIds: attachmentIdsSchema,
    /** "Abrir novo chamado a partir deste": the protocol of a closed ticket this one follows. */
    relatedProtocol: protocolSchema.optional(),
    /** Made once per new-ticket form: a repeat with the same key returns the first ticket (SPEC §11). */
    idempotencyKey: z.uuid({ error: 'Chave de idempotência inválida: use um UUID.' }).optional(),
  })
  .superRefine((input, ctx) => {
    if (input.topic === 'rrt' && !input.rrtNumber) {
      ctx.addIssue({ code: 'custom', path: ['rrtNumber'], message: 'Informe o número do RRT.' });
    }
    if (input.topic === 'annuity' && input.annuityYear === undefined) {
      ctx.addIssue({ code: 'custom', path: ['annuityYear'], message: 'Informe o ano da anuidade.' });
    }
  });
export const mineInput = z
  .object({
    status: z.enum(STATUSES, { error: 'Situação inválida.' }).optional(),
    /** "Meus chamados" search: a protocolo (or its beginning) or words of the subject. */
    search: z.string({ error: 'Busca inválida.' }).trim().max(100, 'A busca deve ter no máximo 100 caracteres.').optional(),
    cursor: cursorSchema,
  })
  .default({});
export const protocolInput = z.object({ protocol: protocolSchema });
export const messageInput = z.object({ protocol: protocolSchema, message: messageSchema, attachmentIds: attachmentIdsSchema });
export const approveInput = z.object({
  protocol: protocolSchema,
  rating: z.number({ error: 'Dê uma nota de 1 a 5.' }).int('Dê uma nota de 1 a 5.').min(1, 'Dê uma nota de 1 a 5.').max(5, 'Dê uma nota de 1 a 5.'),
  comment: text('O comentário', 0, 2000).optional(),
});
export const rejectInput = z.object({ protocol: protocolSchema, message: text('O pedido de esclarecimento', 1, LIMITS.messageMax) });

// ---- desk (attendants) ----
/** desk.events: where a resumed stream picks up (the id of the last event received). */
export const deskEventsInput = z
  .object({ lastEventId: z.string({ error: 'Identificador de evento inválido.' }).max(64, 'Identificador de evento inválido.').optional() })
  .optional();
export const presenceInput = z.object({
  protocol: protocolSchema,
  state: z.enum(['viewing', 'typing', 'left'], { error: 'Estado de presença inválido.' }),
});
// Strict: with every field optional, an input of unknown keys (or a deep nest of them) would otherwise pass as "clear all".
export const alertsClearInput = z.strictObject({ protocol: protocolSchema.optional() }, { error: 'Requisição inválida.' }).default({});
export const queueInput = z.object({
  view: z.enum(QUEUE_VIEWS, { error: 'Visão da fila inválida.' }),
  search: z.string({ error: 'Busca inválida.' }).trim().max(LIMITS.searchMax, `A busca deve ter no máximo ${LIMITS.searchMax} caracteres.`).optional(),
  type: z.enum(TICKET_TYPES, { error: 'Tipo inválido.' }).optional(),
  topic: z.enum(TOPICS, { error: 'Tema inválido.' }).optional(),
  /** An attendant's id, `me`, or `none` for unassigned tickets. */
  assignee: z.union([objectIdSchema, z.literal('me'), z.literal('none')], { error: 'Atendente inválido.' }).optional(),
  cursor: cursorSchema,
  limit: z.number({ error: 'Tamanho de página inválido.' }).int('Tamanho de página inválido.').min(1, 'Tamanho de página inválido.').max(100, 'Tamanho de página inválido.').optional(),
  /** `urgency`: by the due date of the service level the ticket is measured against (SPEC §9). */
  sort: z.enum(['default', 'urgency'], { error: 'Ordenação inválida.' }).optional(),
});
export const assignInput = z.object({ protocol: protocolSchema, attendantId: objectIdSchema });
export const deskMessageInput = z.object({ protocol: protocolSchema, message: messageSchema, attachmentIds: attachmentIdsSchema });
export const deskTextInput = z.object({ protocol: protocolSchema, message: messageSchema });
export const closeInput = z.object({
  protocol: protocolSchema,
  reason: z.enum(CLOSE_REASONS, { error: 'Informe o motivo do encerramento: duplicado ou inválido.' }),
  message: messageSchema,
  /** For `duplicate`: the protocolo of the original ticket; both then show the link. */
  duplicateOf: protocolSchema.optional(),
});

// ---- admin ----
export const createStaffInput = z.object({
  name: nameSchema,
  login: loginSchema,
  email: emailSchema,
  password: newPasswordSchema,
  role: z.enum(['attendant', 'admin'], { error: 'Perfil inválido.' }).default('attendant'),
});
export const staffIdInput = z.object({ id: objectIdSchema });

// ---- outputs ----
export const userOutput = z.object({
  id: z.string(),
  role: z.enum(ROLES),
  name: z.string(),
  login: z.string(),
  email: z.string(),
  /** Formatted for its owner; absent for staff. */
  cpf: z.string().optional(),
  /** Present (true) while the password an admin set must still be replaced by the owner's own. */
  mustChangePassword: z.literal(true).optional(),
});
export type UserOutput = z.infer<typeof userOutput>;

export const sessionOutput = z.object({ token: z.string(), user: userOutput, deviceToken: z.string().optional() });

const personOutput = z.object({ id: z.string(), name: z.string() });

export const attachmentOutput = z.object({ id: z.string(), name: z.string(), size: z.number(), contentType: z.string() });

export const messageOutput = z.object({
  id: z.string(),
  author: z.object({ id: z.string().nullable(), name: z.string(), role: z.enum([...ROLES, 'system']) }),
  body: z.string(),
  attachments: z.array(attachmentOutput),
  at: z.string(),
});

export const historyOutput = z.object({
  at: z.string(),
  actor: z.object({ id: z.string().nullable(), name: z.string(), role: z.enum([...ROLES, 'system']) }),
  event: z.enum(TICKET_EVENTS),
  from: z.enum(STATUSES).nullable(),
  to: z.enum(STATUSES),
  messageId: z.string().nullable(),
  /** For `assign` (and `take`): to whom the ticket went. */
  assignee: personOutput.optional(),
  /** For `close`: why the ticket was closed. */
  reason: z.enum(STORED_CLOSE_REASONS).optional(),
});

export const ticketSummaryOutput = z.object({
  protocol: z.string(),
  type: z.enum(TICKET_TYPES),
  topic: z.enum(TOPICS).nullable(),
  subject: z.string(),
  status: z.enum(STATUSES),
  outcome: z.enum(OUTCOMES).nullable(),
  rating: z.number().nullable(),
  deadlineAt: z.string().nullable(),
  assignee: personOutput.nullable(),
  answered: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const ticketOutput = ticketSummaryOutput.extend({
  description: z.string(),
  /** The files sent with the description. */
  attachments: z.array(attachmentOutput),
  rrtNumber: z.string().nullable(),
  annuityYear: z.number().nullable(),
  relatedProtocol: z.string().nullable(),
  /** Closed as a duplicate of this protocol; and the protocols closed as duplicates of this one (SPEC §9). */
  duplicateOf: z.string().nullable().optional(),
  duplicates: z.array(z.string()).optional(),
  ratingComment: z.string().nullable(),
  closeReason: z.enum(STORED_CLOSE_REASONS).nullable(),
  closedAt: z.string().nullable(),
  messages: z.array(messageOutput),
  history: z.array(historyOutput),
  /** The events the caller may trigger now. */
  actions: z.array(z.enum(TICKET_EVENTS)),
});

export const deskTicketSummaryOutput = ticketSummaryOutput.extend({
  professional: z.object({ id: z.string(), name: z.string(), cpf: z.string() }),
  waitingSince: z.string().nullable(),
  /** The events an attendant may trigger on this row now (the desk offers "Assumir" only from these). */
  actions: z.array(z.enum(TICKET_EVENTS)),
});

export const deskTicketOutput = ticketOutput.extend({
  professional: z.object({ id: z.string(), name: z.string(), cpf: z.string(), email: z.string() }),
  waitingSince: z.string().nullable(),
  notes: z.array(messageOutput),
});

/** Colleagues other than the caller with the ticket open now (desk.get). */
export const viewerOutput = z.object({ id: z.string(), name: z.string(), typing: z.boolean() });
export type ViewerOutput = z.infer<typeof viewerOutput>;

export const deskAlertOutput = z.object({ id: z.string(), kind: z.string(), protocol: z.string(), subject: z.string(), at: z.string() });
export const deskAlertsOutput = z.object({ items: z.array(deskAlertOutput), total: z.number() });
export type DeskAlertsOutput = z.infer<typeof deskAlertsOutput>;

export const countsOutput = z.object({
  open: z.number(),
  pending_professional: z.number(),
  awaiting_approval: z.number(),
  closed: z.number(),
});

export const mineOutput = z.object({
  counts: countsOutput,
  items: z.array(ticketSummaryOutput),
  nextCursor: z.string().nullable(),
  /**
   * On the first page: every ticket of the list's filter and search that waits on the professional
   * (Pendente Profissional, Homologando), soonest deadline first, for the widget to show before the
   * others. Also in `items` where they fall there; [] on later pages.
   */
  waiting: z.array(ticketSummaryOutput),
});

export const queueOutput = z.object({
  counts: z.object(Object.fromEntries(QUEUE_VIEWS.map((v) => [v, z.number()])) as Record<(typeof QUEUE_VIEWS)[number], z.ZodNumber>),
  /**
   * The sequence number of the last desk event the global counts (all but `mine`) include: a desk
   * that already applied a later event's counts keeps those (the answer may have been counted
   * before that event). Absent from older servers.
   */
  countsSeq: z.number().int().optional(),
  items: z.array(deskTicketSummaryOutput),
  nextCursor: z.string().nullable(),
});

export const staffOutput = z.object({
  id: z.string(),
  name: z.string(),
  login: z.string(),
  email: z.string(),
  role: z.enum(['attendant', 'admin']),
  disabled: z.boolean(),
  createdAt: z.string(),
});

export type TicketOutput = z.infer<typeof ticketOutput>;
export type TicketSummaryOutput = z.infer<typeof ticketSummaryOutput>;
export type DeskTicketOutput = z.infer<typeof deskTicketOutput>;
export type DeskTicketSummaryOutput = z.infer<typeof deskTicketSummaryOutput>;
export type MineOutput = z.infer<typeof mineOutput>;
export type QueueOutput = z.infer<typeof queueOutput>;
export type StaffOutput = z.infer<typeof staffOutput>;
export type CreateTicketInput = z.infer<typeof createTicketInput>;
