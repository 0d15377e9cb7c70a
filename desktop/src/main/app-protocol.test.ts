// @vitest-environment node
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { appRequestHandler } from './app-protocol';

vi.mock('electron', async () => (await import('./electron.fake')).electron);

let root: string;
let handler: (request: Request) => Promise<Response>;
const POLICY = "default-src 'none'; connect-src 'self' https://atendimento.causp.gov.br";

beforeAll(async () => {
  const base = await mkdtemp(path.join(tmpdir(), 'cau-desk-protocol-'));
  root = path.join(base, 'renderer');
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), `<html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; connect-src 'self'"></head></html>`);
  await writeFile(path.join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  await writeFile(path.join(base, 'secret.txt'), 'do not serve');
  handler = appRequestHandler(root, () => POLICY);
});
afterAll(() => rm(path.dirname(root), { recursive: true, force: true }));

describe('app:// serves the built renderer', () => {
  it('serves index.html with the policy as header and in its <meta>', async () => {
    for (const url of ['app://desk/', 'app://desk/index.html']) {
      const response = await handler(new Request(url));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toBe(POLICY);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await response.text()).toContain(`content="${POLICY}"`);
    }
  });

  it('serves assets with their type', async () => {
    const response = await handler(new Request('app://desk/assets/index-abc.js'));
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await response.text()).toBe('console.log(1)');
  });

  it.each([
    'app://desk/../secret.txt',
    'app://desk/%2e%2e/secret.txt',
    'app://desk/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://desk/..%5csecret.txt',
    'app://desk/missing.js',
    'app://desk/assets',
    'app://other/index.html',
    'app://desk/%E0%A4%A',
  ])('answers 404 to %s', async (url) => {
    const response = await handler(new Request(url));
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('do not serve');
  });

  it('accepts GET only', async () => {
    expect((await handler(new Request('app://desk/index.html', { method: 'POST', body: 'x' }))).status).toBe(404);
  });
});
