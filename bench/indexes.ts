// Which queries of the API and the jobs an engine serves from an index. Two sources of query shapes:
//  1. every query the server itself sends during a tour of the product on a seeded database (a
//     professional's and an attendant's procedures, a ticket's whole lifecycle, the admin's pages,
//     and a few passes of every job), recorded by bench/query-shapes.ts inside the server child;
//  2. the shapes written down by hand below (the queue views, the jobs' due queries), so that a
//     query the tour happened not to reach is still explained.
// Each is explained on the seeded database with the server's indexes in place (an update, a delete
// or a findAndModify as the find of its filter and sort) and its plan summarised. A collection scan
// of a collection that holds more than a few hundred documents, or a sort the index does not
// serve, is flagged. mongo-java-server does not answer explain; FerretDB v2 answers with the
// PostgreSQL plan.
//   npm run bench:indexes -- --engine=ferretdb2|mongo-java-server|external [--uri=…] [--tickets=100000]
//     [--keep (reuse the database bench:api --keep seeded, cau_bench_api_<tickets>)] [--engine-dir=…]
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { BSON, MongoClient, ObjectId, type Db, type Document } from 'mongodb';
import { SUMMARY_FIELDS } from '../server/src/tickets/keyset';
import { args, BENCH_ENV, engineArg, machine, mutate, query, ROOT, sleep, startEngine, startServer, withDatabase, writeResults } from './lib';
import type { QueryShape } from './query-shapes';

type Recorded = Omit<QueryShape, 'example'> & { example: Document };
import { seedOrReuse, sha256 } from './seed';

const a = args();
const engineName = engineArg(a);
const size = Number(a.tickets ?? 100_000);
const keep = a.keep === 'true';
const loadAtStart = loadavg()[0]!;
console.log(`bench:indexes on ${engineName} (${size} tickets) — ${machine()}`);
const engine = await startEngine(engineName);
const mongo = await MongoClient.connect(engine.uri);
const dbName = `cau_bench_api_${size}`;
const db = mongo.db(dbName);
const seeded = await seedOrReuse(db, { tickets: size, keep, log: (s) => console.log(`seed: ${s}`) });

// ---- 1. the tour, with the server recording what it sends ----
const shapesFile = path.join(tmpdir(), `cau-query-shapes-${process.pid}.json`);
rmSync(shapesFile, { force: true });
const server = await startServer(
  withDatabase(engine.uri, dbName),
  { JOBS_EVERY: '2 seconds', QUERY_SHAPES_FILE: shapesFile },
  'server',
  ['--import', path.join(ROOT, 'bench', 'query-shapes.ts')],
);
if (!seeded.reused && engine.analyze) await engine.analyze();
const failures: string[] = [];
const failed = (line: string) => {
  if (!failures.includes(line)) failures.push(line);
};
const step = async (name: string, call: () => Promise<unknown>) => {
  try {
    return await call();
  } catch (error) {
    failed(`${name}: ${(error as Error).message.slice(0, 240)}`);
    return undefined;
  }
};
const base = server.url;
const pro = seeded.professionals[0]!;
const staff = seeded.attendants[0]!;
const q = (procedure: string, input: unknown, token: string) => step(procedure, () => query(base, procedure, input, token));
const m = <T>(procedure: string, input: unknown, token: string) => step(procedure, () => mutate<T>(base, procedure, input, token)) as Promise<T | undefined>;

// A professional.
await q('auth.me', undefined, pro.token);
await q('account.sessions', undefined, pro.token);
for (const status of [undefined, 'open', 'in_progress', 'pending_professional', 'awaiting_approval', 'closed']) {
  const page = (await q('tickets.mine', status ? { status } : {}, pro.token)) as { nextCursor: string | null; items: Array<{ protocol: string }> } | undefined;
  if (page?.nextCursor) await q('tickets.mine', { ...(status ? { status } : {}), cursor: page.nextCursor }, pro.token);
}
await q('tickets.mine', { search: 'anuidade' }, pro.token);
await q('tickets.mine', { search: seeded.protocols[0]!.slice(0, 7) }, pro.token);
const created = await m<{ protocol: string }>('tickets.create', {
  type: 'question', topic: 'annuity', annuityYear: 2025, subject: 'Boleto da anuidade continua em aberto',
  description: 'Paguei a anuidade de 2025 no prazo, mas o boleto continua em aberto no SICCAU e não consigo emitir a certidão.',
}, pro.token);
const protocol = created?.protocol ?? seeded.protocols[0]!;
await q('tickets.get', { protocol }, pro.token);
await m('tickets.comment', { protocol, message: 'Alguma novidade?' }, pro.token);

// An attendant, through the ticket's lifecycle.
await q('desk.attendants', undefined, staff.token);
await q('desk.alerts.list', undefined, staff.token);
await q('desk.templates.list', {}, staff.token);
for (const view of ['todo', 'mine', 'pending_professional', 'awaiting_approval', 'closed', 'all']) {
  const page = (await q('desk.queue', { view }, staff.token)) as { nextCursor: string | null } | undefined;
  if (page?.nextCursor) await q('desk.queue', { view, cursor: page.nextCursor }, staff.token);
  await q('desk.queue', { view, sort: 'urgency' }, staff.token);
  await q('desk.queue', { view, type: 'error', topic: 'rrt' }, staff.token);
  await q('desk.queue', { view, assignee: 'none' }, staff.token);
  await q('desk.queue', { view, assignee: 'me' }, staff.token);
  await q('desk.queue', { view, search: 'anuidade' }, staff.token);
}
await q('desk.queue', { view: 'all', search: seeded.protocols[1]! }, staff.token);
await q('desk.queue', { view: 'all', search: pro.cpf }, staff.token);
await q('desk.queue', { view: 'all', search: pro.name }, staff.token);
await q('desk.get', { protocol: seeded.protocols[2]! }, staff.token);
await q('desk.get', { protocol }, staff.token);
await m('desk.take', { protocol }, staff.token);
await m('desk.note', { protocol, message: 'Verificar no SICCAU.' }, staff.token);
await m('desk.comment', { protocol, message: 'Estamos verificando.' }, staff.token);
await m('desk.requestInfo', { protocol, message: 'Envie o comprovante, por favor.' }, staff.token);
await m('tickets.provideInfo', { protocol, message: 'Segue o comprovante.' }, pro.token);
await m('desk.resolve', { protocol, message: 'Baixamos o boleto.' }, staff.token);
await m('tickets.approve', { protocol, rating: 5 }, pro.token);
await m('desk.presence', { protocol, state: 'viewing' }, staff.token);
await m('desk.alerts.clear', {}, staff.token);

// The admin.
const admin = await m<{ token: string }>('auth.login', { login: BENCH_ENV.ADMIN_LOGIN, password: BENCH_ENV.ADMIN_PASSWORD }, '');
if (admin) {
  const t = admin.token;
  const month = { from: new Date(Date.now() - 30 * 86_400_000).toISOString(), to: new Date().toISOString() };
  await q('admin.attendants.list', undefined, t);
  await q('admin.mail.failed', undefined, t);
  await q('admin.audit.list', {}, t);
  await q('admin.audit.list', { actorId: staff.id }, t);
  await q('admin.professionals.search', { query: pro.name.split(' ')[0] }, t);
  await q('admin.professionals.search', { query: pro.cpf }, t);
  await q('admin.reports', month, t);
  await q('admin.reportDetails', month, t);
  await q('kb.report', month, t);
}
// Every job runs a few passes (JOBS_EVERY 2 s; each is due at start).
await sleep(8_000);
if (failures.length) console.log(`server output (last 3 000 characters):\n${server.output().slice(-3_000)}`);
await server.stop();
await sleep(200);
const recorded = (existsSync(shapesFile) ? (JSON.parse(readFileSync(shapesFile, 'utf8')) as QueryShape[]) : [])
  .map((shape) => ({ ...shape, example: BSON.deserialize(Buffer.from(shape.example, 'base64')) }));
rmSync(shapesFile, { force: true });
console.log(`tour: ${recorded.length} distinct query shapes recorded${failures.length ? `; calls that failed: ${failures.join('; ')}` : ''}`);

// ---- 2. the shapes written down by hand ----
const proId = new ObjectId(pro.id);
const staffId = new ObjectId(staff.id);
const now = new Date();
const handWritten: Array<[string, string, Document, Document?, number?]> = [
  ['session lookup', 'sessions', { tokenHash: sha256('x'), expiresAt: { $gt: now } }],
  ['user by id', 'users', { _id: proId }],
  ['tickets.mine page', 'tickets', { 'professional.id': proId }, { updatedAt: -1, _id: -1 }, 26],
  ['tickets.mine count', 'tickets', { 'professional.id': proId }],
  ['tickets.create open-ticket cap', 'tickets', { 'professional.id': proId, status: { $ne: 'closed' } }],
  ['desk.queue todo', 'tickets', { status: { $in: ['open', 'in_progress'] } }, { waitingSince: 1, _id: 1 }, 26],
  ['desk.queue mine', 'tickets', { 'assignee.id': staffId, status: { $ne: 'closed' } }, { updatedAt: -1, _id: -1 }, 26],
  ['desk.queue pending_professional', 'tickets', { status: 'pending_professional' }, { deadlineAt: 1, _id: 1 }, 26],
  ['desk.queue closed', 'tickets', { status: 'closed' }, { closedAt: -1, _id: -1 }, 26],
  ['desk.queue global counters (one count per status)', 'tickets', { status: 'open' }],
  ['desk.queue all', 'tickets', {}, { createdAt: -1, _id: -1 }, 26],
  ['desk.queue search word', 'tickets', { $and: [{}, { searchTokens: { $elemMatch: { $regex: '^anuid' } } }] }, { createdAt: -1, _id: -1 }, 26],
  ['desk.queue search protocol', 'tickets', { protocol: { $regex: '^2026-0001' } }, { createdAt: -1, _id: -1 }, 26],
  ['desk.queue search CPF', 'tickets', { 'professional.cpf': pro.cpf }, { createdAt: -1, _id: -1 }, 26],
  ['desk.get / tickets.get', 'tickets', { protocol: seeded.protocols[0] }],
  ['job expire-overdue', 'tickets', { status: { $in: ['pending_professional', 'awaiting_approval'] }, deadlineAt: { $lte: now } }, { deadlineAt: 1 }, 200],
  ['job mail:send due', 'tickets', { $or: [{ 'outbox.status': 'pending', outbox: { $elemMatch: { status: 'pending', nextAttemptAt: { $lte: now } } } }, { 'outbox.status': 'sending', outbox: { $elemMatch: { status: 'sending', leaseUntil: { $lte: now } } } }] }, undefined, 50],
  ['desk events read (seq > last)', 'deskevents', { _id: { $gt: 0 } }, { _id: 1 }, 500],
  ['desk events relay scan', 'tickets', { 'liveOutbox.at': { $exists: true } }, undefined, 200],
];

// ---- explain ----
interface Row { name: string; collection: string; documents: number; ms: number; plan: string; verdict: string; count?: number }
const sizes = new Map<string, number>();
async function documentsIn(d: Db, collection: string) {
  const key = `${d.databaseName}.${collection}`;
  if (!sizes.has(key)) sizes.set(key, await d.collection(collection).estimatedDocumentCount().catch(() => -1));
  return sizes.get(key)!;
}

function walk(plan: Document | undefined): string {
  if (!plan) return '?';
  const name = plan['Node Type'] ?? plan.stage ?? '?';
  const index = plan['Index Name'] ?? plan.indexName;
  const relation = plan['Relation Name'] && !index ? `[${String(plan['Relation Name']).replace(/^documents_/, 'documents_')}]` : '';
  const children = (plan.Plans ?? (plan.inputStage ? [plan.inputStage] : plan.inputStages ?? [])) as Document[];
  return `${name}${index ? `(${index})` : relation}${children.length ? ` > ${children.map(walk).join(', ')}` : ''}`;
}

/** The explain command for a recorded command, as a read: updates and deletes as the find of their filter. */
function explainable(shape: Recorded): Document | null {
  const e = shape.example;
  const c = shape.collection;
  switch (shape.command) {
    case 'find': return { find: c, filter: e.filter, ...(e.sort ? { sort: e.sort } : {}), limit: 26 };
    case 'aggregate': return { aggregate: c, pipeline: e.pipeline, cursor: {} };
    case 'count': return { count: c, query: e.query };
    case 'distinct': return { distinct: c, key: e.key, query: e.query };
    case 'findAndModify': return { find: c, filter: e.query, ...(e.sort ? { sort: e.sort } : {}), limit: 1 };
    case 'update': return { find: c, filter: e.q, ...(e.multi ? {} : { limit: 1 }) };
    case 'delete': return { find: c, filter: e.q, ...(e.limit === 1 ? { limit: 1 } : {}) };
    default: return null;
  }
}

/** A scan of a collection this small is the planner's right choice, not a missing index. */
const SMALL = 500;

async function explainRow(name: string, d: Db, command: Document, hasSort: boolean): Promise<Row> {
  const collection = String(Object.values(command)[0]);
  const documents = await documentsIn(d, collection);
  let plan = '';
  let verdict = '';
  const started = performance.now();
  try {
    const e = await d.command({ explain: command, verbosity: 'queryPlanner' });
    const pg = (e.queryPlanner?.Plan ?? e.stages?.[0]?.$cursor?.queryPlanner?.Plan) as Document | undefined;
    plan = pg
      ? `${walk(pg)}${e.filterPushdown !== undefined ? `; pushdown filter=${e.filterPushdown} sort=${e.sortPushdown} limit=${e.limitPushdown}` : ''}`
      : walk((e.queryPlanner?.winningPlan ?? e.queryPlanner ?? e) as Document);
    const scans = /Seq Scan|COLLSCAN/.test(plan);
    const sorts = hasSort && /(^|> )(Sort|Incremental Sort|SORT)\b/.test(plan);
    verdict = scans ? (documents >= 0 && documents < SMALL ? `scan (${documents} docs: small)` : 'COLLECTION SCAN') : sorts ? 'SORT NOT FROM INDEX' : 'index';
  } catch (error) {
    plan = `explain not answered (${(error as Error).message.slice(0, 80)})`;
    verdict = '?';
  }
  return { name, collection, documents, ms: performance.now() - started, plan, verdict };
}

const rows: Row[] = [];
for (const shape of recorded) {
  const command = explainable(shape);
  if (!command) continue;
  const d = mongo.db(String(shape.example.db ?? dbName));
  const hasSort = Boolean(shape.example.sort) || JSON.stringify(shape.example.pipeline ?? []).includes('$sort');
  const row = await explainRow(shape.key.slice(0, 400), d, command, hasSort);
  rows.push({ ...row, count: shape.count });
}
for (const [name, collection, filter, sort, limit] of handWritten) {
  rows.push(await explainRow(`(by hand) ${name}`, db, { find: collection, filter, ...(sort ? { sort } : {}), ...(limit ? { limit } : {}), projection: collection === 'tickets' ? SUMMARY_FIELDS : {} }, Boolean(sort)));
}

const order = (v: string) => (v === 'COLLECTION SCAN' ? 0 : v === 'SORT NOT FROM INDEX' ? 1 : v === '?' ? 2 : 3);
rows.sort((x, y) => order(x.verdict) - order(y.verdict) || x.collection.localeCompare(y.collection));
for (const r of rows) console.log(`${r.verdict.padEnd(20)} ${r.collection.padEnd(12)} ${String(r.documents).padStart(8)} docs  ${r.name}\n${''.padEnd(21)}${r.plan}`);
const tally = rows.reduce<Record<string, number>>((t, r) => ({ ...t, [r.verdict.startsWith('scan (') ? 'scan of a small collection' : r.verdict]: (t[r.verdict.startsWith('scan (') ? 'scan of a small collection' : r.verdict] ?? 0) + 1 }), {});
console.log(`\n${rows.length} query shapes explained: ${Object.entries(tally).map(([k, v]) => `${v} ${k}`).join(', ')}`);
const file = writeResults(`indexes-${engineName}`, { engine: engineName, tickets: size, loadAtStart, tally, failures, rows });
console.log(`written to ${path.relative(process.cwd(), file)}`);
if (!keep) await db.dropDatabase();
await mongo.close();
await engine.stop();
process.exit(0);
