// The HTTP surface: /trpc (with CORS for the embedding sites) and /healthz.
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import mongoose from 'mongoose';
import { unavailableError } from '../db-errors';
import type { Deps } from '../deps';
import { DomainError } from '../errors';
import { appRouter } from '../trpc/app.router';
import { contextFactory } from '../trpc/context';
import { MAX_BATCH_SIZE } from '../trpc/trpc';
import { cors, DESK_APP_ORIGIN } from './cors';
import { createDatabaseWatch } from './database-watch';
import { mountFiles } from './files';
import { securityHeaders } from './security';
import { mountStatic } from './static';
import { mountReportsCsv } from '../reports/reports.http';
import { ATTACHMENT_MAX_BYTES, REASON_MESSAGES } from '@cau/shared';

const MAX_BODY_BYTES = 256 * 1024;
/** How long /healthz waits for the database's ping before it says `degraded`. */
const HEALTH_PING_MS = 800;
/** The 2 MB file plus room for the multipart envelope; reading stops past it. */
const MAX_UPLOAD_BYTES = ATTACHMENT_MAX_BYTES + 64 * 1024;
const UPLOAD_PATH = '/attachments.upload';

export function createApp(deps: Deps): Express {
  const app = express();
  app.disable('x-powered-by');
  // TRUST_PROXY=true means one reverse proxy in front: the client address is the entry that proxy
  // appended to X-Forwarded-For, not the leftmost one, which any client can write (and would then
  // use to dodge the per-address login limit).
  app.set('trust proxy', deps.config.trustProxy ? 1 : false);
  app.use(securityHeaders);

  const database = createDatabaseWatch(() => mongoose.connection.db!.admin().ping(), mongoose.connection.getClient(), deps.log);
  // Answers within a second, also while the database hangs.
  app.get('/healthz', async (_req, res) => {
    if (await database.probe(HEALTH_PING_MS)) res.json({ status: 'ok', database: 'up' });
    else res.status(503).json({ status: 'degraded', database: 'down' });
  });

  const trpc = (maxBodySize: number) =>
    createExpressMiddleware({
      router: appRouter,
      createContext: contextFactory(deps),
      maxBodySize,
      maxBatchSize: MAX_BATCH_SIZE,
      // The adapter sets its own Vary; answers that echo the caller's origin must vary on it too.
      responseMeta: () => ({ headers: { vary: 'Origin, trpc-accept, Accept' } }),
      onError({ error, path }) {
        if (error.code === 'INTERNAL_SERVER_ERROR') deps.log.error({ err: error.cause ?? error, path }, 'procedure failed');
      },
    });
  const api = trpc(MAX_BODY_BYTES);
  const uploads = trpc(MAX_UPLOAD_BYTES);
  // last-event-id: an EventSource resuming the desk's stream; x-cau-background: requests that are
  // not the person's activity (they leave the session's idle clock alone).
  const apiCors = cors({
    origins: [...deps.config.allowedOrigins, DESK_APP_ORIGIN],
    headers: ['authorization', 'content-type', 'trpc-accept', 'x-trpc-source', 'last-event-id', 'x-cau-background'],
    methods: ['GET', 'POST', 'OPTIONS'],
  });
  app.use('/trpc', apiCors, database.guard, (req, res, next) => {
    // Refuse an announced oversize body before reading any of it.
    const limit = req.path === UPLOAD_PATH ? MAX_UPLOAD_BYTES : MAX_BODY_BYTES;
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      const upload = req.path === UPLOAD_PATH;
      res.status(413).json({
        error: {
          code: -32600,
          message: upload ? REASON_MESSAGES.file_too_large : 'Requisição grande demais.',
          data: { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413, reason: upload ? 'file_too_large' : 'invalid_input', path: req.path.slice(1) },
        },
      });
      req.resume();
      return;
    }
    return (req.path === UPLOAD_PATH ? uploads : api)(req, res, next);
  });
  mountFiles(app, deps);
  mountReportsCsv(app, deps);
  mountStatic(app);

  // Express's own pages would show stack traces and file paths outside NODE_ENV=production.
  app.use((_req: Request, res: Response) => {
    res.status(404).type('text/plain; charset=utf-8').send('Página não encontrada.');
  });
  app.use((error: Error & { status?: number; statusCode?: number }, _req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) {
      deps.log.error({ err: error }, 'request failed');
      res.destroy();
      return;
    }
    // The database out of reach, a query past its time bound, or the report roll-up busy elsewhere
    // (the CSV downloads): 503 with the pt-BR reason, as the API answers them.
    const unavailable = error instanceof DomainError && error.reason === 'unavailable' ? error : unavailableError(error);
    if (unavailable) {
      deps.log.warn({ err: error }, 'request failed: unavailable');
      res.status(503).set('Retry-After', '5').type('text/plain; charset=utf-8').send(unavailable.message);
      return;
    }
    const status = error.status ?? error.statusCode ?? 500;
    if (status >= 500) deps.log.error({ err: error }, 'request failed');
    const client = status >= 400 && status < 500;
    res
      .status(client ? status : 500)
      .type('text/plain; charset=utf-8')
      .send(client ? (status === 404 ? 'Página não encontrada.' : 'Requisição inválida.') : 'Erro interno. Tente novamente em instantes.');
  });
  return app;
}
