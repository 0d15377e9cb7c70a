// Typed domain errors. Services throw DomainError with a stable reason; the tRPC layer
// (trpc/trpc.ts) turns it into a TRPCError with the right code, the pt-BR message and `data.reason`.
import { REASON_MESSAGES, type Reason } from '@cau/shared';

export class DomainError extends Error {
  constructor(
    readonly reason: Reason,
    message?: string,
    /** Field → message, for forms that show errors next to their field. */
    readonly fields?: Record<string, string>,
    /** Seconds the client should wait before trying again. */
    readonly retryAfter?: number,
    /** For a lost race: the change that won (the ticket's latest history entry). */
    readonly lastChange?: LastChange,
  ) {
    super(message ?? REASON_MESSAGES[reason]);
    this.name = 'DomainError';
  }
}

export interface LastChange {
  actor: { id: string | null; name: string };
  event: string;
  at: string;
}

/** `too_many_attempts` telling how long to wait: "<lead> Aguarde N minuto(s) e tente novamente." */
export function waitRefusal(lead: string, waitMs: number): DomainError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  const minutes = Math.ceil(seconds / 60);
  return new DomainError('too_many_attempts', `${lead} Aguarde ${minutes} minuto${minutes > 1 ? 's' : ''} e tente novamente.`, undefined, seconds);
}
