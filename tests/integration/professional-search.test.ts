// admin.professionals.search: each word of the query begins a word of the name, e-mail or login,
// whatever the accents and case; a CPF is matched whole; staff and mid-word pieces are not found.
import { backfillProfessionalTokens } from '@cau/server';
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSession, attendant, newPerson, signUp } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/harness';

let server: TestServer;
let admin: Awaited<ReturnType<typeof adminSession>>;
let joao: Awaited<ReturnType<typeof signUp>>;
let maria: Awaited<ReturnType<typeof signUp>>;

const found = async (query: string) => (await admin.api.admin.professionals.search.query({ query })).map((p) => p.id).sort();

beforeAll(async () => {
  server = await startTestServer();
  admin = await adminSession(server);
  const unique = newPerson().login.replace(/\D/g, '');
  joao = await signUp(server, { ...newPerson(), name: 'João Conceição Prado', email: `joao.prado${unique}@arquitetura.com.br`, login: `jprado${unique}` });
  maria = await signUp(server, { ...newPerson(), name: 'Maria Prado', email: `maria${unique}@exemplo.org`, login: `mprado${unique}` });
  await attendant(server, 'Prado Atendente');
});

afterAll(async () => {
  await server?.close();
});

describe('admin.professionals.search', () => {
  it('finds by the beginnings of words of the name, accent- and case-insensitively', async () => {
    expect(await found('joao')).toEqual([joao.user.id]);
    expect(await found('CONCEI')).toEqual([joao.user.id]);
    expect(await found('conceição prad')).toEqual([joao.user.id]);
    expect(await found('Prado')).toEqual([joao.user.id, maria.user.id].sort());
  });

  it('finds by the beginning of the e-mail, its parts, or the login; a CPF whole', async () => {
    expect(await found(joao.email.slice(0, 12))).toEqual([joao.user.id]);
    expect(await found('arquitetura')).toEqual([joao.user.id]);
    expect(await found(maria.login)).toEqual([maria.user.id]);
    expect(await found(maria.cpf)).toEqual([maria.user.id]);
  });

  it('does not match the middle of a word, nor staff', async () => {
    expect(await found('onceição')).toEqual([]);
    expect(await found('rado')).toEqual([]);
    expect(await found('Atendente')).toEqual([]);
  });

  it('finds professionals stored before the search words existed once the start-up backfill ran', async () => {
    const id = new ObjectId();
    await server.db.collection('users').insertOne({
      _id: id,
      role: 'professional',
      name: 'Zélia Antiga',
      login: `zelia${Date.now()}`,
      email: `zelia${Date.now()}@exemplo.com.br`,
      passwordHash: '!',
      disabled: false,
      createdAt: new Date(),
    });
    expect(await found('zelia')).toEqual([]);
    expect(await backfillProfessionalTokens(server.deps)).toBe(1);
    expect(await found('zelia antiga')).toEqual([String(id)]);
  });
});
