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
    await syncIndexes(uri, log);
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
 * Index builds at start run on a connection of their own with this socket timeout instead of
 * SOCKET_TIMEOUT_MS: building an index on an existing large collection (a million tickets on FerretDB
 * v2, or an upgrade that adds an index in production) takes minutes, and under the 30 s bound the
 * driver gave up on the build, start-up failed and PostgreSQL kept building.
 */
const INDEX_BUILD_SOCKET_TIMEOUT_MS = 3_600_000;
/** An index build still running after this long is logged, so an operator knows why start-up waits. */
const SLOW_INDEX_BUILD_MS = 5_000;

/**
 * Creates every model's indexes at start. A failure is fatal: the unique ones are what keeps two
 * signups with one CPF from both succeeding. The builds go through a connection opened for them
 * (INDEX_BUILD_SOCKET_TIMEOUT_MS), each model compiled there from its own schema so that mongoose
 * sends exactly the index options it would send on the main connection; it is closed after.
 */
export async function syncIndexes(
  uri: string,
  log: Logger,
  options: { slowBuildMs?: number } = {},
): Promise<void> {
  const slowBuildMs = options.slowBuildMs ?? SLOW_INDEX_BUILD_MS;
  const connection = mongoose.createConnection(uri, {
    serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS,
    connectTimeoutMS: CONNECT_TIMEOUT_MS,
    socketTimeoutMS: INDEX_BUILD_SOCKET_TIMEOUT_MS,
    maxPoolSize: 2,
    autoIndex: false,
    autoCreate: false,
  });
  try {
    await connection.asPromise();
    const started = Date.now();
    let slowBuilds = 0;
    for (const model of Object.values(mongoose.models)) {
      const builder = connection.model(model.modelName, model.schema, model.collection.collectionName);
      let pending: NodeJS.Timeout | undefined;
      builder.on('index-single-start', (fields: object) => {
        pending = setTimeout(() => {
          slowBuilds += 1;
          log.info(
            { collection: builder.collection.collectionName, fields, afterSeconds: slowBuildMs / 1000 },
            'building an index on an existing collection: start-up waits until it is built',
          );
        }, slowBuildMs);
      });
      builder.on('index-single-done', () => clearTimeout(pending));
      try {
        try {
          // Two instances starting at once create the same indexes; FerretDB may deadlock one of them.
          await retryingLostRaces(() => builder.createIndexes());
        } catch (error) {
          if ((error as { code?: number }).code !== NOT_IMPLEMENTED) throw error;
          await createIndexesWithoutTtl(builder, log);
        }
      } finally {
        clearTimeout(pending);
      }
    }
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    if (slowBuilds > 0) log.info({ seconds, slowBuilds }, 'indexes in place');
    else log.debug({ models: Object.keys(mongoose.models), seconds }, 'indexes in place');
  } finally {
    await connection.close();
  }
}

const NOT_IMPLEMENTED = 238;

/**
 * For engines without TTL indexes (FerretDB 1.x answers NotImplemented): the same indexes, the
 * TTL ones as plain indexes. Nothing depends on the purge: every lookup checks the expiry itself
 * and the desk events' poller deletes old events.
 */
async function createIndexesWithoutTtl(model: { schema: mongoose.Schema; collection: mongoose.Collection }, log: Logger): Promise<void> {
  for (const [fields, options] of model.schema.indexes()) {
    const { expireAfterSeconds, ...plain } = options;
    await model.collection.createIndex(fields as mongo.IndexSpecification, plain as mongo.CreateIndexesOptions);
    if (expireAfterSeconds !== undefined) {
      log.warn({ collection: model.collection.name, fields }, 'the database has no TTL indexes; created a plain index');
    }
  }
}
