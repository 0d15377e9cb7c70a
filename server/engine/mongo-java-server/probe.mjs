// Compatibility probe for the test database (server/engine/mongo-java-server/start.sh): runs the MongoDB features our code
// relies on through the mongodb 6.20 driver, mongoose 8.24.10 and Agenda 6, printing OK / FAIL per item.
//
// The client libraries come from a throwaway prefix, never from the repo's package.json:
//   npm install --no-save --prefix /tmp/probe mongodb@6.20 mongoose@8.24.10 agenda@6.2.6 @agendajs/mongo-backend@4.0.3
//   server/engine/mongo-java-server/start.sh 27099 && node server/engine/mongo-java-server/probe.mjs mongodb://127.0.0.1:27099/ ; server/engine/mongo-java-server/stop.sh
// PROBE_PREFIX overrides /tmp/probe. Exit code 1 when a check fails that is not marked as a known limitation.
import { createRequire } from 'node:module';
import { createHash, randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const PREFIX = process.env.PROBE_PREFIX || '/tmp/probe';
const URI = process.argv[2] || process.env.MONGO_URL || 'mongodb://127.0.0.1:27099/';
const req = createRequire(`${PREFIX}/node_modules/`);
let MongoClient, GridFSBucket, ObjectId, mongoose;
try {
  ({ MongoClient, GridFSBucket, ObjectId } = req('mongodb'));
  mongoose = req('mongoose');
} catch (e) {
  console.error(`cannot load mongodb/mongoose from ${PREFIX}/node_modules (${e.message}); run the npm install shown at the top of this file`);
  process.exit(2);
}
const esm = (name) => import(pathToFileURL(req.resolve(name)).href);

const results = [];
const RUN = Date.now().toString(36);

/** Runs one check. fn returns a detail string (OK) or {warn: string}; throwing means FAIL. */
async function check(name, fn, { known = false, timeoutMs = 20000 } = {}) {
  let status, detail;
  try {
    const r = await Promise.race([
      fn(),
      sleep(timeoutMs).then(() => { throw new Error(`timed out after ${timeoutMs} ms`); }),
    ]);
    if (r && typeof r === 'object' && 'warn' in r) [status, detail] = ['WARN', r.warn];
    else [status, detail] = ['OK', r ?? ''];
  } catch (e) {
    status = known ? 'FAIL (known)' : 'FAIL';
    detail = errText(e);
  }
  results.push({ name, status, detail });
  console.log(`${status.padEnd(15)} ${name}${detail ? ` -- ${detail}` : ''}`);
}
const errText = (e) => `${e?.constructor?.name ?? 'Error'}${e?.code !== undefined ? ` code=${e.code}` : ''}: ${e?.message ?? e}`;
function assert(cond, msg) { if (!cond) throw new Error(`assertion failed: ${msg}`); }
async function expectDup(promise, what) {
  try { await promise; } catch (e) {
    if (e.code === 11000) return `${what}: E11000 ok ("${e.message.slice(0, 110)}")`;
    throw e;
  }
  throw new Error(`${what}: no duplicate-key error raised`);
}

// ---------------------------------------------------------------- mongodb driver
const client = new MongoClient(URI, { serverSelectionTimeoutMS: 5000 });
const db = client.db(`probe_${RUN}`);

await check('driver: connect + ping', async () => {
  await client.connect();
  const r = await db.command({ ping: 1 });
  assert(r.ok === 1, 'ping ok');
  return 'ping ok';
});
if (results[0].status !== 'OK') { console.error('cannot connect, aborting'); process.exit(2); }

await check('driver: hello command', async () => {
  const r = await db.admin().command({ hello: 1 });
  return `maxWireVersion=${r.maxWireVersion} setName=${r.setName ?? '(none)'}`;
}, { known: true });
await check('driver: isMaster (legacy hello) + buildInfo', async () => {
  const r = await db.admin().command({ isMaster: 1 });
  const b = await db.admin().command({ buildInfo: 1 });
  return `version=${b.version} minWire=${r.minWireVersion} maxWire=${r.maxWireVersion} setName=${r.setName ?? '(none: standalone)'} logicalSessionTimeoutMinutes=${r.logicalSessionTimeoutMinutes ?? '(absent)'}`;
});

// --- unique indexes
await check('unique index + duplicate key 11000', async () => {
  const c = db.collection('uniq');
  await c.createIndex({ email: 1 }, { unique: true });
  await c.insertOne({ email: 'a@x.io' });
  return expectDup(c.insertOne({ email: 'a@x.io' }), 'insertOne');
});
await check('unique index: dup via updateOne also 11000', async () => {
  const c = db.collection('uniq');
  await c.insertOne({ email: 'b@x.io' });
  return expectDup(c.updateOne({ email: 'b@x.io' }, { $set: { email: 'a@x.io' } }), 'updateOne');
});
await check('unique compound index', async () => {
  const c = db.collection('uniq_compound');
  await c.createIndex({ tenant: 1, slug: 1 }, { unique: true });
  await c.insertMany([{ tenant: 't1', slug: 's' }, { tenant: 't2', slug: 's' }, { tenant: 't1', slug: 's2' }]);
  return expectDup(c.insertOne({ tenant: 't1', slug: 's' }), 'compound');
});
await check('unique sparse index (missing field allowed twice)', async () => {
  const c = db.collection('uniq_sparse');
  await c.createIndex({ handle: 1 }, { unique: true, sparse: true });
  await c.insertMany([{ n: 1 }, { n: 2 }]);
  await c.insertOne({ handle: 'h' });
  return expectDup(c.insertOne({ handle: 'h' }), 'sparse');
});
await check('unique partialFilterExpression index', async () => {
  const c = db.collection('uniq_partial');
  await c.createIndex({ email: 1 }, { unique: true, partialFilterExpression: { deleted: false } });
  await c.insertMany([{ email: 'p@x.io', deleted: true }, { email: 'p@x.io', deleted: true }]);
  await c.insertOne({ email: 'p@x.io', deleted: false });
  const idx = (await c.listIndexes().toArray()).find((i) => i.name === 'email_1');
  assert(idx?.partialFilterExpression, 'listIndexes keeps partialFilterExpression');
  return expectDup(c.insertOne({ email: 'p@x.io', deleted: false }), 'partial (docs outside the filter ignored)');
}, { known: true });

// --- collation
await check('case-insensitive collation index (strength 2)', async () => {
  const c = db.collection('coll_ci');
  await c.createIndex({ name: 1 }, { unique: true, collation: { locale: 'en', strength: 2 } });
  await c.insertOne({ name: 'Alice' });
  await expectDup(c.insertOne({ name: 'alice' }), 'ci-unique');
  return 'unique index is case-insensitive';
}, { known: true });
await check('case-insensitive collation on find()', async () => {
  const c = db.collection('coll_ci_q');
  await c.insertMany([{ name: 'Bob' }, { name: 'bob' }, { name: 'BOB' }]);
  const n = (await c.find({ name: 'bob' }, { collation: { locale: 'en', strength: 2 } }).toArray()).length;
  assert(n === 3, `collation find matched ${n}/3`);
  return 'matched 3/3';
}, { known: true });

// --- findOneAndUpdate / update operators
await check('findOneAndUpdate {_id,version} $set/$push/$inc returnDocument:after', async () => {
  const c = db.collection('docs');
  const { insertedId } = await c.insertOne({ title: 'a', version: 1, tags: [], hits: 0 });
  const after = await c.findOneAndUpdate({ _id: insertedId, version: 1 },
    { $set: { title: 'b' }, $push: { tags: 'x' }, $inc: { version: 1, hits: 5 } }, { returnDocument: 'after' });
  assert(after?.title === 'b' && after.version === 2 && after.tags[0] === 'x' && after.hits === 5, JSON.stringify(after));
  const stale = await c.findOneAndUpdate({ _id: insertedId, version: 1 }, { $set: { title: 'c' } }, { returnDocument: 'after' });
  assert(stale === null, 'stale version must return null');
  const withMeta = await c.findOneAndUpdate({ _id: insertedId }, { $inc: { hits: 1 } }, { includeResultMetadata: true });
  assert(withMeta.ok === 1 && withMeta.value.hits === 5, 'includeResultMetadata returns before-image');
  return 'after-doc correct; stale version -> null; includeResultMetadata ok';
});
await check('updateOne with arrayFilters', async () => {
  const c = db.collection('docs');
  const { insertedId } = await c.insertOne({ items: [{ id: 1, qty: 1 }, { id: 2, qty: 2 }, { id: 3, qty: 3 }] });
  await c.updateOne({ _id: insertedId }, { $set: { 'items.$[el].qty': 10 } }, { arrayFilters: [{ 'el.id': { $gte: 2 } }] });
  const d = await c.findOne({ _id: insertedId });
  assert(d.items.map((i) => i.qty).join() === '1,10,10', JSON.stringify(d.items));
  return 'items.$[el] updated';
});
await check('positional $ update (items.$.qty)', async () => {
  const c = db.collection('docs');
  const { insertedId } = await c.insertOne({ items: [{ id: 1, qty: 1 }, { id: 2, qty: 2 }] });
  await c.updateOne({ _id: insertedId, 'items.id': 2 }, { $inc: { 'items.$.qty': 5 } });
  const d = await c.findOne({ _id: insertedId });
  assert(d.items[1].qty === 7, JSON.stringify(d.items));
  return 'ok';
});
await check('$push with $each + $slice (+ $position)', async () => {
  const c = db.collection('docs');
  const { insertedId } = await c.insertOne({ log: [1, 2, 3] });
  await c.updateOne({ _id: insertedId }, { $push: { log: { $each: [4, 5, 6], $slice: -4 } } });
  await c.updateOne({ _id: insertedId }, { $push: { log: { $each: [0], $position: 0 } } });
  const d = await c.findOne({ _id: insertedId });
  assert(d.log.join() === '0,3,4,5,6', d.log.join());
  return `log=[${d.log}]`;
});
await check('$addToSet/$pull/$unset/$setOnInsert/$min/$max/$currentDate', async () => {
  const c = db.collection('docs');
  await c.updateOne({ _id: 'ops' }, { $setOnInsert: { created: true }, $addToSet: { s: { $each: [1, 1, 2] } }, $set: { x: 1, y: 5 } }, { upsert: true });
  await c.updateOne({ _id: 'ops' }, { $pull: { s: 1 }, $unset: { x: '' }, $min: { y: 2 }, $max: { z: 9 }, $currentDate: { at: true } });
  const d = await c.findOne({ _id: 'ops' });
  assert(d.created && d.s.join() === '2' && !('x' in d) && d.y === 2 && d.z === 9 && d.at instanceof Date, JSON.stringify(d));
  return 'ok';
});
// Sequence numbers: 1 sequential call, then 100 concurrent ones; every caller must get a distinct value.
async function counterCheck(id, next) {
  const c = db.collection('counters');
  assert((await next(c, id)) === 1, 'first value is 1');
  const vals = await Promise.all(Array.from({ length: 200 }, () => next(c, id)));
  const dups = vals.length - new Set(vals).size;
  const stored = (await c.findOne({ _id: id })).seq;
  assert(dups === 0, `${dups} of 200 concurrent callers got an already-issued value (stored counter=${stored}, correct)`);
  return `1..${stored} issued without duplicates`;
}
await check("$inc upsert counter: findOneAndUpdate upsert + returnDocument:'after', 200 concurrent (intermittent race)", () =>
  counterCheck('seqAfter', async (c, id) => (await c.findOneAndUpdate({ _id: id }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' })).seq),
{ known: true });
await check("$inc upsert counter, workaround: returnDocument:'before' and add 1 client-side, 200 concurrent", () =>
  counterCheck('seqBefore', async (c, id) => ((await c.findOneAndUpdate({ _id: id }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'before' }))?.seq ?? 0) + 1));

// --- aggregation & counting
const orders = db.collection('orders');
const customers = db.collection('customers');
await customers.insertMany([{ _id: 'c1', name: 'Ann' }, { _id: 'c2', name: 'Ben' }]);
await orders.insertMany(Array.from({ length: 20 }, (_, i) => ({ customer: i % 3 === 0 ? 'c1' : 'c2', amount: i, status: i % 2 ? 'paid' : 'open', tags: ['t' + (i % 4)] })));
await check('aggregate $match/$group/$sort/$limit', async () => {
  const r = await orders.aggregate([{ $match: { status: 'paid' } }, { $group: { _id: '$customer', total: { $sum: '$amount' }, n: { $sum: 1 }, avg: { $avg: '$amount' } } }, { $sort: { total: -1 } }, { $limit: 1 }]).toArray();
  assert(r.length === 1 && r[0]._id === 'c2' && r[0].total === 73, JSON.stringify(r));
  return JSON.stringify(r[0]);
});
await check('aggregate $facet (+ $count, $skip, $project inside)', async () => {
  const [r] = await orders.aggregate([{ $match: { amount: { $gte: 5 } } }, { $sort: { amount: 1 } },
    { $facet: { total: [{ $count: 'n' }], page: [{ $skip: 2 }, { $limit: 3 }, { $project: { _id: 0, amount: 1 } }] } }]).toArray();
  assert(r.total[0].n === 15 && r.page.map((p) => p.amount).join() === '7,8,9', JSON.stringify(r));
  return JSON.stringify(r);
});
await check('aggregate $count', async () => {
  const r = await orders.aggregate([{ $match: { status: 'open' } }, { $count: 'open' }]).toArray();
  assert(r[0].open === 10, JSON.stringify(r));
  return JSON.stringify(r[0]);
});
await check('aggregate $lookup (localField/foreignField) + $unwind', async () => {
  const r = await orders.aggregate([{ $match: { amount: 3 } }, { $lookup: { from: 'customers', localField: 'customer', foreignField: '_id', as: 'cust' } }, { $unwind: '$cust' }]).toArray();
  assert(r[0].cust.name === 'Ann', JSON.stringify(r));
  return 'joined';
});
await check('aggregate $lookup with let/pipeline', async () => {
  const r = await customers.aggregate([{ $lookup: { from: 'orders', let: { cid: '$_id' }, pipeline: [{ $match: { $expr: { $eq: ['$customer', '$$cid'] } } }, { $count: 'n' }], as: 'o' } }, { $sort: { _id: 1 } }]).toArray();
  assert(r[0].o[0].n === 7 && r[1].o[0].n === 13, JSON.stringify(r));
  return 'ok';
});
await check('aggregate $addFields/$unwind array/$sortByCount', async () => {
  const r = await orders.aggregate([{ $addFields: { big: { $gt: ['$amount', 10] } } }, { $unwind: '$tags' }, { $sortByCount: '$tags' }]).toArray();
  assert(r.length === 4 && r[0].count === 5, JSON.stringify(r));
  return 'ok';
});
await check('countDocuments + estimatedDocumentCount', async () => {
  const a = await orders.countDocuments({ status: 'paid' });
  const b = await orders.countDocuments({}, { skip: 5, limit: 10 });
  const e = await orders.estimatedDocumentCount();
  assert(a === 10 && b === 10 && e === 20, `${a} ${b} ${e}`);
  return `countDocuments=${a} (skip/limit=${b}) estimated=${e}`;
});
await check('distinct', async () => {
  const d = await orders.distinct('customer', { amount: { $lt: 5 } });
  assert(d.sort().join() === 'c1,c2', d.join());
  return 'ok';
});

// --- query operators
const people = db.collection('people');
await people.insertMany([
  { name: 'Alice', roles: ['admin', 'dev'], addr: [{ city: 'Oslo', zip: 1 }, { city: 'Rome', zip: 2 }], nick: 'al' },
  { name: 'alan', roles: ['dev'], addr: [{ city: 'Oslo', zip: 9 }] },
  { name: 'Bob', roles: [], addr: [] },
]);
await check('regex $regex + $options:"i" (and JS /re/i)', async () => {
  const a = await people.countDocuments({ name: { $regex: '^al', $options: 'i' } });
  const b = await people.countDocuments({ name: /^AL/i });
  const c = await people.countDocuments({ name: { $in: [/^b/i, 'alan'] } });
  const d = await people.countDocuments({ name: { $regex: 'a.+c', $options: 'i' } });
  assert(a === 2 && b === 2 && c === 2 && d === 1, `${a} ${b} ${c} ${d}`);
  return 'ok ($regex, RegExp literal, regex inside $in)';
});
await check('$in, $or, $elemMatch, $exists, $nin, $ne, $all, $size', async () => {
  const r = [
    await people.countDocuments({ roles: { $in: ['admin', 'x'] } }),
    await people.countDocuments({ $or: [{ name: 'Bob' }, { roles: 'dev' }] }),
    await people.countDocuments({ addr: { $elemMatch: { city: 'Oslo', zip: { $gt: 5 } } } }),
    await people.countDocuments({ nick: { $exists: true } }),
    await people.countDocuments({ nick: { $exists: false } }),
    await people.countDocuments({ roles: { $nin: ['admin'] }, name: { $ne: 'Bob' } }),
    await people.countDocuments({ roles: { $all: ['dev', 'admin'] } }),
    await people.countDocuments({ roles: { $size: 0 } }),
  ];
  assert(r.join() === '1,3,1,1,2,1,1,1', r.join());
  return 'ok';
});
await check('keyset pagination {updatedAt:-1,_id:-1} with $or cursor', async () => {
  const c = db.collection('feed');
  const base = Date.UTC(2024, 0, 1);
  // 25 docs, several sharing the same updatedAt so the _id tiebreak matters
  await c.insertMany(Array.from({ length: 25 }, (_, i) => ({ _id: new ObjectId(), updatedAt: new Date(base + Math.floor(i / 3) * 1000), i })));
  await c.createIndex({ updatedAt: -1, _id: -1 });
  const all = await c.find().sort({ updatedAt: -1, _id: -1 }).toArray();
  const seen = [];
  let last = null;
  for (let guard = 0; guard < 20; guard++) {
    const filter = last ? { $or: [{ updatedAt: { $lt: last.updatedAt } }, { updatedAt: last.updatedAt, _id: { $lt: last._id } }] } : {};
    const page = await c.find(filter).sort({ updatedAt: -1, _id: -1 }).limit(4).toArray();
    if (!page.length) break;
    seen.push(...page);
    last = page.at(-1);
  }
  assert(seen.map((d) => String(d._id)).join() === all.map((d) => String(d._id)).join(), 'pages concatenated == full sort');
  return `25 docs in ${Math.ceil(25 / 4)} pages, order identical to full sort`;
});
await check('find projection/skip/sort on nested field', async () => {
  const r = await people.find({}, { projection: { name: 1, _id: 0, 'addr.city': 1 } }).sort({ name: 1 }).skip(1).limit(1).toArray();
  assert(r.length === 1 && r[0].name === 'Bob' && !('_id' in r[0]), JSON.stringify(r));
  return 'ok';
});

// --- GridFS
await check('GridFS upload/download small + 2 MB file', async () => {
  const bucket = new GridFSBucket(db, { bucketName: 'uploads' });
  const put = (name, buf) => new Promise((res, rej) => {
    const s = bucket.openUploadStream(name, { metadata: { owner: 'probe' }, contentType: 'application/octet-stream' });
    s.once('finish', () => res(s.id)).once('error', rej);
    s.end(buf);
  });
  const get = async (id) => { const chunks = []; for await (const ch of bucket.openDownloadStream(id)) chunks.push(ch); return Buffer.concat(chunks); };
  const sha = (b) => createHash('sha256').update(b).digest('hex');
  const small = Buffer.from('hello gridfs');
  const big = randomBytes(2 * 1024 * 1024);
  const id1 = await put('small.txt', small);
  const id2 = await put('big.bin', big);
  assert(sha(await get(id1)) === sha(small), 'small roundtrip');
  assert(sha(await get(id2)) === sha(big), '2MB roundtrip');
  const files = await bucket.find({ filename: 'big.bin' }).toArray();
  assert(files[0].length === big.length, 'files.length');
  const chunkCount = await db.collection('uploads.chunks').countDocuments({ files_id: id2 });
  // partial read with start/end
  const part = []; for await (const ch of bucket.openDownloadStream(id2, { start: 100, end: 300000 })) part.push(ch);
  assert(Buffer.concat(part).equals(big.subarray(100, 300000)), 'range read');
  await bucket.delete(id1);
  assert((await bucket.find({ _id: id1 }).toArray()).length === 0, 'delete');
  return `sha256 match, 2 MB = ${chunkCount} chunks, range read + delete ok`;
});

// --- expected-unsupported features
await check('change streams (collection.watch)', async () => {
  const c = db.collection('cs');
  const cs = c.watch();
  const next = cs.next();
  next.catch(() => {}); // rejection is handled by the race below
  await sleep(200);
  await c.insertOne({ x: 1 });
  const ev = await Promise.race([next, sleep(3000).then(() => { throw new Error('no change event within 3s'); })]);
  await cs.close();
  return `got ${ev.operationType}`;
}, { known: true });
await check('transactions (session.withTransaction)', async () => {
  const s = client.startSession();
  try {
    await s.withTransaction(async () => {
      await db.collection('tx').insertOne({ a: 1 }, { session: s });
      await db.collection('tx').insertOne({ a: 2 }, { session: s });
    });
  } finally { await s.endSession(); }
  return `committed, ${await db.collection('tx').countDocuments()} docs`;
}, { known: true });
await check('TTL index (expireAfterSeconds)', async () => {
  const c = db.collection('ttl');
  await c.createIndex({ createdAt: 1 }, { expireAfterSeconds: 1 });
  await c.insertOne({ createdAt: new Date(Date.now() - 3600e3) });
  const idx = (await c.listIndexes().toArray()).find((i) => i.name === 'createdAt_1');
  await sleep(2500);
  const left = await c.countDocuments();
  const msg = `index accepted (expireAfterSeconds=${idx?.expireAfterSeconds}); expired doc ${left ? 'still present after 2.5s (TTL ignored)' : 'removed'}`;
  return left ? { warn: msg } : msg;
});

// --- job-lock pattern, bulk writes, admin commands
await check('job lock: findOneAndUpdate with $lt on Date + $set (20 concurrent lockers)', async () => {
  const c = db.collection('locks');
  await c.insertOne({ _id: 'job1', lockedAt: new Date(0) });
  const lock = () => c.findOneAndUpdate(
    { _id: 'job1', $or: [{ lockedAt: null }, { lockedAt: { $lt: new Date(Date.now() - 30000) } }] },
    { $set: { lockedAt: new Date(), owner: randomBytes(4).toString('hex') } }, { returnDocument: 'after' });
  const got = (await Promise.all(Array.from({ length: 20 }, lock))).filter(Boolean);
  assert(got.length === 1, `${got.length} lockers won`);
  assert((await lock()) === null, 'fresh lock not re-acquirable');
  await c.updateOne({ _id: 'job1' }, { $set: { lockedAt: new Date(Date.now() - 60000) } });
  assert((await lock()) !== null, 'expired lock re-acquired');
  return 'exactly 1 of 20 won; expired lock re-acquired';
});
await check('bulkWrite (insert/update/upsert/replace/delete)', async () => {
  const c = db.collection('bulk');
  const r = await c.bulkWrite([
    { insertOne: { document: { _id: 1, v: 1 } } },
    { insertOne: { document: { _id: 2, v: 1 } } },
    { updateOne: { filter: { _id: 1 }, update: { $inc: { v: 1 } } } },
    { updateMany: { filter: {}, update: { $set: { seen: true } } } },
    { updateOne: { filter: { _id: 3 }, update: { $set: { v: 9 } }, upsert: true } },
    { replaceOne: { filter: { _id: 2 }, replacement: { v: 42 } } },
    { deleteOne: { filter: { _id: 1 } } },
  ]);
  const s = `inserted=${r.insertedCount} matched=${r.matchedCount} modified=${r.modifiedCount} upserted=${r.upsertedCount} deleted=${r.deletedCount}`;
  assert(r.insertedCount === 2 && r.matchedCount === 4 && r.modifiedCount === 4 && r.upsertedCount === 1 && r.deletedCount === 1, s);
  return s;
});
await check('insertMany ordered:false with one duplicate', async () => {
  const c = db.collection('bulk2');
  await c.createIndex({ k: 1 }, { unique: true });
  try {
    await c.insertMany([{ k: 1 }, { k: 2 }, { k: 1 }, { k: 3 }], { ordered: false });
  } catch (e) {
    const n = await c.countDocuments();
    assert(e.code === 11000 && n === 3, `code=${e.code} docs=${n} insertedCount=${e.insertedCount}`);
    return `${e.constructor.name} code=11000, insertedCount=${e.insertedCount}, writeErrors=${e.writeErrors?.length}, 3 docs stored`;
  }
  throw new Error('no error for the duplicate');
});
await check('createIndexes command with background:true (+ createIndex option)', async () => {
  const c = db.collection('idx');
  await c.insertOne({ a: 1, b: 1 });
  await db.command({ createIndexes: 'idx', indexes: [{ key: { a: 1 }, name: 'a_bg', background: true }] });
  await c.createIndex({ b: -1 }, { background: true, name: 'b_bg' });
  await c.createIndexes([{ key: { a: 1, b: 1 }, name: 'ab' }]);
  return 'ok';
});
await check('listIndexes / indexExists / dropIndex', async () => {
  const c = db.collection('idx');
  const names = (await c.listIndexes().toArray()).map((i) => i.name);
  assert(['_id_', 'a_bg', 'b_bg', 'ab'].every((n) => names.includes(n)), names.join());
  assert(await c.indexExists('ab'), 'indexExists');
  await c.dropIndex('ab');
  return `indexes: ${names.join(', ')}; dropIndex ok`;
});
await check('collMod: change TTL expireAfterSeconds', async () => {
  const r = await db.command({ collMod: 'ttl', index: { keyPattern: { createdAt: 1 }, expireAfterSeconds: 60 } });
  return JSON.stringify(r);
}, { known: true });
await check('collMod: set validator', async () => {
  await db.createCollection('validated');
  const r = await db.command({ collMod: 'validated', validator: { $jsonSchema: { required: ['name'] } }, validationLevel: 'moderate' });
  return JSON.stringify(r);
}, { known: true });
await check('createCollection with $jsonSchema validator enforced', async () => {
  const c = await db.createCollection('validated2', { validator: { $jsonSchema: { bsonType: 'object', required: ['name'] } } });
  try { await c.insertOne({ x: 1 }); } catch (e) { return `rejected: ${errText(e)}`; }
  return { warn: 'accepted a document violating the validator (validation not enforced)' };
});
await check('listCollections / renameCollection / drop / dropDatabase', async () => {
  await db.collection('ren').insertOne({ a: 1 });
  await db.renameCollection('ren', 'ren2');
  const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
  assert(names.includes('ren2') && !names.includes('ren'), names.join());
  await db.collection('ren2').drop();
  return `${names.length} collections listed; rename+drop ok`;
});

// ---------------------------------------------------------------- mongoose
const mdbName = `probe_mongoose_${RUN}`;
await check('mongoose: connect + ping', async () => {
  await mongoose.connect(URI, { dbName: mdbName, serverSelectionTimeoutMS: 5000 });
  await mongoose.connection.db.admin().ping();
  return `mongoose ${mongoose.version}, readyState=${mongoose.connection.readyState}`;
});
const User = mongoose.model('User', new mongoose.Schema({
  email: { type: String, required: true, unique: true, lowercase: true },
  name: String,
  org: { type: mongoose.Schema.Types.ObjectId, ref: 'Org' },
  tags: [String],
}, { timestamps: true, optimisticConcurrency: true }));
const Org = mongoose.model('Org', new mongoose.Schema({ name: String }));
await check('mongoose: syncIndexes + unique (E11000 on create)', async () => {
  await User.syncIndexes();
  await User.create({ email: 'M@x.io', name: 'm' });
  return expectDup(User.create({ email: 'm@x.io' }), 'Model.create');
});
await check('mongoose: save with optimisticConcurrency (VersionError on stale doc)', async () => {
  const u = await User.create({ email: 'oc@x.io', tags: [] });
  const a = await User.findById(u._id);
  const b = await User.findById(u._id);
  a.name = 'A'; await a.save();
  b.name = 'B';
  try { await b.save(); } catch (e) { if (e.name === 'VersionError') return 'VersionError raised, __v=' + (await User.findById(u._id)).__v; throw e; }
  throw new Error('stale save succeeded');
});
await check('mongoose: findOneAndUpdate new:true upsert, lean, populate, countDocuments, aggregate', async () => {
  const org = await Org.create({ name: 'Acme' });
  const u = await User.findOneAndUpdate({ email: 'up@x.io' }, { $set: { org: org._id }, $push: { tags: 't' } }, { new: true, upsert: true });
  assert(u.tags[0] === 't' && u.createdAt instanceof Date, 'upserted with timestamps');
  const p = await User.findOne({ email: 'up@x.io' }).populate('org').lean();
  assert(p.org.name === 'Acme', 'populate');
  const n = await User.countDocuments({ email: /@X\.IO$/i });
  const agg = await User.aggregate([{ $group: { _id: null, n: { $sum: 1 } } }]);
  assert(n === 3 && agg[0].n === 3, `${n} ${JSON.stringify(agg)}`);
  assert(await User.exists({ email: 'up@x.io' }), 'exists');
  return 'ok';
});
await check('mongoose: insertMany ordered:false + bulkWrite + deleteMany', async () => {
  try { await User.insertMany([{ email: 'i1@x.io' }, { email: 'm@x.io' }, { email: 'i2@x.io' }], { ordered: false }); } catch (e) { assert(e.code === 11000, errText(e)); }
  await User.bulkWrite([{ updateOne: { filter: { email: 'i1@x.io' }, update: { name: 'i1' } } }]);
  const r = await User.deleteMany({ email: /^i\d/ });
  assert(r.deletedCount === 2, JSON.stringify(r));
  return 'ok';
});
await check('mongoose: connection.transaction', async () => {
  await mongoose.connection.transaction(async (session) => { await Org.create([{ name: 'tx' }], { session }); });
  return 'committed';
}, { known: true });
await mongoose.disconnect().catch(() => {});

// ---------------------------------------------------------------- Agenda 6
const { Agenda } = await esm('agenda');
const { MongoBackend } = await esm('@agendajs/mongo-backend');
const agendaDbName = `probe_agenda_${RUN}`;
await check('agenda: define + every("2 seconds") + now() run', async () => {
  const agenda = new Agenda({
    backend: new MongoBackend({ address: `${URI.replace(/\/$/, '')}/${agendaDbName}` }),
    processEvery: '1 second',
  });
  const errors = [];
  agenda.on('error', (e) => errors.push(errText(e)));
  agenda.on('fail', (e, job) => errors.push(`job ${job.attrs.name} failed: ${errText(e)}`));
  let ticks = 0, once = 0;
  agenda.define('tick', async () => { ticks++; });
  agenda.define('once', async (job) => { once += job.attrs.data.n; });
  await agenda.start();
  await agenda.every('2 seconds', 'tick');
  await agenda.now('once', { n: 1 });
  await sleep(7000);
  await agenda.stop();
  assert(!errors.length, errors.join('; '));
  assert(ticks >= 2 && once === 1, `ticks=${ticks} once=${once}`);
  return `tick ran ${ticks}x in 7s, now-job ran once`;
}, { timeoutMs: 30000 });
await check('agenda: two instances on one db: 20 now() jobs run exactly once; shared every() job', async () => {
  const shared = client.db(`${agendaDbName}_2`);
  const runs = new Map();
  const tickAt = [];
  const mk = (label) => {
    const a = new Agenda({ backend: new MongoBackend({ mongo: shared, name: label }), processEvery: '1 second' });
    a.define('exactly-once', async (job) => {
      await sleep(100); // hold the lock a moment so the other instance has a chance to race
      const k = job.attrs.data.k;
      runs.set(k, [...(runs.get(k) || []), label]);
    });
    a.define('shared-tick', async () => { tickAt.push([label, Date.now()]); });
    return a;
  };
  const a = mk('A'), b = mk('B');
  const errors = [];
  for (const x of [a, b]) x.on('error', (e) => errors.push(errText(e)));
  // Both instances register the same every() job (as each app replica would at boot), then both start processing.
  await a.every('2 seconds', 'shared-tick');
  await b.every('2 seconds', 'shared-tick');
  await Promise.all([a.start(), b.start()]);
  for (let k = 0; k < 20; k++) await (k % 2 ? b : a).now('exactly-once', { k });
  await sleep(8000);
  await Promise.all([a.stop(), b.stop()]);
  const byInstance = { A: 0, B: 0 };
  for (const v of runs.values()) for (const l of v) byInstance[l]++;
  const multi = [...runs.entries()].filter(([, v]) => v.length !== 1).map(([k, v]) => `${k}:${v.join('+')}`);
  const tickDocs = await shared.collection('agendaJobs').countDocuments({ name: 'shared-tick' });
  assert(!errors.length, errors.join('; '));
  assert(runs.size === 20 && multi.length === 0, `ran ${runs.size}/20 jobs; ran more than once: ${multi.join(' ') || 'none'}`);
  const gaps = tickAt.slice(1).map(([, t], i) => t - tickAt[i][1]);
  const tickDesc = `${tickAt.length} runs by ${tickAt.map(([l]) => l).join('')}, gaps ${gaps.join('/')} ms`;
  assert(tickDocs === 1 && tickAt.length >= 3 && gaps.every((g) => g >= 1500), `shared-tick docs=${tickDocs}; ${tickDesc}`);
  return `20/20 ran exactly once (A ran ${byInstance.A}, B ran ${byInstance.B}); shared every('2 seconds'): 1 job doc, ${tickDesc}`;
}, { timeoutMs: 30000 });

await client.db(`probe_${RUN}`).dropDatabase().catch(() => {});
await client.close();

// ---------------------------------------------------------------- summary
const count = (s) => results.filter((r) => r.status === s).length;
const unexpected = count('FAIL');
console.log(`\n${count('OK')} ok, ${count('WARN')} warn, ${count('FAIL (known)')} known failures, ${unexpected} unexpected failures`);
process.exit(unexpected ? 1 : 0);
