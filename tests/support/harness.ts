// Starts a real server on a loopback port against its own database on the test MongoDB, and
// gives tRPC clients that talk to it over HTTP like any other client would.
import { randomBytes } from 'node:crypto';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import { loadConfig, startServer, type AppRouter, type RunningServer } from '@cau/server';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, expect, inject } from 'vitest';

export const ADMIN = { login: 'admin', password: 'Adm1n-Senha-Forte' } as const;

export type Client = ReturnType<typeof createTRPCClient<AppRouter>>;

export interface TestServer extends RunningServer {
  /** A client without a session, or with `token` as its bearer. */
  client(token?: string, headers?: Record<string, string>): Client;
  /** Direct access to the same database, for asserting what was (not) stored. */
  db: Db;
  close(): Promise<void>;
}

export function databaseUri(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * `strictLimits` keeps production rate limits and the open-ticket cap; by default they are relaxed
 * so that tests creating many tickets from one address measure what they are about. `now` replaces
 * the server's clock (see `clockFrom`), for tests whose result would otherwise depend on the day.
 * `mongoUri` replaces the test engine's address (a proxy in front of it, tests/support/tcp-proxy.ts).
 * `dbName` starts on an existing database (a start-up migration) instead of a new one.
 */
export async function startTestServer(
  env: Record<string, string> = {},
  options: { strictLimits?: boolean; now?: () => Date; mongoUri?: string; dbName?: string } = {},
): Promise<TestServer> {
  const dbName = options.dbName ?? `cau_test_${randomBytes(4).toString('hex')}`;
  const uri = databaseUri(options.mongoUri ?? inject('mongoUri'), dbName);
  const config = loadConfig({
    MONGODB_URI: uri,
    PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ADMIN_LOGIN: ADMIN.login,
    ADMIN_PASSWORD: ADMIN.password,
    PORTAL_URL: 'http://portal.test/atendimento',
    ...(options.strictLimits ? {} : { RATE_LIMIT_MULTIPLIER: '1000' }),
    ...env,
  });
  const server = await startServer(config, { now: options.now });
  if (!options.strictLimits) {
    await server.deps.settings.saveSecurity({ ...(await server.deps.settings.security()), maxOpenTicketsPerProfessional: 1000 });
  }
  const mongo = await MongoClient.connect(uri);
  return {
    ...server,
    db: mongo.db(dbName),
    client(token?: string, headers: Record<string, string> = {}) {
      return createTRPCClient<AppRouter>({
        links: [
          httpLink({
            url: `${server.url}/trpc`,
            headers: () => ({ ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) }),
          }),
        ],
      });
    },
    async close() {
      await mongo.db(dbName).dropDatabase().catch(() => undefined);
      await mongo.close();
      await server.stop();
    },
  };
}

/**
 * A server for the enclosing describe block (or file): started in a beforeAll, handed to `use`, and
 * closed in an afterAll, its database dropped with it, so settings a test changed go with it and
 * need no restoring. beforeAll hooks declared after this call see the server.
 */
export function serverForBlock(
  use: (server: TestServer) => void,
  env: Record<string, string> = {},
  options: { strictLimits?: boolean; now?: () => Date } = {},
): void {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startTestServer(env, options);
    use(server);
  });
  afterAll(async () => {
    await server?.close();
  });
}

/**
 * A clock that reads `start` now and then advances with real time, so that waits, jobs and
 * sessions behave as usual while calendar rules (weekdays, holidays) see a day chosen by the test.
 */
export function clockFrom(start: Date): () => Date {
  const offset = start.getTime() - Date.now();
  return () => new Date(Date.now() + offset);
}

/** Awaits a call that must fail and returns its error for further checks. */
export async function failure(call: Promise<unknown>): Promise<TRPCClientError<AppRouter>> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCClientError) return error as TRPCClientError<AppRouter>;
    throw error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** Asserts that a call fails with `reason` (and optionally an HTTP status); returns the error. */
export async function expectReason(call: Promise<unknown>, reason: string, httpStatus?: number) {
  const error = await failure(call);
  expect(error.data?.reason, `${error.message}`).toBe(reason);
  if (httpStatus) expect(error.data?.httpStatus).toBe(httpStatus);
  expect(error.message).not.toMatch(/\bat\s+\S+\s+\(|Error:|stack/i);
  return error;
}

/** Sends a raw POST to a procedure, for inputs no typed client would produce. */
export async function rawCall(server: TestServer, path: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const json = (await response.json().catch(() => null)) as { error?: { message: string; data: { reason: string; httpStatus: number } } } | null;
  return { status: response.status, json };
}
