// @vitest-environment node
// Main's side of the session: when it renews the page's access token, what it forgets, and that the
// session token never comes back out. The same broker runs against the real server in
// tests/integration/desk-access-token.test.ts.
import { describe, expect, it, vi } from 'vitest';
import { RENEW_BEFORE_MS, createSessionBroker, memoryTokenStore } from './session-broker';

const SESSION = 'tok_0123456789abcdefSESSION';
const NEW_SESSION = 'tok_0123456789abcdefRENEWED';
const access = (n: number, exp: number) => `at_${String(n).padStart(24, '0')}_${exp.toString(36)}_${'m'.repeat(43)}`;

/** A server answering auth.accessToken with a new 5-minute token each time (counted), per the clock. */
function setup(initial: string | null = SESSION) {
  let clock = 1_800_000_000_000;
  let minted = 0;
  const tokens = memoryTokenStore(initial);
  const answers: Record<string, (init: RequestInit) => Response | Promise<Response>> = {
    'auth.accessToken': (init) => {
      const bearer = (init.headers as Record<string, string>).authorization;
      if (bearer !== `Bearer ${SESSION}` && bearer !== `Bearer ${NEW_SESSION}`) {
        return Response.json({ error: { message: 'Sessão expirada ou inválida. Entre novamente.', data: { reason: 'unauthenticated' } } }, { status: 401 });
      }
      minted += 1;
      const exp = clock + 300_000;
      return Response.json({ result: { data: { accessToken: access(minted, exp), expiresAt: new Date(exp).toISOString() } } });
    },
  };
  const fetch = vi.fn(async (url: string, init: RequestInit) => answers[url.replace('https://atendimento.test/trpc/', '')]!(init));
  const broker = createSessionBroker({ tokens, serverUrl: async () => 'https://atendimento.test/', fetch: fetch as never, now: () => clock });
  return {
    broker, tokens, fetch, answers,
    minted: () => minted,
    advance(ms: number) {
      clock += ms;
    },
  };
}

describe('session broker', () => {
  it('hands out one access token until a minute before its end, then renews it in the background', async () => {
    const t = setup();
    const first = await t.broker.access();
    expect(first).toMatchObject({ state: 'ok', token: access(1, 1_800_000_300_000) });
    t.advance(300_000 - RENEW_BEFORE_MS - 1);
    expect(await t.broker.access()).toEqual(first);
    t.advance(2);
    expect(await t.broker.access()).toMatchObject({ state: 'ok', token: expect.stringMatching(/^at_0+2_/) });
    expect(t.minted()).toBe(2);
    // Renewals do not count as the attendant's activity (the idle sign-out still happens).
    for (const [, init] of t.fetch.mock.calls) {
      expect(init.headers).toMatchObject({ authorization: `Bearer ${SESSION}`, 'x-cau-background': '1' });
    }
  });

  it('makes one renewal for many calls at once', async () => {
    const t = setup();
    const answers = await Promise.all(Array.from({ length: 20 }, () => t.broker.access()));
    expect(new Set(answers.map((a) => (a.state === 'ok' ? a.token : a.state))).size).toBe(1);
    expect(t.minted()).toBe(1);
  });

  it('without a saved session answers none and asks the server nothing', async () => {
    const t = setup(null);
    await expect(t.broker.access()).resolves.toEqual({ state: 'none' });
    expect(t.fetch).not.toHaveBeenCalled();
  });

  it('forgets a session the server ended, and keeps one it could not ask about', async () => {
    const t = setup('tok_endedendedendedended');
    await expect(t.broker.access()).resolves.toEqual({ state: 'none' });
    expect(t.tokens.value).toBeNull();

    const down = setup();
    down.answers['auth.accessToken'] = () => {
      throw new TypeError('fetch failed');
    };
    await expect(down.broker.access()).resolves.toEqual({ state: 'unreachable' });
    down.answers['auth.accessToken'] = () => new Response('<html>502 Bad Gateway</html>', { status: 502 });
    await expect(down.broker.access()).resolves.toEqual({ state: 'unreachable' });
    expect(down.tokens.value).toBe(SESSION);
  });

  it('login: keeps the new session token and answers with the rest; a refusal comes back as the server said it', async () => {
    const t = setup(null);
    t.answers['auth.login'] = (init) => {
      const input = JSON.parse(init.body as string) as { password: string };
      if (input.password !== 'Senha-Forte-2026') {
        return Response.json({ error: { message: 'Login ou senha incorretos.', data: { reason: 'bad_credentials', fields: { code: 'x' }, stack: 'secret', retryAfter: 3 } } }, { status: 401 });
      }
      return Response.json({ result: { data: { token: SESSION, user: { id: 'u1', role: 'attendant' } } } });
    };
    await expect(t.broker.exchange('auth.login', { login: 'bruno', password: 'errada' })).resolves.toEqual({
      ok: false, error: { reason: 'bad_credentials', message: 'Login ou senha incorretos.', fields: { code: 'x' }, retryAfter: 3 },
    });
    expect(t.tokens.value).toBeNull();
    const answer = await t.broker.exchange('auth.login', { login: 'bruno', password: 'Senha-Forte-2026' });
    expect(answer).toEqual({ ok: true, data: { user: { id: 'u1', role: 'attendant' } } });
    expect(t.tokens.value).toBe(SESSION);
    await expect(t.broker.access()).resolves.toMatchObject({ state: 'ok' });
  });

  it('password change: sent with the session token; the new session replaces the old one and its access token', async () => {
    const t = setup();
    const before = await t.broker.access();
    t.answers['account.changePassword'] = (init) => {
      expect((init.headers as Record<string, string>).authorization).toBe(`Bearer ${SESSION}`);
      return Response.json({ result: { data: { token: NEW_SESSION } } });
    };
    await expect(t.broker.exchange('account.changePassword', { currentPassword: 'a', newPassword: 'b' })).resolves.toEqual({ ok: true, data: {} });
    expect(t.tokens.value).toBe(NEW_SESSION);
    const after = await t.broker.access();
    expect(after).toMatchObject({ state: 'ok' });
    expect(after).not.toEqual(before);
    expect(t.fetch.mock.calls.at(-1)![1].headers).toMatchObject({ authorization: `Bearer ${NEW_SESSION}` });
  });

  it('no answer at all is a network failure; an answer without a valid token changes nothing', async () => {
    const t = setup(null);
    t.answers['auth.login'] = () => {
      throw new TypeError('fetch failed');
    };
    await expect(t.broker.exchange('auth.login', { login: 'a', password: 'b' })).resolves.toMatchObject({ ok: false, error: { reason: 'network' } });
    t.answers['auth.login'] = () => Response.json({ result: { data: { token: 'has spaces!', user: {} } } });
    await expect(t.broker.exchange('auth.login', { login: 'a', password: 'b' })).resolves.toMatchObject({ ok: false, error: { reason: 'internal' } });
    expect(t.tokens.value).toBeNull();
  });

  it('clear: a renewal still under way does not bring the session back', async () => {
    const t = setup();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const mint = t.answers['auth.accessToken']!;
    t.answers['auth.accessToken'] = async (init) => {
      await gate;
      return mint(init);
    };
    const pending = t.broker.access();
    await vi.waitFor(() => expect(t.fetch).toHaveBeenCalled());
    await t.broker.clear();
    release();
    await expect(pending).resolves.toEqual({ state: 'none' });
    await expect(t.broker.access()).resolves.toEqual({ state: 'none' });
  });
});
