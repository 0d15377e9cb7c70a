// Loaded into the server child by `npm run bench:indexes` (`--import bench/query-shapes.ts`): records
// every distinct query shape the server sends (driver command monitoring): the command, the
// collection, the filter with its values replaced by their types, the sort, whether it is limited,
// and one real example of each (BSON, base64), written as JSON to $QUERY_SHAPES_FILE every second and at
// exit. bench/indexes.ts then explains each example on a large database: the plan of every query
// the server made during its tour, not only the ones written down by hand.
import { writeFileSync } from 'node:fs';
import mongoose from 'mongoose';
import { BSON, type CommandStartedEvent, type Document } from 'mongodb';

/** Commands that read with a filter; what `bench:indexes` explains. */
const READS = new Set(['find', 'aggregate', 'count', 'distinct', 'findAndModify', 'update', 'delete']);

export interface QueryShape {
  key: string;
  command: string;
  collection: string;
  count: number;
  /** One command as sent, as base64 BSON (Extended JSON would read `{$regex: …}` back as a RegExp). */
  example: string;
}

const shapes = new Map<string, QueryShape>();
const file = process.env.QUERY_SHAPES_FILE;

/** A value's shape: operators and field names kept, values replaced by their type. */
export function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.length && value.every((v) => v === null || typeof v !== 'object' || v instanceof Date) ? ['…'] : value.map(shapeOf);
  if (value instanceof Date) return 'date';
  if (value && typeof value === 'object') {
    const bsontype = (value as { _bsontype?: string })._bsontype;
    if (bsontype) return bsontype;
    if (value instanceof RegExp) return 'regex';
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === '$regex' ? 'regex' : shapeOf(v)]));
  }
  return typeof value;
}

/** The filters one command reads with (an update or delete command carries a list of them). */
function filtersOf(command: string, body: Document): Document[] {
  switch (command) {
    case 'find': return [{ filter: body.filter ?? {}, sort: body.sort, limit: body.limit !== undefined, projection: body.projection !== undefined }];
    case 'aggregate': return [{ pipeline: body.pipeline }];
    case 'count': return [{ query: body.query ?? {} }];
    case 'distinct': return [{ key: body.key, query: body.query ?? {} }];
    case 'findAndModify': return [{ query: body.query ?? {}, sort: body.sort, upsert: Boolean(body.upsert) }];
    case 'update': return ((body.updates ?? []) as Document[]).map((u) => ({ q: u.q, multi: Boolean(u.multi), upsert: Boolean(u.upsert) }));
    case 'delete': return ((body.deletes ?? []) as Document[]).map((d) => ({ q: d.q, limit: d.limit }));
    default: return [];
  }
}

function record(event: CommandStartedEvent) {
  if (!READS.has(event.commandName)) return;
  const body = event.command;
  const collection = String(body[event.commandName]);
  for (const filter of filtersOf(event.commandName, body)) {
    const key = `${event.commandName} ${collection} ${JSON.stringify(shapeOf(filter))}`;
    const known = shapes.get(key);
    if (known) known.count += 1;
    else shapes.set(key, { key, command: event.commandName, collection, count: 1, example: Buffer.from(BSON.serialize({ ...filter, db: event.databaseName })).toString('base64') });
  }
}

function write() {
  if (!file) return;
  writeFileSync(file, JSON.stringify([...shapes.values()]));
}

const connect = mongoose.connect.bind(mongoose);
mongoose.connect = (async (uri: string, options?: mongoose.ConnectOptions) => {
  const connected = await connect(uri, { ...options, monitorCommands: true });
  mongoose.connection.getClient().on('commandStarted', record);
  return connected;
}) as typeof mongoose.connect;

setInterval(write, 1_000).unref();
process.once('exit', write);
