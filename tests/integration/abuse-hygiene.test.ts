// Input hygiene (issue 14 item 6): control characters other than newline and tab, and bidi controls,
// are refused in pt-BR (never silently removed) in names, subjects, messages and file names; a
// subject is one line; lone surrogates are refused the same way; the auth scheme is
// case-insensitive; download links come from configuration, never from the Host header; batches
// are capped; HOST chooses the bind address.
import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPerson, signUp, storedTicket, TICKET } from '../support/fixtures';
import { collectionCounts } from '../support/fixtures';
import { expectReason, rawCall, startTestServer, type TestServer } from '../support/harness';

/** A tiny valid PNG. */
function png(): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'));
}

async function upload(server: TestServer, token: string, name: string) {
  const form = new FormData();
  form.append('file', new Blob([png()], { type: 'image/png' }), name);
  const response = await fetch(`${server.url}/trpc/attachments.upload`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  return { status: response.status, body: (await response.json()) as { result?: { data: { id: string; name: string } }; error?: { message: string; data: { reason: string } } } };
}

/** POST with a Host header of our choosing (fetch does not let a caller set it). */
function postWithHost(server: TestServer, path: string, body: unknown, headers: Record<string, string>): Promise<{ status: number; json: { result?: { data: { url: string } } } }> {
  const url = new URL(`${server.url}/trpc/${path}`);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

const accepts = (port: number, host: string) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

describe('text hygiene, auth scheme, links and batches', () => {
  let server: TestServer;
  let pro: Awaited<ReturnType<typeof signUp>>;
  beforeAll(async () => {
    server = await startTestServer({ PUBLIC_URL: 'https://api.atendimento.test/' });
    pro = await signUp(server);
  });
  afterAll(() => server?.close());

  it('refuses control and bidi characters in subjects, descriptions and messages, naming the character; stores nothing', async () => {
    const before = await collectionCounts(server);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ subject: 'Boleto \u001b[31mvermelho' }, 'O assunto contém um caractere não permitido (U+001B). Caracteres de controle e de direção de texto não são aceitos; remova-o e tente novamente.'],
      [{ subject: 'Boleto\u202Eodatsap' }, 'O assunto contém um caractere não permitido (U+202E). Caracteres de controle e de direção de texto não são aceitos; remova-o e tente novamente.'],
      [{ subject: 'Primeira linha\nSegunda linha' }, 'O assunto deve ter uma única linha.'],
      [{ subject: 'Primeira linha\u2028Segunda' }, 'O assunto deve ter uma única linha.'],
      [{ description: 'Paguei a anuidade mas o boleto \u0007 continua em aberto.' }, 'A descrição contém um caractere não permitido (U+0007). Caracteres de controle e de direção de texto não são aceitos; remova-o e tente novamente.'],
      [{ description: 'Paguei a anuidade mas o boleto\u2067 continua em aberto.' }, 'A descrição contém um caractere não permitido (U+2067). Caracteres de controle e de direção de texto não são aceitos; remova-o e tente novamente.'],
    ];
    for (const [change, message] of cases) {
      const error = await expectReason(pro.api.tickets.create.mutate({ ...TICKET, ...change }), 'invalid_input', 400);
      expect(error.message).toBe(message);
    }
    // A lone surrogate is refused the same way (it would be stored as U+FFFD).
    const surrogate = await rawCall(server, 'tickets.create', JSON.stringify({ ...TICKET, subject: 'Boleto SURROGATE x' }).replace('SURROGATE', '\\ud800'), { authorization: `Bearer ${pro.token}` });
    expect(surrogate.status).toBe(400);
    expect(surrogate.json?.error?.data.reason).toBe('invalid_input');
    expect(await collectionCounts(server)).toEqual(before);

    // Newlines and tabs in a description or message are fine, and stored as sent.
    const ticket = await pro.api.tickets.create.mutate({ ...TICKET, description: 'Linha um do relato.\n\tLinha dois, recuada.' });
    expect(ticket.description).toBe('Linha um do relato.\n\tLinha dois, recuada.');
    const refused = await expectReason(pro.api.tickets.comment.mutate({ protocol: ticket.protocol, message: 'ok\u200F' }), 'invalid_input', 400);
    expect(refused.message).toMatch(/^A mensagem contém um caractere não permitido \(U\+200F\)/);
    await pro.api.tickets.comment.mutate({ protocol: ticket.protocol, message: 'Segue:\r\n- item 1\n- item 2' });
    expect((await storedTicket(server, ticket.protocol)).messages).toHaveLength(1);
  });

  it('refuses such characters in names and file names too', async () => {
    const person = newPerson();
    const name = await expectReason(server.client().auth.checkSignup.mutate({ name: 'Ana\u202E Souza', cpf: person.cpf, email: person.email }), 'invalid_input', 400);
    expect(name.message).toBe('Nome contém um caractere não permitido (U+202E). Caracteres de controle e de direção de texto não são aceitos; remova-o e tente novamente.');

    const files = await server.db.collection('attachments.files').countDocuments();
    const spoofed = await upload(server, pro.token, 'fatura\u202Efdp.png');
    expect(spoofed.status).toBe(400);
    expect(spoofed.body.error!.message).toBe('O nome do arquivo contém um caractere não permitido (U+202E). Caracteres de controle e de direção de texto não são aceitos; remova-o e tente novamente.');
    expect(await server.db.collection('attachments.files').countDocuments()).toBe(files);
    const fine = await upload(server, pro.token, 'comprovante de pagamento.png');
    expect(fine.body.result!.data.name).toBe('comprovante de pagamento.png');
  });

  it('takes the auth scheme case-insensitively', async () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
      const me = await server.client(undefined, { authorization: `${scheme} ${pro.token}` }).auth.me.query();
      expect(me.id).toBe(pro.user.id);
    }
    await expectReason(server.client(undefined, { authorization: `Basic ${pro.token}` }).auth.me.query(), 'unauthenticated', 401);
  });

  it('builds download links from PUBLIC_URL, whatever Host the request names', async () => {
    const uploaded = await upload(server, pro.token, 'rrt.png');
    const answer = await postWithHost(server, 'attachments.link', { id: uploaded.body.result!.data.id }, { host: 'evil.example', authorization: `Bearer ${pro.token}`, 'x-forwarded-host': 'evil.example' });
    expect(answer.status).toBe(200);
    expect(answer.json.result!.data.url).toMatch(/^https:\/\/api\.atendimento\.test\/files\/[A-Za-z0-9_.-]+$/);
  });

  it('caps a batch at 10 calls with a clear pt-BR error', async () => {
    const batch = (n: number) => `${server.url}/trpc/${Array.from({ length: n }, () => 'auth.me').join(',')}?batch=1&input=${encodeURIComponent(JSON.stringify({}))}`;
    const ten = await fetch(batch(10), { headers: { authorization: `Bearer ${pro.token}` } });
    expect(ten.status).toBe(200);
    expect(((await ten.json()) as unknown[]).length).toBe(10);
    const eleven = await fetch(batch(11), { headers: { authorization: `Bearer ${pro.token}` } });
    expect(eleven.status).toBe(400);
    const body = JSON.stringify(await eleven.json());
    expect(body).toContain('Lote grande demais: envie no máximo 10 chamadas por requisição.');
    expect(body).toContain('"reason":"invalid_input"');
  });
});

describe('HOST', () => {
  it('binds to the address it names; by default to every interface', async () => {
    const only = await startTestServer({ HOST: '127.0.0.1' });
    try {
      expect(await accepts(only.port, '127.0.0.1')).toBe(true);
      // Linux routes all of 127.0.0.0/8 to loopback: only a listener on every interface takes 127.0.0.2.
      expect(await accepts(only.port, '127.0.0.2')).toBe(false);
    } finally {
      await only.close();
    }
    const all = await startTestServer();
    try {
      expect(await accepts(all.port, '127.0.0.2')).toBe(true);
    } finally {
      await all.close();
    }
  });
});
