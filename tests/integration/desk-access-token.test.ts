// The desk's session kept in Electron's main process (issue 14 item 7): auth.accessToken gives a
// 5-minute bearer bound to a session, which the API and the CSV routes accept, which cannot renew
// itself, and which ends with its session. Then main's session broker (desktop/src/main) drives the
// real server: login and password change through main, the page only ever seeing access tokens.
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionBroker, memoryTokenStore } from '../../desktop/src/main/session-broker';
import { attendant, signUp } from '../support/fixtures';
import { expectReason, startTestServer, type TestServer } from '../support/harness';

let server: TestServer;
/** The server's clock runs `shift` ms ahead of real time: tests move it past a token's end. */
let shift = 0;
beforeAll(async () => {
  server = await startTestServer({}, { now: () => new Date(Date.now() + shift) });
});
afterAll(async () => {
  await server?.close();
});

const ACCESS = /^at_[0-9a-f]{24}_[0-9a-z]+_[A-Za-z0-9_-]{43}$/;

describe('auth.accessToken', () => {
  it('gives a 5-minute token bound to the session, accepted by the API and the CSV route, which cannot renew itself', async () => {
    const desk = await attendant(server);
    const before = Date.now();
    const { accessToken, expiresAt } = await desk.api.auth.accessToken.mutate();
    expect(accessToken).toMatch(ACCESS);
    expect(accessToken).not.toContain(desk.token);
    const lifetime = Date.parse(expiresAt) - before;
    expect(lifetime).toBeGreaterThan(295_000);
    expect(lifetime).toBeLessThanOrEqual(301_000);

    const page = server.client(accessToken);
    expect((await page.auth.me.query()).id).toBe(desk.id);
    expect((await page.desk.queue.query({ view: 'all' })).items).toBeInstanceOf(Array);
    // The scheme in any case (RFC 7235), on the CSV route as on the API.
    const csv = await fetch(`${server.url}/desk/queue.csv?view=all`, { headers: { authorization: `bearer ${accessToken}` } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);

    const renewed = await expectReason(page.auth.accessToken.mutate(), 'forbidden', 403);
    expect(renewed.message).toMatch(/token de acesso/);
    // Its session's own list marks the session it belongs to as the current one.
    const sessions = await page.account.sessions.query();
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
  });

  /** Another base64url character that decodes to the same 4 data bits at the end of a 32-byte MAC. */
  const spareBitsFlipped = (last: string) => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    return alphabet[alphabet.indexOf(last) ^ 1]!;
  };

  it('refuses a forged, altered or expired token', async () => {
    const desk = await attendant(server);
    const { accessToken } = await desk.api.auth.accessToken.mutate();
    const [, sessionId, exp, mac] = /^at_([0-9a-f]{24})_([0-9a-z]+)_(.+)$/.exec(accessToken)!;
    const later = (parseInt(exp!, 36) + 3_600_000).toString(36);
    const altered = [
      `at_${sessionId}_${later}_${mac}`, // a longer life
      `at_${'0'.repeat(24)}_${exp}_${mac}`, // another session
      `at_${sessionId}_${exp}_${mac!.slice(0, -1)}${mac!.endsWith('A') ? 'B' : 'A'}`,
      // The same MAC bytes spelled another way: the last character's two spare bits flipped.
      `at_${sessionId}_${exp}_${mac!.slice(0, -1)}${spareBitsFlipped(mac!.at(-1)!)}`,
    ];
    for (const token of altered) await expectReason(server.client(token).auth.me.query(), 'unauthenticated', 401);

    shift = 301_000;
    try {
      await expectReason(server.client(accessToken).auth.me.query(), 'unauthenticated', 401);
      // The session itself is still good: a new access token works again.
      const fresh = await desk.api.auth.accessToken.mutate();
      expect((await server.client(fresh.accessToken).auth.me.query()).id).toBe(desk.id);
    } finally {
      shift = 0;
    }
  });

  it('ends with its session: logout through it, revocation, password change', async () => {
    const desk = await attendant(server);
    const first = await desk.api.auth.accessToken.mutate();
    await server.client(first.accessToken).auth.logout.mutate();
    await expectReason(server.client(first.accessToken).auth.me.query(), 'unauthenticated', 401);
    await expectReason(desk.api.auth.me.query(), 'unauthenticated', 401);

    const pro = await signUp(server);
    const other = await server.client().auth.login.mutate({ login: pro.login, password: pro.password });
    const bound = await server.client(other.token).auth.accessToken.mutate();
    const sessionId = (await server.client(bound.accessToken).account.sessions.query()).find((s) => s.current)!.id;
    await pro.api.account.revokeSession.mutate({ id: sessionId });
    await expectReason(server.client(bound.accessToken).auth.me.query(), 'unauthenticated', 401);

    const mine = await pro.api.auth.accessToken.mutate();
    await pro.api.account.changePassword.mutate({ currentPassword: pro.password, newPassword: 'Outra-Senha-Forte-55' });
    await expectReason(server.client(mine.accessToken).auth.me.query(), 'unauthenticated', 401);
  });

  it('asking for one does not keep an idle session awake', async () => {
    const desk = await attendant(server);
    const stamp = async () => (await server.db.collection('sessions').findOne({ userId: new ObjectId(desk.id) }))!.lastSeenAt as Date;
    const before = await stamp();
    shift = 120_000; // past the once-a-minute touch
    try {
      await server.client(desk.token, { 'x-cau-background': '1' }).auth.accessToken.mutate();
      expect(await stamp()).toEqual(before);
    } finally {
      shift = 0;
    }
  });
});

describe("the desk's session broker against the server", () => {
  it('signs in through main: the store gets the session token, the page only access tokens that work', async () => {
    const desk = await attendant(server);
    await desk.api.auth.logout.mutate();
    const tokens = memoryTokenStore();
    const broker = createSessionBroker({ tokens, serverUrl: async () => server.url, now: () => Date.now() + shift });

    await expect(broker.access()).resolves.toEqual({ state: 'none' });
    const refused = await broker.exchange('auth.login', { login: desk.login, password: 'Senha-Errada-00' });
    expect(refused).toEqual({ ok: false, error: expect.objectContaining({ reason: 'bad_credentials', message: expect.stringMatching(/senha/i) }) });

    const login = await broker.exchange('auth.login', { login: desk.login, password: desk.password });
    expect(login).toMatchObject({ ok: true, data: { user: { id: desk.id, role: 'attendant' } } });
    expect(tokens.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const access = await broker.access();
    expect(access.state).toBe('ok');
    const bearer = (access as { token: string }).token;
    expect(JSON.stringify([login, access])).not.toContain(tokens.value!);
    expect((await server.client(bearer).auth.me.query()).id).toBe(desk.id);

    // A password change goes through main too: the old session ends, the new one is kept there.
    const oldSession = tokens.value!;
    const changed = await broker.exchange('account.changePassword', { currentPassword: desk.password, newPassword: 'Nova-Senha-Da-Mesa-9' });
    expect(changed).toEqual({ ok: true, data: {} });
    expect(tokens.value).not.toBe(oldSession);
    await expectReason(server.client(bearer).auth.me.query(), 'unauthenticated', 401);
    const next = await broker.access();
    expect((await server.client((next as { token: string }).token).auth.me.query()).id).toBe(desk.id);

    // The page's logout ends the session on the server; main's next renewal finds it gone and forgets it.
    await server.client((next as { token: string }).token).auth.logout.mutate();
    shift = 250_000; // the cached token is within a minute of its end: main asks again
    try {
      await expect(broker.access()).resolves.toEqual({ state: 'none' });
    } finally {
      shift = 0;
    }
    expect(tokens.value).toBeNull();
  });

  it('an unreachable server keeps the saved session for a retry', async () => {
    const tokens = memoryTokenStore('tok_0123456789abcdefSAVED');
    const broker = createSessionBroker({ tokens, serverUrl: async () => 'http://127.0.0.1:9' });
    await expect(broker.access()).resolves.toEqual({ state: 'unreachable' });
    expect(tokens.value).toBe('tok_0123456789abcdefSAVED');
  });
});
