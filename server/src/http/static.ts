// Serves the built front ends: the widget module (/widget/cau-atendimento.js), the demo page that
// embeds it (/), and the attendants' desk as a web page (/desk/). Built by `npm run build`.
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
export const WIDGET_DIST = path.join(ROOT, 'widget', 'dist');
export const DEMO_DIR = path.join(ROOT, 'widget', 'demo');
export const DESK_DIST = path.join(ROOT, 'desktop', 'out', 'renderer');

function notBuilt(what: string) {
  return (_req: express.Request, res: express.Response) => {
    res.status(503).type('text/plain; charset=utf-8').send(`${what} is not built yet: run "npm run build".`);
  };
}

export function mountStatic(app: Express): void {
  app.get('/widget/cau-atendimento.js', (req, res, next) => {
    const file = path.join(WIDGET_DIST, 'cau-atendimento.js');
    if (!existsSync(file)) return notBuilt('The widget')(req, res);
    // Any site may load the module; its API calls are what CORS guards.
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.type('text/javascript; charset=utf-8').sendFile(file, (error) => error && next(error));
  });
  // The module's lazily imported parts (cau-atendimento-kb.js): a cross-origin dynamic import is a CORS request.
  app.use('/widget', express.static(WIDGET_DIST, {
    index: false,
    fallthrough: false,
    setHeaders(res, file) {
      if (!file.endsWith('.js')) return;
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    },
  }));

  app.use('/desk', (req, res, next) => (existsSync(DESK_DIST) ? next() : notBuilt('The desk')(req, res)));
  app.use('/desk', express.static(DESK_DIST, { index: 'index.html' }));

  app.get('/', (req, res, next) => {
    const file = path.join(DEMO_DIR, 'index.html');
    if (!existsSync(file)) return notBuilt('The demo page')(req, res);
    res.sendFile(file, (error) => error && next(error));
  });
  app.use(express.static(DEMO_DIR, { index: false }));
}
