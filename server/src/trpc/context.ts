// Request context in two layers: createContextInner from plain values (in-process callers use it:
// trpc/caller.ts, tests/integration/in-process.test.ts), and contextFactory's function, which only
// extracts them from the request.
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
  /** Which bearer the caller sent: the session token itself, or a short-lived access token bound to it. */
  credential?: 'session' | 'access' | null;
  /** The session's idle clock as this request left it (auth.me reports it). */
  session?: { lastSeenAt: Date; idleMs: number; expiresAt: Date } | null;
  ip: string;
  userAgent: string | null;
  /** This server as the client reached it (scheme://host), for links it hands out. */
  origin: string;
}

export function createContextInner(input: ContextInput) {
  return input;
}
export type Context = ReturnType<typeof createContextInner>;

/** The token of an `Authorization: Bearer <token>` header (the scheme in any case). */
function bearer(header: string | undefined): string | null {
  const match = /^Bearer +([A-Za-z0-9_-]{10,200})$/i.exec(header ?? '');
  return match ? match[1]! : null;
}

/** A token sent where it ends up in logs: the URL (query string or tRPC connection params). */
function tokenInUrl(req: Request, info: TRPCRequestInfo): boolean {
  const params = info.connectionParams ?? {};
  if ('token' in params || 'authorization' in params || 'Authorization' in params) return true;
  const query = new URLSearchParams(req.originalUrl.split('?')[1] ?? '');
  return [...query.keys()].some((key) => /^(token|access_token|authorization|bearer)$/i.test(key));
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
    // Only the header authenticates: a token in the URL would sit in proxy and access logs, so a
    // request carrying one is treated as anonymous (UNAUTHORIZED) even alongside a valid header.
    const token = tokenInUrl(req, info) ? null : bearer(req.headers.authorization);
    // Live refreshes, heartbeats and the event stream are not the person's activity: they must not
    // keep an unattended desk signed in (SPEC §8, idle sign-out).
    const background = req.headers['x-cau-background'] === '1' || info.type === 'subscription';
    const resolved = token ? await resolveSession(deps, token, deps.now(), { touch: !background }).catch(unavailable) : null;
    return createContextInner({
      deps,
      user: resolved?.user ?? null,
      sessionId: resolved?.session._id ?? null,
      credential: resolved?.credential ?? null,
      session: resolved ? { lastSeenAt: resolved.lastSeenAt, idleMs: resolved.idleMs, expiresAt: resolved.session.expiresAt } : null,
      ip: req.ip ?? req.socket.remoteAddress ?? 'unknown',
      userAgent: req.headers['user-agent'] ?? null,
      origin: `${req.protocol}://${req.get('host') ?? 'localhost'}`,
    });
  };
}
