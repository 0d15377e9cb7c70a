// A page of ANOTHER site that embeds <cau-atendimento>, as the council's website would: served from
// 127.0.0.1:<port> by a plain node:http server, while the API and the module come from
// http://localhost:<api port> (a different origin, so CORS and cross-site storage are exercised).
// The page records the widget's events in window.cauEvents for the tests to read.
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';

export const WIDGET_BUNDLE = path.resolve(import.meta.dirname, '..', '..', 'widget', 'dist', 'cau-atendimento.js');

export function assertWidgetBuilt(): void {
  if (!existsSync(WIDGET_BUNDLE)) throw new Error('widget/dist/cau-atendimento.js is missing: run "npm run build -w widget" first.');
}

export interface HostSite {
  /** `http://127.0.0.1:<port>`: the embedding site's origin (goes in ALLOWED_ORIGINS). */
  origin: string;
  /** Where the widget's API lives; set once the API server is up. */
  api: string;
  close(): Promise<void>;
}

function page(api: string, title: string): string {
  return `<!doctype html>
<html lang="pt-BR">
<head>
  <meta charset="utf-8" />
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  <title>${title}</title>
  <script>
    window.cauEvents = [];
    for (const type of ['cau-login', 'cau-logout', 'cau-ticket-created']) {
      document.addEventListener(type, (event) => window.cauEvents.push({ type, detail: JSON.parse(JSON.stringify(event.detail)) }));
    }
  </script>
  <script type="module" src="${api}/widget/cau-atendimento.js"></script>
  <style>
    body { margin: 0; font-family: system-ui, sans-serif; background: #ffffff; color: #1c2b33; }
    header { background: #0f2a33; color: #fff; padding: 1rem; }
    main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
  </style>
</head>
<body>
  <header><p>Site parceiro (outra origem)</p></header>
  <main>
    <h1>Atendimento ao Profissional</h1>
    <cau-atendimento api="${api}"></cau-atendimento>
  </main>
</body>
</html>`;
}

export async function startHostSite(): Promise<HostSite> {
  const site: HostSite = { origin: '', api: '', close: async () => undefined };
  const server: Server = createServer((req, res) => {
    if (req.url?.split('?')[0] === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(page(site.api, 'Portal parceiro — Atendimento CAU/SP'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  site.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  site.close = () => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return site;
}

export interface WidgetEvent {
  type: 'cau-login' | 'cau-logout' | 'cau-ticket-created';
  detail: Record<string, any>;
}

/** The widget events the host page has received so far. */
export function widgetEvents(page: Page): Promise<WidgetEvent[]> {
  return page.evaluate(() => (window as unknown as { cauEvents: WidgetEvent[] }).cauEvents);
}

/** Waits for the widget's module to define the element and render its first screen. */
export async function widgetReady(page: Page): Promise<void> {
  await page.waitForFunction(() => Boolean(customElements.get('cau-atendimento') && document.querySelector('cau-atendimento')?.shadowRoot?.querySelector('.screen-host > *')));
}

function decodeQuotedPrintable(text: string): string {
  return text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * The password-reset link mailed to `address`: from the outbox while the mail is pending, or from
 * the .eml file the server wrote under <dataDir>/mail once sent (sending clears the outbox data).
 */
export async function mailedResetLink(
  outbox: () => Promise<Array<{ template: string; to: { address: string }; data: Record<string, unknown> | null }>>,
  dataDir: string,
  address: string,
): Promise<string> {
  const { readdir, readFile } = await import('node:fs/promises');
  const pending = (await outbox()).filter((m) => m.template === 'password_reset').map((m) => m.data?.link).find((l) => typeof l === 'string');
  if (pending) return pending as string;
  const dir = path.join(dataDir, 'mail');
  const files = existsSync(dir) ? (await readdir(dir)).filter((f) => f.endsWith('.eml')).sort().reverse() : [];
  for (const file of files) {
    const mail = decodeQuotedPrintable(await readFile(path.join(dir, file), 'latin1'));
    if (!mail.includes(address)) continue;
    const link = /https?:\/\/[^\s"<>]*#atendimento\/redefinir-senha\/[A-Za-z0-9_.~-]+/.exec(mail);
    if (link) return link[0];
  }
  return '';
}
