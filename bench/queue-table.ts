// Benchmark (issue 12): the desk's queue table with a view of 10 000 tickets, in headless Chromium
// against a running server. Measures (1) time to first rows: from opening the view ("Todos", as a
// table) to the first ticket row painted, cold page, median of `--runs`; (2) scroll smoothness:
// the table scrolled at a steady 2 400 px/s (40 px per frame) for 20 s while it pages in tickets from
// the server (it waits at the end of what is loaded), then again through all 10 000 loaded rows; every frame interval is recorded with
// requestAnimationFrame, and frames over 16.7 ms (one 60 Hz frame) and over 33.3 ms (a visibly
// dropped frame) are counted. Needs the desk built (`npm run build -w desktop`).
//   npm run bench:queue-table -- [--tickets=10000] [--runs=5]
import { existsSync } from 'node:fs';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { chromium, type Page } from 'playwright-core';
import { args, machine, percentile, ROOT, startEngine, startServer, withDatabase, writeResults, BENCH_ENV } from './lib';
import { seed } from './seed';

const a = args();
const size = Number(a.tickets ?? 10_000);
const runs = Number(a.runs ?? 5);
if (!existsSync(path.join(ROOT, 'desktop', 'out', 'renderer', 'index.html'))) {
  console.error('desktop/out/renderer is missing: run "npm run build -w desktop" first.');
  process.exit(1);
}

console.log(`bench:queue-table (${size} tickets) — ${machine()}`);
const engine = await startEngine('mongo-java-server');
const mongo = await MongoClient.connect(engine.uri);
const db = mongo.db('cau_bench_queue_table');
await db.dropDatabase();
await seed(db, { tickets: size });
const server = await startServer(withDatabase(engine.uri, 'cau_bench_queue_table'));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

/** Notes when the first ticket row of the table is painted (a string: tsx helpers must not reach the page). */
const WATCH_FIRST_ROW = `
  const tick = () => {
    if (document.querySelector('table tbody tr:not(.spacer) a')) {
      requestAnimationFrame(() => { window.__firstRowAt = performance.now(); });
      return;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
`;

/** Signs the admin in; a loaded machine may answer 503 once (the database watch), so it tries three times. */
async function signIn(page: Page) {
  for (let attempt = 1; ; attempt++) {
    await page.goto(`${server.url}/desk/#/entrar`);
    await page.getByLabel('Identificação').fill(BENCH_ENV.ADMIN_LOGIN);
    await page.getByLabel('Senha', { exact: true }).fill(BENCH_ENV.ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Entrar' }).click();
    try {
      await page.getByRole('heading', { name: 'A atender', level: 1 }).waitFor({ timeout: 30_000 });
      return;
    } catch (e) {
      console.error(`sign-in attempt ${attempt} failed; the page says: ${(await page.locator('body').innerText()).slice(0, 300).replace(/\s+/g, ' ')}`);
      if (attempt === 3) throw e;
    }
  }
}

/**
 * Scrolls the table `pixelsPerFrame` each animation frame for `seconds` (or until the end) and
 * returns every frame interval in ms, with the rows loaded at the end.
 */
async function scrollFrames(page: Page, pixelsPerFrame: number, seconds: number, from: number, stopAtEnd = true) {
  // A string, as WATCH_FIRST_ROW: tsx would add helpers to a function's source that the page lacks.
  return page.evaluate<{ intervals: number[]; loaded: number; scrolled: number }>(`
    new Promise((resolve) => {
      const step = ${pixelsPerFrame}, limitMs = ${seconds * 1000};
      const scroller = document.querySelector('.scroller');
      scroller.scrollTop = ${from};
      const intervals = [];
      let last = 0, began = 0;
      const frame = (t) => {
        if (last) intervals.push(t - last); else began = t;
        last = t;
        const before = scroller.scrollTop;
        scroller.scrollTop = before + step;
        const atEnd = scroller.scrollTop === before && scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1;
        if (t - began >= limitMs || (${stopAtEnd} && atEnd && intervals.length > 10)) {
          resolve({ intervals, loaded: document.querySelectorAll('table tbody tr:not(.spacer)').length, scrolled: scroller.scrollTop });
          return;
        }
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    })
  `);
}

function frameFigures(intervals: number[]) {
  const sorted = [...intervals].sort((x, y) => x - y);
  return {
    frames: intervals.length,
    over16ms: intervals.filter((d) => d > 1000 / 60 + 1).length,
    over33ms: intervals.filter((d) => d > 2000 / 60 + 1).length,
    p50: Number(percentile(sorted, 50).toFixed(1)),
    p95: Number(percentile(sorted, 95).toFixed(1)),
    p99: Number(percentile(sorted, 99).toFixed(1)),
    max: Number(sorted.at(-1)!.toFixed(1)),
  };
}

/**
 * A fresh signed-in desk (its own browser context) showing the "Todos" view as a table, once its
 * first rows are there.
 */
async function openAllAsTable() {
  const context = await browser.newContext({ locale: 'pt-BR', timezoneId: 'America/Sao_Paulo', viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  await signIn(page);
  const table = page.getByRole('button', { name: 'Ver como tabela' });
  if (await table.isVisible()) await table.click();
  await page.locator('[data-view="all"]').click();
  await page.locator('table tbody tr:not(.spacer) a').first().waitFor({ timeout: 60_000 });
  return { context, page };
}

const figures: Record<string, unknown> = {};
try {
  // 0. Baseline: what this machine's headless Chromium gives a page that does nothing but scroll a
  // plain tall block, so the table's figures can be read against it (a loaded machine drops frames anyway).
  {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    await page.setContent(`<div class="scroller" style="height:100vh;overflow:auto"><div style="height:${size * 34}px;background:linear-gradient(#fff,#ddd)"></div></div>`);
    const base = await scrollFrames(page, 40, 10, 0);
    figures['baseline: plain block, same scroll (10 s)'] = frameFigures(base.intervals);
    console.log(`baseline: ${JSON.stringify(figures['baseline: plain block, same scroll (10 s)'])}`);
    await context.close();
  }

  // 1. Time to first rows, cold page each run, the table layout remembered from an earlier visit.
  const firstRows: number[] = [];
  for (let i = 0; i < runs; i++) {
    const { context, page } = await openAllAsTable();
    await page.addInitScript({ content: WATCH_FIRST_ROW });
    await page.goto(`${server.url}/desk/#/fila/all`);
    await page.reload();
    await page.waitForFunction(() => (window as unknown as { __firstRowAt?: number }).__firstRowAt !== undefined, undefined, { timeout: 60_000 });
    const at = await page.evaluate(() => (window as unknown as { __firstRowAt: number }).__firstRowAt);
    firstRows.push(at);
    console.log(`  run ${i + 1}: first rows ${at.toFixed(0)} ms after navigation`);
    await context.close();
  }
  const sortedFirst = [...firstRows].sort((x, y) => x - y);
  figures['first rows (navigation → first row painted)'] = { median: Math.round(percentile(sortedFirst, 50)), max: Math.round(sortedFirst.at(-1)!), runs };

  // 2. Scroll smoothness.
  const { context, page } = await openAllAsTable();
  const paging = await scrollFrames(page, 40, 20, 0, false);
  figures['scroll while paging in (2 400 px/s, 20 s)'] = { ...frameFigures(paging.intervals), rowsInDom: paging.loaded };
  console.log(`scroll while paging in: ${JSON.stringify(figures['scroll while paging in (2 400 px/s, 20 s)'])}`);

  // Load the rest of the view, then scroll through all of it.
  const started = Date.now();
  for (;;) {
    // The table says how many rows it holds (aria-rowcount, the header included).
    const count = await page.evaluate<number>(`(() => { const s = document.querySelector('.scroller'); s.scrollTop = s.scrollHeight; return Number(document.querySelector('table').getAttribute('aria-rowcount')) - 1; })()`);
    if (count >= size) break;
    await page.waitForTimeout(250);
    if (Date.now() - started > 600_000) throw new Error(`the view did not finish loading within 10 minutes (${count} rows)`);
  }
  const loadedRows = await page.evaluate<number>(`Math.round(document.querySelector('.scroller').scrollHeight / 34)`);
  console.log(`  all loaded in ${((Date.now() - started) / 1000).toFixed(1)} s (~${loadedRows} rows of height)`);
  const loaded = await scrollFrames(page, 40, 20, 0);
  figures[`scroll through ${size} loaded rows (2 400 px/s, 20 s)`] = { ...frameFigures(loaded.intervals), rowsInDom: loaded.loaded };
  console.log(`scroll through all loaded: ${JSON.stringify(figures[`scroll through ${size} loaded rows (2 400 px/s, 20 s)`])}`);
  const jump = await scrollFrames(page, 2000, 5, 0);
  figures[`fast scroll through ${size} loaded rows (120 000 px/s, 5 s)`] = { ...frameFigures(jump.intervals), rowsInDom: jump.loaded };
  console.log(`fast scroll: ${JSON.stringify(figures[`fast scroll through ${size} loaded rows (120 000 px/s, 5 s)`])}`);
  await context.close();
  console.log(`written to ${writeResults('queue-table', { tickets: size, machine: machine(), figures })}`);
} finally {
  await browser.close();
  await server.stop();
  await mongo.close();
  await engine.stop();
}
process.exit(0);
