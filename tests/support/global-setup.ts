// Provides the test database to every integration test: MONGODB_URI when set (CI starts
// mongo-java-server or FerretDB v2), otherwise a throwaway one started here, as `npm start` would:
// mongod through mongodb-memory-server where it can be had, else mongo-java-server in memory.
// Only the engine launcher: the server's models must not be loaded here, where every project's
// global setup shares one mongoose.
import { startEmbeddedEngine } from '@cau/server/engine';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
  }
}

const log = {
  info: (_details: object, message: string) => console.log(`[tests] ${message}`),
  warn: (_details: object, message: string) => console.log(`[tests] ${message}`),
};

export default async function setup(project: TestProject) {
  let uri = process.env.MONGODB_URI;
  let stop: (() => Promise<unknown>) | undefined;
  if (!uri) {
    const engine = await startEmbeddedEngine({ log });
    uri = engine.uri;
    stop = () => engine.stop();
  }
  project.provide('mongoUri', uri);
  return async () => {
    await stop?.();
  };
}
