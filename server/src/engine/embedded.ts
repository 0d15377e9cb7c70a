// The database when MONGODB_URI is unset: a real mongod through mongodb-memory-server when one can
// be had (on PATH, in its cache, or downloadable), otherwise mongo-java-server, which runs offline.
// Either is for trying the product and for tests, never for production (see docs/engines.md).
import { access, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { startMongoJavaServer } from './mongo-java-server';

export { startMongoJavaServer };

export interface EmbeddedEngine {
  /** `mongodb://` URI without a database name. */
  uri: string;
  /** What runs, for logs and /healthz-style reports. */
  engine: 'mongodb-memory-server' | 'mongo-java-server';
  stop(): Promise<void>;
}

export interface EngineLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

const DOWNLOAD_CHECK_MS = 3_000;
const NOT_FOR_PRODUCTION = 'for trying the product, not for production: set MONGODB_URI to MongoDB or FerretDB v2 (docs/engines.md)';

/** Where mongod comes from, or why it cannot be had (then nothing is attempted that would fail noisily). */
async function locateMongod(): Promise<{ systemBinary?: string } | { unavailable: string }> {
  if (process.env.MONGOMS_SYSTEM_BINARY) return {};
  const onPath = await findOnPath('mongod');
  if (onPath) return { systemBinary: onPath };
  const { DryMongoBinary } = await import('mongodb-memory-server-core');
  try {
    if (await DryMongoBinary.locateBinary(await DryMongoBinary.generateOptions())) return {};
  } catch {
    // an unknown platform: the download below says whether mongod can be had
  }
  // Behind a proxy the download goes through it (mongodb-memory-server reads the proxy variables),
  // which a direct probe cannot tell: let it try; a failure still falls back.
  if (process.env.HTTPS_PROXY || process.env.https_proxy || process.env.HTTP_PROXY || process.env.http_proxy) return {};
  const source = process.env.MONGOMS_DOWNLOAD_URL ?? process.env.MONGOMS_DOWNLOAD_MIRROR ?? 'https://fastdl.mongodb.org';
  try {
    await fetch(new URL('/', source), { method: 'HEAD', signal: AbortSignal.timeout(DOWNLOAD_CHECK_MS) });
    return {};
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    return { unavailable: `no mongod on PATH or in the cache, and ${new URL(source).host} cannot be reached (${cause})` };
  }
}

async function findOnPath(command: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, command);
    try {
      await access(candidate);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** A path as the user would type it: relative below the working directory, absolute elsewhere. */
function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? file : relative;
}

async function hasFiles(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length > 0;
  } catch {
    return false;
  }
}

/**
 * Starts an engine. With `dataDir` the data is kept there (mongod's files in `<dataDir>/mongo`, or
 * mongo-java-server's H2 file in `<dataDir>/mongo-java-server/`); once the H2 file exists it is
 * used again, so that the data does not seem to vanish when mongod becomes downloadable. Without
 * `dataDir` the database is thrown away on stop (tests).
 */
export async function startEmbeddedEngine(options: { dataDir?: string; log: EngineLog }): Promise<EmbeddedEngine> {
  const { dataDir, log } = options;
  const javaFile = dataDir ? path.resolve(dataDir, 'mongo-java-server', 'cau_atendimento.mv') : undefined;
  const javaFileExists = javaFile ? await access(javaFile).then(() => true, () => false) : false;

  let reason = `its data is already in ${javaFile}`;
  if (!javaFileExists) {
    const mongod = await locateMongod();
    if (!('unavailable' in mongod)) {
      try {
        return await startMemoryServer(dataDir, mongod.systemBinary, log);
      } catch (error) {
        reason = `mongod could not start: ${(error as Error).message.split('\n')[0]}`;
      }
    } else {
      reason = mongod.unavailable;
    }
  }
  if (dataDir && !javaFileExists && (await hasFiles(path.resolve(dataDir, 'mongo')))) {
    log.warn({ dbPath: path.resolve(dataDir, 'mongo') }, 'the data kept there by mongod is not visible to mongo-java-server');
  }
  const engine = await startMongoJavaServer({ file: javaFile });
  log.warn(
    { engine: 'mongo-java-server', storage: javaFile ?? 'memory', uri: engine.uri },
    `database: mongo-java-server, ${javaFile ? `data in ${shown(javaFile)}` : 'in memory'} (MONGODB_URI is unset; ${reason}); ${NOT_FOR_PRODUCTION}`,
  );
  return { ...engine, engine: 'mongo-java-server' };
}

async function startMemoryServer(dataDir: string | undefined, systemBinary: string | undefined, log: EngineLog): Promise<EmbeddedEngine> {
  const { MongoMemoryReplSet } = await import('mongodb-memory-server-core');
  const dbPath = dataDir ? path.resolve(dataDir, 'mongo') : undefined;
  if (dbPath) await mkdir(dbPath, { recursive: true });
  const replSet = await MongoMemoryReplSet.create({
    binary: systemBinary ? { systemBinary } : undefined,
    replSet: { count: 1, storageEngine: 'wiredTiger' },
    instanceOpts: dbPath ? [{ dbPath }] : undefined,
  });
  log.info(
    { engine: 'mongodb-memory-server', storage: dbPath ?? 'throwaway' },
    `database: mongod through mongodb-memory-server, single-node replica set, ${dbPath ? `data in ${shown(dbPath)}` : 'thrown away on stop'} (MONGODB_URI is unset); ${NOT_FOR_PRODUCTION}`,
  );
  return {
    uri: replSet.getUri(),
    engine: 'mongodb-memory-server',
    stop: () => replSet.stop({ doCleanup: !dbPath }).then(() => undefined),
  };
}
