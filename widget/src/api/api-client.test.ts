import { describe, expect, it, vi } from 'vitest';
import { ApiClient, BACKGROUND, normalizeBase } from './api-client';
import { ApiError } from './api-error';
import { API, Offline, Reply, fakeServer, installFakeXhr, testApi } from '../test/helpers';

describe('ApiClient', () => {
  it('sends the bearer token, queries as GET and mutations as POST to <api>/trpc', async () => {
    const server = fakeServer().on('tickets.mine', { counts: {}, items: [], nextCursor: null }).on('auth.logout', {});
    const api = testApi('tok-123456789012');
    await api.run((t) => t.tickets.mine.query({ status: 'open' }));
    await api.run((t) => t.auth.logout.mutate());
    expect(server.calls.map((c) => [c.method, c.path, c.authorization])).toEqual([
      ['GET', 'tickets.mine', 'Bearer tok-123456789012'],
      ['POST', 'auth.logout', 'Bearer tok-123456789012'],
    ]);
    expect(server.calls[0]!.input).toEqual({ status: 'open' });
  });

  it('normalizes the api attribute', () => {
    expect(normalizeBase(' https://atendimento.test/ ')).toBe('https://atendimento.test');
    expect(new ApiClient('https://x.test//', { token: () => null, expired: () => undefined }).base).toBe('https://x.test');
  });

  it('turns a tRPC error into an ApiError with reason, pt-BR message and fields', async () => {
    fakeServer().on('auth.checkSignup', () => {
      throw new Reply('cpf_taken', 'Já existe um cadastro com este CPF.', { cpf: 'Já existe um cadastro com este CPF.' }, 409);
    });
    const error = await testApi(null).run((t) => t.auth.checkSignup.mutate({ name: 'A B', cpf: '1', email: 'a@b.c' })).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ reason: 'cpf_taken', message: 'Já existe um cadastro com este CPF.', fields: { cpf: 'Já existe um cadastro com este CPF.' }, httpStatus: 409 });
  });

  it('calls a failure to reach the server `network`', async () => {
    fakeServer().on('auth.me', () => { throw new Offline(); });
    const error = await testApi().run((t) => t.auth.me.query()).catch((e) => e);
    expect(error).toMatchObject({ reason: 'network', network: true });
    expect(error.message).toMatch(/Não foi possível falar com o servidor/);
  });

  it('tells the session when the server refuses its token, only for calls made with it', async () => {
    fakeServer().on('tickets.mine', () => { throw new Reply('unauthenticated', 'Sua sessão expirou. Entre novamente.', undefined, 401); });
    const expired = vi.fn();
    await testApi('tok-123456789012', expired).run((t) => t.tickets.mine.query({})).catch(() => undefined);
    expect(expired).toHaveBeenCalledTimes(1);
    await testApi(null, expired).run((t) => t.tickets.mine.query({})).catch(() => undefined);
    expect(expired).toHaveBeenCalledTimes(1);
  });

  it('resolves an attachment link against the API', async () => {
    fakeServer().on('attachments.link', (input: { id: string }) => ({ url: `/files/signed-${input.id}`, expiresAt: '2026-01-01T00:00:00Z' }));
    expect(await testApi().attachmentLink('a'.repeat(24))).toBe(`${API}/files/signed-${'a'.repeat(24)}`);
  });
});

describe('attachments.upload over XMLHttpRequest', () => {
  const file = () => new File(['%PDF-1.4 hello'], 'comprovante.pdf', { type: 'application/pdf' });

  it('posts the file as multipart `file` with the bearer, reports progress, returns the attachment', async () => {
    const Xhr = installFakeXhr();
    const progress: number[] = [];
    const upload = testApi('tok-123456789012').upload(file(), (f) => progress.push(f));
    const xhr = Xhr.instances[0]!;
    expect(xhr.method).toBe('POST');
    expect(xhr.url).toBe(`${API}/trpc/attachments.upload`);
    expect(xhr.headers.authorization).toBe('Bearer tok-123456789012');
    expect((xhr.body!.get('file') as File).name).toBe('comprovante.pdf');
    xhr.progress(5, 10);
    xhr.respond(200, { result: { data: { id: 'f'.repeat(24), name: 'comprovante.pdf', size: 14, contentType: 'application/pdf' } } });
    await expect(upload).resolves.toMatchObject({ id: 'f'.repeat(24), name: 'comprovante.pdf' });
    expect(progress).toEqual([0.5, 1]);
  });

  it('reports the server reasons (file_type, file_too_large) and a bare 413', async () => {
    const Xhr = installFakeXhr();
    const api = testApi();
    const typeRefused = api.upload(file(), () => undefined);
    Xhr.instances[0]!.respond(400, { error: { message: 'Tipo de arquivo não permitido.', data: { reason: 'file_type', httpStatus: 400 } } });
    await expect(typeRefused).rejects.toMatchObject({ reason: 'file_type', message: 'Tipo de arquivo não permitido.' });
    const tooLarge = api.upload(file(), () => undefined);
    Xhr.instances[1]!.respond(413, '<html>Request Entity Too Large</html>');
    await expect(tooLarge).rejects.toMatchObject({ reason: 'file_too_large', message: 'O arquivo ultrapassa o limite de 2 MB.' });
  });

  it('reports a dropped connection as `network` and an abort as `aborted`', async () => {
    const Xhr = installFakeXhr();
    const api = testApi();
    const dropped = api.upload(file(), () => undefined);
    Xhr.instances[0]!.fail();
    await expect(dropped).rejects.toMatchObject({ reason: 'network' });
    const controller = new AbortController();
    const aborted = api.upload(file(), () => undefined, controller.signal);
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ reason: 'aborted' });
    expect(Xhr.instances[1]!.aborted).toBe(true);
  });

  it('tells the session when an upload is refused for an expired token', async () => {
    const Xhr = installFakeXhr();
    const expired = vi.fn();
    const upload = testApi('tok-123456789012', expired).upload(file(), () => undefined);
    Xhr.instances[0]!.respond(401, { error: { message: 'Sua sessão expirou. Entre novamente.', data: { reason: 'unauthenticated' } } });
    await expect(upload).rejects.toMatchObject({ reason: 'unauthenticated' });
    expect(expired).toHaveBeenCalled();
  });

describe('too_many_attempts', () => {
  it('turns data.retryAfter into a wait in whole minutes, for calls and uploads alike', async () => {
    fakeServer().on('auth.login', () => {
      throw new Reply('too_many_attempts', 'Muitas tentativas de acesso. Aguarde 5 minutos e tente novamente.', undefined, 429, { retryAfter: 241 });
    });
    const error = await testApi(null).run((t) => t.auth.login.mutate({ login: 'ana', password: 'x' })).catch((e) => e);
    expect(error).toMatchObject({ reason: 'too_many_attempts', retryAfter: 241, httpStatus: 429 });
    expect(error.message).toBe('Muitas tentativas em pouco tempo. Por segurança, aguarde 5 minutos e tente novamente.');

    const Xhr = installFakeXhr();
    const upload = testApi().upload(new File(['x'], 'a.txt', { type: 'text/plain' }), () => undefined);
    Xhr.instances[0]!.respond(429, { error: { message: 'Muitas solicitações.', data: { reason: 'too_many_attempts', retryAfter: 59 } } });
    await expect(upload).rejects.toMatchObject({ retryAfter: 59, message: 'Muitas tentativas em pouco tempo. Por segurança, aguarde 1 minuto e tente novamente.' });
  });

  it('keeps the server message when no wait is given', async () => {
    fakeServer().on('auth.login', () => { throw new Reply('too_many_attempts', 'Muitas tentativas. Aguarde alguns minutos e tente novamente.', undefined, 429); });
    const error = await testApi(null).run((t) => t.auth.login.mutate({ login: 'ana', password: 'x' })).catch((e) => e);
    expect(error.message).toBe('Muitas tentativas. Aguarde alguns minutos e tente novamente.');
    expect(error.retryAfter).toBeUndefined();
  });
});
});

describe('ApiClient background calls', () => {
  it('mark themselves with x-cau-background, and only they do', async () => {
    const server = fakeServer().on('tickets.mine', { counts: {}, items: [], nextCursor: null });
    const api = testApi();
    await api.background((t) => t.tickets.mine.query({}, BACKGROUND));
    await api.run((t) => t.tickets.mine.query({}));
    expect(server.calls.map((c) => c.background)).toEqual([true, false]);
  });

  it('go on without the header when the server refuses it (CORS on an older server), and stay so', async () => {
    const server = fakeServer().on('tickets.mine', (_input: unknown, call: { background: boolean }) => {
      if (call.background) throw new Offline();
      return { counts: {}, items: [], nextCursor: null };
    });
    const api = testApi();
    await api.background((t) => t.tickets.mine.query({}, BACKGROUND));
    await api.background((t) => t.tickets.mine.query({}, BACKGROUND));
    expect(server.calls.map((c) => c.background)).toEqual([true, false, false]);
  });

  it('keep the header when the server is simply unreachable', async () => {
    const server = fakeServer().on('tickets.mine', () => { throw new Offline(); });
    const api = testApi();
    await expect(api.background((t) => t.tickets.mine.query({}, BACKGROUND))).rejects.toMatchObject({ reason: 'network' });
    expect(server.calls.map((c) => c.background)).toEqual([true, false]);
    const back = fakeServer().on('tickets.mine', { counts: {}, items: [], nextCursor: null });
    await api.background((t) => t.tickets.mine.query({}, BACKGROUND));
    expect(back.calls.map((c) => c.background)).toEqual([true]);
  });
});
