// How a failed call reaches the screens: the server's pt-BR message and its stable reason.
import { TRPCClientError } from '@trpc/client';

/** Who won a race the attendant lost (error data of a conflict). */
export interface LastChange {
  actor: { id: string; name: string };
  event: string;
  at: string;
}

/** An API failure as the screens need it: the server's pt-BR message and its stable reason. */
export class ApiError extends Error {
  constructor(
    readonly reason: string,
    message: string,
    readonly fields: Record<string, string> = {},
    /** For a lost race: the colleague's change that won. */
    readonly lastChange: LastChange | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const NETWORK_MESSAGE = 'Não foi possível falar com o servidor. Verifique a conexão e tente novamente.';

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof TRPCClientError) {
    const data = (error.data ?? {}) as { reason?: string; fields?: Record<string, string>; lastChange?: LastChange };
    if (!data.reason && !error.shape) return new ApiError('network', NETWORK_MESSAGE);
    return new ApiError(data.reason ?? 'internal', error.message, data.fields ?? {}, data.lastChange?.actor?.name ? data.lastChange : null);
  }
  return new ApiError('network', NETWORK_MESSAGE);
}

