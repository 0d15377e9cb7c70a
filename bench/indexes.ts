// Which queries of the API and the jobs an engine serves from an index: each query shape the server
// sends (the same filters, sorts and limits as queue.service, keyset, tickets.service, expiry.service,
// auth.service, delivery.service, desk-events) is explained on a seeded database with the server's
// indexes in place, and the plan is summarised. mongo-java-server does not answer explain (and
// ignores non-unique indexes); FerretDB answers with the PostgreSQL plan.
//   npm run bench:indexes -- --engine=mongo-java-server|ferretdb [--tickets=10000]
import { MongoClient, ObjectId, type Document } from 'mongodb';
import { SUMMARY_FIELDS } from '../server/src/tickets/keyset';
import { args, engineArg, machine, startEngine, startServer, withDatabase } from './lib';
import { seed, sha256 } from './seed';

const a = args();
const engineName = engineArg(a);
const size = Number(a.tickets ?? 10_000);
console.log(`bench:indexes on ${engineName} (${size} tickets) — ${machine()}`);
const engine = await startEngine(engineName);
const mongo = await MongoClient.connect(engine.uri);
const db = mongo.db('cau_bench_indexes');
await db.dropDatabase();
const seeded = await seed(db, { tickets: size });
// The server creates its indexes at start.
const server = await startServer(withDatabase(engine.uri, 'cau_bench_indexes'));
await server.stop();

const pro = new ObjectId(seeded.professionals[0]!.id);
const staff = new ObjectId(seeded.attendants[0]!.id);
const now = new Date();
const summary = SUMMARY_FIELDS;
const shapes: Array<[string, string, Document, Document?, number?]> = [
  ['session lookup', 'sessions', { tokenHash: sha256('x'), expiresAt: { $gt: now } }],
  ['user by id', 'users', { _id: pro }],
  ['tickets.mine page', 'tickets', { 'professional.id': pro }, { updatedAt: -1, _id: -1 }, 26],
  ['tickets.mine count', 'tickets', { 'professional.id': pro }],
  ['tickets.create open-ticket cap', 'tickets', { 'professional.id': pro, status: { $ne: 'closed' } }],
  ['desk.queue todo', 'tickets', { status: { $in: ['open', 'in_progress'] } }, { waitingSince: 1, _id: 1 }, 26],
  ['desk.queue mine', 'tickets', { 'assignee.id': staff, status: { $ne: 'closed' } }, { updatedAt: -1, _id: -1 }, 26],
  ['desk.queue pending_professional', 'tickets', { status: 'pending_professional' }, { deadlineAt: 1, _id: 1 }, 26],
  ['desk.queue closed', 'tickets', { status: 'closed' }, { closedAt: -1, _id: -1 }, 26],
  ['desk.queue global counters (one count per status)', 'tickets', { status: 'open' }],
  ['desk.queue all', 'tickets', {}, { createdAt: -1, _id: -1 }, 26],
  ['desk.queue search word', 'tickets', { $and: [{}, { searchTokens: { $elemMatch: { $regex: '^anuid' } } }] }, { createdAt: -1, _id: -1 }, 26],
  ['desk.queue search protocol', 'tickets', { protocol: { $regex: '^2026-0001' } }, { createdAt: -1, _id: -1 }, 26],
  ['desk.queue search CPF', 'tickets', { 'professional.cpf': seeded.professionals[0]!.cpf }, { createdAt: -1, _id: -1 }, 26],
  ['desk.get / tickets.get', 'tickets', { protocol: seeded.protocols[0] }],
  ['job expire-overdue', 'tickets', { status: { $in: ['pending_professional', 'awaiting_approval'] }, deadlineAt: { $lte: now } }, { deadlineAt: 1 }, 200],
  ['job mail:send due', 'tickets', { $or: [{ outbox: { $elemMatch: { status: 'pending', nextAttemptAt: { $lte: now } } } }, { outbox: { $elemMatch: { status: 'sending', leaseUntil: { $lte: now } } } }] }, undefined, 50],
  ['desk events read (seq > last)', 'deskevents', { _id: { $gt: 0 } }, { _id: 1 }, 500],
  ['desk events relay scan', 'tickets', { 'liveOutbox.at': { $exists: true } }, undefined, 200],
];

function walk(plan: Document | undefined): string {
  if (!plan) return '?';
  const name = plan['Node Type'] ?? plan.stage ?? '?';
  const index = plan['Index Name'] ?? plan.indexName;
  const children = (plan.Plans ?? (plan.inputStage ? [plan.inputStage] : plan.inputStages ?? [])) as Document[];
  return `${name}${index ? `(${index})` : ''}${children.length ? ` > ${children.map(walk).join(', ')}` : ''}`;
}

for (const [name, collection, filter, sort, limit] of shapes) {
  let cursor = db.collection(collection).find(filter, { projection: collection === 'tickets' ? summary : {} });
  if (sort) cursor = cursor.sort(sort);
  if (limit) cursor = cursor.limit(limit);
  const started = performance.now();
  await cursor.clone().toArray();
  const ms = performance.now() - started;
  let plan: string;
  try {
    const e = await cursor.explain();
    const pg = e.queryPlanner?.Plan as Document | undefined;
    plan = pg
      ? `${walk(pg)}; pushdown filter=${e.filterPushdown} sort=${e.sortPushdown} limit=${e.limitPushdown}`
      : walk((e.queryPlanner?.winningPlan ?? e.queryPlanner) as Document);
  } catch (error) {
    plan = `explain not answered (${(error as Error).message.slice(0, 60)})`;
  }
  console.log(`${name.padEnd(34)} ${ms.toFixed(1).padStart(8)} ms  ${plan}`);
}
await db.dropDatabase();
await mongo.close();
await engine.stop();
process.exit(0);
