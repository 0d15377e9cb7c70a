// The tRPC building blocks. Authorization is chosen by which procedure a route starts from; the
// middlewares narrow ctx.user so resolvers never null-check it. Domain errors become TRPCErrors
// with the pt-BR message and a stable data.reason; nothing internal reaches the client.
import { REASON_MESSAGES, isReason, type Reason } from '@cau/shared';
import { TRPCError, initTRPC, type TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { ZodError } from 'zod';
import { unavailableError } from '../db-errors';
import { DomainError } from '../errors';
import { mustEnrol } from '../users/mfa.service';
import type { Context } from './context';

const CODE_OF: Record<Reason, TRPC_ERROR_CODE_KEY> = {
  invalid_input: 'BAD_REQUEST',
  cpf_invalid: 'BAD_REQUEST',
  weak_password: 'BAD_REQUEST',
  signup_expired: 'BAD_REQUEST',
  reset_invalid: 'BAD_REQUEST',
  file_type: 'BAD_REQUEST',
  too_many_files: 'BAD_REQUEST',
  attachment_invalid: 'BAD_REQUEST',
  file_too_large: 'PAYLOAD_TOO_LARGE',
  cpf_taken: 'CONFLICT',
  email_taken: 'CONFLICT',
  login_taken: 'CONFLICT',
  conflict: 'CONFLICT',
  invalid_transition: 'UNPROCESSABLE_CONTENT',
  bad_credentials: 'UNAUTHORIZED',
  unauthenticated: 'UNAUTHORIZED',
  too_many_attempts: 'TOO_MANY_REQUESTS',
  too_many_open_tickets: 'UNPROCESSABLE_CONTENT',
  ticket_full: 'UNPROCESSABLE_CONTENT',
  not_found: 'NOT_FOUND',
  forbidden: 'FORBIDDEN',
  account_disabled: 'FORBIDDEN',
  mfa_required: 'UNAUTHORIZED',
  mfa_invalid: 'UNAUTHORIZED',
  mfa_enrollment_required: 'FORBIDDEN',
  password_change_required: 'FORBIDDEN',
  unavailable: 'SERVICE_UNAVAILABLE',
  internal: 'INTERNAL_SERVER_ERROR',
};

/** Reasons for errors tRPC raises itself (unknown procedure, unparsable body, …). */
const REASON_OF_CODE: Partial<Record<TRPC_ERROR_CODE_KEY, Reason>> = {
  PARSE_ERROR: 'invalid_input',
  BAD_REQUEST: 'invalid_input',
  NOT_FOUND: 'not_found',
  UNAUTHORIZED: 'unauthenticated',
  FORBIDDEN: 'forbidden',
  PAYLOAD_TOO_LARGE: 'invalid_input',
  METHOD_NOT_SUPPORTED: 'invalid_input',
  UNSUPPORTED_MEDIA_TYPE: 'invalid_input',
  TOO_MANY_REQUESTS: 'too_many_attempts',
  SERVICE_UNAVAILABLE: 'unavailable',
  TIMEOUT: 'unavailable',
};

const MESSAGE_OF_CODE: Partial<Record<TRPC_ERROR_CODE_KEY, string>> = {
  PARSE_ERROR: 'Requisição inválida: o corpo não é um JSON válido.',
  NOT_FOUND: 'Recurso não encontrado.',
  PAYLOAD_TOO_LARGE: 'Requisição grande demais.',
  METHOD_NOT_SUPPORTED: 'Método não suportado.',
  BAD_REQUEST: 'Requisição inválida.',
};

/** Turns a DomainError (or a lost database, or a query past its time bound) into a TRPCError; anything else is left to tRPC. */
function toTRPCError(cause: unknown): TRPCError | null {
  if (cause instanceof DomainError) return new TRPCError({ code: CODE_OF[cause.reason], message: cause.message, cause });
  const unavailable = unavailableError(cause);
  return unavailable ? new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: unavailable.message, cause: unavailable }) : null;
}

/** The most calls one batch request may carry (httpBatchLink clients: set `maxItems` to this or less). */
export const MAX_BATCH_SIZE = 10;
const TOO_BIG_BATCH = `Lote grande demais: envie no máximo ${MAX_BATCH_SIZE} chamadas por requisição.`;

const NOT_AN_OBJECT = 'Requisição inválida: os dados devem ser enviados como um objeto JSON.';

/** How zod's own (English) messages begin; a schema check that forgot its pt-BR message shows one. */
const ZOD_DEFAULT_MESSAGE = /^(Invalid|Too (big|small)|Unrecognized)\b/;

/**
 * Every field check carries its own pt-BR message; an input that is not an object at all (`null`, an
 * array, no body) fails before any of them applies, and zod would answer that in English. So would a
 * check written without a message (a nested array's type, say): those get a generic pt-BR one.
 */
function issueMessage(issue: ZodError['issues'][number], generic: string): string {
  if (issue.code === 'invalid_type' && issue.path.length === 0) return NOT_AN_OBJECT;
  return ZOD_DEFAULT_MESSAGE.test(issue.message) ? generic : issue.message;
}

function zodFields(error: ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '_';
    fields[key] ??= issueMessage(issue, 'Valor inválido.');
  }
  return fields;
}

const t = initTRPC.context<Context>().create({
  // Keeps SSE connections alive through proxies and lets clients notice a dead connection.
  sse: { ping: { enabled: true, intervalMs: 10_000 }, client: { reconnectAfterInactivityMs: 25_000 } },
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    let reason: Reason;
    let message: string;
    let fields: Record<string, string> | undefined;
    let retryAfter: number | undefined;
    let lastChange: DomainError['lastChange'];
    if (cause instanceof DomainError) {
      ({ reason, message, fields, retryAfter, lastChange } = cause);
    } else if (cause instanceof ZodError) {
      const first = cause.issues[0];
      const specific = (first as { params?: { reason?: unknown } } | undefined)?.params?.reason;
      reason = isReason(specific) ? specific : 'invalid_input';
      message = first ? issueMessage(first, REASON_MESSAGES.invalid_input) : REASON_MESSAGES.invalid_input;
      fields = zodFields(cause);
    } else if (error.code === 'INTERNAL_SERVER_ERROR') {
      reason = 'internal';
      message = REASON_MESSAGES.internal;
    } else if (error.code === 'BAD_REQUEST' && error.message === 'Batch call exceeds maximum size') {
      reason = 'invalid_input';
      message = TOO_BIG_BATCH;
    } else if (error.code === 'PAYLOAD_TOO_LARGE' && shape.data.path === 'attachments.upload') {
      reason = 'file_too_large';
      message = REASON_MESSAGES.file_too_large;
    } else {
      reason = REASON_OF_CODE[error.code] ?? 'internal';
      message = MESSAGE_OF_CODE[error.code] ?? REASON_MESSAGES[reason];
    }
    return {
      code: shape.code,
      message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        reason,
        ...(fields ? { fields } : {}),
        ...(retryAfter ? { retryAfter } : {}),
        ...(lastChange ? { lastChange } : {}),
      },
    };
  },
});

const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const mapped = toTRPCError(result.error.cause);
    if (mapped) throw mapped;
  }
  return result;
});

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether any string in the input could not be stored as sent: a lone UTF-16 surrogate (written to
 * the database as U+FFFD, so the text would silently change) or a NUL (which MongoDB refuses inside a
 * $regex, and mail and PDF tools choke on). Walked without recursion: the input may be nested deep.
 */
function hasUnstorableText(input: unknown): boolean {
  const pending: unknown[] = [input];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === 'string') {
      if (value.includes('\u0000') || LONE_SURROGATE.test(value)) return true;
    } else if (value !== null && typeof value === 'object' && !(value instanceof FormData)) {
      for (const [key, item] of Object.entries(value)) {
        if (key.includes('\u0000') || LONE_SURROGATE.test(key)) return true;
        pending.push(item);
      }
    }
  }
  return false;
}

const storableText = t.middleware(async ({ getRawInput, next }) => {
  if (hasUnstorableText(await getRawInput())) {
    throw new DomainError('invalid_input', 'O texto enviado contém caracteres inválidos. Remova-os e tente novamente.');
  }
  return next();
});

export const router = t.router;
export const mergeRouters = t.mergeRouters;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(mapErrors).use(storableText);

/** What staff who must still enrol in two-step verification may call. */
const ENROLMENT_PATHS = /^(auth\.(me|logout|accessToken)|account\.mfa\.\w+)$/;
/**
 * What someone whose password an admin set may call before choosing their own: the change itself,
 * who they are, sign out, and the access token the Electron desk's main process renews its page with.
 */
const PASSWORD_CHANGE_PATHS = /^(auth\.(me|logout|accessToken)|account\.changePassword)$/;

export const authedProcedure = publicProcedure.use(async ({ ctx, next, path }) => {
  if (!ctx.user || !ctx.sessionId) throw new DomainError('unauthenticated');
  // The password first; enrolment waits for it (else each would block the other).
  if (ctx.user.mustChangePassword) {
    if (!PASSWORD_CHANGE_PATHS.test(path)) throw new DomainError('password_change_required');
  } else if (!ENROLMENT_PATHS.test(path) && (await mustEnrol(ctx.deps, ctx.user))) throw new DomainError('mfa_enrollment_required');
  return next({ ctx: { ...ctx, user: ctx.user, sessionId: ctx.sessionId } });
});

export const professionalProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== 'professional') throw new DomainError('forbidden');
  return next({ ctx });
});

export const attendantProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== 'attendant' && ctx.user.role !== 'admin') throw new DomainError('forbidden');
  return next({ ctx });
});

export const adminProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== 'admin') throw new DomainError('forbidden');
  return next({ ctx });
});
