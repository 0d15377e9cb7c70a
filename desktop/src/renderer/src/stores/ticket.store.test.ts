import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api';
import { ME, OTHER_ID, api, event, resetApiMock, ticket } from '../test/api-mock';
import { useSessionStore } from './session.store';
import { describeLostRace, useTicketStore } from './ticket.store';

vi.mock('../api', async (original) => ({ ...(await original<object>()), ...(await import('../test/api-mock')).apiModule }));

beforeEach(() => {
  resetApiMock();
  setActivePinia(createPinia());
  useSessionStore().user = ME;
});

describe('the open ticket', () => {
  it('loads when opened and offers exactly its allowed actions', async () => {
    api.ticket.mockResolvedValue(ticket({ actions: ['note'] }));
    const store = useTicketStore();
    store.open('2026-000042');
    await vi.waitFor(() => expect(store.ticket).not.toBeNull());
    expect(store.can('note')).toBe(true);
    expect(store.can('take')).toBe(false);
  });

  it('replaces the ticket with what each action answers', async () => {
    api.ticket.mockResolvedValue(ticket());
    const taken = ticket({ status: 'in_progress', actions: ['assign', 'comment', 'note', 'request_info', 'resolve', 'close'] });
    api.take.mockResolvedValue(taken);
    const store = useTicketStore();
    store.open('2026-000042');
    expect(await store.take()).toBe(true);
    expect(api.take).toHaveBeenCalledWith('2026-000042');
    expect(store.ticket).toEqual(taken);
  });

  it.each([
    ['comment', (s: ReturnType<typeof useTicketStore>) => s.comment('Olá'), () => api.comment, ['2026-000042', 'Olá', []]],
    ['note', (s: ReturnType<typeof useTicketStore>) => s.note('Nota'), () => api.note, ['2026-000042', 'Nota', []]],
    ['request_info', (s: ReturnType<typeof useTicketStore>) => s.requestInfo('Envie'), () => api.requestInfo, ['2026-000042', 'Envie']],
    ['resolve', (s: ReturnType<typeof useTicketStore>) => s.resolve('Feito'), () => api.resolve, ['2026-000042', 'Feito']],
    ['close', (s: ReturnType<typeof useTicketStore>) => s.closeTicket('duplicate', 'Igual ao 2026-000001'), () => api.close, ['2026-000042', 'duplicate', 'Igual ao 2026-000001']],
    ['assign', (s: ReturnType<typeof useTicketStore>) => s.assign('b'.repeat(24)), () => api.assign, ['2026-000042', 'b'.repeat(24)]],
  ] as const)('%s calls its procedure', async (_name, run, procedure, args) => {
    api.ticket.mockResolvedValue(ticket());
    procedure().mockResolvedValue(ticket());
    const store = useTicketStore();
    store.open('2026-000042');
    await run(store);
    expect(procedure()).toHaveBeenCalledWith(...args);
  });

  it('uploads the files of an answer first and sends their ids with it', async () => {
    api.ticket.mockResolvedValue(ticket());
    api.upload.mockImplementation(async (file: File) => ({ id: `id-${file.name}`, name: file.name, size: file.size, contentType: 'text/plain' }));
    api.comment.mockResolvedValue(ticket());
    const store = useTicketStore();
    store.open('2026-000042');
    const files = [new File(['a'], 'a.txt'), new File(['b'], 'b.txt')];
    expect(await store.comment('Segue o modelo.', files)).toBe(true);
    expect(api.upload).toHaveBeenCalledTimes(2);
    expect(api.comment).toHaveBeenCalledWith('2026-000042', 'Segue o modelo.', ['id-a.txt', 'id-b.txt']);
  });

  it('sends nothing when an upload is refused, and says why', async () => {
    api.ticket.mockResolvedValue(ticket());
    api.upload.mockRejectedValue(new ApiError('file_type', 'Tipo de arquivo não permitido.'));
    const store = useTicketStore();
    store.open('2026-000042');
    expect(await store.note('Print', [new File(['x'], 'x.png')])).toBe(false);
    expect(api.note).not.toHaveBeenCalled();
    expect(store.actionError).toBe('Tipo de arquivo não permitido.');
  });

  it('shows the conflict and reloads what the ticket became', async () => {
    api.ticket.mockResolvedValueOnce(ticket()).mockResolvedValueOnce(ticket({ status: 'in_progress', actions: ['note'] }));
    api.take.mockRejectedValue(new ApiError('conflict', 'O chamado foi alterado por outra pessoa enquanto você agia.'));
    const store = useTicketStore();
    store.open('2026-000042');
    await vi.waitFor(() => expect(store.ticket).not.toBeNull());
    expect(await store.take()).toBe(false);
    expect(store.actionError).toMatch(/alterado por outra pessoa/);
    await vi.waitFor(() => expect(store.ticket?.status).toBe('in_progress'));
  });

  it('does not let a load started before an action bring back the old state', async () => {
    let answerLoad!: (t: unknown) => void;
    api.ticket.mockImplementationOnce(() => new Promise((resolve) => (answerLoad = resolve)));
    api.take.mockResolvedValue(ticket({ status: 'in_progress' }));
    const store = useTicketStore();
    store.open('2026-000042');
    await store.take();
    answerLoad(ticket({ status: 'open' }));
    await new Promise((r) => setTimeout(r, 0));
    expect(store.ticket?.status).toBe('in_progress');
  });

  it('reveals the CPF on request only', async () => {
    api.ticket.mockResolvedValue(ticket());
    api.revealCpf.mockResolvedValue({ cpf: '123.456.789-09' });
    const store = useTicketStore();
    store.open('2026-000042');
    expect(store.revealedCpf).toBeNull();
    await store.revealCpf();
    expect(api.revealCpf).toHaveBeenCalledWith('2026-000042');
    expect(store.revealedCpf).toBe('123.456.789-09');
    store.hideCpf();
    expect(store.revealedCpf).toBeNull();
  });

  it('reloads quietly when a live event concerns it, and ignores the others', async () => {
    api.ticket.mockResolvedValue(ticket());
    const store = useTicketStore();
    store.open('2026-000042');
    await vi.waitFor(() => expect(store.ticket).not.toBeNull());
    store.onDeskEvent(event('answered', '2026-000099'));
    await new Promise((r) => setTimeout(r, 200));
    expect(api.ticket).toHaveBeenCalledTimes(1);
    store.onDeskEvent(event('answered', '2026-000042'));
    store.onDeskEvent(event('changed', '2026-000042'));
    await vi.waitFor(() => expect(api.ticket).toHaveBeenCalledTimes(2));
    await new Promise((r) => setTimeout(r, 200));
    expect(api.ticket).toHaveBeenCalledTimes(2);
    expect(api.ticket).toHaveBeenLastCalledWith('2026-000042', true); // background: not the attendant's activity
    expect(store.lastRemoteChange?.kind).toBe('answered');
    expect(store.loading).toBe(false);
  });

  it("does not reload for this attendant's own change (the action's answer is already shown)", async () => {
    api.ticket.mockResolvedValue(ticket());
    const store = useTicketStore();
    store.open('2026-000042');
    await vi.waitFor(() => expect(store.ticket).not.toBeNull());
    store.onDeskEvent(event('changed', '2026-000042', { actor: { id: ME.id, name: ME.name, role: 'attendant' }, event: 'note' }));
    await new Promise((r) => setTimeout(r, 200));
    expect(api.ticket).toHaveBeenCalledTimes(1);
    store.onDeskEvent(event('changed', '2026-000042', { actor: { id: OTHER_ID, name: 'Carlos Mendes', role: 'attendant' }, event: 'note' }));
    await vi.waitFor(() => expect(api.ticket).toHaveBeenCalledTimes(2));
  });

  it('names the colleague who won the race and what they did, and shows the ticket as it is now', async () => {
    const at = new Date(Date.now() - 10_000).toISOString();
    api.ticket.mockResolvedValueOnce(ticket({ status: 'in_progress' })).mockResolvedValueOnce(ticket({ status: 'awaiting_approval', actions: ['note'] }));
    api.resolve.mockRejectedValue(
      new ApiError('invalid_transition', 'Esta ação não é permitida.', {}, { lastChange: { actor: { id: OTHER_ID, name: 'Carlos Mendes' }, event: 'resolve', at } }),
    );
    const store = useTicketStore();
    store.open('2026-000042');
    await vi.waitFor(() => expect(store.ticket).not.toBeNull());
    expect(await store.resolve('Segue a solução.')).toBe(false);
    expect(store.actionError).toMatch(/^Carlos Mendes enviou uma solução há 1\d s\./);
    await vi.waitFor(() => expect(store.ticket?.status).toBe('awaiting_approval'));
  });

  it('describes a lost race in pt-BR', () => {
    const now = Date.parse('2026-03-02T12:05:00.000Z');
    const change = (event: string, at: string) => ({ actor: { id: OTHER_ID, name: 'Carlos Mendes' }, event, at });
    expect(describeLostRace(change('take', '2026-03-02T12:04:50.000Z'), now)).toMatch(/^Carlos Mendes assumiu o chamado há 10 s\./);
    expect(describeLostRace(change('comment', '2026-03-02T12:02:00.000Z'), now)).toMatch(/^Carlos Mendes enviou uma resposta há 3 min\./);
    expect(describeLostRace(change('novidade', '2026-03-02T12:04:59.000Z'), now)).toMatch(/^Carlos Mendes alterou o chamado há 1 s\./);
  });
});
