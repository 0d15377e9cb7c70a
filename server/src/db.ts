// The database connection: MONGODB_URI when given, otherwise an embedded MongoDB
// (mongodb-memory-server, single-node replica set, data kept in <DATA_DIR>/mongo).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import mongoose from 'mongoose';
import type { Config } from './env';
import type { Logger } from './log';

export interface Database {
  uri: string;
  stop(): Promise<void>;
}

async function startEmbedded(config: Config, log: Logger): Promise<Database> {
  const dbPath = path.resolve(config.dataDir, 'mongo');
  await mkdir(dbPath, { recursive: true });
  const { MongoMemoryReplSet } = await import('mongodb-memory-server-core');
  try {
    const replSet = await MongoMemoryReplSet.create({
      replSet: { count: 1, storageEngine: 'wiredTiger' },
      instanceOpts: [{ dbPath }],
    });
    log.info({ dbPath }, 'embedded MongoDB started');
    return { uri: replSet.getUri('cau_atendimento'), stop: () => replSet.stop({ doCleanup: false }).then(() => undefined) };
  } catch (error) {
    throw new Error(
      `The embedded MongoDB could not start (${(error as Error).message}). mongod is downloaded on first ` +
        'use, which needs internet access. Set MONGODB_URI to a running MongoDB instead, e.g. ' +
        'MONGODB_URI=mongodb://127.0.0.1:27017/cau_atendimento npm start',
    );
  }
}

export async function connectDatabase(config: Config, log: Logger): Promise<Database> {
  const embedded = config.mongodbUri ? null : await startEmbedded(config, log);
  const uri = config.mongodbUri ?? embedded!.uri;
  mongoose.set('strictQuery', true);
  await mongoose.connect(uri, { serverSelectionTimeoutMS: 5_000, autoIndex: false });
  await syncIndexes(log);
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
    await model.createIndexes();
  }
  log.debug({ models: Object.keys(mongoose.models) }, 'indexes in place');
}
