// Request context in two layers: createContextInner from plain values (for in-process callers;
// no test uses it yet), and contextFactory's function, which only extracts them from the request.
import { TRPCError } from '@trpc/server';
import type { TRPCRequestInfo } from '@trpc/server/http';
import type { Request } from 'express';
import { isDatabaseUnavailable } from '../db-errors';
import type { Deps } from '../deps';
import { DomainError } from '../errors';
import { resolveSession, type AuthedUser } from '../users/auth.service';
import type { Types } from 'mongoose';

export interface ContextInput {
  deps: Deps;
  user: AuthedUser | null;
  sessionId: Types.ObjectId | null;
  ip: string;
  userAgent: string | null;
  /** This server as the client reached it (scheme://host), for links it hands out. */
  origin: string;
}

export function createContextInner(input: ContextInput) {
  return input;
}
export type Context = ReturnType<typeof createContextInner>;

function bearer(header: string | undefined): string | null {
  const match = /^Bearer +([A-Za-z0-9_-]{10,200})$/i.exec(header ?? '');
  return match ? match[1]! : null;
}

/**
 * The session lookup runs before any procedure middleware, so a lost database would surface as a
 * bare 500; like trpc.ts does for resolvers, it becomes 503 `unavailable` with the pt-BR message.
 */
function unavailable(error: unknown): never {
  if (isDatabaseUnavailable(error)) {
    const cause = new DomainError('unavailable');
    throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: cause.message, cause });
  }
  throw error;
}

export function contextFactory(deps: Deps) {
  return async ({ req, info }: { req: Request; info: TRPCRequestInfo }): Promise<Context> => {
    // EventSource cannot send headers, so SSE subscriptions pass the token as a connection param.
    const fromParams = info.connectionParams?.token;
    const token = bearer(req.headers.authorization) ?? (typeof fromParams === 'string' ? bearer(`Bearer ${fromParams}`) : null);
    const resolved = token ? await resolveSession(token, deps.now()).catch(unavailable) : null;
    return createContextInner({
      deps,
      user: resolved?.user ?? null,
      sessionId: resolved?.session._id ?? null,
      ip: req.ip ?? req.socket.remoteAddress ?? 'unknown',
      userAgent: req.headers['user-agent'] ?? null,
      origin: `${req.protocol}://${req.get('host') ?? 'localhost'}`,
    });
  };
}
