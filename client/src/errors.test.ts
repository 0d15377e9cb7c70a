// The client core's error reading, as the widget and the desk both get it: the server's reason and
// pt-BR message, field messages, the wait of a too_many_attempts answer, the winner of a lost race,
// and the two failures that are not answers (network, aborted).
import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { ApiError, DEFAULT_ERROR_TEXTS, createErrorReader, reasonMessage } from './index';

const answer = (message: string, data: Record<string, unknown>) => TRPCClientError.from({ error: { code: -32600, message, data } } as never);

describe('createErrorReader', () => {
  const { toApiError, messageOf, answerError, networkError } = createErrorReader();

  it("keeps the server's reason, pt-BR message and field messages, typed", () => {
    const error = toApiError(answer('Esta identificação já está em uso.', { reason: 'login_taken', httpStatus: 409, fields: { login: 'Em uso.' } }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ reason: 'login_taken', message: 'Esta identificação já está em uso.', fields: { login: 'Em uso.' }, httpStatus: 409, lastChange: null });
    expect(error.network).toBe(false);
  });

  it('words a too_many_attempts answer with the wait in whole minutes, in the client\'s own words', () => {
    expect(toApiError(answer('Muitas tentativas.', { reason: 'too_many_attempts', retryAfter: 61 }))).toMatchObject({
      retryAfter: 61, message: DEFAULT_ERROR_TEXTS.tooManyAttempts(2),
    });
    const widget = createErrorReader({ network: 'Sem conexão; o que você digitou foi mantido.', tooManyAttempts: (m) => `Aguarde ${m} min.` });
    expect(widget.toApiError(answer('x', { reason: 'too_many_attempts', retryAfter: 30 })).message).toBe('Aguarde 1 min.');
    expect(widget.networkError().message).toBe('Sem conexão; o que você digitou foi mantido.');
    // Without a wait, the server's message stands.
    expect(toApiError(answer('Muitas tentativas.', { reason: 'too_many_attempts' }))).toMatchObject({ message: 'Muitas tentativas.', retryAfter: undefined });
  });

  it('carries the change that won a race, when the server names who made it', () => {
    const lastChange = { actor: { id: 'a1', name: 'Carlos Mendes' }, event: 'resolve', at: '2026-12-07T12:00:00.000Z' };
    expect(toApiError(answer('O chamado foi alterado.', { reason: 'conflict', lastChange })).lastChange).toEqual(lastChange);
    expect(toApiError(answer('O chamado foi alterado.', { reason: 'conflict', lastChange: { event: 'x' } })).lastChange).toBeNull();
  });

  it('tells a missing server from a refusal, and a given-up call from both', () => {
    expect(toApiError(TRPCClientError.from(new TypeError('Failed to fetch')))).toMatchObject({ reason: 'network', message: DEFAULT_ERROR_TEXTS.network });
    expect(toApiError(new TypeError('fetch failed')).network).toBe(true);
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    expect(toApiError(abort).reason).toBe('aborted');
    expect(toApiError(TRPCClientError.from(abort)).reason).toBe('aborted');
    expect(toApiError(new Error('boom'))).toMatchObject({ reason: 'internal', message: reasonMessage('internal') });
  });

  it('passes an ApiError through, and gives the message of anything', () => {
    const refused = new ApiError('forbidden', 'Sem permissão.');
    expect(toApiError(refused)).toBe(refused);
    expect(messageOf(refused)).toBe('Sem permissão.');
    expect(messageOf(answer('', { reason: 'not_found' }))).toBe(reasonMessage('not_found'));
    expect(answerError('file_type', '', { httpStatus: 400 })).toMatchObject({ message: reasonMessage('file_type'), httpStatus: 400 });
    expect(networkError().reason).toBe('network');
    expect(reasonMessage('no_such_reason')).toBe(reasonMessage('internal'));
  });
});
