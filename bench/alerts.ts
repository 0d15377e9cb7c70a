// Benchmark 3 (alert latency): 20 attendants subscribed to desk.events (tRPC SSE, as the desk);
// 200 tickets created one after another; for each ticket and attendant, the time from tickets.create
// returning to the new_ticket message arriving, and how many arrived more than once (goal 0). Once
// with one server instance, once with two (10 attendants on each, tickets created round-robin, so
// half the alerts cross instances: the relaying instance numbers them into deskevents, which the
// other reads through a change stream or, on engines without one, a 150 ms poll).
//   npm run bench:alerts -- --engine=mongo-java-server|ferretdb [--tickets=200]
import { MongoClient } from 'mongodb';
import {
  args, engineArg, listenDeskEvents, machine, mutate, percentile, rand, sleep, startEngine, startServer, withDatabase, writeResults,
  type ServerProcess,
} from './lib';
import { seed } from './seed';

const a = args();
const engineName = engineArg(a);
const count = Number(a.tickets ?? 200);
const TICKET = { type: 'question', subject: 'Alerta de teste', description: 'Chamado aberto para medir o tempo até o alerta chegar à mesa.' };

console.log(`bench:alerts on ${engineName} — ${machine()}`);
const engine = await startEngine(engineName);
const mongo = await MongoClient.connect(engine.uri);
const results: Array<Record<string, unknown>> = [];
try {
  for (const instances of [1, 2]) {
    const dbName = `cau_bench_alerts_${instances}`;
    const db = mongo.db(dbName);
    await db.dropDatabase();
    const seeded = await seed(db, { tickets: 1000, attendants: 20, sessions: 100 });
    const servers: ServerProcess[] = await Promise.all(Array.from({ length: instances }, (_, i) =>
      startServer(withDatabase(engine.uri, dbName), {}, `alerts-${i}`)));
    const listeners = await Promise.all(seeded.attendants.map((s, i) => listenDeskEvents(servers[i % instances]!.url, s.token)));
    await sleep(1_000);

    const latencies: number[] = [];
    const worst: number[] = [];
    let missing = 0;
    let duplicates = 0;
    const sent: Array<{ protocol: string; returnedAt: number }> = [];
    for (let i = 0; i < count; i++) {
      const server = servers[i % instances]!;
      const { protocol } = await mutate<{ protocol: string }>(server.url, 'tickets.create', TICKET, rand(seeded.professionals).token);
      sent.push({ protocol, returnedAt: performance.now() });
      await sleep(20);
    }
    await sleep(2_000);
    for (const { protocol, returnedAt } of sent) {
      let last = Number.NEGATIVE_INFINITY;
      for (const listener of listeners) {
        const received = listener.alerts.filter((a) => a.kind === 'new_ticket' && a.protocol === protocol);
        duplicates += Math.max(0, received.length - 1);
        const at = received[0]?.at;
        if (at === undefined) {
          missing += 1;
          continue;
        }
        // An alert can beat the HTTP answer to the client (it is published before the response is written): that is 0 ms.
        const ms = Math.max(0, at - returnedAt);
        latencies.push(ms);
        last = Math.max(last, ms);
      }
      worst.push(last);
    }
    latencies.sort((x, y) => x - y);
    worst.sort((x, y) => x - y);
    const r = {
      instances, tickets: count, attendants: listeners.length, deliveries: latencies.length, missing, duplicates,
      p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), max: latencies.at(-1),
      lastAttendantP50: percentile(worst, 50), lastAttendantP95: percentile(worst, 95),
    };
    results.push(r);
    console.log(`  ${instances} instance(s): ${r.deliveries} deliveries, ${missing} missing, ${duplicates} duplicates; p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, max ${r.max?.toFixed(1)} ms; slowest attendant per ticket p50 ${r.lastAttendantP50.toFixed(1)} ms, p95 ${r.lastAttendantP95.toFixed(1)} ms`);
    if (missing > 0) for (const s of servers) console.log(s.name, s.output().split('\n').filter((l) => /desk events|relay|"level":(40|50)/i.test(l)).slice(-15).join('\n'));
    for (const l of listeners) l.close();
    await Promise.all(servers.map((s) => s.stop()));
    await db.dropDatabase();
  }
} finally {
  await mongo.close();
  await engine.stop();
}
writeResults(`alerts-${engineName}`, { engine: engineName, results });
process.exit(0);
