import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { COUNTS, ME, OTHER_ID, api, event, item, page, presence, resetApiMock } from '../test/api-mock';
import { PAGE_SIZE, useQueueStore } from './queue.store';
import { useSessionStore } from './session.store';

vi.mock('../api', async (original) => ({ ...(await original<object>()), ...(await import('../test/api-mock')).apiModule }));

beforeEach(() => {
  resetApiMock();
  setActivePinia(createPinia());
  useSessionStore().user = ME;
});
afterEach(() => vi.useRealTimers());

describe('the queue store', () => {
  it('loads the first page of a view with its filters and search', async () => {
    const rows = [item(), item()];
    api.queue.mockResolvedValue(page(rows, 'cursor-1'));
    const queue = useQueueStore();
    queue.filters.type = 'error';
    queue.filters.assignee = 'me';
    queue.search = '  boleto ';
    await queue.load();
    expect(api.queue).toHaveBeenCalledWith({ view: 'todo', type: 'error', assignee: 'me', search: 'boleto', limit: PAGE_SIZE });
    expect(queue.items).toEqual(rows);
    expect(queue.counts?.todo).toBe(3);
    expect(queue.hasMore).toBe(true);
  });

  it('pages with the keyset cursor, without duplicates, until there is no next page', async () => {
    const first = [item(), item()];
    const second = [first[1]!, item()];
    api.queue.mockResolvedValueOnce(page(first, 'c1')).mockResolvedValueOnce(page(second, null));
    const queue = useQueueStore();
    await queue.load();
    await queue.loadMore();
    expect(api.queue).toHaveBeenLastCalledWith({ view: 'todo', cursor: 'c1', limit: PAGE_SIZE });
    expect(queue.items.map((i) => i.protocol)).toEqual([first[0]!.protocol, first[1]!.protocol, second[1]!.protocol]);
    await queue.loadMore();
    expect(api.queue).toHaveBeenCalledTimes(2);
  });

  it('drops the answer of a query the attendant has already moved away from', async () => {
    let answerOld!: (value: unknown) => void;
    api.queue.mockImplementationOnce(() => new Promise((resolve) => (answerOld = resolve)));
    const newer = [item({ status: 'closed' })];
    api.queue.mockResolvedValueOnce(page(newer));
    const queue = useQueueStore();
    const old = queue.load();
    queue.setView('closed');
    await vi.waitFor(() => expect(queue.items).toEqual(newer));
    answerOld(page([item()]));
    await old;
    expect(queue.items).toEqual(newer);
    expect(queue.view).toBe('closed');
  });

  it('refreshes once per burst of events without rows (older server), quietly, keeping the cursor on its ticket', async () => {
    vi.useFakeTimers();
    const [a, b, c] = [item(), item(), item()];
    api.queue.mockResolvedValueOnce(page([a!, b!]));
    const queue = useQueueStore();
    await queue.load();
    queue.setActive(b!.protocol);
    api.queue.mockResolvedValueOnce(page([c!, a!, b!], null, { todo: 3, mine: 0, pending_professional: 0, awaiting_approval: 0, closed: 0, all: 3 }));
    queue.onDeskEvent(event('new_ticket', c!.protocol));
    queue.onDeskEvent(event('changed', c!.protocol));
    await vi.runAllTimersAsync();
    expect(api.queue).toHaveBeenCalledTimes(2);
    expect(api.queue.mock.calls[1]![1]).toBe(true); // x-cau-background: not the attendant's activity
    expect(queue.items).toHaveLength(3);
    expect(queue.active?.protocol).toBe(b!.protocol);
  });

  it('with many rows loaded, refreshes the counts only and offers a reload', async () => {
    const many = Array.from({ length: 150 }, () => item());
    api.queue.mockResolvedValueOnce(page(many.slice(0, 100), 'c1')).mockResolvedValueOnce(page(many.slice(100), 'c2'));
    const queue = useQueueStore();
    await queue.load();
    await queue.loadMore();
    api.queue.mockResolvedValueOnce(page([item()], 'x', { ...page([]).counts, todo: 151 }));
    await queue.refresh();
    expect(api.queue).toHaveBeenLastCalledWith({ view: 'todo', limit: 1 }, undefined);
    expect(queue.items).toHaveLength(150);
    expect(queue.counts?.todo).toBe(151);
    expect(queue.stale).toBe(true);
  });

  it('moves the keyboard cursor within bounds and fetches more near the end', async () => {
    api.queue.mockResolvedValueOnce(page([item(), item(), item()], 'c1')).mockResolvedValueOnce(page([item()]));
    const queue = useQueueStore();
    await queue.load();
    queue.move(-1);
    expect(queue.activeIndex).toBe(0);
    queue.move(1);
    expect(queue.activeIndex).toBe(1);
    await vi.waitFor(() => expect(queue.items).toHaveLength(4));
    queue.move(10);
    expect(queue.activeIndex).toBe(3);
  });

  it('keeps the error message of a failed load for the screen', async () => {
    const { ApiError } = await import('../api');
    api.queue.mockRejectedValueOnce(new ApiError('forbidden', 'Você não tem permissão para esta ação.'));
    const queue = useQueueStore();
    await queue.load();
    expect(queue.error).toBe('Você não tem permissão para esta ação.');
    expect(queue.loading).toBe(false);
  });
});

describe('live events that carry their row and counts', () => {
  const at = (minute: number) => `2026-03-02T12:${String(minute).padStart(2, '0')}:00.000Z`;
  const withRow = (kind: Parameters<typeof event>[0], row: ReturnType<typeof item>, counts: Partial<typeof COUNTS> = {}) =>
    event(kind, row.protocol, { row, counts: { ...COUNTS, ...counts }, actor: { id: OTHER_ID, name: 'Carlos Mendes', role: 'attendant' } });

  async function loaded(rows: ReturnType<typeof item>[], cursor: string | null = null) {
    api.queue.mockResolvedValueOnce(page(rows, cursor));
    const queue = useQueueStore();
    await queue.load();
    api.queue.mockClear();
    return queue;
  }

  it('insert a new ticket in its place in the view, take the counts, and fetch nothing', async () => {
    vi.useFakeTimers();
    const a = item({ waitingSince: at(1) });
    const b = item({ waitingSince: at(5) });
    const queue = await loaded([a, b]);
    queue.setActive(b.protocol);
    const c = item({ waitingSince: at(3) });
    queue.onDeskEvent(withRow('new_ticket', c, { todo: 4, all: 4 }));
    await vi.runAllTimersAsync();
    expect(queue.items.map((i) => i.protocol)).toEqual([a.protocol, c.protocol, b.protocol]);
    expect(queue.active?.protocol).toBe(b.protocol);
    expect(queue.counts).toMatchObject({ todo: 4, all: 4 });
    expect(api.queue).not.toHaveBeenCalled();
  });

  it('update a listed row in place, and take out a row that left the view', async () => {
    const a = item();
    const b = item();
    const queue = await loaded([a, b]);
    queue.onDeskEvent(withRow('commented', { ...a, subject: 'Assunto novo', status: 'in_progress' }));
    expect(queue.items[0]).toMatchObject({ protocol: a.protocol, subject: 'Assunto novo' });
    queue.onDeskEvent(withRow('changed', { ...b, status: 'awaiting_approval' }, { todo: 2, awaiting_approval: 1 }));
    expect(queue.items.map((i) => i.protocol)).toEqual([a.protocol]);
    expect(queue.counts).toMatchObject({ todo: 2, awaiting_approval: 1 });
    expect(api.queue).not.toHaveBeenCalled();
  });

  it('respect the filters, and with a search on only update rows already listed', async () => {
    const a = item({ type: 'error' });
    const queue = await loaded([a]);
    queue.filters.type = 'error';
    queue.onDeskEvent(withRow('new_ticket', item({ type: 'question' })));
    expect(queue.items).toHaveLength(1);
    queue.search = 'boleto';
    queue.onDeskEvent(withRow('new_ticket', item({ type: 'error' })));
    expect(queue.items).toHaveLength(1);
  });

  it("leave a row past the last loaded one to paging, and keep the 'mine' count per attendant", async () => {
    const a = item({ waitingSince: at(1) });
    const queue = await loaded([a], 'cursor-1');
    const later = item({ waitingSince: at(9) });
    queue.onDeskEvent(withRow('new_ticket', later, { mine: 99 }));
    expect(queue.items).toHaveLength(1);
    expect(queue.counts?.mine).toBe(COUNTS.mine); // the event's 'mine' is someone else's
    queue.onDeskEvent(withRow('assigned', { ...a, status: 'in_progress', assignee: { id: ME.id, name: ME.name } }));
    expect(queue.counts?.mine).toBe(COUNTS.mine + 1);
    queue.onDeskEvent(withRow('assigned', { ...a, status: 'in_progress', assignee: { id: OTHER_ID, name: 'Carlos Mendes' } }));
    expect(queue.counts?.mine).toBe(COUNTS.mine);
  });

  it("keep a later event's counts over an answer counted before it, and take the answer's 'mine'", async () => {
    const a = item();
    const queue = await loaded([a]);
    // An action, then its refresh: the event (sequence 8) comes on the stream before the answer,
    // which the server counted at sequence 7.
    let answer!: (value: ReturnType<typeof page>) => void;
    api.queue.mockReturnValueOnce(new Promise((resolve) => (answer = resolve)));
    const refreshed = queue.refresh();
    queue.onDeskEvent({ ...withRow('changed', { ...a, status: 'awaiting_approval' }, { todo: 2, awaiting_approval: 1 }), id: '000000000008' });
    answer({ ...page([], null, { ...COUNTS, todo: 3, awaiting_approval: 0, mine: 5 }), countsSeq: 7 });
    await refreshed;
    expect(queue.counts).toMatchObject({ todo: 2, awaiting_approval: 1, mine: 5 });
    // An event older than the counts held (the answer counted past it) leaves them as they are.
    api.queue.mockResolvedValueOnce({ ...page([a], null, { ...COUNTS, todo: 1, awaiting_approval: 2, mine: 5 }), countsSeq: 10 });
    await queue.refresh();
    queue.onDeskEvent({ ...withRow('changed', { ...a, status: 'in_progress' }, { todo: 2, awaiting_approval: 1 }), id: '000000000009' });
    expect(queue.counts).toMatchObject({ todo: 1, awaiting_approval: 2 });
    // An answer at or past the last event stands; after a resync any answer does.
    api.queue.mockResolvedValueOnce({ ...page([a], null, { ...COUNTS, todo: 4 }), countsSeq: 10 });
    await queue.refresh();
    expect(queue.counts?.todo).toBe(4);
    api.queue.mockResolvedValueOnce({ ...page([a], null, { ...COUNTS, todo: 6 }), countsSeq: 1 });
    await queue.refresh({ resync: true });
    expect(queue.counts?.todo).toBe(6);
  });

  it('keep the rows live events changed while a refresh was on its way over its answer, read before them', async () => {
    const [a, b] = [item({ waitingSince: at(1) }), item({ waitingSince: at(2) })];
    const queue = await loaded([a, b]);
    let answer!: (value: ReturnType<typeof page>) => void;
    api.queue.mockReturnValueOnce(new Promise((resolve) => (answer = resolve)));
    const refreshed = queue.refresh();
    // Meanwhile a colleague proposes a solution for a (it leaves "A fazer") and a new ticket comes.
    const c = item({ waitingSince: at(3), updatedAt: at(3) });
    queue.onDeskEvent({ ...withRow('changed', { ...a, status: 'awaiting_approval', updatedAt: at(4) }), id: '000000000008' });
    queue.onDeskEvent({ ...withRow('new_ticket', c), id: '000000000009' });
    // The answer was read before both (its counts are at event 7).
    answer({ ...page([a, b]), countsSeq: 7 });
    await refreshed;
    expect(queue.items.map((i) => i.protocol)).toEqual([b.protocol, c.protocol]);

    // Where the answer's counts are at the event or past it, its row stands (read after the change);
    // so does a row newer than the event's. Otherwise the event's row does.
    const d = item({ waitingSince: at(4), updatedAt: at(4) });
    queue.onDeskEvent({ ...withRow('new_ticket', d), id: '000000000010' });
    api.queue.mockReturnValueOnce(new Promise((resolve) => (answer = resolve)));
    const again = queue.refresh();
    queue.onDeskEvent({ ...withRow('changed', { ...b, subject: 'Evento 11', updatedAt: at(5) }), id: '000000000011' });
    queue.onDeskEvent({ ...withRow('changed', { ...c, subject: 'Evento 13', updatedAt: at(5) }), id: '000000000013' });
    queue.onDeskEvent({ ...withRow('changed', { ...d, subject: 'Evento 14', updatedAt: at(5) }), id: '000000000014' });
    answer({
      ...page([{ ...b, subject: 'Resposta' }, { ...c, subject: 'Resposta, mais nova', updatedAt: at(6) }, { ...d, subject: 'Resposta, lida antes' }]),
      countsSeq: 12,
    });
    await again;
    expect(queue.items.map((i) => i.subject)).toEqual(['Resposta', 'Resposta, mais nova', 'Evento 14']);
  });

  it('ignore presence events', async () => {
    const queue = await loaded([item()]);
    queue.onDeskEvent(presence('viewing'));
    expect(queue.items).toHaveLength(1);
    expect(api.queue).not.toHaveBeenCalled();
  });
});
