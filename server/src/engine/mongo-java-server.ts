// Runs mongo-java-server (server/engine/mongo-java-server/) as a child process: in memory for
// throwaway test databases, or with its H2 backend keeping the data in one file for trying the
// product on a machine where mongod cannot be had. Needs Java 17; Maven fetches the jars once.
import { execFile, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { promisify } from 'node:util';

export const JAVA_ENGINE_DIR = fileURLToPath(new URL('../../engine/mongo-java-server/', import.meta.url));

export interface ChildEngine {
  uri: string;
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

/** Downloads the jars once (Maven Central through `mvn`); a clear error when Java or Maven is missing. */
async function fetchJars(): Promise<void> {
  try {
    await promisify(execFile)('bash', [path.join(JAVA_ENGINE_DIR, 'fetch-jars.sh')], { timeout: 300_000 });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
    throw new Error(stderr || (error as Error).message);
  }
}

/**
 * Starts the server on a free loopback port. `file` keeps the data in that H2 file; without it the
 * data lives in memory; `oplog` turns on change streams. The child stops when `stop()` is called
 * and, through its stdin, when this process dies without calling it.
 */
export async function startMongoJavaServer(options: { file?: string; oplog?: boolean } = {}): Promise<ChildEngine> {
  await fetchJars();
  const args = ['-cp', path.join(JAVA_ENGINE_DIR, 'target', 'lib', '*'), path.join(JAVA_ENGINE_DIR, 'MongoJavaServer.java'), '--port', '0', '--exit-with-stdin'];
  if (options.file) args.push('--file', path.resolve(options.file));
  const javaOpts = (process.env.JAVA_OPTS ?? '').split(/\s+/).filter(Boolean);
  // Its own process group: a Ctrl-C in the terminal reaches the server, which stops the database
  // after its last writes (releasing job locks), not both at once.
  // `oplog`: an in-memory oplog that gives change streams (tests of that transport); it grows without limit.
  const env = { ...process.env, MONGO_TEST_OPLOG: options.oplog ? '1' : (process.env.MONGO_TEST_OPLOG ?? '') };
  const child = spawn('java', [...javaOpts, ...args], { stdio: ['pipe', 'pipe', 'pipe'], detached: true, env });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const port = await new Promise<number>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => fail(new Error(`mongo-java-server did not start within ${STARTUP_TIMEOUT_MS / 1000} s`)), STARTUP_TIMEOUT_MS);
    const lines = createInterface({ input: child.stdout });
    function settle(): boolean {
      if (settled) return false;
      settled = true;
      clearTimeout(timer);
      lines.close();
      child.stdout.resume(); // later output is not read; keep the pipe from filling
      return true;
    }
    function fail(error: Error) {
      if (!settle()) return;
      child.kill('SIGKILL');
      reject(error);
    }
    lines.on('line', (line) => {
      const match = /listening on 127\.0\.0\.1:(\d+)/.exec(line);
      if (match && settle()) resolve(Number(match[1]));
    });
    child.once('error', (error) => fail(new Error(`java could not be run (${error.message}); mongo-java-server needs Java 17`)));
    child.once('exit', (code) => fail(new Error(`mongo-java-server exited during startup (code ${code}): ${stderr.trim() || 'no output'}`)));
  });

  let stopping: Promise<void> | undefined;
  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    stop() {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM'); // the JVM's shutdown hook closes the backend, writing the H2 file out
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}
