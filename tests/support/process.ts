// Runs the real server as a child process (`node --import tsx server/src/main.ts`, or the compiled
// `server/dist/bin/main.js` that `npm start` runs), so tests can start several instances on one
// database, SIGKILL or SIGTERM them and restart them. Every process started here is killed when the test file ends, even on failure.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '@cau/server';
import type { Client } from './harness';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OUTPUT_LIMIT = 200_000;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServerProcess {
  /** A label for failure messages ("A", "B", "restarted"). */
  readonly name: string;
  readonly pid: number;
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Settles when the process has exited, however that happened. */
  readonly exited: Promise<Exit>;
  /** Whether the process is still running. */
  running(): boolean;
  /** Everything the process wrote to stdout and stderr (the last 200 kB). */
  output(): string;
  /** A tRPC client for this instance, without a session or with `token` as its bearer. */
  client(token?: string): Client;
  /** Sends `signal` and resolves once the process has exited. */
  kill(signal: NodeJS.Signals): Promise<Exit>;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<Exit>;
}

export interface ServerProcessOptions {
  /** The MongoDB URI including the database name; instances given the same one share everything. */
  mongodbUri: string;
  /** More environment variables (DEADLINE_PENDING, JOBS_EVERY, ADMIN_LOGIN, ...). */
  env?: Record<string, string>;
  name?: string;
  /** How long to wait for GET /healthz to answer 200. */
  readyTimeoutMs?: number;
  /** Node flags before the entry point (`--cpu-prof`, which NODE_OPTIONS does not take). */
  nodeArgs?: string[];
  /**
   * A compiled entry point (`server/dist/bin/main.js`, as `npm start` runs it) for plain `node`;
   * unset: `server/src/main.ts` through tsx, which needs no build.
   */
  entry?: string;
}

const started = new Set<ChildProcess>();
let dataDir: string | undefined;

// A crashed or interrupted test worker must not leave servers behind.
process.once('exit', () => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** A TCP port that was free a moment ago (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Whether something accepts TCP connections on `port` of the loopback interface. */
export function portIsOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.setTimeout(1_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1');
  });
}

/**
 * Polls `probe` until it returns a value other than `undefined`/`false`, or fails after
 * `timeoutMs` with `message` (and whatever `describe` says about the last state).
 */
export async function waitUntil<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  { timeoutMs, intervalMs = 100, message, describe }: { timeoutMs: number; intervalMs?: number; message: string; describe?: () => Promise<string> | string },
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value as T;
    if (Date.now() >= deadline) {
      const detail = describe ? `\n${await describe()}` : '';
      throw new Error(`${message} (waited ${timeoutMs} ms)${detail}`);
    }
    await sleep(intervalMs);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function tail(text: string, lines = 40): string {
  return text.split('\n').slice(-lines).join('\n');
}

/**
 * What the child inherits: enough to run node, none of the server's own settings from the shell.
 * The libfaketime variables pass on too, so that under the calendar sweep (tests/calendar/sweep.sh)
 * a child server reads the same moved clock as the test that started it.
 */
const INHERITED = ['PATH', 'HOME', 'TMPDIR', 'TZ', 'LANG', 'LC_ALL', 'SYSTEMROOT', 'LD_PRELOAD', 'FAKETIME', 'DONT_FAKE_MONOTONIC'];

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  dataDir ??= mkdtempSync(path.join(tmpdir(), 'cau-instances-'));
  return {
    ...Object.fromEntries(INHERITED.filter((key) => process.env[key] !== undefined).map((key) => [key, process.env[key]])),
    // Kept in memory for failure messages (and the "stopped" line some tests look for).
    LOG_LEVEL: 'info',
    PORTAL_URL: 'http://portal.test/atendimento',
    DATA_DIR: dataDir,
    ...extra,
  };
}

async function spawnOnce(options: ServerProcessOptions, port: number): Promise<ServerProcess | { failed: string }> {
  const name = options.name ?? `server:${port}`;
  const entry = options.entry ? [...(options.nodeArgs ?? []), options.entry] : ['--import', 'tsx', ...(options.nodeArgs ?? []), 'server/src/main.ts'];
  const child = spawn(process.execPath, entry, {
    cwd: REPO_ROOT,
    env: childEnv({ ...options.env, MONGODB_URI: options.mongodbUri, PORT: String(port) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<Exit>((resolve) => {
    child.once('exit', (code, signal) => {
      started.delete(child);
      resolve({ code, signal });
    });
  });
  const running = () => child.exitCode === null && child.signalCode === null;
  const url = `http://127.0.0.1:${port}`;

  const kill = async (signal: NodeJS.Signals) => {
    if (running()) child.kill(signal);
    return exited;
  };
  const instance: ServerProcess = {
    name,
    pid: child.pid!,
    port,
    url,
    exited,
    running,
    output: () => output,
    client(token?: string) {
      return createTRPCClient<AppRouter>({
        links: [httpLink({ url: `${url}/trpc`, headers: () => (token ? { authorization: `Bearer ${token}` } : {}) })],
      });
    },
    kill,
    async stop(graceMs = 15_000) {
      if (!running()) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => running() && child.kill('SIGKILL'), graceMs);
      const exit = await exited;
      clearTimeout(timer);
      return exit;
    },
  };

  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  const deadline = Date.now() + readyTimeoutMs;
  while (Date.now() < deadline) {
    if (!running()) return { failed: `${name} exited before it was ready (${JSON.stringify(await exited)}):\n${tail(output)}` };
    const healthy = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1_000) }).then((r) => r.status === 200, () => false);
    if (healthy) return instance;
    await sleep(100);
  }
  await instance.kill('SIGKILL');
  return { failed: `${name} did not answer GET /healthz with 200 within ${readyTimeoutMs} ms:\n${tail(output)}` };
}

/**
 * Starts `server/src/main.ts` on a free port and resolves once GET /healthz answers 200.
 * A port taken between picking and listening is retried on another one.
 */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  let failure = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const result = await spawnOnce(options, await freePort());
    if (!('failed' in result)) return result;
    failure = result.failed;
    if (!/EADDRINUSE/.test(failure)) break;
  }
  throw new Error(failure);
}

/** SIGKILLs every server process started here that is still running, and removes their data directory (for afterAll). */
export async function killAllServerProcesses(): Promise<void> {
  const exits: Promise<unknown>[] = [];
  for (const child of started) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    exits.push(new Promise((resolve) => child.once('exit', resolve)));
    child.kill('SIGKILL');
  }
  await Promise.all(exits);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = undefined;
}
