// The one client error of the widget and the desk: what a failed call means to a screen. The server
// answers every refusal with a stable `data.reason`, a pt-BR message and, depending on the reason,
// field messages, a wait (`retryAfter`, seconds) or the change that won a race (`lastChange`); the
// data is typed from the server's error formatter through `TRPCClientError<AppRouter>`, so nothing
// here casts. A call that never reached the API is `network`; one the caller gave up is `aborted`.
import type { AppRouter } from '@cau/server';
import { REASON_MESSAGES, type Reason } from '@cau/shared';
import { TRPCClientError } from '@trpc/client';

/** The error data the server sends (server/src/trpc/trpc.ts, errorFormatter). */
export type ServerErrorData = NonNullable<TRPCClientError<AppRouter>['data']>;
/** Who won a race the caller lost: the change that made theirs a conflict. */
export type LastChange = NonNullable<ServerErrorData['lastChange']>;

/** `network`: the server could not be reached; `aborted`: the caller gave up (never shown). */
export type ErrorReason = Reason | 'network' | 'aborted';

export interface ErrorDetails {
  httpStatus?: number;
  /** Seconds to wait before trying again (`too_many_attempts`). */
  retryAfter?: number;
  /** For a lost race (`conflict`, `invalid_transition`): the colleague's change that won. */
  lastChange?: LastChange | null;
}

export class ApiError extends Error {
  readonly httpStatus: number | undefined;
  readonly retryAfter: number | undefined;
  readonly lastChange: LastChange | null;

  constructor(
    readonly reason: ErrorReason | (string & {}),
    message: string,
    /** Field (dotted input path) → pt-BR message, for errors shown beside their field. */
    readonly fields: Readonly<Record<string, string>> = {},
    details: ErrorDetails = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.httpStatus = details.httpStatus;
    this.retryAfter = details.retryAfter;
    this.lastChange = details.lastChange ?? null;
  }

  get network(): boolean {
    return this.reason === 'network';
  }
}

/** The texts a client words its own way; the rest comes from the server or the shared reasons. */
export interface ErrorTexts {
  /** The server could not be reached. */
  network: string;
  /** A refusal for too many attempts, with the wait in whole minutes. */
  tooManyAttempts(minutes: number): string;
}

export const DEFAULT_ERROR_TEXTS: ErrorTexts = {
  network: 'Não foi possível falar com o servidor. Verifique a conexão e tente novamente.',
  tooManyAttempts: (minutes) =>
    `Muitas tentativas em pouco tempo. Por segurança, aguarde ${minutes === 1 ? '1 minuto' : `${minutes} minutos`} e tente novamente.`,
};

/** The pt-BR message of a reason the server may send, when its own message is missing. */
export function reasonMessage(reason: string): string {
  return (REASON_MESSAGES as Record<string, string | undefined>)[reason] ?? REASON_MESSAGES.internal;
}

/** Whether `error` is an answer (or a failed request) of our API's tRPC client, with typed data. */
export function isServerError(error: unknown): error is TRPCClientError<AppRouter> {
  return error instanceof TRPCClientError;
}

function isAbort(error: unknown): boolean {
  return (error as { name?: string } | null)?.name === 'AbortError';
}

export interface ErrorReader {
  /** The error for a server answer with `reason` (also for answers read without tRPC: uploads, CSV). */
  answerError(reason: string, message: string, data?: Partial<Pick<ServerErrorData, 'fields' | 'httpStatus' | 'retryAfter' | 'lastChange'>>): ApiError;
  networkError(): ApiError;
  /** Any failure of a call, as an ApiError. */
  toApiError(error: unknown): ApiError;
  /** The message to show for any failure (what `catch (e)` blocks need most). */
  messageOf(error: unknown): string;
}

/** The error handling of one client, in its own words (`texts`). */
export function createErrorReader(texts: ErrorTexts = DEFAULT_ERROR_TEXTS): ErrorReader {
  function answerError(reason: string, message: string, data: Parameters<ErrorReader['answerError']>[2] = {}): ApiError {
    const retryAfter = typeof data.retryAfter === 'number' && data.retryAfter > 0 ? data.retryAfter : undefined;
    const text = reason === 'too_many_attempts' && retryAfter ? texts.tooManyAttempts(Math.ceil(retryAfter / 60)) : message || reasonMessage(reason);
    return new ApiError(reason, text, data.fields ?? {}, {
      httpStatus: data.httpStatus,
      retryAfter,
      lastChange: data.lastChange?.actor?.name ? data.lastChange : null,
    });
  }
  const networkError = () => new ApiError('network', texts.network);

  function toApiError(error: unknown): ApiError {
    if (error instanceof ApiError) return error;
    if (isServerError(error)) {
      const data = error.data;
      if (data?.reason) return answerError(data.reason, error.message, data);
      if (isAbort(error.cause) || isAbort(error)) return new ApiError('aborted', '');
      // No tRPC error body: the request never reached the API (offline, DNS, CORS, a proxy's error page).
      return networkError();
    }
    if (isAbort(error)) return new ApiError('aborted', '');
    // fetch's own failure, outside a tRPC call (a download).
    if (error instanceof TypeError) return networkError();
    return new ApiError('internal', REASON_MESSAGES.internal);
  }

  return { answerError, networkError, toApiError, messageOf: (error) => toApiError(error).message };
}
