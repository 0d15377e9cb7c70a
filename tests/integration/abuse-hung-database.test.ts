// Time bounds (issue 14 item 4): a database that hangs (its process SIGSTOPped: connections are
// accepted, nothing is ever answered) must not hang the API. /healthz says `degraded` within 1 s,
// API calls get 503 `unavailable` within 2 s, and after SIGCONT everything works again without a
// restart. The database is a mongo-java-server of this test's own, so freezing it stops nobody else.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REASON_MESSAGES } from '@cau/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPerson, TICKET } from '../support/fixtures';
import { ADMIN } from '../support/harness';
import { freePort, killAllServerProcesses, sleep, startServerProcess, waitUntil, type ServerProcess } from '../support/process';

const TARGET = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../db/target');

/** Starts mongo-java-server on `port` (the jars tests/db/start.sh fetched) and resolves once it listens. */
async function startDedicatedDatabase(port: number): Promise<ChildProcess> {
  const java = spawn('java', ['-cp', `${TARGET}/classes:${TARGET}/lib/*`, 'MongoTestServer', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('listening on')) resolve();
    };
    java.stdout!.on('data', onData);
    java.stderr!.on('data', onData);
    java.once('exit', (code) => reject(new Error(`mongo-java-server exited (${code}): ${output}`)));
    setTimeout(() => reject(new Error(`mongo-java-server did not start within 60 s: ${output}`)), 60_000).unref();
  });
  return java;
}

interface Answer {
  status: number;
  ms: number;
  body: { result?: { data: unknown }; error?: { message: string; data: { reason: string } } } | null;
}

async function call(base: string, procedure: string, input: unknown, token?: string, kind: 'query' | 'mutation' = 'mutation'): Promise<Answer> {
  const started = Date.now();
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const url = kind === 'query' ? `${base}/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}` : `${base}/trpc/${procedure}`;
  const response = await fetch(url, { method: kind === 'query' ? 'GET' : 'POST', headers, body: kind === 'query' ? undefined : JSON.stringify(input), signal: AbortSignal.timeout(20_000) });
  const body = (await response.json().catch(() => null)) as Answer['body'];
  return { status: response.status, ms: Date.now() - started, body };
}

async function health(base: string): Promise<Answer> {
  const started = Date.now();
  const response = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(20_000) });
  return { status: response.status, ms: Date.now() - started, body: (await response.json()) as Answer['body'] };
}

let database: ChildProcess | undefined;
let server: ServerProcess;
beforeAll(async () => {
  const port = await freePort();
  database = await startDedicatedDatabase(port);
  server = await startServerProcess({
    name: 'hung-db',
    mongodbUri: `mongodb://127.0.0.1:${port}/cau_hung`,
    env: { ADMIN_LOGIN: ADMIN.login, ADMIN_PASSWORD: ADMIN.password, RATE_LIMIT_MULTIPLIER: '1000', LOG_LEVEL: 'warn' },
    readyTimeoutMs: 60_000,
  });
}, 120_000);
afterAll(async () => {
  database?.kill('SIGCONT');
  await killAllServerProcesses();
  database?.kill('SIGKILL');
});

describe('a hung database', () => {
  it('SIGSTOP: /healthz degraded within 1 s, API 503 within 2 s; SIGCONT: recovery without a restart', async () => {
    const person = newPerson();
    const { signupToken } = (await call(server.url, 'auth.checkSignup', { name: person.name, cpf: person.cpf, email: person.email })).body!.result!.data as { signupToken: string };
    const { token } = (await call(server.url, 'auth.signup', { signupToken, login: person.login, password: person.password })).body!.result!.data as { token: string };
    expect((await call(server.url, 'tickets.create', TICKET, token)).status).toBe(200);
    expect((await health(server.url)).status).toBe(200);

    database!.kill('SIGSTOP');
    const frozenAt = Date.now();
    // The first requests find connections that will never answer.
    const [healthz, mine, created, login] = await Promise.all([
      health(server.url),
      call(server.url, 'tickets.mine', {}, token, 'query'),
      call(server.url, 'tickets.create', TICKET, token),
      call(server.url, 'auth.login', { login: person.login, password: person.password }),
    ]);
    expect(healthz.status).toBe(503);
    expect(healthz.body).toEqual({ status: 'degraded', database: 'down' });
    expect(healthz.ms).toBeLessThan(1_000);
    for (const answer of [mine, created, login]) {
      expect(answer.status, JSON.stringify(answer)).toBe(503);
      expect(answer.body?.error?.data.reason).toBe('unavailable');
      expect(answer.body?.error?.message).toBe(REASON_MESSAGES.unavailable);
      expect(answer.ms, JSON.stringify({ healthz: healthz.ms, mine: mine.ms, created: created.ms, login: login.ms })).toBeLessThan(2_000);
    }
    // Still frozen a few seconds later: every answer stays fast, none hangs.
    while (Date.now() - frozenAt < 6_000) {
      const later = await call(server.url, 'tickets.mine', {}, token, 'query');
      expect(later.status).toBe(503);
      expect(later.ms).toBeLessThan(2_000);
      expect((await health(server.url)).ms).toBeLessThan(1_000);
      await sleep(300);
    }
    expect(server.running()).toBe(true);

    database!.kill('SIGCONT');
    await waitUntil(async () => (await health(server.url)).status === 200, { timeoutMs: 15_000, message: '/healthz did not come back after SIGCONT' });
    await waitUntil(async () => (await call(server.url, 'tickets.create', TICKET, token)).status === 200, { timeoutMs: 15_000, message: 'tickets.create did not work again after SIGCONT' });
    const mineAfter = await call(server.url, 'tickets.mine', {}, token, 'query');
    expect(mineAfter.status).toBe(200);
    expect((mineAfter.body!.result!.data as { items: unknown[] }).items.length).toBeGreaterThanOrEqual(2);
  }, 90_000);
});
