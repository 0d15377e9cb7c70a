// In-process calls of the API, for tests and tools: the same procedures, middleware, input schemas
// and error mapping as over HTTP, through tRPC's createCaller and `createContextInner`, without a socket.
import { Types } from 'mongoose';
import type { Deps } from '../deps';
import { appRouter } from './app.router';
import { createContextInner } from './context';
import { createCallerFactory } from './trpc';

const createCaller = createCallerFactory(appRouter);

/**
 * A caller acting as the user with this id (null: anonymous). It has no stored session: the
 * procedures that read one (auth.logout, the session list) see an id that matches nothing.
 */
export async function callerAs(deps: Deps, userId: string | null, ip = '127.0.0.1') {
  const user = userId ? await deps.users.findById(new Types.ObjectId(userId)) : null;
  if (userId && !user) throw new Error(`no user ${userId}`);
  return createCaller(createContextInner({
    deps,
    user,
    sessionId: user ? new Types.ObjectId() : null,
    session: null,
    ip,
    userAgent: null,
    origin: deps.publicUrl,
  }));
}
