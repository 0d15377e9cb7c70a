// The database connection: MONGODB_URI when given, otherwise an embedded engine started here and
// stopped with the server (mongod through mongodb-memory-server, or offline mongo-java-server with
// its data in a file), both under DATA_DIR: see engine/embedded.ts.
import mongoose, { type mongo } from 'mongoose';
import { startEmbeddedEngine } from './engine/embedded';
import { guardWritesToClosedSockets } from './driver-write-guard';
import { retryingLostRaces, retryWritesAbortedByPostgres } from './upsert-race';
import type { Config } from './env';
import type { Logger } from './log';

export interface Database {
  uri: string;
  stop(): Promise<void>;
}

/** The embedded engine's database name (MONGODB_URI names its own). */
const EMBEDDED_DATABASE = 'cau_atendimento';

function withDatabase(uri: string, name: string): string {
  const url = new URL(uri);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * How long an operation waits for a reachable database before it fails (the API answers 503
 * `unavailable`): short, so that during an outage requests fail fast instead of hanging.
 */
const SERVER_SELECTION_TIMEOUT_MS = 2_000;
/** At start, a database that is still coming up is waited for this long. */
const STARTUP_WAIT_MS = 10_000;
/** Opening a connection (TCP and handshake) to a reachable host. */
const CONNECT_TIMEOUT_MS = 2_000;
/**
 * A socket with no answer for this long is closed and its operation fails: the last resort against
 * a hung database (the API itself answers 503 much sooner, http/database-watch.ts). Longer than
 * the longest maxTimeMS, so a slow report is not cut by it.
 */
const SOCKET_TIMEOUT_MS = 30_000;

/**
 * Server-side bounds on every query (maxTimeMS), by kind: the API's reads and find-and-modify writes
 * are small indexed operations; aggregations (reports, counts by view) may scan more.
 */
export const MAX_TIME_MS = { read: 5_000, write: 5_000, aggregate: 20_000 } as const;
const BOUNDED_READS = new Set(['find', 'findOne', 'countDocuments', 'distinct', 'estimatedDocumentCount']);
const BOUNDED_WRITES = new Set(['findOneAndUpdate', 'findOneAndDelete', 'findOneAndReplace']);

let boundsInstalled = false;

/**
 * Gives every mongoose query and aggregation a maxTimeMS unless it set its own. Installed on the
 * Query and Aggregate prototypes (query middleware that does not depend on when each model was
 * compiled, which a global plugin would). Plain updates and deletes have no maxTimeMS in every
 * engine; the socket timeout bounds them.
 */
export function boundQueryTimes(): void {
  if (boundsInstalled) return;
  boundsInstalled = true;
  const queryExec = mongoose.Query.prototype.exec;
  mongoose.Query.prototype.exec = function exec(this: mongoose.Query<unknown, unknown>, ...args: unknown[]) {
    const op = (this as unknown as { op?: string }).op ?? '';
    if (this.getOptions().maxTimeMS === undefined) {
      if (BOUNDED_READS.has(op)) this.maxTimeMS(MAX_TIME_MS.read);
      else if (BOUNDED_WRITES.has(op)) this.maxTimeMS(MAX_TIME_MS.write);
    }
    return (queryExec as (...a: unknown[]) => Promise<unknown>).apply(this, args);
  } as typeof queryExec;
  const aggregateExec = mongoose.Aggregate.prototype.exec;
  mongoose.Aggregate.prototype.exec = function exec(this: mongoose.Aggregate<unknown>, ...args: unknown[]) {
    if (this.options.maxTimeMS === undefined) this.option({ maxTimeMS: MAX_TIME_MS.aggregate });
    return (aggregateExec as (...a: unknown[]) => Promise<unknown>).apply(this, args);
  } as typeof aggregateExec;
}

async function connectWithin(uri: string, waitMs: number): Promise<void> {
  const giveUpAt = Date.now() + waitMs;
  for (;;) {
    try {
      await mongoose.connect(uri, {
        serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS,
        connectTimeoutMS: CONNECT_TIMEOUT_MS,
        socketTimeoutMS: SOCKET_TIMEOUT_MS,
        autoIndex: false,
      });
      return;
    } catch (error) {
      if ((error as Error).name !== 'MongooseServerSelectionError' || Date.now() >= giveUpAt) throw error;
    }
  }
}

export async function connectDatabase(config: Config, log: Logger): Promise<Database> {
  const embedded = config.mongodbUri ? null : await startEmbeddedEngine({ dataDir: config.dataDir, log });
  const uri = config.mongodbUri ?? withDatabase(embedded!.uri, EMBEDDED_DATABASE);
  mongoose.set('strictQuery', true);
  // Otherwise every query captures a stack trace up front (for a "query was already executed"
  // message), which under tsx's source maps was ~5 % of the server's CPU in the API benchmark.
  mongoose.set('skipOriginalStackTraces', true);
  boundQueryTimes();
  // FerretDB v2: a write PostgreSQL aborted (deadlock, serialisation, in-flight unique clash) is
  // tried again instead of reaching the client as a 500 (upsert-race.ts).
  retryWritesAbortedByPostgres(mongoose.mongo.Collection.prototype);
  // A command written to a socket the database just closed would wait forever (driver-write-guard.ts).
  guardWritesToClosedSockets();
  try {
    await connectWithin(uri, STARTUP_WAIT_MS);
    await syncIndexes(log);
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  return {
    uri,
    async stop() {
      await mongoose.disconnect();
      await embedded?.stop();
    },
  };
}

/**
 * Creates every model's indexes at start. A failure is fatal: the unique ones are what keeps two
 * signups with one CPF from both succeeding.
 */
export async function syncIndexes(log: Logger): Promise<void> {
  for (const model of Object.values(mongoose.models)) {
    try {
      // Two instances starting at once create the same indexes; FerretDB may deadlock one of them.
      await retryingLostRaces(() => model.createIndexes());
    } catch (error) {
      if ((error as { code?: number }).code !== NOT_IMPLEMENTED) throw error;
      await createIndexesWithoutTtl(model, log);
    }
  }
  log.debug({ models: Object.keys(mongoose.models) }, 'indexes in place');
}

const NOT_IMPLEMENTED = 238;

/**
 * For engines without TTL indexes (FerretDB 1.x answers NotImplemented): the same indexes, the
 * TTL ones as plain indexes. Nothing depends on the purge: every lookup checks the expiry itself
 * and the desk events' poller deletes old events.
 */
async function createIndexesWithoutTtl(model: mongoose.Model<unknown>, log: Logger): Promise<void> {
  for (const [fields, options] of model.schema.indexes()) {
    const { expireAfterSeconds, ...plain } = options;
    await model.collection.createIndex(fields as mongo.IndexSpecification, plain as mongo.CreateIndexesOptions);
    if (expireAfterSeconds !== undefined) {
      log.warn({ collection: model.collection.name, fields }, 'the database has no TTL indexes; created a plain index');
    }
  }
}
