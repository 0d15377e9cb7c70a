// The lists over real HTTP (SPEC §2.5, §4, §5): desk.queue's views, counts and order over a known set
// of tickets; its filters and search (protocol, CPF, accent-free name and subject word prefixes, literal
// metacharacters); keyset pagination for desk.queue and tickets.mine; the professional's list holding
// only their own tickets; and the CPF masked in every desk list.
import { localYear, queueOutput, type QueueView } from '@cau/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attendant, newPerson, signUp, type NewTicket } from '../support/fixtures';
import { expectReason, startTestServer, type TestServer } from '../support/harness';

type Professional = Awaited<ReturnType<typeof signUp>>;
type Attendant = Awaited<ReturnType<typeof attendant>>;
type QueueInput = Parameters<Attendant['api']['desk']['queue']['query']>[0];

const DESCRIPTION = 'Descrição detalhada do problema para o atendimento do conselho.';
const digitsOf = (cpf: string) => cpf.replace(/\D/g, '');
/** Keeps consecutive steps on distinct milliseconds, so orders by time never fall back to tie-breaks. */
const pause = () => new Promise((resolve) => setTimeout(resolve, 3));

describe('a known set of tickets', () => {
  let server: TestServer;
  let joao: Professional;
  let maria: Professional;
  let ana: Professional;
  let me: Attendant;
  let carla: Attendant;
  /** T1…T12 → protocol, in creation order. */
  const T: Record<string, string> = {};
  const named = (protocols: string[]) => protocols.map((p) => Object.keys(T).find((k) => T[k] === p) ?? p);

  /** The protocols, as T names, that `who` sees in `input`'s view (one page of up to 100). */
  async function listed(input: QueueInput, who: Attendant = me) {
    return named((await who.api.desk.queue.query({ limit: 100, ...input })).items.map((t) => t.protocol));
  }

  beforeAll(async () => {
    server = await startTestServer();
    [joao, maria, ana] = await Promise.all([
      signUp(server, { ...newPerson(), name: 'João da Silva Pereira' }),
      signUp(server, { ...newPerson(), name: 'Maria Conceição Souza' }),
      signUp(server, { ...newPerson(), name: 'Ana Lúcia Ribeiro' }),
    ]);
    me = await attendant(server, 'Bruno Atendente');
    carla = await attendant(server, 'Carla Colega');

    const specs: Array<[Professional, NewTicket]> = [
      [joao, { type: 'question', topic: 'annuity', annuityYear: 2024, subject: 'Boleto da anuidade em aberto', description: DESCRIPTION }],
      [maria, { type: 'error', topic: 'rrt', rrtNumber: '1000001', subject: 'Erro ao emitir RRT', description: DESCRIPTION }],
      [joao, { type: 'request', topic: 'registration', subject: 'Atualizar registro profissional', description: DESCRIPTION }],
      [maria, { type: 'question', topic: 'other', subject: 'Dúvida sobre certidão', description: DESCRIPTION }],
      [ana, { type: 'error', topic: 'annuity', annuityYear: 2023, subject: 'Anuidade cobrada duas vezes', description: DESCRIPTION }],
      [joao, { type: 'request', subject: 'Pedido de segunda via', description: DESCRIPTION }],
      [maria, { type: 'question', topic: 'rrt', rrtNumber: '1000007', subject: 'RRT extemporâneo', description: DESCRIPTION }],
      [ana, { type: 'error', topic: 'registration', subject: 'Erro no registro', description: DESCRIPTION }],
      [ana, { type: 'question', topic: 'other', subject: 'Certidão de acervo técnico', description: DESCRIPTION }],
      [joao, { type: 'request', topic: 'annuity', annuityYear: 2025, subject: 'Parcelamento da anuidade', description: DESCRIPTION }],
      [maria, { type: 'question', topic: 'rrt', rrtNumber: '1000011', subject: 'Baixa de RRT', description: DESCRIPTION }],
      [ana, { type: 'error', topic: 'other', subject: 'Sistema fora do ar (urgente)', description: DESCRIPTION }],
    ];
    for (const [i, [owner, input]] of specs.entries()) {
      T[`T${i + 1}`] = (await owner.api.tickets.create.mutate(input)).protocol;
      await pause();
    }

    // One step at a time, a few milliseconds apart, so every timestamp the views sort by follows this order.
    // It ends with: A atender T1 T2 T4 T12 T3 (respondido) · Pendente T6 T5 · Homologando T8 T7 ·
    // Fechados T10 T9 T11; Bruno holds T2 T3 T5 T8 (and the closed T10), Carla T4 T6 T7.
    const steps = [
      () => me.api.desk.take.mutate({ protocol: T.T2! }),
      () => me.api.desk.requestInfo.mutate({ protocol: T.T3!, message: 'Envie a certidão.' }),
      () => carla.api.desk.take.mutate({ protocol: T.T4! }),
      () => carla.api.desk.requestInfo.mutate({ protocol: T.T6!, message: 'Qual via?' }),
      () => me.api.desk.requestInfo.mutate({ protocol: T.T5!, message: 'Envie os comprovantes.' }),
      () => me.api.desk.resolve.mutate({ protocol: T.T8!, message: 'Registro corrigido.' }),
      () => carla.api.desk.resolve.mutate({ protocol: T.T7!, message: 'RRT registrado.' }),
      () => me.api.desk.close.mutate({ protocol: T.T11!, reason: 'invalid', message: 'Fora do escopo.' }),
      () => me.api.desk.close.mutate({ protocol: T.T9!, reason: 'duplicate', message: 'Duplicado.' }),
      () => me.api.desk.resolve.mutate({ protocol: T.T10!, message: 'Parcelamento liberado.' }),
      () => joao.api.tickets.approve.mutate({ protocol: T.T10!, rating: 5 }),
      () => joao.api.tickets.provideInfo.mutate({ protocol: T.T3!, message: 'Segue a certidão.' }),
    ];
    for (const step of steps) {
      await step();
      await pause();
    }
  });
  afterAll(() => server?.close());

  describe('views and counts', () => {
    it('counts every view exactly', async () => {
      const expected: Record<QueueView, number> = { todo: 5, mine: 4, pending_professional: 2, awaiting_approval: 2, closed: 3, all: 12 };
      for (const view of Object.keys(expected) as QueueView[]) {
        expect((await me.api.desk.queue.query({ view })).counts, view).toEqual(expected);
      }
      expect((await carla.api.desk.queue.query({ view: 'todo' })).counts).toEqual({ ...expected, mine: 3 });
    });

    it('A atender: open and in progress, oldest waiting first; an answered ticket re-enters at the end, flagged', async () => {
      const page = queueOutput.parse(await me.api.desk.queue.query({ view: 'todo' }));
      expect(named(page.items.map((t) => t.protocol))).toEqual(['T1', 'T2', 'T4', 'T12', 'T3']);
      expect(page.items.map((t) => t.answered)).toEqual([false, false, false, false, true]);
      const waiting = page.items.map((t) => Date.parse(t.waitingSince!));
      expect([...waiting].sort((a, b) => a - b)).toEqual(waiting);
      const t3 = page.items.at(-1)!;
      const t12 = page.items.find((t) => t.protocol === T.T12)!;
      expect(Date.parse(t3.waitingSince!)).toBeGreaterThan(Date.parse(t12.createdAt));
      expect(Date.parse(t3.createdAt)).toBeLessThan(Date.parse(t12.createdAt));
    });

    it("Meus: only the caller's assigned tickets that are not closed, last changed first", async () => {
      expect(await listed({ view: 'mine' })).toEqual(['T3', 'T8', 'T5', 'T2']);
      expect(await listed({ view: 'mine' }, carla)).toEqual(['T7', 'T6', 'T4']);
    });

    it('Pendente Profissional and Homologando: nearest deadline first', async () => {
      const pending = await me.api.desk.queue.query({ view: 'pending_professional' });
      expect(named(pending.items.map((t) => t.protocol))).toEqual(['T6', 'T5']);
      expect(Date.parse(pending.items[0]!.deadlineAt!)).toBeLessThan(Date.parse(pending.items[1]!.deadlineAt!));
      const awaiting = await me.api.desk.queue.query({ view: 'awaiting_approval' });
      expect(named(awaiting.items.map((t) => t.protocol))).toEqual(['T8', 'T7']);
      expect(awaiting.items.map((t) => t.status)).toEqual(['awaiting_approval', 'awaiting_approval']);
    });

    it('Fechados: most recently closed first', async () => {
      const closed = await me.api.desk.queue.query({ view: 'closed' });
      expect(named(closed.items.map((t) => t.protocol))).toEqual(['T10', 'T9', 'T11']);
      expect(closed.items.map((t) => t.outcome)).toEqual(['approved', 'cancelled', 'cancelled']);
    });

    it('Todos: every ticket, newest first', async () => {
      expect(await listed({ view: 'all' })).toEqual(['T12', 'T11', 'T10', 'T9', 'T8', 'T7', 'T6', 'T5', 'T4', 'T3', 'T2', 'T1']);
    });
  });

  describe('filters', () => {
    it('by type', async () => {
      expect(await listed({ view: 'all', type: 'error' })).toEqual(['T12', 'T8', 'T5', 'T2']);
      expect(await listed({ view: 'todo', type: 'question' })).toEqual(['T1', 'T4']);
    });

    it('by topic (tema)', async () => {
      expect(await listed({ view: 'all', topic: 'rrt' })).toEqual(['T11', 'T7', 'T2']);
      expect(await listed({ view: 'all', topic: 'annuity' })).toEqual(['T10', 'T5', 'T1']);
    });

    it("by assignee: an attendant's id, 'me' and 'none'", async () => {
      expect(await listed({ view: 'all', assignee: carla.id })).toEqual(['T7', 'T6', 'T4']);
      expect(await listed({ view: 'all', assignee: 'me' })).toEqual(['T10', 'T8', 'T5', 'T3', 'T2']);
      expect(await listed({ view: 'all', assignee: 'me' }, carla)).toEqual(['T7', 'T6', 'T4']);
      expect(await listed({ view: 'all', assignee: 'none' })).toEqual(['T12', 'T11', 'T9', 'T1']);
      expect(await listed({ view: 'todo', assignee: 'none' })).toEqual(['T1', 'T12']);
    });

    it('combined with each other', async () => {
      expect(await listed({ view: 'all', topic: 'rrt', assignee: 'me' })).toEqual(['T2']);
      expect(await listed({ view: 'all', type: 'request', topic: 'annuity' })).toEqual(['T10']);
      expect(await listed({ view: 'all', type: 'error', topic: 'rrt', assignee: carla.id })).toEqual([]);
    });

    it('refuses an assignee that is neither an id, me nor none', async () => {
      await expectReason(me.api.desk.queue.query({ view: 'all', assignee: 'someone' }), 'invalid_input', 400);
      await expectReason(me.api.desk.queue.query({ view: 'everything' as never }), 'invalid_input', 400);
    });
  });

  describe('search', () => {
    it('by full protocol and by protocol prefix', async () => {
      expect(await listed({ view: 'all', search: T.T5 })).toEqual(['T5']);
      expect(await listed({ view: 'all', search: ` ${T.T5} ` })).toEqual(['T5']);
      const year = String(localYear(new Date()));
      expect(T.T12).toBe(`${year}-000012`);
      expect(await listed({ view: 'all', search: `${year}-00001` })).toEqual(['T12', 'T11', 'T10']);
      expect(await listed({ view: 'all', search: `${year}-00000` })).toEqual(['T9', 'T8', 'T7', 'T6', 'T5', 'T4', 'T3', 'T2', 'T1']);
      expect(await listed({ view: 'todo', search: `${year}-00001` })).toEqual(['T12']);
    });

    it('by CPF, with or without punctuation', async () => {
      const anas = ['T12', 'T9', 'T8', 'T5'];
      expect(await listed({ view: 'all', search: ana.cpf })).toEqual(anas);
      expect(await listed({ view: 'all', search: digitsOf(ana.cpf) })).toEqual(anas);
      expect(await listed({ view: 'todo', search: digitsOf(ana.cpf) })).toEqual(['T12']);
    });

    it('by name words, ignoring accents and case', async () => {
      const joaos = ['T10', 'T6', 'T3', 'T1'];
      expect(await listed({ view: 'all', search: 'joao' })).toEqual(joaos);
      expect(await listed({ view: 'all', search: 'JOÃO' })).toEqual(joaos);
      expect(await listed({ view: 'all', search: 'conceicao' })).toEqual(['T11', 'T7', 'T4', 'T2']);
      expect(await listed({ view: 'todo', search: 'joão' })).toEqual(['T1', 'T3']);
    });

    it('by subject words, ignoring accents', async () => {
      expect(await listed({ view: 'all', search: 'anuidade' })).toEqual(['T10', 'T5', 'T1']);
      expect(await listed({ view: 'all', search: 'certidao' })).toEqual(['T9', 'T4']);
      expect(await listed({ view: 'all', search: 'Extemporaneo' })).toEqual(['T7']);
    });

    it('with several words, all must match', async () => {
      expect(await listed({ view: 'all', search: 'joao anuidade' })).toEqual(['T10', 'T1']);
      expect(await listed({ view: 'all', search: '  anuidade   joao ' })).toEqual(['T10', 'T1']);
      expect(await listed({ view: 'all', search: 'joao souza' })).toEqual([]);
    });

    it('treats regex metacharacters literally, without errors', async () => {
      expect(await listed({ view: 'all', search: '.*' })).toEqual([]);
      expect(await listed({ view: 'all', search: '(' })).toEqual(['T12']);
      // Words are matched by their beginning: ')' begins no word of any ticket.
      expect(await listed({ view: 'all', search: ')' })).toEqual([]);
      expect(await listed({ view: 'all', search: '(urg' })).toEqual(['T12']);
      expect(await listed({ view: 'all', search: 'ar (urgente)' })).toEqual(['T12']);
      for (const search of ['[', '\\', '^', '$', '+', '?', '{1}', '|', 'a|b', '.']) {
        expect(await listed({ view: 'all', search }), search).toEqual([]);
      }
    });
  });

  describe('what the desk lists show of the professional', () => {
    it('masks the CPF as ***.456.789-** everywhere in desk lists and desk.get', async () => {
      const owners: Record<string, Professional> = {};
      for (const p of [joao, maria, ana]) owners[p.user.id] = p;
      const page = await me.api.desk.queue.query({ view: 'all', limit: 100 });
      expect(page.items).toHaveLength(12);
      for (const item of page.items) {
        const digits = digitsOf(owners[item.professional.id]!.cpf);
        expect(item.professional.cpf).toBe(`***.${digits.slice(3, 6)}.${digits.slice(6, 9)}-**`);
      }
      const full = await me.api.desk.get.query({ protocol: T.T5! });
      expect(full.professional.cpf).toBe(`***.${digitsOf(ana.cpf).slice(3, 6)}.${digitsOf(ana.cpf).slice(6, 9)}-**`);

      const everything = JSON.stringify([page, full, ...(await Promise.all(['todo', 'closed'].map((view) => me.api.desk.queue.query({ view: view as QueueView }))))]);
      for (const p of [joao, maria, ana]) {
        expect(everything).not.toContain(digitsOf(p.cpf));
        expect(everything).not.toContain(p.cpf);
      }
    });
  });
});

describe('keyset pagination', () => {
  let server: TestServer;
  let many: Professional;
  let few: Professional;
  let desk: Attendant;
  let created: string[];

  beforeAll(async () => {
    server = await startTestServer();
    [many, few] = await Promise.all([signUp(server), signUp(server, { ...newPerson(), name: 'Fábio Poucos Chamados' })]);
    desk = await attendant(server);
    created = [];
    for (let batch = 0; batch < 6; batch++) {
      const input = { type: 'question' as const, subject: `Chamado em lote ${batch}`, description: DESCRIPTION };
      created.push(...(await Promise.all(Array.from({ length: 10 }, () => many.api.tickets.create.mutate(input).then((t) => t.protocol)))));
    }
  });
  afterAll(() => server?.close());

  /** Every page of `input`'s view, following nextCursor to the end. */
  async function allPages(input: QueueInput) {
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await desk.api.desk.queue.query({ ...input, cursor });
      pages.push(page.items.map((t) => t.protocol));
      cursor = page.nextCursor ?? undefined;
      expect(pages.length).toBeLessThan(10);
    } while (cursor);
    return pages;
  }

  describe('desk.queue', () => {
    it.each(['all', 'todo'] as const)('walks the %s view of 60 tickets in pages of 25, 25 and 10, in order, without duplicates or gaps', async (view) => {
      const pages = await allPages({ view, limit: 25 });
      expect(pages.map((p) => p.length)).toEqual([25, 25, 10]);
      const walked = pages.flat();
      expect(new Set(walked).size).toBe(60);
      expect([...walked].sort()).toEqual([...created].sort());
      const single = await desk.api.desk.queue.query({ view, limit: 100 });
      expect(single.nextCursor).toBeNull();
      expect(walked).toEqual(single.items.map((t) => t.protocol));
    });

    it('has nextCursor null on the last page, also when it is exactly full', async () => {
      const page = await desk.api.desk.queue.query({ view: 'all', limit: 60 });
      expect(page.items).toHaveLength(60);
      expect(page.nextCursor).toBeNull();
      const first = await desk.api.desk.queue.query({ view: 'all', limit: 59 });
      expect(first.nextCursor).not.toBeNull();
      const last = await desk.api.desk.queue.query({ view: 'all', limit: 59, cursor: first.nextCursor! });
      expect(last.items.map((t) => t.protocol)).toEqual([page.items.at(-1)!.protocol]);
      expect(last.nextCursor).toBeNull();
    });

    it('refuses a garbage cursor with invalid_input', async () => {
      const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const garbage = [
        'garbage', '%%%', b64([1, 2]), b64(['not a date', '0123456789abcdef01234567']), b64(['2026-01-01T00:00:00.000Z', 'xyz']),
        b64({ $gt: '' }), b64(['2026-01-01T00:00:00.000Z', { $ne: null }]), 'x'.repeat(600),
      ];
      for (const cursor of garbage) {
        await expectReason(desk.api.desk.queue.query({ view: 'all', cursor }), 'invalid_input', 400);
        await expectReason(many.api.tickets.mine.query({ cursor }), 'invalid_input', 400);
      }
    });

    it("a ticket created between page 1 and page 2 causes no duplicate in the 'all' view", async () => {
      const first = await desk.api.desk.queue.query({ view: 'all', limit: 25 });
      const newcomer = (await many.api.tickets.create.mutate({ type: 'error', subject: 'Chamado novo no meio', description: DESCRIPTION })).protocol;
      created.push(newcomer);
      const second = await desk.api.desk.queue.query({ view: 'all', limit: 25, cursor: first.nextCursor! });
      const third = await desk.api.desk.queue.query({ view: 'all', limit: 25, cursor: second.nextCursor! });
      expect(third.nextCursor).toBeNull();
      const walked = [first, second, third].flatMap((p) => p.items.map((t) => t.protocol));
      expect(walked).toHaveLength(60);
      expect(new Set(walked).size).toBe(60);
      expect(walked).not.toContain(newcomer);
      expect((await desk.api.desk.queue.query({ view: 'all', limit: 1 })).items[0]!.protocol).toBe(newcomer);
    });
  });

  describe("the professional's tickets.mine", () => {
    const fewTickets: Record<string, string> = {};

    beforeAll(async () => {
      const input = { type: 'request' as const, subject: 'Poucos chamados', description: DESCRIPTION };
      for (const name of ['open', 'taken1', 'taken2', 'pending', 'awaiting', 'closed']) {
        fewTickets[name] = (await few.api.tickets.create.mutate(input)).protocol;
      }
      await desk.api.desk.take.mutate({ protocol: fewTickets.taken1! });
      await pause();
      await desk.api.desk.take.mutate({ protocol: fewTickets.taken2! });
      await desk.api.desk.requestInfo.mutate({ protocol: fewTickets.pending!, message: 'Envie o documento.' });
      await desk.api.desk.resolve.mutate({ protocol: fewTickets.awaiting!, message: 'Feito.' });
      await desk.api.desk.close.mutate({ protocol: fewTickets.closed!, reason: 'duplicate', message: 'Duplicado.' });
      for (const protocol of created.slice(0, 3)) await desk.api.desk.take.mutate({ protocol });
    });

    it('counts only their own tickets, in the four counters', async () => {
      const mine = await few.api.tickets.mine.query({});
      expect(mine.counts).toEqual({ open: 1, pending_professional: 1, awaiting_approval: 1, closed: 1 });
      expect(mine.items.map((t) => t.protocol).sort()).toEqual(Object.values(fewTickets).sort());
      expect(mine.nextCursor).toBeNull();
      const theirs = await many.api.tickets.mine.query({});
      expect(theirs.counts).toEqual({ open: created.length - 3, pending_professional: 0, awaiting_approval: 0, closed: 0 });
    });

    it("filters by status, including in_progress, which has no counter", async () => {
      const byStatus = async (status: 'open' | 'in_progress' | 'pending_professional' | 'awaiting_approval' | 'closed') =>
        (await few.api.tickets.mine.query({ status })).items.map((t) => t.protocol);
      expect(await byStatus('in_progress')).toEqual([fewTickets.taken2, fewTickets.taken1]);
      expect(await byStatus('open')).toEqual([fewTickets.open]);
      expect(await byStatus('pending_professional')).toEqual([fewTickets.pending]);
      expect(await byStatus('awaiting_approval')).toEqual([fewTickets.awaiting]);
      expect(await byStatus('closed')).toEqual([fewTickets.closed]);
      expect((await many.api.tickets.mine.query({ status: 'in_progress' })).items.map((t) => t.protocol).sort()).toEqual(created.slice(0, 3).sort());
      await expectReason(few.api.tickets.mine.query({ status: 'archived' as never }), 'invalid_input', 400);
    });

    it('pages through 61 tickets in pages of 25, last changed first, never showing anyone else’s', async () => {
      const pages: Array<Array<{ protocol: string; updatedAt: string }>> = [];
      let cursor: string | undefined;
      do {
        const page = await many.api.tickets.mine.query({ cursor });
        pages.push(page.items);
        cursor = page.nextCursor ?? undefined;
        expect(pages.length).toBeLessThan(10);
      } while (cursor);
      expect(pages.map((p) => p.length)).toEqual([25, 25, 11]);
      const walked = pages.flat();
      expect(new Set(walked.map((t) => t.protocol)).size).toBe(61);
      expect(walked.map((t) => t.protocol).sort()).toEqual([...created].sort());
      const times = walked.map((t) => Date.parse(t.updatedAt));
      expect([...times].sort((a, b) => b - a)).toEqual(times);
      expect(walked.slice(0, 3).map((t) => t.protocol).sort()).toEqual(created.slice(0, 3).sort());
      for (const protocol of Object.values(fewTickets)) expect(walked.map((t) => t.protocol)).not.toContain(protocol);
    });

    it('searches by protocolo or subject words, and lists what waits on the professional, soonest deadline first', async () => {
      const boleto = (await few.api.tickets.create.mutate({ type: 'question', subject: 'Boleto da anuidade em aberto', description: DESCRIPTION })).protocol;
      const bySearch = async (search: string, status?: 'closed') => (await few.api.tickets.mine.query({ search, status })).items.map((t) => t.protocol);
      expect(await bySearch('boleto')).toEqual([boleto]);
      expect(await bySearch('  ANUIDADE  ')).toEqual([boleto]);
      expect(await bySearch(fewTickets.pending!)).toEqual([fewTickets.pending]);
      expect(await bySearch('inexistente')).toEqual([]);
      expect(await bySearch('poucos', 'closed')).toEqual([fewTickets.closed]);
      expect((await many.api.tickets.mine.query({ search: 'boleto' })).items).toEqual([]);

      const first = await few.api.tickets.mine.query({});
      expect(first.waiting.map((t) => t.protocol).sort()).toEqual([fewTickets.pending, fewTickets.awaiting].sort());
      const deadlines = first.waiting.map((t) => Date.parse(t.deadlineAt!));
      expect([...deadlines].sort((a, b) => a - b)).toEqual(deadlines);
      expect((await few.api.tickets.mine.query({ status: 'pending_professional' })).waiting.map((t) => t.protocol)).toEqual([fewTickets.pending]);
      expect((await few.api.tickets.mine.query({ status: 'closed' })).waiting).toEqual([]);
      expect((await few.api.tickets.mine.query({ search: 'boleto' })).waiting).toEqual([]);
      const second = await many.api.tickets.mine.query({ cursor: (await many.api.tickets.mine.query({})).nextCursor! });
      expect(second.waiting).toEqual([]);
      await expectReason(few.api.tickets.mine.query({ search: 'x'.repeat(101) }), 'invalid_input', 400);
    });

    it('with more tickets than a page, counts and lists what waits on the professional past the first page too; with fewer, the same from the page itself', async () => {
      const longer = await signUp(server);
      const input = { type: 'question' as const, subject: 'Histórico longo', description: DESCRIPTION };
      const protocols: string[] = [];
      for (let i = 0; i < 28; i++) protocols.push((await longer.api.tickets.create.mutate(input)).protocol);
      const [pending, awaiting, closed] = [protocols[0]!, protocols[1]!, protocols[2]!];
      await desk.api.desk.requestInfo.mutate({ protocol: pending, message: 'Envie o documento.' });
      await pause();
      await desk.api.desk.resolve.mutate({ protocol: awaiting, message: 'Feito.' });
      await desk.api.desk.close.mutate({ protocol: closed, reason: 'duplicate', message: 'Duplicado.' });
      // 25 changes after them: the waiting ones fall off the first page (last changed first).
      for (const protocol of protocols.slice(3)) await desk.api.desk.take.mutate({ protocol });
      const first = await longer.api.tickets.mine.query({});
      expect(first.items).toHaveLength(25);
      expect(first.items.map((t) => t.protocol)).not.toContain(pending);
      expect(first.items.map((t) => t.protocol)).not.toContain(awaiting);
      expect(first.counts).toEqual({ open: 0, pending_professional: 1, awaiting_approval: 1, closed: 1 });
      expect(first.waiting.map((t) => t.protocol)).toEqual([pending, awaiting]);

      // A professional with fewer tickets than a page gets the same figures from the page alone.
      const shorter = await signUp(server);
      const few3 = [];
      for (let i = 0; i < 3; i++) few3.push((await shorter.api.tickets.create.mutate(input)).protocol);
      await desk.api.desk.resolve.mutate({ protocol: few3[2]!, message: 'Feito.' });
      await pause();
      await desk.api.desk.requestInfo.mutate({ protocol: few3[0]!, message: 'Envie o documento.' });
      const all = await shorter.api.tickets.mine.query({});
      expect(all.nextCursor).toBeNull();
      expect(all.counts).toEqual({ open: 1, pending_professional: 1, awaiting_approval: 1, closed: 0 });
      // Soonest deadline first: the solution proposed first ends first.
      expect(all.waiting.map((t) => t.protocol)).toEqual([few3[2], few3[0]]);
      expect(all.waiting.map((t) => t.deadlineAt)).toEqual([...all.waiting.map((t) => t.deadlineAt)].sort());
    });
  });
});
