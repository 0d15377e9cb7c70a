// The HTTP surface: /trpc (with CORS for the embedding sites) and /healthz.
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import mongoose from 'mongoose';
import type { Deps } from '../deps';
import { appRouter } from '../trpc/app.router';
import { contextFactory } from '../trpc/context';
import { mountStatic } from './static';

const MAX_BODY_BYTES = 256 * 1024;

function cors(allowed: string[]) {
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.headers.origin;
    if (origin && allowed.includes(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Headers', 'authorization, content-type, trpc-accept, x-trpc-source');
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      res.setHeader('Access-Control-Max-Age', '600');
    }
    res.setHeader('Vary', 'Origin');
    if (req.method === 'OPTIONS') {
      res.status(origin && allowed.includes(origin) ? 204 : 403).end();
      return;
    }
    next();
  };
}

export function createApp(deps: Deps): Express {
  const app = express();
  app.disable('x-powered-by');
  // TRUST_PROXY=true means one reverse proxy in front: the client address is the entry that proxy
  // appended to X-Forwarded-For, not the leftmost one, which any client can write (and would then
  // use to dodge the per-address login limit).
  app.set('trust proxy', deps.config.trustProxy ? 1 : false);
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    next();
  });

  app.get('/healthz', async (_req, res) => {
    try {
      await mongoose.connection.db!.admin().ping();
      res.json({ status: 'ok', database: 'up' });
    } catch {
      res.status(503).json({ status: 'degraded', database: 'down' });
    }
  });

  app.use(
    '/trpc',
    cors(deps.config.allowedOrigins),
    createExpressMiddleware({
      router: appRouter,
      createContext: contextFactory(deps),
      maxBodySize: MAX_BODY_BYTES,
      onError({ error, path }) {
        if (error.code === 'INTERNAL_SERVER_ERROR') deps.log.error({ err: error.cause ?? error, path }, 'procedure failed');
      },
    }),
  );
  mountStatic(app);
  return app;
}
