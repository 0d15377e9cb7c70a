// Benchmark 1 (API load) and 5 (server memory): a database seeded with 1 000 and with 100 000
// tickets, the server as a child process, 50 concurrent keep-alive clients per procedure. Prints
// throughput and p50/p95/p99 per procedure and size, the ratio of tickets.create to raw driver
// inserts of the same documents, and the server's resident memory idle and under this load.
//   npm run bench:api -- --engine=mongo-java-server|ferretdb [--sizes=1000,100000] [--duration=10] [--concurrency=50]
//     [--only=<regexp of phase names>] [--timeout=<s>] [--profile=<dir for the server's CPU profile>] [--command-times] [--tag=<results file suffix>] [--settle=<s after start, 5>]
//     [--node-flags='<flags for the server child>'] [--compiled (the server as npm start runs it: server/dist under plain node)]
//     [--keep (seed each size once into cau_bench_api_<size> and reuse it)]
//     [--seed-only (with --keep: seed and index, measure nothing)] [--analyze (refresh statistics on a kept database too)] [--engine-dir=<FerretDB v2 build and data>] [--batch=<tickets per insertMany, 1000>]
// After a fresh seeding the server starts (building its indexes) and then the engine's planner
// statistics are refreshed (FerretDB v2: the shared analyze.sh) before anything is measured.
import path from 'node:path';
import { STATUSES, type QueueView } from '@cau/shared';
import { MongoClient, ObjectId, type Db, type Document } from 'mongodb';
import { searchFilter } from '../server/src/tickets/queue.service';
import { SUMMARY_FIELDS } from '../server/src/tickets/keyset';
import {
  args, engineArg, formatLoad, REQUEST_TIMEOUT_MS, serverNodeArgs, machine, mutate, query, rand, rssMiB, runLoad, sleep, startEngine, startServer, withDatabase, writeResults,
  type LoadResult,
} from './lib';
import { loadavg } from 'node:os';
import { person, seedOrReuse, sha256, ticketDoc, type Seeded } from './seed';

const a = args();
const engineName = engineArg(a);
const sizes = (a.sizes ?? '1000,100000').split(',').map(Number);
const durationMs = Number(a.duration ?? 10) * 1000;
const concurrency = Number(a.concurrency ?? 50);
const only = a.only ? new RegExp(a.only) : null;
const settleMs = Number(a.settle ?? 5) * 1000;
const nodeArgs = serverNodeArgs(a);
const keep = a.keep === 'true';

const NEW_TICKET = {
  type: 'question',
  topic: 'annuity',
  annuityYear: 2025,
  subject: 'Boleto da anuidade continua em aberto',
  description: 'Paguei a anuidade de 2025 no prazo, mas o boleto continua em aberto no SICCAU e não consigo emitir a certidão.',
};

interface SizeResult {
  tickets: number;
  /** The machine's 1-minute load average when this size's run started (the machine is shared). */
  loadAtStart: number;
  reusedSeed: boolean;
  seedSeconds: number;
  startSeconds: number;
  idleRssMiB: number;
  loadRssMiB: { max: number; mean: number };
  results: LoadResult[];
  createVsRaw: number | null;
}

console.log(`bench:api on ${engineName} — ${machine()}`);
const engine = await startEngine(engineName);
const mongo = await MongoClient.connect(engine.uri);
const out: SizeResult[] = [];

try {
  for (const size of sizes) {
    const dbName = `cau_bench_api_${size}`;
    const db = mongo.db(dbName);
    const loadAtStart = loadavg()[0]!;
    console.log(`\n== ${size.toLocaleString('en')} tickets (${engineName}), load average at start ${loadavg().map((l) => l.toFixed(2)).join(' ')} ==`);
    const seeded = await seedOrReuse(db, { tickets: size, keep, batch: a.batch ? Number(a.batch) : undefined, log: (s) => console.log(`  seed: ${s}`) });
    const seedSeconds = seeded.seedSeconds;
    if (!seeded.reused) console.log(`  seeded in ${seedSeconds.toFixed(1)} s`);

    let t0 = Date.now();
    const server = await startServer(withDatabase(engine.uri, dbName), { JOBS_EVERY: '30 seconds' }, 'server', nodeArgs);
    const startSeconds = (Date.now() - t0) / 1000;
    console.log(`  server ready in ${startSeconds.toFixed(1)} s (index build included)`);
    if ((!seeded.reused || a.analyze) && engine.analyze) {
      t0 = Date.now();
      await engine.analyze();
      console.log(`  planner statistics refreshed (analyze) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    if (a['seed-only']) {
      // `--keep --seed-only`: seed (and index) each size for later runs, measure nothing.
      await server.stop();
      continue;
    }
    // The jobs' first pass runs at start; on an engine without indexes it scans every ticket, and at
    // 100 000 that can hold the engine for many seconds. `--settle=<s>` waits it out before measuring.
    await sleep(settleMs);
    const idleRssMiB = rssMiB(server.pid);
    console.log(`  server RSS idle: ${idleRssMiB.toFixed(0)} MiB`);

    const samples: number[] = [];
    const sampler = setInterval(() => samples.push(rssMiB(server.pid)), 250);
    const base = server.url;
    const pros = seeded.professionals;
    const staff = seeded.attendants;
    const results: LoadResult[] = [];
    const phase = async (name: string, op: (client: number, n: number) => Promise<unknown>, raw?: () => Promise<unknown>) => {
      if (only && !only.test(name)) return;
      const r = await runLoad(name, op, { concurrency, durationMs });
      results.push(r);
      console.log(`  ${formatLoad(r)}`);
      if (!raw) return;
      // The engine's ceiling for this procedure: the same queries through the bare driver, no server.
      const base = await runLoad(`  raw driver: ${name}`, raw, { concurrency, durationMs });
      results.push(base);
      console.log(`  ${formatLoad(base)}   API ${((100 * r.throughput) / base.throughput).toFixed(0)} % of it`);
    };
    const bare = rawQueries(db, pros, staff);

    // Reads first, on the seeded size; the writes below add tickets. Each read beside its bare-driver ceiling.
    const staffToken = () => rand(staff).token;
    await phase('tickets.mine', () => query(base, 'tickets.mine', {}, rand(pros).token), () => bare.mine());
    await phase('tickets.mine (status=closed)', () => query(base, 'tickets.mine', { status: 'closed' }, rand(pros).token), () => bare.mine('closed'));
    for (const view of ['todo', 'mine', 'pending_professional', 'awaiting_approval', 'closed', 'all'] as const) {
      await phase(`desk.queue ${view}`, () => query(base, 'desk.queue', { view }, staffToken()), () => bare.desk(view));
    }
    await phase('desk.queue todo, 2nd page', async () => {
      const token = staffToken();
      const first = await query<{ nextCursor: string | null }>(base, 'desk.queue', { view: 'todo' }, token);
      if (first.nextCursor) await query(base, 'desk.queue', { view: 'todo', cursor: first.nextCursor }, token);
    });
    const surname = (p: { name: string }) => p.name.split(' ').at(-1)!;
    const words = ['anuidade', 'rrt', 'registro', 'siccau', 'boleto'];
    const twoNames = () => `${rand(pros).name.split(' ')[0]} ${surname(rand(pros))}`;
    await phase('desk.queue all, search name', () => query(base, 'desk.queue', { view: 'all', search: twoNames() }, staffToken()), () => bare.desk('all', twoNames()));
    await phase('desk.queue all, search word', () => query(base, 'desk.queue', { view: 'all', search: rand(words) }, staffToken()), () => bare.desk('all', rand(words)));
    await phase('desk.queue todo, search word', () => query(base, 'desk.queue', { view: 'todo', search: rand(words) }, staffToken()), () => bare.desk('todo', rand(words)));
    await phase('desk.queue all, search protocol', () => query(base, 'desk.queue', { view: 'all', search: rand(seeded.protocols) }, staffToken()), () => bare.desk('all', rand(seeded.protocols)));
    await phase('desk.queue all, search CPF', () => query(base, 'desk.queue', { view: 'all', search: rand(pros).cpf }, staffToken()), () => bare.desk('all', rand(pros).cpf));
    await phase('desk.get', () => query(base, 'desk.get', { protocol: rand(seeded.protocols) }, staffToken()), () => bare.get(rand(seeded.protocols)));
    // Requests answer the global counts and each attendant's "Meus" from memory; these are the
    // counts that keep them (the global recount, one count per status side by side, at each start and
    // in the background; an attendant's count after a change to their tickets), through the driver.
    await phase('desk counts: background recount (driver)', () => bare.counts());
    await phase('desk counts: an attendant\'s "Meus" recount (driver)', () => bare.mineCount());

    // Writes: the API, then the driver alone inserting the same documents into the same collection.
    const create = only && !only.test('tickets.create') ? null : await runLoad('tickets.create', () => mutate(base, 'tickets.create', NEW_TICKET, rand(pros).token), { concurrency, durationMs });
    if (create) {
      results.push(create);
      console.log(`  ${formatLoad(create)}`);
    }
    clearInterval(sampler);
    const loadRssMiB = { max: Math.max(...samples.filter(Number.isFinite)), mean: samples.reduce((s, x) => s + x, 0) / samples.length };
    console.log(`  server RSS under load: max ${loadRssMiB.max.toFixed(0)} MiB, mean ${loadRssMiB.mean.toFixed(0)} MiB`);

    let createVsRaw: number | null = null;
    if (create) {
      const attendants = Array.from({ length: 20 }, (_, i) => ({ ...person(900_000 + i), _id: new ObjectId() }));
      // Unique per run: a kept database still holds the raw inserts of earlier runs.
      const runId = Date.now().toString(36);
      const owners = pros.slice(0, 200).map((p) => ({ _id: new ObjectId(p.id), name: p.name, cpf: p.cpf, email: 'pro@exemplo.com.br' }));
      const raw = await runLoad('raw driver insertOne (same docs)', (c, n) => {
        const doc = ticketDoc(`9999-${runId}-${c}-${n}`, rand(owners), 'open', new Date(), attendants, n);
        // As tickets.create writes it: the confirmation mail still pending.
        return db.collection('tickets').insertOne({ ...doc, outbox: doc.outbox.map((m) => ({ ...m, status: 'pending', attempts: 0, sentAt: null })) });
      }, { concurrency, durationMs });
      results.push(raw);
      console.log(`  ${formatLoad(raw)}`);
      createVsRaw = create.throughput / raw.throughput;
      console.log(`  tickets.create / raw insert throughput: ${(createVsRaw * 100).toFixed(1)} %`);
    }

    await server.stop();
    if (!keep) await db.dropDatabase();
    out.push({ tickets: size, loadAtStart, reusedSeed: seeded.reused, seedSeconds, startSeconds, idleRssMiB, loadRssMiB, results, createVsRaw });
  }
} finally {
  await mongo.close();
  await engine.stop();
}

/**
 * What the server asks the database for on these procedures (queue.service, keyset, auth.service),
 * sent straight through the driver: the session and its user, then the page and its counter(s) at
 * once. The desk's counters (global and "Meus") are left out, as the server keeps them in memory.
 */
function rawQueries(db: Db, pros: Seeded['professionals'], staff: Seeded['attendants']) {
  const tickets = db.collection('tickets');
  // The same bound as an HTTP request's (`--timeout`), enforced by the engine: an abandoned query
  // must not keep scanning while the next phase is measured.
  const bounded = { maxTimeMS: REQUEST_TIMEOUT_MS };
  const summary = SUMMARY_FIELDS;
  const who = async (token: string) => {
    const session = await db.collection('sessions').findOne({ tokenHash: sha256(token), expiresAt: { $gt: new Date() } }, bounded);
    return db.collection('users').findOne({ _id: session!.userId }, { ...bounded, projection: { outbox: 0, passwordHash: 0 } });
  };
  const page = (filter: Document, field: string, dir: 1 | -1) =>
    tickets.find(filter, { ...bounded, projection: summary }).sort({ [field]: dir, _id: dir }).limit(26).toArray();
  // queue.service's viewDefinition.
  const views = (me: ObjectId): Record<QueueView, [Document, string, 1 | -1]> => ({
    todo: [{ status: { $in: ['open', 'in_progress'] } }, 'waitingSince', 1],
    mine: [{ 'assignee.id': me, status: { $ne: 'closed' } }, 'updatedAt', -1],
    pending_professional: [{ status: 'pending_professional' }, 'deadlineAt', 1],
    awaiting_approval: [{ status: 'awaiting_approval' }, 'deadlineAt', 1],
    closed: [{ status: 'closed' }, 'closedAt', -1],
    all: [{}, 'createdAt', -1],
  });
  return {
    counts: () => Promise.all(STATUSES.map((status) => tickets.countDocuments({ status }, bounded))),
    mineCount: () => tickets.countDocuments({ 'assignee.id': new ObjectId(rand(staff).id), status: { $ne: 'closed' } }, bounded),
    async mine(status?: string) {
      const user = await who(rand(pros).token);
      const owner = { 'professional.id': user!._id };
      const waiting = ['pending_professional', 'awaiting_approval'].filter((s) => !status || s === status);
      const counts = () => tickets.aggregate([{ $match: owner }, { $group: { _id: '$status', n: { $sum: 1 } } }], bounded).toArray();
      const waitingRows = () => (waiting.length ? tickets.find({ ...(status ? { status } : {}), ...owner, status: { $in: waiting } }, { ...bounded, projection: summary }).sort({ deadlineAt: 1, _id: 1 }).limit(100).toArray() : []);
      // listMine: the unfiltered first page alone when it holds all the professional's tickets.
      if (!status) {
        if ((await page(owner, 'updatedAt', -1)).length > 25) await Promise.all([counts(), waitingRows()]);
        return;
      }
      await Promise.all([counts(), page({ status, ...owner }, 'updatedAt', -1), waitingRows()]);
    },
    async desk(view: QueueView, search?: string) {
      const user = await who(rand(staff).token);
      const [filter, field, dir] = views(user!._id)[view];
      const match = search ? searchFilter(search) : null;
      await page(match ? { $and: [filter, match] } : filter, field, dir);
    },
    // desk.router's get: the ticket, the access audit's check (its insert left out), then presence,
    // alerts, undeliverable mail and the related lists (related.service, delivery.service).
    async get(protocol: string) {
      const user = await who(rand(staff).token);
      const ticket = await tickets.findOne({ protocol }, { ...bounded, projection: { outbox: 0 } });
      const pro = ticket!.professional.id as ObjectId;
      await db.collection('auditentries').findOne(
        { 'actor.id': user!._id, action: 'ticket_viewed', 'subject.protocol': protocol, 'subject.userId': pro, at: { $gt: new Date(Date.now() - 300_000) } },
        { ...bounded, projection: { _id: 1 } },
      );
      await Promise.all([
        db.collection('deskpresences').find({ protocol, state: { $ne: 'left' }, at: { $gt: new Date(Date.now() - 30_000) } }, bounded).toArray(),
        db.collection('deskalertevents').updateMany({ protocol, unread: user!._id }, { $pull: { unread: user!._id } } as never),
        db.collection('users').findOne({ _id: pro, 'outbox.status': 'failed' }, { ...bounded, projection: { outbox: 1 } }),
        tickets.find({ 'professional.id': pro, 'outbox.status': 'failed' }, { ...bounded, projection: { outbox: 1 } }).sort({ updatedAt: -1 }).limit(1).toArray(),
      ]);
      const fields = { protocol: 1, subject: 1, status: 1, topic: 1, rrtNumber: 1, annuityYear: 1, createdAt: 1 };
      // As the server reads them: the owner's 11 most recent, the ticket itself dropped in code.
      const others = { 'professional.id': pro };
      const reference = ticket!.topic === 'rrt' && ticket!.rrtNumber ? { rrtNumber: ticket!.rrtNumber } : ticket!.topic === 'annuity' && ticket!.annuityYear ? { annuityYear: ticket!.annuityYear } : null;
      await Promise.all([
        tickets.find(others, { ...bounded, projection: fields }).sort({ updatedAt: -1, _id: -1 }).limit(11).toArray(),
        reference ? tickets.find({ ...others, topic: ticket!.topic, ...reference }, { ...bounded, projection: fields }).sort({ updatedAt: -1, _id: -1 }).limit(11).toArray() : [],
      ]);
    },
  };
}

if (a['seed-only']) process.exit(0);
// `--tag=c1` keeps a 1-client run from overwriting the 50-client one: api-<engine>-c1.json.
const file = writeResults(`api-${engineName}${a.tag ? `-${a.tag}` : ''}`, { engine: engineName, concurrency, durationMs, sizes: out });
console.log(`\nresults written to ${path.relative(process.cwd(), file)}`);

// The summary the README's table is built from.
console.log('\nprocedure                            ' + sizes.map((s) => `${s.toLocaleString('en')} tickets: req/s  p50  p95  p99 (ms)`.padEnd(48)).join(''));
for (const name of out[0]?.results.map((r) => r.name) ?? []) {
  const cells = out.map((s) => {
    const r = s.results.find((x) => x.name === name);
    return r ? `${r.throughput.toFixed(0).padStart(6)} ${r.p50.toFixed(1).padStart(6)} ${r.p95.toFixed(1).padStart(6)} ${r.p99.toFixed(1).padStart(6)}${r.errors ? ` err ${r.errors}` : ''}`.padEnd(48) : ''.padEnd(48);
  });
  console.log(`${name.padEnd(37)}${cells.join('')}`);
}
process.exit(0);
