// `npm start` runs the server compiled to JavaScript by plain `node` (server/build.mjs bundles
// server/src and @cau/shared with esbuild; npm packages load from node_modules). The tests run the
// TypeScript source through tsx; this file builds and starts the compiled server as `npm start`
// does and checks that it is the whole product: it answers /healthz with its database up, serves
// the demo page (paths from the bundle's own location), and runs a procedure with the shared rules.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { databaseUri } from '../support/harness';
import { killAllServerProcesses, startServerProcess, type ServerProcess } from '../support/process';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ENTRY = 'server/dist/bin/main.js';
const DB = `cau_compiled_${process.pid}`;
let server: ServerProcess;

beforeAll(async () => {
  execFileSync(process.execPath, ['server/build.mjs'], { cwd: ROOT, stdio: 'pipe' });
  server = await startServerProcess({ name: 'compiled', entry: ENTRY, mongodbUri: databaseUri(inject('mongoUri'), DB) });
}, 120_000);
afterAll(async () => {
  await killAllServerProcesses();
  const mongo = await MongoClient.connect(inject('mongoUri'));
  await mongo.db(DB).dropDatabase().finally(() => mongo.close());
});

describe('the compiled server (npm start)', () => {
  it('runs under plain node, without tsx', () => {
    const argv = readFileSync(`/proc/${server.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    expect(argv.slice(1)).toEqual([ENTRY]);
    expect(readFileSync(path.join(ROOT, ENTRY), 'utf8')).not.toMatch(/from ["']@cau\/shared["']|from ["']tsx/);
  });

  it('answers /healthz with the database up', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', database: 'up' });
  });

  it('serves the demo page and applies the shared rules in pt-BR', async () => {
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('cau-atendimento');
    const refused = await fetch(`${server.url}/trpc/auth.checkSignup`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Ana Souza', cpf: '111.111.111-11', email: 'ana@exemplo.com.br' }),
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { data: { fields: Record<string, string> } } }).error.data.fields.cpf).toBe('CPF inválido. Confira os números digitados.');
  });
});
