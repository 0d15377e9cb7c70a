// Hostile and malformed input over real HTTP (SPEC §7): query operators where strings belong,
// HTML kept as plain text, overlong fields, odd names and e-mails, broken or oversized bodies,
// unknown procedures, prototype pollution, and error bodies that leak nothing internal.
import { isReason } from '@cau/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attendant, collectionCounts, newPerson, rawQuery, signUp, TICKET } from '../support/fixtures';
import { expectReason, rawCall, startTestServer, type TestServer } from '../support/harness';

type ErrorBody = { error?: { message?: unknown; data?: Record<string, unknown> } } | null;

/** What every refused request must answer: a pt-BR message, a known reason, and nothing internal. */
function expectCleanError(response: { status: number; json: ErrorBody }, label: string) {
  expect(response.status, label).toBeGreaterThanOrEqual(400);
  const error = response.json?.error;
  expect(error, label).toBeDefined();
  const message = String(error!.message);
  expect(message, label).toMatch(/^[A-ZÀ-Ú].*\.$/s);
  expect(message, label).not.toMatch(/\b(invalid|expected|received|required|error|input|undefined|must|unexpected|token)\b/i);
  expect(message, label).not.toMatch(/\n\s*at\s|\bat\s+\S+\s+\(/);
  expect(isReason(error!.data?.reason), `${label}: reason ${String(error!.data?.reason)}`).toBe(true);
  expect(error!.data?.httpStatus, label).toBe(response.status);
  expect(error!.data?.stack, label).toBeUndefined();
  expect(JSON.stringify(response.json), label).not.toMatch(/node_modules|\/src\/|\.ts:\d+|Mongo|E11000/);
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('query operators where strings belong', () => {
  it('refuses {"$gt": ""} as login and password without opening a session', async () => {
    await signUp(server);
    const before = await collectionCounts(server);
    const response = await rawCall(server, 'auth.login', '{"login":{"$gt":""},"password":{"$gt":""}}');
    expect(response.status).toBe(400);
    expect(response.json?.error?.data.reason).toBe('invalid_input');
    expect(response.json?.error?.message).toBe('Informe a identificação.');
    expectCleanError(response, 'login with operators');
    expect(await collectionCounts(server)).toEqual(before);
    expect(before.sessions).toBeGreaterThan(0);
  });

  it('refuses operators in the signup fields', async () => {
    const before = await collectionCounts(server);
    const response = await rawCall(server, 'auth.checkSignup', '{"name":{"$gt":""},"cpf":{"$ne":null},"email":{"$regex":".*"}}');
    expect(response.status).toBe(400);
    expect(response.json?.error?.data.reason).toBe('invalid_input');
    expectCleanError(response, 'checkSignup with operators');

    const pro = newPerson();
    const mixed = await rawCall(server, 'auth.checkSignup', JSON.stringify({ name: pro.name, cpf: pro.cpf, email: { $ne: '' } }));
    expect(mixed.json?.error?.data.reason).toBe('invalid_input');
    expect(mixed.json?.error?.message).toBe('Informe o e-mail.');
    expect(await collectionCounts(server)).toEqual(before);
  });

  it('refuses operators as a ticket protocol', async () => {
    const pro = await signUp(server);
    await pro.api.tickets.create.mutate(TICKET);
    const response = await rawQuery(server, 'tickets.get', { protocol: { $gt: '' } }, bearer(pro.token));
    expect(response.status).toBe(400);
    expect(response.json?.error?.data.reason).toBe('invalid_input');
    expect(response.json?.error?.message).toBe('Informe o protocolo.');
    expectCleanError(response, 'tickets.get with operators');

    const regex = await rawQuery(server, 'tickets.get', { protocol: { $regex: '.*' } }, bearer(pro.token));
    expect(regex.status).toBe(400);
    const comment = await rawCall(server, 'tickets.comment', JSON.stringify({ protocol: { $gt: '' }, message: 'Olá' }), bearer(pro.token));
    expect(comment.status).toBe(400);
    expect(comment.json?.error?.data.reason).toBe('invalid_input');
  });
});

describe('text kept byte for byte', () => {
  const html = '<script>alert(1)</script><img src=x onerror=alert(1)>';

  it('stores and returns HTML in subject, description and messages as plain text', async () => {
    const pro = await signUp(server);
    const desk = await attendant(server);
    const description = `${html} & "aspas" 'simples' \u00e9 <b>negrito</b>`;
    const created = await pro.api.tickets.create.mutate({ type: 'error', subject: html, description });
    expect(created.subject).toBe(html);
    expect(created.description).toBe(description);

    const { protocol } = created;
    await pro.api.tickets.comment.mutate({ protocol, message: html });
    const seen = await pro.api.tickets.get.query({ protocol });
    expect([seen.subject, seen.description, seen.messages.at(-1)?.body]).toEqual([html, description, html]);
    const deskSeen = await desk.api.desk.get.query({ protocol });
    expect([deskSeen.subject, deskSeen.description]).toEqual([html, description]);

    const stored = await server.db.collection('tickets').findOne({ protocol });
    expect([stored!.subject, stored!.description]).toEqual([html, description]);

    // Served as JSON that browsers will not sniff into HTML.
    const response = await fetch(`${server.url}/trpc/tickets.get?input=${encodeURIComponent(JSON.stringify({ protocol }))}`, { headers: bearer(pro.token) });
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('overlong and empty fields', () => {
  it('refuses a 100 000-character description in pt-BR, storing no ticket', async () => {
    const pro = await signUp(server);
    const before = await server.db.collection('tickets').countDocuments();
    const error = await expectReason(pro.api.tickets.create.mutate({ ...TICKET, description: 'a'.repeat(100_000) }), 'invalid_input', 400);
    expect(error.message).toBe('A descrição deve ter no máximo 10.000 caracteres.');
    expect(await server.db.collection('tickets').countDocuments()).toBe(before);
  });

  it('accepts a 150-character subject and refuses a 151-character one', async () => {
    const pro = await signUp(server);
    const error = await expectReason(pro.api.tickets.create.mutate({ ...TICKET, subject: 's'.repeat(151) }), 'invalid_input', 400);
    expect(error.message).toBe('O assunto deve ter no máximo 150 caracteres.');
    expect(await server.db.collection('tickets').countDocuments({ subject: 's'.repeat(151) })).toBe(0);
    await expect(pro.api.tickets.create.mutate({ ...TICKET, subject: 's'.repeat(150) })).resolves.toHaveProperty('protocol');
  });

  it('refuses an empty or whitespace-only message', async () => {
    const pro = await signUp(server);
    const { protocol } = await pro.api.tickets.create.mutate(TICKET);
    for (const message of ['', '   ', '\n\t \n']) {
      const error = await expectReason(pro.api.tickets.comment.mutate({ protocol, message }), 'invalid_input', 400);
      expect(error.message).toBe('A mensagem é obrigatória.');
    }
    expect((await pro.api.tickets.get.query({ protocol })).messages).toEqual([]);
  });
});

describe('names and e-mails', () => {
  it('accepts names with accents and apostrophes, stored as typed', async () => {
    for (const name of ['José Antônio da Conceição Müller', "Maria D'Ávila", 'Ana-Luísa Ñúñez']) {
      const pro = await signUp(server, { ...newPerson(), name });
      expect(pro.user.name).toBe(name);
      expect((await server.db.collection('users').findOne({ login: pro.login }))!.name).toBe(name);
    }
  });

  it('refuses names with digits or markup', async () => {
    const person = newPerson();
    for (const name of ['Ana Silva 2', 'R2D2 Silva', 'Ana <b>Silva</b>', '<script>alert(1)</script> Silva']) {
      const error = await expectReason(server.client().auth.checkSignup.mutate({ name, cpf: person.cpf, email: person.email }), 'invalid_input', 400);
      expect(error.message, name).toBe('O nome deve conter apenas letras, espaços, apóstrofos e hífens.');
    }
  });

  it('refuses malformed e-mails in pt-BR', async () => {
    const person = newPerson();
    for (const email of ['ana', 'ana@', '@exemplo.com', 'ana@@exemplo.com', 'ana silva@exemplo.com', 'ana@exemplo', '<ana@exemplo.com>']) {
      const error = await expectReason(server.client().auth.checkSignup.mutate({ name: person.name, cpf: person.cpf, email }), 'invalid_input', 400);
      expect(error.message, email).toBe('E-mail inválido. Confira o endereço digitado.');
    }
  });
});

describe('broken requests', () => {
  it('answers a malformed JSON body with 400 invalid_input', async () => {
    for (const body of ['{bad', '{"login": "ana",', 'undefined']) {
      const response = await rawCall(server, 'auth.login', body);
      expect(response.status, body).toBe(400);
      expect(response.json?.error?.data.reason).toBe('invalid_input');
      expectCleanError(response, `malformed ${body}`);
    }
  });

  it('answers a body that is valid JSON but not an object with 400 invalid_input in pt-BR', async () => {
    for (const body of ['null', '"ana"', '[]', '42', '']) {
      const response = await rawCall(server, 'auth.login', body);
      expect(response.status, body).toBe(400);
      expect(response.json?.error?.data.reason).toBe('invalid_input');
      expectCleanError(response, `body ${JSON.stringify(body)}`);
    }
  });

  it('refuses a body over 256 KB and keeps serving', async () => {
    const body = JSON.stringify({ login: 'ana', password: 'x'.repeat(300 * 1024) });
    const response = await rawCall(server, 'auth.login', body);
    expect(response.status).toBe(413);
    expectCleanError(response, 'oversized body');

    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', database: 'up' });
    const pro = await signUp(server);
    expect((await pro.api.auth.me.query()).login).toBe(pro.login);
  });

  it('answers an unknown procedure with 404', async () => {
    const response = await rawCall(server, 'admin.dropEverything', '{}');
    expect(response.status).toBe(404);
    expect(response.json?.error?.data.reason).toBe('not_found');
    expectCleanError(response, 'unknown procedure');
    const query = await rawQuery(server, 'tickets.nope', {});
    expect(query.status).toBe(404);
  });

  it('is not polluted by a __proto__ key in the body', async () => {
    const before = await collectionCounts(server);
    const response = await rawCall(server, 'auth.login', '{"__proto__":{"polluted":true},"login":"x","password":"y"}');
    expect(response.status).toBe(401);
    expect(response.json?.error?.data.reason).toBe('bad_credentials');
    const { users, sessions } = await collectionCounts(server);
    expect({ users, sessions }).toEqual({ users: before.users, sessions: before.sessions });

    // Nor can it smuggle a role into a signup.
    const person = newPerson();
    const check = await rawCall(server, 'auth.checkSignup', JSON.stringify({ name: person.name, cpf: person.cpf, email: person.email }));
    const { signupToken } = (check.json as unknown as { result: { data: { signupToken: string } } }).result.data;
    const body = `{"__proto__":{"role":"admin"},"constructor":{"prototype":{"role":"admin"}},"signupToken":${JSON.stringify(signupToken)},"login":${JSON.stringify(person.login)},"password":${JSON.stringify(person.password)}}`;
    const signup = await rawCall(server, 'auth.signup', body);
    expect(signup.status).toBe(200);
    expect((await server.db.collection('users').findOne({ login: person.login }))!.role).toBe('professional');

    // And the server still answers the next caller normally.
    const pro = await signUp(server);
    expect((await pro.api.auth.me.query()).role).toBe('professional');
  });
});

describe('error bodies', () => {
  it('carry a pt-BR message and a reason, and no stack trace or internals', async () => {
    const pro = await signUp(server);
    const desk = await attendant(server);
    const { protocol } = await pro.api.tickets.create.mutate(TICKET);
    const cases: Array<[string, Promise<{ status: number; json: ErrorBody }>]> = [
      ['malformed JSON', rawCall(server, 'auth.login', '{')],
      ['wrong field types', rawCall(server, 'auth.login', '{"login":1,"password":true}')],
      ['bad CPF', rawCall(server, 'auth.checkSignup', JSON.stringify({ name: 'Ana Souza', cpf: '123', email: 'a@b.com.br' }))],
      ['bad credentials', rawCall(server, 'auth.login', '{"login":"ninguem","password":"Qualquer-1"}')],
      ['no session', rawQuery(server, 'tickets.mine', {})],
      ['wrong role', rawQuery(server, 'desk.queue', { view: 'todo' }, bearer(pro.token))],
      ['unknown ticket', rawQuery(server, 'tickets.get', { protocol: '1999-000001' }, bearer(pro.token))],
      ['refused transition', rawCall(server, 'tickets.approve', JSON.stringify({ protocol, rating: 5 }), bearer(pro.token))],
      ['unknown procedure', rawCall(server, 'nada.aqui', '{}')],
      ['query over POST', rawCall(server, 'auth.me', '{}', bearer(pro.token))],
      ['missing input', rawCall(server, 'desk.take', '', bearer(desk.token))],
      ['out-of-range number', rawQuery(server, 'desk.queue', { view: 'todo', limit: 1000 }, bearer(desk.token))],
      ['overlong signup token', rawCall(server, 'auth.signup', JSON.stringify({ signupToken: 'x'.repeat(3000), login: 'ana.souza', password: 'Senha-Forte-123' }))],
      ['oversized body', rawCall(server, 'auth.login', JSON.stringify({ login: 'x', password: 'y'.repeat(300_000) }))],
    ];
    for (const [label, call] of cases) expectCleanError(await call, label);
  });
});
