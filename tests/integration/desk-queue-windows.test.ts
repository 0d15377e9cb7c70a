// The desk's broad views paged through time windows (server/src/tickets/keyset.ts, `inWindows`),
// as a big collection is (SORT_WINDOWS_FROM=0 makes every collection big here). The tickets are
// spread over two years, most in a few bursts of equal timestamps, some ahead of the server's clock
// (another instance's), some within the first windows: paging the newest-first views (`all`,
// `closed`) and the oldest-first ones (`todo` by waiting time, `pending_professional` by deadline),
// with and without a type filter, page by page gives exactly the order sorted here, each ticket
// once, across every widening of the window and the unbounded read at the end; and a ticket older
// than the view's first value as the server last read it is still listed first.
import { ObjectId, type Document } from 'mongodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { attendant, signUp, TICKET } from '../support/fixtures';
import { TIE_READ } from '../../server/src/tickets/keyset';
import { serverForBlock, type TestServer } from '../support/harness';

const HOUR = 3_600_000;
const PAGE = 7;

describe('newest-first views through time windows', () => {
  let server: TestServer;
  let desk: Awaited<ReturnType<typeof attendant>>;
  serverForBlock((s) => (server = s), { SORT_WINDOWS_FROM: '0' });

  beforeAll(async () => {
    const pro = await signUp(server);
    desk = await attendant(server);
    const { protocol } = await pro.api.tickets.create.mutate(TICKET);
    const template = (await server.db.collection('tickets').findOne({ protocol }))!;
    const now = Date.now();
    // Offsets before now, in hours: within the first window (1 h), each widening (8 h, 64 h, 512 h,
    // 4096 h) and beyond it (two years); bursts share one instant; a few lie ahead of the clock.
    const offsets = [-3, -0.5, 0.2, 0.2, 0.2, 0.9, 2, 5, 5, 5, 7.9, 12, 30, 63, 64, 64, 100, 300, 511, 600, 1000, 3000, 4095,
      4097, 5000, 5000, 5000, 8000, 12000, 17000];
    const docs: Document[] = [];
    offsets.forEach((hours, i) => {
      for (const status of ['closed', i % 2 ? 'open' : 'in_progress', 'pending_professional'] as const) {
        const at = new Date(now - hours * HOUR);
        const { _id: _skip, ...rest } = template;
        docs.push({
          ...rest,
          _id: new ObjectId(),
          protocol: `2020-${String(docs.length + 100).padStart(6, '0')}`,
          type: (['question', 'error', 'request'] as const)[i % 3],
          status,
          createdAt: at,
          updatedAt: at,
          closedAt: status === 'closed' ? new Date(at.getTime() + (i % 4) * HOUR) : null,
          waitingSince: status === 'open' || status === 'in_progress' ? at : null,
          // Deadlines all ahead (the expiry job would close the others), as spread and bunched as the rest.
          deadlineAt: status === 'pending_professional' ? new Date(now + Math.abs(hours) * HOUR + 60_000) : null,
          liveOutbox: [],
        });
      }
    });
    await server.db.collection('tickets').insertMany(docs);
  });

  /** Every protocol of `view` as the desk pages through it, PAGE at a time. */
  async function paged(view: 'all' | 'closed' | 'todo' | 'pending_professional', type?: 'question' | 'error' | 'request') {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const page = await desk.api.desk.queue.query({ view, limit: PAGE, ...(type ? { type } : {}), ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((t) => t.protocol));
      if (!page.nextCursor) return seen;
      cursor = page.nextCursor;
    }
    throw new Error('more than 100 pages');
  }

  /** The same, sorted here from what is stored: the field descending, then _id descending. */
  async function expected(field: 'createdAt' | 'closedAt', filter: Document) {
    const rows = await server.db.collection('tickets').find(filter).toArray();
    return rows.sort((a, b) => (b[field] as Date).getTime() - (a[field] as Date).getTime() || (String(b._id) < String(a._id) ? -1 : 1)).map((t) => t.protocol as string);
  }

  /** Oldest first: the field ascending, then _id ascending. */
  async function expectedOldestFirst(field: 'waitingSince' | 'deadlineAt', filter: Document) {
    const rows = await server.db.collection('tickets').find(filter).toArray();
    return rows.sort((a, b) => (a[field] as Date).getTime() - (b[field] as Date).getTime() || (String(a._id) < String(b._id) ? -1 : 1)).map((t) => t.protocol as string);
  }

  const TODO = { status: { $in: ['open', 'in_progress'] } };

  it('Todos: every ticket once, newest first, ties by id, across every window', async () => {
    const want = await expected('createdAt', {});
    expect(want.length).toBe(91);
    expect(await paged('all')).toEqual(want);
  });

  it('Todos with a type filter', async () => {
    for (const type of ['question', 'error', 'request'] as const) {
      expect(await paged('all', type)).toEqual(await expected('createdAt', { type }));
    }
  });

  it('Fechados: most recently closed first', async () => {
    expect(await paged('closed')).toEqual(await expected('closedAt', { status: 'closed' }));
    expect(await paged('closed', 'error')).toEqual(await expected('closedAt', { status: 'closed', type: 'error' }));
  });

  it('A atender: longest waiting first, ties by id, across every window; with a type filter too', async () => {
    const want = await expectedOldestFirst('waitingSince', TODO);
    expect(want.length).toBe(31);
    expect(await paged('todo')).toEqual(want);
    for (const type of ['question', 'error', 'request'] as const) {
      expect(await paged('todo', type)).toEqual(await expectedOldestFirst('waitingSince', { ...TODO, type }));
    }
  });

  it('Pendente Profissional: soonest deadline first', async () => {
    const want = await expectedOldestFirst('deadlineAt', { status: 'pending_professional' });
    expect(want.length).toBe(30);
    expect(await paged('pending_professional')).toEqual(want);
    expect(await paged('pending_professional', 'error')).toEqual(await expectedOldestFirst('deadlineAt', { status: 'pending_professional', type: 'error' }));
  });

  it('lists first a ticket older than the view\'s first value as the server last read it (written behind its back)', async () => {
    await paged('todo'); // the server has read the queue's oldest waiting time
    const template = (await server.db.collection('tickets').findOne({ status: 'open' }))!;
    const { _id: _skip, ...rest } = template;
    const older = { ...rest, _id: new ObjectId(), protocol: '2019-000001', status: 'open', waitingSince: new Date(Date.now() - 30_000 * HOUR) };
    await server.db.collection('tickets').insertOne(older);
    const first = await desk.api.desk.queue.query({ view: 'todo', limit: PAGE });
    expect(first.items[0]!.protocol).toBe('2019-000001');
    expect(await paged('todo')).toEqual(await expectedOldestFirst('waitingSince', TODO));
  });

  // Last: it adds 600 closed tickets to the views above.
  it('a batch closed at one instant, larger than the ties read at once, pages through each once', async () => {
    const template = (await server.db.collection('tickets').findOne({ status: 'closed' }))!;
    const { _id: _skip, ...rest } = template;
    const instant = new Date(Date.now() - 2 * HOUR);
    const batch = Array.from({ length: TIE_READ + 100 }, (_, i) => ({ ...rest, _id: new ObjectId(), protocol: `2018-${String(i).padStart(6, '0')}`, status: 'closed', closedAt: instant }));
    await server.db.collection('tickets').insertMany(batch);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const page = await desk.api.desk.queue.query({ view: 'closed', limit: 90, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((t) => t.protocol));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(await expected('closedAt', { status: 'closed' }));
    expect(seen.filter((p) => p.startsWith('2018-'))).toHaveLength(TIE_READ + 100);
  });
});
