// Provides the test database to every integration test: MONGODB_URI when set (CI starts
// mongo-java-server), otherwise a throwaway mongod from mongodb-memory-server.
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
  }
}

export default async function setup(project: TestProject) {
  let uri = process.env.MONGODB_URI;
  let stop: (() => Promise<unknown>) | undefined;
  if (!uri) {
    const { MongoMemoryReplSet } = await import('mongodb-memory-server-core');
    const replSet = await MongoMemoryReplSet.create({ replSet: { count: 1 } });
    uri = replSet.getUri();
    stop = () => replSet.stop();
  }
  project.provide('mongoUri', uri);
  return async () => {
    await stop?.();
  };
}
