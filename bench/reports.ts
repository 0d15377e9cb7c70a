// Server time of the supervisor's report (admin.reportDetails, issue 12) and of its CSV over a
// seeded database: the figures come from aggregation pipelines, so the cost is the database's
// scanning of the period, not the server's. Each call is timed from the client, one at a time.
//   npm run bench:reports -- --engine=mongo-java-server [--tickets=100000] [--runs=5] [--reuse]
import { MongoClient } from 'mongodb';
import { args, engineArg, machine, mutate, percentile, query, startEngine, startServer, withDatabase, writeResults, BENCH_ENV } from './lib';
import { seed } from './seed';

const a = args();
const engineName = engineArg(a);
const size = Number(a.tickets ?? 100_000);
const runs = Number(a.runs ?? 5);
console.log(`bench:reports on ${engineName} (${size} tickets, ${runs} runs each) — ${machine()}`);
const engine = await startEngine(engineName);
const mongo = await MongoClient.connect(engine.uri);
const db = mongo.db('cau_bench_reports');
// --reuse keeps a database this bench seeded before with as many tickets (an engine left running
// with --engine=external): trying a change to the reports then takes seconds, not a reseed.
// An exact count: FerretDB v2's estimate comes from PostgreSQL's statistics and is off by a few.
if (a.reuse && (await db.collection('tickets').countDocuments()) === size) {
  console.log(`reusing the ${size} tickets already in cau_bench_reports`);
} else {
  await db.dropDatabase();
  const started = performance.now();
  await seed(db, { tickets: size });
  console.log(`seeded ${size} tickets in bulk in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
const server = await startServer(withDatabase(engine.uri, 'cau_bench_reports'));
try {
  const { token } = await mutate<{ token: string }>(server.url, 'auth.login', { login: BENCH_ENV.ADMIN_LOGIN, password: BENCH_ENV.ADMIN_PASSWORD });
  const now = Date.now();
  const cases: Array<[string, () => Promise<unknown>]> = [
    ['admin.reportDetails, 30 days by day', () => query(server.url, 'admin.reportDetails', { from: new Date(now - 30 * 86_400_000).toISOString(), to: new Date(now).toISOString() }, token)],
    ['admin.reportDetails, 365 days by week', () => query(server.url, 'admin.reportDetails', { from: new Date(now - 365 * 86_400_000).toISOString(), to: new Date(now).toISOString(), granularity: 'week' }, token)],
    ['admin.reports (all time)', () => query(server.url, 'admin.reports', {}, token)],
    ['GET /admin/reports.csv, 365 days', async () => {
      const response = await fetch(`${server.url}/admin/reports.csv?from=${new Date(now - 365 * 86_400_000).toISOString()}`, { headers: { authorization: `Bearer ${token}` } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return response.text();
    }],
  ];
  const figures: Record<string, unknown> = {};
  const firstCalls: Record<string, number> = {};
  for (const [name, call] of cases) {
    const times: number[] = [];
    try {
      // Warm-up: caches, JIT; the first report also counts the roll-up's days (every day the first
      // time on a freshly seeded database), so its time is printed apart.
      const first = performance.now();
      // On a freshly seeded database the roll-up's first count of every day (the reports:rollup job
      // starts it with the server) can outlast a request: wait for it, up to 20 minutes.
      for (;;) {
        try {
          await call();
          break;
        } catch (error) {
          if (performance.now() - first > 20 * 60_000 || !/no answer within|HTTP 503/.test(String(error))) throw error;
        }
      }
      firstCalls[name] = Math.round(performance.now() - first);
      for (let i = 0; i < runs; i++) {
        const started = performance.now();
        await call();
        times.push(performance.now() - started);
      }
    } catch (error) {
      // A case that fails (e.g. past the server's 20 s aggregation bound) is reported; the others still run.
      figures[name] = { error: String(error).slice(0, 300), runs: times.length };
      console.log(`${name}: FAILED after ${times.length} runs: ${String(error).slice(0, 200)}`);
      continue;
    }
    times.sort((x, y) => x - y);
    const row = { p50: Math.round(percentile(times, 50)), max: Math.round(times.at(-1)!), runs, first: firstCalls[name] };
    figures[name] = row;
    console.log(`${name}: p50 ${row.p50} ms, max ${row.max} ms (first call ${row.first} ms)`);
  }
  console.log(`written to ${writeResults(`reports-${engineName}`, { tickets: size, machine: machine(), figures })}`);
} finally {
  await server.stop();
  await mongo.close();
  await engine.stop();
}
