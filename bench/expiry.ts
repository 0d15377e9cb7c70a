// Benchmark 2 (expiry at scale): 10 000 waiting tickets whose deadlines pass at the same moment;
// the time until every one is closed and its closing e-mail queued in the outbox, with one and
// with two server instances (child processes, JOBS_EVERY '1 second').
//   npm run bench:expiry -- --engine=mongo-java-server|ferretdb [--tickets=10000] [--instances=1,2] [--limit-seconds=900]
//     [--profile=<dir>] [--command-times] [--node-flags='…'] (see serverNodeArgs in lib.ts)
import { MongoClient } from 'mongodb';
import { args, engineArg, machine, serverNodeArgs, sleep, startEngine, startServer, withDatabase, writeResults, type ServerProcess } from './lib';
import { person, ticketDoc } from './seed';

const a = args();
const engineName = engineArg(a);
const count = Number(a.tickets ?? 10_000);
const instanceCounts = (a.instances ?? '1,2').split(',').map(Number);
const LIMIT_MS = Number(a['limit-seconds'] ?? 900) * 1000;

console.log(`bench:expiry on ${engineName} — ${machine()}`);
const engine = await startEngine(engineName);
const mongo = await MongoClient.connect(engine.uri);
const results: Array<Record<string, unknown>> = [];

try {
  for (const instances of instanceCounts) {
    const dbName = `cau_bench_expiry_${instances}`;
    const db = mongo.db(dbName);
    await db.dropDatabase();
    const people = Array.from({ length: Math.ceil(count / 5) }, (_, i) => person(i));
    const staff = Array.from({ length: 20 }, (_, i) => person(500_000 + i));
    await db.collection('users').insertMany(people.map((p, i) => ({
      _id: p._id, role: 'professional', name: p.name, login: `pro${i}`, email: p.email, cpf: p.cpf, passwordHash: 'x', disabled: false,
      mfa: { enabled: false }, outbox: [], createdAt: new Date(), updatedAt: new Date(),
    })));
    // Waiting tickets, a day from their deadline; the deadlines are moved together once the servers run.
    const far = new Date(Date.now() + 86_400_000);
    for (let start = 0; start < count; start += 1000) {
      const docs = Array.from({ length: Math.min(1000, count - start) }, (_, k) => {
        const n = start + k;
        const doc = ticketDoc(`2026-${String(n + 1).padStart(6, '0')}`, people[n % people.length]!, n % 2 ? 'awaiting_approval' : 'pending_professional', new Date(Date.now() - 7 * 86_400_000), staff, n, { deadlineAt: far });
        return { ...doc, reminderFor: far };
      });
      await db.collection('tickets').insertMany(docs, { ordered: false });
    }
    console.log(`\n== ${count.toLocaleString('en')} tickets, ${instances} instance(s) ==`);
    const servers: ServerProcess[] = await Promise.all(Array.from({ length: instances }, (_, i) =>
      startServer(withDatabase(engine.uri, dbName), { JOBS_EVERY: '1 second' }, `expiry-${i}`, serverNodeArgs(a))));
    await sleep(3_000);

    const deadline = new Date(Date.now() + 2_000);
    // The reminder for this deadline counts as sent, as it would have been a day earlier.
    await db.collection('tickets').updateMany({}, { $set: { deadlineAt: deadline, reminderFor: deadline } });
    await sleep(Math.max(0, deadline.getTime() - Date.now()));
    const t0 = Date.now();
    let firstClosedMs: number | null = null;
    let closed = 0;
    let mails = 0;
    const mailFilter = { 'outbox.template': { $in: ['closed_no_response', 'closed_approval_timeout'] } };
    while (Date.now() - t0 < LIMIT_MS) {
      closed = await db.collection('tickets').countDocuments({ status: 'closed' });
      if (closed > 0 && firstClosedMs === null) firstClosedMs = Date.now() - t0;
      if (closed >= count) break;
      if ((Date.now() - t0) % 10_000 < 500) process.stdout.write(`  ${((Date.now() - t0) / 1000).toFixed(0)} s: ${closed} closed\n`);
      await sleep(500);
    }
    const allClosedMs = Date.now() - t0;
    mails = await db.collection('tickets').countDocuments(mailFilter);
    const docs = await db.collection('tickets').find({}, { projection: { history: 1, outbox: 1 } }).toArray();
    const expiredTwice = docs.filter((d) =>
      (d.history as Array<{ event: string }>).filter((h) => h.event === 'expire').length !== 1 ||
      (d.outbox as Array<{ template: string }>).filter((m) => m.template.startsWith('closed_')).length !== 1).length;
    const rate = closed / (allClosedMs / 1000);
    console.log(`  all ${closed} closed ${(allClosedMs / 1000).toFixed(1)} s after the deadline (first after ${((firstClosedMs ?? 0) / 1000).toFixed(1)} s, ${rate.toFixed(0)} tickets/s)`);
    console.log(`  closing e-mails queued: ${mails}; tickets not closed exactly once with one closing mail: ${expiredTwice}`);
    results.push({ instances, tickets: count, closed, mailsQueued: mails, notExactlyOnce: expiredTwice, firstClosedMs, allClosedMs, perSecond: rate });
    await Promise.all(servers.map((s) => s.stop()));
    await db.dropDatabase();
  }
} finally {
  await mongo.close();
  await engine.stop();
}
writeResults(`expiry-${engineName}`, { engine: engineName, results });
process.exit(0);
