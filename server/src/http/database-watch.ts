// Keeps the API answering while the database hangs (a frozen process, a stalled network): a hung
// database accepts connections but never replies, so no driver error ever comes. A request still
// running after REQUEST_GRACE_MS asks for a ping; no pong within PING_TIMEOUT_MS means the database
// does not answer, and the request gets 503 `unavailable` at once (the API answers within ~2 s).
// While it is down, new requests get 503 without touching the database, and a probe every
// RECHECK_MS notices its return: recovery needs no restart.
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import { REASON_MESSAGES } from '@cau/shared';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../log';

export const REQUEST_GRACE_MS = 1_200;
export const PING_TIMEOUT_MS = 400;
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

export function createDatabaseWatch(ping: () => Promise<unknown>, log: Logger): DatabaseWatch {
  let down = false;
  let pending = 0;
  let recheck: NodeJS.Timeout | null = null;

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
      if (pending >= MAX_PENDING_PROBES) return false;
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
      setDown(!ok);
      return ok;
    },
    guard(req, res, next) {
      if (isStream(req)) return next();
      if (down) return answerUnavailable(req, res);
      const timer = setTimeout(() => {
        void watch.probe().then((ok) => {
          if (!ok) answerUnavailable(req, res);
        });
      }, REQUEST_GRACE_MS);
      res.once('finish', () => clearTimeout(timer));
      res.once('close', () => clearTimeout(timer));
      next();
    },
    stop() {
      if (recheck) clearInterval(recheck);
      recheck = null;
    },
  };
  return watch;
}
