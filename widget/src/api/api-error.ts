// The one error type of every API call: the server's `data.reason`, its pt-BR message and its field
// messages; `network` when the server could not be reached at all.
import { TRPCClientError } from '@trpc/client';
import { REASON_MESSAGES } from '@cau/shared';
import { msg } from '../messages';

/** `network`: the server could not be reached; `aborted`: the caller gave up (never shown). */
export type ErrorReason = keyof typeof REASON_MESSAGES | 'network' | 'aborted';

export class ApiError extends Error {
  constructor(
    readonly reason: ErrorReason | (string & {}),
    message: string,
    /** Field (dotted input path) → pt-BR message, for errors shown beside their field. */
    readonly fields: Readonly<Record<string, string>> = {},
    readonly httpStatus?: number,
    /** Seconds to wait before trying again (`too_many_attempts`). */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get network(): boolean {
    return this.reason === 'network';
  }
}

export interface ErrorData {
  reason?: string;
  fields?: Record<string, string>;
  httpStatus?: number;
  retryAfter?: number;
}

/**
 * The error for a server answer. A refusal for too many attempts says how long to wait, in whole
 * minutes counted from `data.retryAfter`, whichever action it was (login, signup, password reset,
 * a new ticket, an upload, a password change).
 */
export function answerError(reason: string, message: string, data: ErrorData = {}): ApiError {
  const known = (REASON_MESSAGES as Record<string, string>)[reason];
  const retryAfter = typeof data.retryAfter === 'number' && data.retryAfter > 0 ? data.retryAfter : undefined;
  const text = reason === 'too_many_attempts' && retryAfter ? msg.app.tooManyAttempts(Math.ceil(retryAfter / 60)) : message || known || REASON_MESSAGES.internal;
  return new ApiError(reason, text, data.fields ?? {}, data.httpStatus, retryAfter);
}

export function networkError(): ApiError {
  return new ApiError('network', msg.app.networkError);
}

function isAbort(error: unknown): boolean {
  return (error as { name?: string } | null)?.name === 'AbortError';
}

/** Any failure of a call, as an ApiError. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof TRPCClientError) {
    const data = error.data as ErrorData | undefined;
    if (data?.reason) return answerError(data.reason, error.message, data);
    if (isAbort(error.cause) || isAbort(error)) return new ApiError('aborted', '');
    // No tRPC error body: the request never reached the API (offline, DNS, CORS, a proxy's error page).
    return networkError();
  }
  if (isAbort(error)) return new ApiError('aborted', '');
  return new ApiError('internal', REASON_MESSAGES.internal);
}

