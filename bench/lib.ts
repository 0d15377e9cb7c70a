// What the benchmarks share: the two database engines, the server as a child process, a small
// keep-alive tRPC-over-HTTP client, a closed-loop load generator with exact percentiles, and the
// resident memory of a process.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, portIsOpen, sleep, startServerProcess, waitUntil, type ServerProcess } from '../tests/support/process';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export { sleep, waitUntil, freePort, type ServerProcess };

// ---- command line ----

export function args(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const arg of process.argv.slice(2)) {
    const m = /^--([\w-]+)(?:=(.*))?$/.exec(arg);
    if (m) out[m[1]!] = m[2] ?? 'true';
  }
  return out;
}

/**
 * `ferretdb2`: FerretDB v2 on PostgreSQL + DocumentDB, built and started by the shared script
 * (../shared/engines/ferretdb-documentdb); `ferretdb`: FerretDB 1.24 (bench/ferretdb, no usable
 * indexes); `external`: any running server given by `--uri=mongodb://…` (each bench uses its own
 * database on it and leaves the server running).
 */
export type EngineName = 'mongo-java-server' | 'ferretdb' | 'ferretdb2' | 'external';
const ENGINES: readonly EngineName[] = ['mongo-java-server', 'ferretdb', 'ferretdb2', 'external'];

export function engineArg(a = args()): EngineName {
  const engine = (a.engine ?? 'mongo-java-server') as EngineName;
  if (!ENGINES.includes(engine)) throw new Error(`--engine must be one of ${ENGINES.join(', ')}, not ${engine}`);
  if (engine === 'external' && !a.uri) throw new Error('--engine=external needs --uri=mongodb://host:port/');
  return engine;
}

/** The shared FerretDB v2 scripts (outside the repository, beside it). */
export const FERRETDB2_SCRIPTS = path.resolve(ROOT, '..', 'shared', 'engines', 'ferretdb-documentdb');

// ---- database engines ----

export interface Engine {
  name: EngineName;
  /** Base URI without a database name. */
  uri: string;
  /** The database process(es), for their memory. */
  pids: number[];
  stop(): Promise<void>;
  /** Refreshes the planner's statistics after a bulk load, where the engine has a planner to tell. */
  analyze?(): Promise<void>;
}

/**
 * A fresh engine on free ports: mongo-java-server (in memory), FerretDB 1.24 or v2 on PostgreSQL;
 * or the running server of `--uri` (`external`).
 */
export async function startEngine(name: EngineName, a = args()): Promise<Engine> {
  if (name === 'external') return { name, uri: a.uri!, pids: a.pids ? a.pids.split(',').map(Number) : [], stop: async () => undefined };
  if (name === 'ferretdb2') return startFerretDb2(a);
  if (name === 'mongo-java-server') {
    const port = await freePort();
    const dir = path.join(ROOT, 'server', 'engine', 'mongo-java-server');
    execFileSync('bash', [path.join(dir, 'fetch-jars.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
    const child: ChildProcess = spawn('java', ['-Xmx4g', '-cp', 'target/lib/*', 'MongoJavaServer.java', '--port', String(port)], {
      cwd: dir,
      stdio: 'ignore',
      detached: false,
    });
    process.once('exit', () => child.kill('SIGKILL'));
    await waitUntil(() => portIsOpen(port), { timeoutMs: 60_000, intervalMs: 200, message: 'mongo-java-server did not open its port' });
    return {
      name,
      uri: `mongodb://127.0.0.1:${port}/`,
      pids: [child.pid!],
      async stop() {
        if (child.exitCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, sleep(5_000).then(() => child.kill('SIGKILL'))]);
      },
    };
  }
  const port = await freePort();
  const pgPort = await freePort();
  const script = path.join(ROOT, 'bench', 'ferretdb', 'start.sh');
  const uri = execFileSync(script, [String(port), String(pgPort)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 900_000 }).trim();
  const pid = Number(readFileSync(`/tmp/cau-ferretdb-${port}/ferretdb.pid`, 'utf8'));
  const stopScript = path.join(ROOT, 'bench', 'ferretdb', 'stop.sh');
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    execFileSync(stopScript, [String(port)], { stdio: 'ignore' });
  };
  process.once('exit', () => {
    if (!stopped) execFileSync(stopScript, [String(port)], { stdio: 'ignore' });
  });
  return { name, uri, pids: [pid], stop };
}

/**
 * FerretDB v2 through the shared start.sh, its build and data under `--engine-dir` (default
 * $TMPDIR/cau-bench-ferretdb2: built once, ~80 s, then reused, and so are databases kept with
 * `--keep`). The start script's own settings are kept (ordered extended RUM indexes: sorts served
 * by the index). PostgreSQL keeps the port it was first initialised with (written into its
 * postgresql.conf), so that port is read back; a FerretDB already running there is used as it is and
 * left running. `--wire-port`/`--pg-port` choose the ports of a first start.
 */
async function startFerretDb2(a: Record<string, string>): Promise<Engine> {
  const engineDir = path.resolve(a['engine-dir'] ?? path.join(process.env.TMPDIR ?? '/tmp', 'cau-bench-ferretdb2'));
  const conf = path.join(engineDir, 'pgdata', 'postgresql.conf');
  const confPort = existsSync(conf) ? [...readFileSync(conf, 'utf8').matchAll(/^port = (\d+)/gm)].at(-1)?.[1] : undefined;
  const running = runningFerretDbPort(engineDir);
  const env = {
    ...process.env,
    ENGINE_DIR: engineDir,
    WIRE_PORT: String(running ?? a['wire-port'] ?? (await freePort())),
    PG_PORT: String(confPort ?? a['pg-port'] ?? (await freePort())),
  };
  const output = execFileSync('bash', [path.join(FERRETDB2_SCRIPTS, 'start.sh')], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 900_000 });
  const ready = /ready: (mongodb:\/\/\S+)/.exec(output);
  if (!ready) throw new Error(`FerretDB v2 did not say it was ready:\n${output}`);
  const pids = [path.join(env.ENGINE_DIR, 'run', 'ferretdb.pid'), path.join(env.ENGINE_DIR, 'pgdata', 'postmaster.pid')]
    .map((file) => Number(readFileSync(file, 'utf8').split('\n')[0]));
  let stopped = running !== undefined;
  const stopNow = () => {
    if (stopped) return;
    stopped = true;
    execFileSync('bash', [path.join(FERRETDB2_SCRIPTS, 'stop.sh')], { env, stdio: 'ignore' });
  };
  process.once('exit', stopNow);
  // directConnection stays in the query string; withDatabase() only replaces the path.
  return {
    name: 'ferretdb2',
    uri: ready[1]!,
    pids,
    stop: async () => stopNow(),
    // The shared analyze.sh, on this cluster's port.
    analyze: async () => {
      execFileSync('bash', [path.join(FERRETDB2_SCRIPTS, 'analyze.sh')], { env, stdio: ['ignore', 'ignore', 'inherit'], timeout: 1_800_000 });
    },
  };
}

/** The wire port of the FerretDB already running from `engineDir` (its command line), if any. */
function runningFerretDbPort(engineDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(path.join(engineDir, 'run', 'ferretdb.pid'), 'utf8'));
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const listen = cmdline.find((x) => x.startsWith('--listen-addr='));
    return listen ? Number(listen.split(':').at(-1)) : undefined;
  } catch {
    return undefined;
  }
}

export function withDatabase(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

// ---- the server ----

export const BENCH_ENV = {
  ADMIN_LOGIN: 'admin',
  ADMIN_PASSWORD: 'Adm1n-Senha-Forte',
  // Every request comes from 127.0.0.1 and a few accounts: production limits would refuse the load.
  RATE_LIMIT_MULTIPLIER: '100000',
  // Production logs at info; the bench keeps the child's output small so that collecting it costs nothing.
  LOG_LEVEL: 'warn',
};

/**
 * `--compiled`: the server as `npm start` runs it (server/dist/bin/main.js under plain node, built
 * once here) instead of its sources under tsx, whose loader alone holds some 45 MiB more: the
 * figure for the memory goals. Without it, the sources as the tests run them.
 */
let compiledEntry: string | null | undefined;
function serverEntry(): string | undefined {
  if (compiledEntry === undefined) {
    compiledEntry = args().compiled ? path.join(ROOT, 'server', 'dist', 'bin', 'main.js') : null;
    if (compiledEntry) execFileSync(process.execPath, [path.join(ROOT, 'server', 'build.mjs')], { stdio: 'inherit' });
  }
  return compiledEntry ?? undefined;
}

export function startServer(mongodbUri: string, env: Record<string, string> = {}, name = 'server', nodeArgs: string[] = []): Promise<ServerProcess> {
  const entry = serverEntry();
  // bench/command-times.ts is TypeScript: a compiled server loads it through tsx.
  const flags = entry && nodeArgs.some((f) => f.endsWith('.ts')) ? ['--import', 'tsx', ...nodeArgs] : nodeArgs;
  // The server builds its indexes before it answers: on a freshly seeded million tickets that takes minutes.
  return startServerProcess({ name, mongodbUri, env: { ...BENCH_ENV, ...env }, readyTimeoutMs: 3_600_000, nodeArgs: flags, ...(entry ? { entry } : {}) });
}

/**
 * Node flags for the server child from the command line: `--profile=<dir>` (a V8 CPU profile written
 * when it stops), `--command-times` (bench/command-times.ts times each database command it sends),
 * `--node-flags='<flags>'` (anything else, to try a setting).
 */
export function serverNodeArgs(a: Record<string, string>): string[] {
  return [
    ...(a.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(a.profile)}`] : []),
    ...(a['command-times'] ? ['--import', path.join(ROOT, 'bench', 'command-times.ts')] : []),
    ...(a['node-flags'] ? a['node-flags'].split(' ').filter(Boolean) : []),
  ];
}

/** Resident memory of a process in MiB (VmRSS), or NaN once it has gone. */
export function rssMiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

// ---- tRPC over HTTP, no transformer ----

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
/** A request still unanswered after this long counts as failed (`--timeout=<seconds>`, default 60). */
export const REQUEST_TIMEOUT_MS = Number(args().timeout ?? 60) * 1000;

export interface CallResult {
  status: number;
  body: unknown;
}

function request(url: URL, method: 'GET' | 'POST', token: string | undefined, body?: string): Promise<CallResult> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    const req = http.request(url, { method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // keep the text
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS / 1000} s`)));
    if (body !== undefined) req.write(body);
    req.end();
  });
}

export class TrpcError extends Error {
  constructor(readonly status: number, readonly body: unknown) {
    super(`HTTP ${status}: ${JSON.stringify(body).slice(0, 300)}`);
  }
}

export async function query<T = unknown>(base: string, procedure: string, input: unknown, token?: string): Promise<T> {
  const url = new URL(`${base}/trpc/${procedure}`);
  if (input !== undefined) url.searchParams.set('input', JSON.stringify(input));
  const res = await request(url, 'GET', token);
  if (res.status !== 200) throw new TrpcError(res.status, res.body);
  return (res.body as { result: { data: T } }).result.data;
}

export async function mutate<T = unknown>(base: string, procedure: string, input: unknown, token?: string): Promise<T> {
  const res = await request(new URL(`${base}/trpc/${procedure}`), 'POST', token, JSON.stringify(input ?? {}));
  if (res.status !== 200) throw new TrpcError(res.status, res.body);
  return (res.body as { result: { data: T } }).result.data;
}

// ---- load ----

export interface LoadResult {
  name: string;
  requests: number;
  errors: number;
  firstError?: string;
  seconds: number;
  throughput: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/**
 * Closed loop: `concurrency` clients each send a request as soon as their previous one answered,
 * for `warmupMs` (not counted) and then `durationMs` (counted). Latencies are kept whole and
 * sorted, so the percentiles are exact.
 */
export async function runLoad(
  name: string,
  op: (client: number, n: number) => Promise<unknown>,
  { concurrency = 50, durationMs = 10_000, warmupMs = 2_000 }: { concurrency?: number; durationMs?: number; warmupMs?: number } = {},
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const startedAt = performance.now();
  const measureFrom = startedAt + warmupMs;
  const endAt = measureFrom + durationMs;
  let n = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, client) => {
      while (performance.now() < endAt) {
        const t0 = performance.now();
        let ok = true;
        try {
          await op(client, n++);
        } catch (error) {
          ok = false;
          if (t0 >= measureFrom) {
            errors += 1;
            firstError ??= (error as Error).message;
          }
        }
        const t1 = performance.now();
        if (t0 >= measureFrom && t1 <= endAt && ok) latencies.push(t1 - t0);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const seconds = durationMs / 1000;
  return {
    name,
    requests: latencies.length,
    errors,
    firstError,
    seconds,
    throughput: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? Number.NaN,
  };
}

export function formatLoad(r: LoadResult): string {
  const f = (x: number) => x.toFixed(1).padStart(7);
  return `${r.name.padEnd(34)} ${r.throughput.toFixed(0).padStart(6)} req/s   p50 ${f(r.p50)} ms  p95 ${f(r.p95)} ms  p99 ${f(r.p99)} ms` +
    (r.errors ? `   ERRORS ${r.errors} (${r.firstError})` : '');
}

/** Writes a run's figures to bench/results/<name>.json, with the machine and the time. */
export function writeResults(name: string, figures: Record<string, unknown>): string {
  mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
  const file = path.join(ROOT, 'bench', 'results', `${name}.json`);
  writeFileSync(file, JSON.stringify({ ...figures, machine: machine(), at: new Date().toISOString() }, null, 2));
  return file;
}

/** One line about the machine, printed with every figure. */
export function machine(): string {
  const cpu = cpus()[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
  return `${cpus().length} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;
}

export const rand = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

// ---- desk.events over SSE ----

export { listenDeskEvents, type DeskEventsListener } from '../tests/support/desk-events';
