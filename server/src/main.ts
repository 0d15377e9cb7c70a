// Entry point for `npm start`: reads the configuration, starts the server, stops it gracefully.
import { ConfigError, loadConfig } from './env';
import { createLogger } from './log';
import { startServer } from './server';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
  const log = createLogger(config.logLevel);
  try {
    const server = await startServer(config, { log });
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        log.info({ signal }, 'signal received');
        server.stop().then(() => process.exit(0), (error) => {
          log.error({ err: error }, 'shutdown failed');
          process.exit(1);
        });
      });
    }
  } catch (error) {
    log.fatal({ err: error }, 'server could not start');
    console.error(`\nAtendimento CAU/SP could not start: ${(error as Error).message}`);
    process.exit(1);
  }
}

void main();
