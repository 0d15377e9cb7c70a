// Benchmark 4 (widget): time from the widget's script starting to load to its first interactive
// screen (the login form, with a focusable input) on the demo page `/` of a running server, in
// headless Chromium with a cold cache each time; the median of 10. The gzipped size is
// bench/widget-size.mjs's business.
//   npm run build -w widget && npm run bench:widget
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { args, machine, percentile, ROOT, startEngine, startServer, withDatabase } from './lib';

const a = args();
const runs = Number(a.runs ?? 10);
if (!existsSync(path.join(ROOT, 'widget', 'dist', 'cau-atendimento.js'))) {
  console.error('widget/dist/cau-atendimento.js is missing: run "npm run build -w widget" first.');
  process.exit(1);
}

console.log(`bench:widget — ${machine()}`);
const engine = await startEngine('mongo-java-server');
const server = await startServer(withDatabase(engine.uri, 'cau_bench_widget'));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

/**
 * Runs in the page before any of its scripts: notes when a focusable input first shows inside the
 * widget. A string, not a function: tsx would add helpers to a function's source that the page lacks.
 */
const WATCH_FOR_INTERACTIVE = `
  const find = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el instanceof HTMLInputElement && !el.disabled && el.getClientRects().length > 0) return el;
      if (el.shadowRoot) { const inner = find(el.shadowRoot); if (inner) return inner; }
    }
    return null;
  };
  const tick = () => {
    const host = document.querySelector('cau-atendimento');
    if (host && host.shadowRoot && find(host.shadowRoot)) { window.__interactiveAt = performance.now(); return; }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
`;

const fromScript: number[] = [];
const fromNavigation: number[] = [];
try {
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ locale: 'pt-BR', timezoneId: 'America/Sao_Paulo', viewport: { width: 1280, height: 900 } });
    await context.addInitScript({ content: WATCH_FOR_INTERACTIVE });
    const page = await context.newPage();
    await page.goto(`${server.url}/`, { waitUntil: 'load' });
    await page.waitForFunction(() => (window as unknown as { __interactiveAt?: number }).__interactiveAt !== undefined, undefined, { timeout: 30_000 });
    const { interactiveAt, scriptStart } = await page.evaluate(() => {
      const entry = performance.getEntriesByType('resource').find((e) => e.name.includes('/widget/cau-atendimento.js'));
      return { interactiveAt: (window as unknown as { __interactiveAt: number }).__interactiveAt, scriptStart: entry?.startTime ?? Number.NaN };
    });
    fromScript.push(interactiveAt - scriptStart);
    fromNavigation.push(interactiveAt);
    console.log(`  run ${i + 1}: ${(interactiveAt - scriptStart).toFixed(0)} ms from script request (${interactiveAt.toFixed(0)} ms from navigation)`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
  await engine.stop();
}
const median = (xs: number[]) => percentile([...xs].sort((x, y) => x - y), 50);
console.log(`widget: script load → first interactive screen, median of ${runs}: ${median(fromScript).toFixed(0)} ms (navigation → interactive: ${median(fromNavigation).toFixed(0)} ms)`);
process.exit(0);
