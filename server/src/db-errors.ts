// Recognises "the database cannot be reached" among driver errors, so the API can answer 503
// `unavailable` instead of a bare 500.
import { mongo } from 'mongoose';
import { DomainError } from './errors';

export function isDatabaseUnavailable(error: unknown): boolean {
  // By class, not name: the pool-cleared errors of a connection that just broke are network errors
  // too. A pooled connection the database has just closed fails its next write with the socket's
  // own EPIPE/ECONNRESET, which the driver (6.20) passes on unwrapped.
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof mongo.MongoNetworkError || error instanceof mongo.MongoServerSelectionError ||
    error instanceof mongo.MongoNotConnectedError || error instanceof mongo.MongoTopologyClosedError ||
    (error as Error | null)?.name === 'MongooseServerSelectionError' || code === 'EPIPE' || code === 'ECONNRESET';
}

/**
 * Whether `error` is the database cancelling a query past its time bound (`maxTimeMS`, see db.ts):
 * MaxTimeMSExpired, code 50, from MongoDB and from FerretDB v2 (PostgreSQL's statement timeout).
 * The API answers it as 503 with a pt-BR message, not as an unexpected 500.
 */
export const QUERY_TIMEOUT = 'A consulta demorou demais para responder. Tente novamente em instantes ou use um filtro mais específico.';

export function isQueryTimeout(error: unknown): boolean {
  const { code, codeName } = (error ?? {}) as { code?: unknown; codeName?: unknown };
  return error instanceof mongo.MongoServerError && (code === 50 || codeName === 'MaxTimeMSExpired');
}

/**
 * The database out of reach or a query past its time bound, as the `unavailable` DomainError both
 * the API (tRPC) and the plain HTTP routes (the CSV downloads) answer with: 503 and its pt-BR
 * message. Null for any other error.
 */
export function unavailableError(error: unknown): DomainError | null {
  if (isDatabaseUnavailable(error)) return new DomainError('unavailable');
  if (isQueryTimeout(error)) return new DomainError('unavailable', QUERY_TIMEOUT);
  return null;
}
