// The api module itself: how failures reach the screens, and how the live subscription is
// reported. The tRPC client underneath is replaced; nothing else is.
import { TRPCClientError } from '@trpc/client';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, readStreamItem, toApiError } from './index';

const subscribe = vi.fn();
const me = vi.fn();
vi.mock('./client', () => ({
  backgroundHeader: { enabled: true },
  createClient: (_base: string, token: () => Promise<string | null>) => ({
    auth: { me: { query: async () => me(await token()) } },
    desk: { events: { subscribe } },
  }),
}));

beforeEach(() => {
  subscribe.mockReset();
  me.mockReset();
  api.configure('http://desk.test');
  api.setBearer(null);
});

describe('toApiError', () => {
  it("keeps the server's pt-BR message, reason and field errors", () => {
    const error = TRPCClientError.from({
      error: { code: -32600, message: 'Esta identificação já está em uso. Escolha outra.', data: { reason: 'login_taken', fields: { login: 'Em uso.' } } },
    } as never);
    expect(toApiError(error)).toMatchObject({ reason: 'login_taken', message: 'Esta identificação já está em uso. Escolha outra.', fields: { login: 'Em uso.' } });
  });

  it('turns a network failure into a pt-BR message', () => {
    const failure = toApiError(TRPCClientError.from(new TypeError('Failed to fetch')));
    expect(failure.reason).toBe('network');
    expect(failure.message).toMatch(/Não foi possível falar com o servidor/);
    expect(toApiError(new TypeError('Failed to fetch')).reason).toBe('network');
    // Anything else is a fault of ours, not the connection's.
    expect(toApiError(new Error('boom')).reason).toBe('internal');
  });
});

describe('calls', () => {
  it('send the session token and report an expired session once', async () => {
    const expired = vi.fn();
    api.setUnauthenticatedHandler(expired);
    api.setBearer(() => 'tok_0123456789abcdef');
    me.mockRejectedValueOnce(TRPCClientError.from({ error: { code: -32001, message: 'Sua sessão expirou.', data: { reason: 'unauthenticated' } } } as never));
    await expect(api.me()).rejects.toBeInstanceOf(ApiError);
    expect(me).toHaveBeenCalledWith('tok_0123456789abcdef');
    expect(expired).toHaveBeenCalledTimes(1);
  });

  it('report that the server wants two-step verification enrolment first', async () => {
    const enrol = vi.fn();
    api.setEnrolmentRequiredHandler(enrol);
    api.setBearer(() => 'tok_0123456789abcdef');
    me.mockRejectedValueOnce(TRPCClientError.from({ error: { code: -32003, message: 'A verificação em duas etapas é obrigatória.', data: { reason: 'mfa_enrollment_required' } } } as never));
    await expect(api.me()).rejects.toMatchObject({ reason: 'mfa_enrollment_required' });
    expect(enrol).toHaveBeenCalledTimes(1);
  });
});

describe('subscribeDeskEvents', () => {
  function subscribeWith() {
    const handlers = { onStarted: vi.fn(), onEvent: vi.fn(), onConnecting: vi.fn(), onError: vi.fn() };
    const unsubscribe = vi.fn();
    subscribe.mockReturnValue({ unsubscribe });
    const stop = api.subscribeDeskEvents(handlers);
    const options = subscribe.mock.calls[0]![1] as Record<string, (arg?: unknown) => void>;
    return { handlers, options, stop, unsubscribe };
  }

  it('reports the start, each event and a dropped connection', () => {
    const { handlers, options } = subscribeWith();
    options.onStarted!();
    options.onData!({ id: '1', data: { kind: 'new_ticket', protocol: '2026-000001', at: 'x', status: 'open' } });
    options.onConnectionStateChange!({ type: 'state', state: 'connecting', error: null });
    expect(handlers.onConnecting).not.toHaveBeenCalled(); // the first connection is not a drop
    options.onConnectionStateChange!({ type: 'state', state: 'connecting', error: new Error('lost') });
    expect(handlers.onStarted).toHaveBeenCalled();
    expect(handlers.onEvent).toHaveBeenCalledWith(expect.objectContaining({ kind: 'new_ticket', id: '1' }), true);
    expect(handlers.onConnecting).toHaveBeenCalledTimes(1);
  });

  it('unwraps tracked events with their id, and resumes from the last id it is given', () => {
    const handlers = { onStarted: vi.fn(), onEvent: vi.fn(), onConnecting: vi.fn(), onError: vi.fn() };
    subscribe.mockReturnValue({ unsubscribe: vi.fn() });
    api.subscribeDeskEvents(handlers, '000000000041');
    expect(subscribe.mock.calls[0]![0]).toEqual({ lastEventId: '000000000041' });
    const options = subscribe.mock.calls[0]![1] as Record<string, (arg?: unknown) => void>;
    options.onData!({ id: '000000000042', data: { kind: 'new_ticket', protocol: '2026-000001', at: 'x', status: 'open' } });
    expect(handlers.onEvent).toHaveBeenCalledWith({ id: '000000000042', kind: 'new_ticket', protocol: '2026-000001', at: 'x', status: 'open' }, true);
    subscribe.mockClear();
    api.subscribeDeskEvents(handlers);
    expect(subscribe.mock.calls[0]![0]).toBeUndefined();
  });

  it('reports the end of the stream as an error to reconnect from, but not its own unsubscribe', () => {
    const first = subscribeWith();
    first.options.onComplete!();
    expect(first.handlers.onError).toHaveBeenCalledWith(expect.objectContaining({ reason: 'network' }));
    subscribe.mockReset();
    const second = subscribeWith();
    second.stop();
    second.options.onComplete!();
    expect(second.unsubscribe).toHaveBeenCalled();
    expect(second.handlers.onError).not.toHaveBeenCalled();
  });
});

describe('readStreamItem', () => {
  it('reads tracked items, plain events with their own id, and a reset; refuses the rest', () => {
    expect(readStreamItem({ id: '7', data: { kind: 'reset', at: 'x' } })).toEqual({ event: { id: '7', kind: 'reset', at: 'x' }, tracked: true });
    expect(readStreamItem({ id: 'a', kind: 'changed', protocol: 'p', at: 'x', status: 'open' })?.tracked).toBe(false);
    expect(readStreamItem({ kind: 'reset', at: 'x' })?.event.kind).toBe('reset');
    expect(readStreamItem({ kind: 'changed' })).toBeNull();
    expect(readStreamItem('text')).toBeNull();
  });
});

describe('conflicts', () => {
  it("keep the colleague's winning change from the error data", () => {
    const lastChange = { actor: { id: 'b'.repeat(24), name: 'Carlos Mendes' }, event: 'resolve', at: '2026-03-02T12:00:00.000Z' };
    const error = TRPCClientError.from({ error: { code: -32600, message: 'Esta ação não é permitida.', data: { reason: 'invalid_transition', lastChange } } } as never);
    expect(toApiError(error).lastChange).toEqual(lastChange);
  });
});
