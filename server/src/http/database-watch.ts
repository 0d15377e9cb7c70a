// Keeps the API answering while the database hangs (a frozen process, a stalled network): a hung
// database accepts connections but never replies, so no driver error ever comes. The watch follows
// the driver's pool: operations out and no operation back for SILENCE_MS is the sign. A request
// still running after REQUEST_GRACE_MS while the database is silent asks for a ping; no pong within
// PING_TIMEOUT_MS (and still no other reply) means it does not answer, and the request gets 503
// `unavailable` at once (the API answers within ~2 s). A slow but living database (a loaded
// machine) keeps returning operations, so it is never taken for a hung one. While it is down, new
// requests get 503 without touching the database; a probe every RECHECK_MS notices its return (a
// connection coming back proves nothing: failed operations return theirs too): recovery needs no
// restart.
import type { EventEmitter } from 'node:events';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import { REASON_MESSAGES } from '@cau/shared';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../log';

export const REQUEST_GRACE_MS = 1_000;
export const PING_TIMEOUT_MS = 400;
/** No operation came back from the database for this long while some were out. */
const SILENCE_MS = 800;
const RECHECK_MS = 500;
/** Probes still waiting on a hung database; no more are sent (each holds a pooled connection). */
const MAX_PENDING_PROBES = 4;

export interface DatabaseWatch {
  /** Pings within `timeoutMs`; false when the database did not answer in time. */
  probe(timeoutMs?: number): Promise<boolean>;
  /** Whether the last probe went unanswered and none has succeeded since. */
  readonly down: boolean;
  /** Express middleware for the API routes. */
  guard(req: Request, res: Response, next: NextFunction): void;
  stop(): void;
}

/** The tRPC error body of `unavailable`, one per call of a batch (`/a,b?batch=1`). */
function unavailableBody(req: Request): unknown {
  const paths = req.path.replace(/^\//, '').split(',');
  const one = (path: string) => ({
    error: {
      message: REASON_MESSAGES.unavailable,
      code: TRPC_ERROR_CODES_BY_KEY.SERVICE_UNAVAILABLE,
      data: { code: 'SERVICE_UNAVAILABLE', httpStatus: 503, path, reason: 'unavailable' },
    },
  });
  return req.query.batch ? paths.map(one) : one(paths[0] ?? '');
}

/** Answers 503 and makes the rest of the handler's writes no-ops (it may finish much later). */
function answerUnavailable(req: Request, res: Response): void {
  if (res.headersSent || res.writableEnded) return;
  res.status(503).setHeader('Retry-After', '2');
  res.json(unavailableBody(req));
  const ignore = () => res;
  Object.assign(res, { setHeader: ignore, writeHead: ignore, status: ignore, write: () => true, end: ignore, flushHeaders: () => undefined });
}

const isStream = (req: Request) => (req.headers.accept ?? '').includes('text/event-stream');

/**
 * `pool` is the MongoClient: its connection pool events (always emitted) tell when an operation
 * goes out (checked out) and comes back (checked in).
 */
export function createDatabaseWatch(ping: () => Promise<unknown>, pool: EventEmitter, log: Logger): DatabaseWatch {
  let down = false;
  let pending = 0;
  let recheck: NodeJS.Timeout | null = null;
  let out = 0;
  let lastBack = Date.now();
  const onOut = () => {
    out += 1;
  };
  const onBack = () => {
    out = Math.max(0, out - 1);
    lastBack = Date.now();
  };
  pool.on('connectionCheckedOut', onOut);
  pool.on('connectionCheckedIn', onBack);
  /** Operations are out and none has come back for a while. */
  const silent = () => out > 0 && Date.now() - lastBack >= SILENCE_MS;

  const setDown = (value: boolean) => {
    if (value === down) return;
    down = value;
    if (down) {
      log.warn('database does not answer: API requests get 503 until it does');
      recheck ??= setInterval(() => void watch.probe(), RECHECK_MS);
      recheck.unref();
    } else {
      log.info('database answers again');
      if (recheck) clearInterval(recheck);
      recheck = null;
    }
  };

  const watch: DatabaseWatch = {
    get down() {
      return down;
    },
    async probe(timeoutMs = PING_TIMEOUT_MS) {
      if (pending >= MAX_PENDING_PROBES) {
        // Earlier probes are still unanswered.
        if (silent()) setDown(true);
        return false;
      }
      pending += 1;
      // A ping that answers late still proves the database is back.
      const answered = ping().then(() => true, () => false).finally(() => {
        pending -= 1;
      });
      void answered.then((ok) => ok && setDown(false));
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      const ok = await Promise.race([answered, late]);
      clearTimeout(timer);
      // A late ping on a database that is still returning other operations is load, not a hang.
      if (ok) setDown(false);
      else if (silent()) setDown(true);
      return ok;
    },
    guard(req, res, next) {
      if (isStream(req)) return next();
      if (down) return answerUnavailable(req, res);
      const timer = setTimeout(() => {
        // After the event loop's I/O phase: replies that waited behind a busy loop count first.
        setImmediate(() => {
          if (!silent() || res.headersSent) return;
          void watch.probe().then(() => {
            if (down) answerUnavailable(req, res);
          });
        });
      }, REQUEST_GRACE_MS);
      res.once('finish', () => clearTimeout(timer));
      res.once('close', () => clearTimeout(timer));
      next();
    },
    stop() {
      if (recheck) clearInterval(recheck);
      recheck = null;
      pool.off('connectionCheckedOut', onOut);
      pool.off('connectionCheckedIn', onBack);
    },
  };
  return watch;
}
