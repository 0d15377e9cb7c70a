// Benchmark 3 (alert latency): 20 attendants subscribed to desk.events (tRPC SSE, as the desk);
// 200 tickets created one after another; for each ticket and attendant, the time from tickets.create
// returning to the new_ticket message arriving, and how many arrived more than once (goal 0). Once
// with one server instance, once with two (10 attendants on each, tickets created round-robin, so
// half the alerts cross instances: the relaying instance numbers them into deskevents, which the
// other reads through a change stream or, on engines without one, a 150 ms poll).
// Before that burst, the same burst with no desk connected: the database commands the server(s)
// send (driver command monitoring, bench/command-times.ts) and their CPU time (/proc) in each burst,
// so the difference is what connected desks cost: commands per event per desk (goal 0: events carry
// their data, nothing is refetched) and CPU per 1 000 events.
//   npm run bench:alerts -- --engine=mongo-java-server|ferretdb [--tickets=200]
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import {
  args, engineArg, listenDeskEvents, machine, mutate, percentile, rand, ROOT, sleep, startEngine, startServer, withDatabase, writeResults,
  type ServerProcess,
} from './lib';
import { seed } from './seed';

const a = args();
const engineName = engineArg(a);
const count = Number(a.tickets ?? 200);
const TICKET = { type: 'question', subject: 'Alerta de teste', description: 'Chamado aberto para medir o tempo até o alerta chegar à mesa.' };

/** CPU time (user + system) a process has used so far, in ms (Linux clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Database commands a server child has sent so far, per command and collection (bench/command-times.ts, written every 2 s). */
function commands(pid: number): Map<string, number> {
  const file = path.join(ROOT, 'bench', 'results', `command-times-${pid}.json`);
  if (!existsSync(file)) return new Map();
  return new Map((JSON.parse(readFileSync(file, 'utf8')) as Array<{ command: string; count: number }>).map((r) => [r.command, r.count]));
}

interface Usage { commands: Map<string, number>; cpuMs: number; at: number }
function usage(servers: ServerProcess[]): Usage {
  const all = new Map<string, number>();
  for (const s of servers) for (const [k, n] of commands(s.pid)) all.set(k, (all.get(k) ?? 0) + n);
  return { commands: all, cpuMs: servers.reduce((t, s) => t + cpuMs(s.pid), 0), at: performance.now() };
}
function delta(before: Usage, after: Usage) {
  const byCommand: Record<string, number> = {};
  for (const [k, n] of after.commands) if (n - (before.commands.get(k) ?? 0) > 0) byCommand[k] = n - (before.commands.get(k) ?? 0);
  return { commands: Object.values(byCommand).reduce((t, n) => t + n, 0), byCommand, cpuMs: after.cpuMs - before.cpuMs, seconds: (after.at - before.at) / 1000 };
}
/** Waits past command-times' 2 s write, so the counts read cover everything sent until now. */
const settled = async (servers: ServerProcess[]) => {
  await sleep(2_500);
  return usage(servers);
};

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
      startServer(withDatabase(engine.uri, dbName), {}, `alerts-${i}`, ['--import', path.join(ROOT, 'bench', 'command-times.ts')])));
    const burst = async (label: string, size = count) => {
      const sent: Array<{ protocol: string; returnedAt: number }> = [];
      for (let i = 0; i < size; i++) {
        const server = servers[i % instances]!;
        const { protocol } = await mutate<{ protocol: string }>(server.url, 'tickets.create', { ...TICKET, subject: `${TICKET.subject} ${label}` }, rand(seeded.professionals).token);
        sent.push({ protocol, returnedAt: performance.now() });
        await sleep(20);
      }
      return sent;
    };

    // The same burst with no desk connected, then with every desk: the difference is what the desks cost.
    // A quarter-size burst first, not counted, so that neither measured burst pays the server's warm-up (JIT, caches).
    await burst('aquecimento', Math.ceil(count / 4));
    await sleep(3_000);
    // Background commands (job polls, the relay's lease and hint checks) go on regardless of events:
    // their rate over 10 idle seconds is taken off each burst's count.
    const idleStart = await settled(servers);
    await sleep(7_500);
    const quietStart = await settled(servers);
    const idle = delta(idleStart, quietStart);
    const background = (d: ReturnType<typeof delta>) => d.commands - (idle.commands / idle.seconds) * d.seconds;
    await burst('sem mesas');
    const withoutDesks = delta(quietStart, await settled(servers));

    const listeners = await Promise.all(seeded.attendants.map((s, i) => listenDeskEvents(servers[i % instances]!.url, s.token)));
    await sleep(1_000);
    const desksStart = await settled(servers);

    const latencies: number[] = [];
    const worst: number[] = [];
    let missing = 0;
    let duplicates = 0;
    const sent = await burst('com mesas');
    const withDesks = delta(desksStart, await settled(servers));
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
      withoutDesks, withDesks,
      idle,
      commandsPerEventPerDesk: (background(withDesks) - background(withoutDesks)) / (count * listeners.length),
      cpuMsPer1000Events: { withDesks: (withDesks.cpuMs / count) * 1000, withoutDesks: (withoutDesks.cpuMs / count) * 1000 },
    };
    results.push(r);
    console.log(`  ${instances} instance(s): ${r.deliveries} deliveries, ${missing} missing, ${duplicates} duplicates; p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, max ${r.max?.toFixed(1)} ms; slowest attendant per ticket p50 ${r.lastAttendantP50.toFixed(1)} ms, p95 ${r.lastAttendantP95.toFixed(1)} ms`);
    console.log(`    database commands in the burst (background ${(idle.commands / idle.seconds).toFixed(1)}/s when idle): ${withoutDesks.commands} without desks (${withoutDesks.seconds.toFixed(1)} s), ${withDesks.commands} with ${listeners.length} desks (${withDesks.seconds.toFixed(1)} s) → ${r.commandsPerEventPerDesk.toFixed(3)} per event per desk`);
    console.log(`    server CPU per 1 000 events: ${r.cpuMsPer1000Events.withDesks.toFixed(0)} ms with ${listeners.length} desks, ${r.cpuMsPer1000Events.withoutDesks.toFixed(0)} ms without (each event is one tickets.create)`);
    console.log(`    commands with desks: ${JSON.stringify(withDesks.byCommand)}\n    without: ${JSON.stringify(withoutDesks.byCommand)}`);
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
