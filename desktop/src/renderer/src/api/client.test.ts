// The real tRPC client over a stubbed fetch: the stream sends the session token in the
// Authorization header (never in the URL), and the desk's own refreshes carry the background header.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BACKGROUND_HEADER, createClient } from './client';

const TOKEN = 'tok_0123456789abcdef';

afterEach(() => vi.unstubAllGlobals());

function headersOf(init: RequestInit | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries((init?.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
}

describe('the tRPC client', () => {
  it('subscribes to desk.events with the token in the Authorization header, not in the URL', async () => {
    const fetch = vi.fn(() => new Promise<Response>(() => undefined));
    vi.stubGlobal('fetch', fetch);
    const client = createClient('http://desk.test/', async () => TOKEN);
    const subscription = client.desk.events.subscribe(undefined, { onData: () => undefined });
    await vi.waitFor(() => expect(fetch).toHaveBeenCalled());
    const [url, init] = fetch.mock.calls[0] as unknown as [string | URL, RequestInit];
    expect(String(url)).toMatch(/^http:\/\/desk\.test\/trpc\/desk\.events/);
    expect(String(url)).not.toContain(TOKEN);
    expect(String(url)).not.toContain('connectionParams');
    expect(headersOf(init).authorization).toBe(`Bearer ${TOKEN}`);
    subscription.unsubscribe();
  });

  it('marks calls made with the background context, and only those', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ result: { data: { id: 'x' } } }), { headers: { 'content-type': 'application/json' } }));
    vi.stubGlobal('fetch', fetch);
    const client = createClient('http://desk.test', async () => TOKEN);
    await client.auth.me.query(undefined, { context: { background: true } });
    await client.auth.me.query();
    const [first, second] = fetch.mock.calls.map((c) => headersOf((c as unknown as [string, RequestInit])[1]));
    expect(first).toMatchObject({ authorization: `Bearer ${TOKEN}`, [BACKGROUND_HEADER]: '1' });
    expect(second).toEqual({ authorization: `Bearer ${TOKEN}`, ...(second!['content-type'] ? { 'content-type': second!['content-type'] } : {}) });
    expect(second![BACKGROUND_HEADER]).toBeUndefined();
  });

  it('asks for the bearer per call, so a renewed access token (Electron) is used as soon as there is one', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ result: { data: { id: 'x' } } }), { headers: { 'content-type': 'application/json' } }));
    vi.stubGlobal('fetch', fetch);
    const bearers = ['at_first', 'at_renewed'];
    const client = createClient('http://desk.test', async () => bearers.shift() ?? null);
    await client.auth.me.query();
    await client.auth.me.query();
    await client.auth.me.query();
    expect(fetch.mock.calls.map((c) => headersOf((c as unknown as [string, RequestInit])[1]).authorization)).toEqual(['Bearer at_first', 'Bearer at_renewed', undefined]);
  });
});

describe('a server that refuses the background header (CORS on an older server)', () => {
  it('gets the same call again without it, and from then on no more', async () => {
    const { api } = await import('./index');
    const { backgroundHeader } = await import('./client');
    const fetch = vi.fn(async (_url: string, init: RequestInit) => {
      // What the browser does when the preflight does not allow the header: the request fails.
      if (headersOf(init)[BACKGROUND_HEADER]) throw new TypeError('Failed to fetch');
      return new Response(JSON.stringify({ result: { data: { items: [], total: 0 } } }), { headers: { 'content-type': 'application/json' } });
    });
    vi.stubGlobal('fetch', fetch);
    api.configure('http://desk.test');
    api.setBearer(() => TOKEN);
    expect(await api.alerts.list()).toEqual({ items: [], total: 0 });
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(backgroundHeader.enabled).toBe(false);
    await api.alerts.list();
    expect(fetch).toHaveBeenCalledTimes(3);
    backgroundHeader.enabled = true;
  });

  it('keeps the header when the server is simply unreachable', async () => {
    const { api } = await import('./index');
    const { backgroundHeader } = await import('./client');
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch'); }));
    api.configure('http://desk.test');
    await expect(api.alerts.list()).rejects.toMatchObject({ reason: 'network' });
    expect(backgroundHeader.enabled).toBe(true);
  });
});
