// The lifecycle rules of SPEC §3 over real HTTP: every (state, action) pair the table refuses answers
// invalid_transition and stores nothing; ownership and roles; the attendant rows (take, assign, note,
// comment, close); input validation; ticket creation and protocols; concurrent actors (exactly one
// wins, nothing lost or applied twice); and the history entry each change leaves.
import { deskTicketOutput, localYear, ticketOutput, type Status } from '@cau/shared';
import { BSON } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminSession, attendant, newPerson, openTicket, signUp, storedTicket, ticketIn, TICKET,
} from '../support/fixtures';
import { expectReason, startTestServer, type TestServer } from '../support/harness';

type Professional = Awaited<ReturnType<typeof signUp>>;
type Attendant = Awaited<ReturnType<typeof attendant>>;

let server: TestServer;
let pro: Professional;
let other: Professional;
let desk: Attendant;
let colleague: Attendant;

beforeAll(async () => {
  server = await startTestServer();
  [pro, other] = await Promise.all([signUp(server), signUp(server, { ...newPerson(), name: 'Otávio Outro Profissional' })]);
  desk = await attendant(server, 'Bruno Atendente');
  colleague = await attendant(server, 'Carla Colega');
});
afterAll(() => server?.close());

/**
 * The stored ticket as canonical extended JSON: equal strings mean nothing at all was written. The
 * live-event outbox is left out: the relay drains it on its own schedule, whatever the request did.
 * So is the mail outbox's delivery state (the mail pass claims, tries and reschedules each entry
 * every few seconds, whatever the request did); which mails are there, to whom, is kept.
 */
const DELIVERY_STATE = ['status', 'attempts', 'nextAttemptAt', 'leaseUntil', 'lastError', 'sentAt', 'data'];
const canonical = ({ liveOutbox: _live, outbox, ...doc }: Record<string, unknown>) => BSON.EJSON.stringify({
  ...doc,
  outbox: (outbox as Array<Record<string, unknown>>).map((entry) => Object.fromEntries(Object.entries(entry).filter(([key]) => !DELIVERY_STATE.includes(key)))),
}, { relaxed: false });

/** Expects `call` refused with `reason` (and HTTP status), and the stored ticket byte-for-byte unchanged. */
async function refusedAndUnchanged(protocol: string, call: () => Promise<unknown>, reason: string, httpStatus?: number) {
  const before = await storedTicket(server, protocol);
  const error = await expectReason(call(), reason, httpStatus);
  const after = await storedTicket(server, protocol);
  expect({
    version: after.version, status: after.status, updatedAt: after.updatedAt,
    history: after.history.length, messages: after.messages.length, notes: after.notes.length, outbox: after.outbox.length,
  }).toEqual({
    version: before.version, status: before.status, updatedAt: before.updatedAt,
    history: before.history.length, messages: before.messages.length, notes: before.notes.length, outbox: before.outbox.length,
  });
  expect(canonical(after)).toBe(canonical(before));
  return error;
}

/** `ok`, or the `data.reason` a settled call was refused with. */
const reasonOf = (result: PromiseSettledResult<unknown>) =>
  result.status === 'fulfilled' ? 'ok' : String((result.reason as { data?: { reason?: string } }).data?.reason ?? result.reason);

/** The e-mails queued in a stored ticket's outbox, by template. */
const templates = (doc: Record<string, unknown>) => (doc.outbox as Array<{ template: string }>).map((m) => m.template);

// ---- the table: every action either side can take, and which states allow it ----

const ACTIONS = {
  'desk.take': (protocol: string) => desk.api.desk.take.mutate({ protocol }),
  'desk.assign': (protocol: string) => desk.api.desk.assign.mutate({ protocol, attendantId: colleague.id }),
  'desk.requestInfo': (protocol: string) => desk.api.desk.requestInfo.mutate({ protocol, message: 'Envie o comprovante.' }),
  'desk.resolve': (protocol: string) => desk.api.desk.resolve.mutate({ protocol, message: 'Resolvido no SICCAU.' }),
  'desk.close': (protocol: string) => desk.api.desk.close.mutate({ protocol, reason: 'duplicate', message: 'Duplicado.' }),
  'desk.comment': (protocol: string) => desk.api.desk.comment.mutate({ protocol, message: 'Estamos verificando.' }),
  'desk.note': (protocol: string) => desk.api.desk.note.mutate({ protocol, message: 'Nota interna.' }),
  'tickets.comment': (protocol: string) => pro.api.tickets.comment.mutate({ protocol, message: 'Mais uma informação.' }),
  'tickets.provideInfo': (protocol: string) => pro.api.tickets.provideInfo.mutate({ protocol, message: 'Segue o comprovante.' }),
  'tickets.approve': (protocol: string) => pro.api.tickets.approve.mutate({ protocol, rating: 5 }),
  'tickets.reject': (protocol: string) => pro.api.tickets.reject.mutate({ protocol, message: 'Não resolveu.' }),
} as const;
type ActionName = keyof typeof ACTIONS;

const ALLOWED: Record<Status, ActionName[]> = {
  open: ['desk.take', 'desk.assign', 'desk.requestInfo', 'desk.resolve', 'desk.close', 'desk.comment', 'desk.note', 'tickets.comment'],
  in_progress: ['desk.assign', 'desk.requestInfo', 'desk.resolve', 'desk.close', 'desk.comment', 'desk.note', 'tickets.comment'],
  pending_professional: ['desk.note', 'tickets.provideInfo'],
  awaiting_approval: ['desk.note', 'tickets.approve', 'tickets.reject'],
  closed: [],
};

/** How `actions` (lifecycle event names) in desk.get / tickets.get map onto the procedures above. */
const DESK_EVENT: Record<string, ActionName> = {
  take: 'desk.take', assign: 'desk.assign', request_info: 'desk.requestInfo', resolve: 'desk.resolve',
  close: 'desk.close', comment: 'desk.comment', note: 'desk.note',
};
const PRO_EVENT: Record<string, ActionName> = {
  comment: 'tickets.comment', provide_info: 'tickets.provideInfo', approve: 'tickets.approve', reject: 'tickets.reject',
};

const STATES = Object.keys(ALLOWED) as Status[];
const refusedIn = (status: Status) => (Object.keys(ACTIONS) as ActionName[]).filter((a) => !ALLOWED[status].includes(a));

describe.each(STATES)('a ticket that is %s', (status) => {
  let protocol: string;
  beforeAll(async () => {
    protocol = await ticketIn(status, pro, desk);
    expect((await storedTicket(server, protocol)).status).toBe(status);
  });

  it('advertises exactly the actions the table allows, to each side', async () => {
    const asDesk = await desk.api.desk.get.query({ protocol });
    const asPro = await pro.api.tickets.get.query({ protocol });
    const advertised = [...asDesk.actions.map((e) => DESK_EVENT[e]), ...asPro.actions.map((e) => PRO_EVENT[e])];
    expect(advertised.sort()).toEqual([...ALLOWED[status]].sort());
  });

  it.each(refusedIn(status))('refuses %s with invalid_transition (422) and stores nothing', async (action) => {
    const error = await refusedAndUnchanged(protocol, () => ACTIONS[action](protocol), 'invalid_transition', 422);
    if (status === 'closed') expect(error.message).toMatch(/não pode ser reaberto.*novo chamado/i);
    else expect(error.message).not.toMatch(/reaberto/);
  });
});

describe('ownership and roles', () => {
  it("answers not_found to a professional asking for, commenting on or approving someone else's ticket", async () => {
    const working = await ticketIn('in_progress', pro, desk);
    const pending = await ticketIn('pending_professional', pro, desk);
    const awaiting = await ticketIn('awaiting_approval', pro, desk);

    await refusedAndUnchanged(working, () => other.api.tickets.get.query({ protocol: working }), 'not_found', 404);
    await refusedAndUnchanged(working, () => other.api.tickets.comment.mutate({ protocol: working, message: 'Intruso.' }), 'not_found', 404);
    await refusedAndUnchanged(pending, () => other.api.tickets.provideInfo.mutate({ protocol: pending, message: 'Intruso.' }), 'not_found', 404);
    await refusedAndUnchanged(awaiting, () => other.api.tickets.approve.mutate({ protocol: awaiting, rating: 1 }), 'not_found', 404);
    await refusedAndUnchanged(awaiting, () => other.api.tickets.reject.mutate({ protocol: awaiting, message: 'Intruso.' }), 'not_found', 404);
    // The same answer as for a protocol that does not exist at all: nothing tells the two apart.
    const missing = await expectReason(other.api.tickets.get.query({ protocol: '1999-999999' }), 'not_found', 404);
    const foreign = await expectReason(other.api.tickets.get.query({ protocol: working }), 'not_found', 404);
    expect(foreign.message).toBe(missing.message);
    // ...and the owner still can.
    expect((await pro.api.tickets.get.query({ protocol: awaiting })).status).toBe('awaiting_approval');
  });

  it('refuses every desk.* procedure to a professional with forbidden (403)', async () => {
    const protocol = await ticketIn('open', pro, desk);
    await expectReason(pro.api.desk.queue.query({ view: 'all' }), 'forbidden', 403);
    await refusedAndUnchanged(protocol, () => pro.api.desk.get.query({ protocol }), 'forbidden', 403);
    await refusedAndUnchanged(protocol, () => pro.api.desk.take.mutate({ protocol }), 'forbidden', 403);
    await refusedAndUnchanged(protocol, () => pro.api.desk.note.mutate({ protocol, message: 'x' }), 'forbidden', 403);
    await refusedAndUnchanged(protocol, () => pro.api.desk.comment.mutate({ protocol, message: 'x' }), 'forbidden', 403);
    await refusedAndUnchanged(protocol, () => pro.api.desk.resolve.mutate({ protocol, message: 'x' }), 'forbidden', 403);
    await refusedAndUnchanged(protocol, () => pro.api.desk.close.mutate({ protocol, reason: 'invalid', message: 'x' }), 'forbidden', 403);
    await refusedAndUnchanged(protocol, () => pro.api.desk.assign.mutate({ protocol, attendantId: desk.id }), 'forbidden', 403);
  });

  it('refuses the professional procedures to an attendant, and everything to an anonymous caller', async () => {
    const protocol = await ticketIn('awaiting_approval', pro, desk);
    await expectReason(desk.api.tickets.create.mutate(TICKET), 'forbidden', 403);
    await refusedAndUnchanged(protocol, () => desk.api.tickets.approve.mutate({ protocol, rating: 5 }), 'forbidden', 403);
    const anonymous = server.client();
    await refusedAndUnchanged(protocol, () => anonymous.tickets.get.query({ protocol }), 'unauthenticated', 401);
    await refusedAndUnchanged(protocol, () => anonymous.desk.get.query({ protocol }), 'unauthenticated', 401);
  });
});

describe('attendant rows', () => {
  it('take puts the ticket in progress and assigns it to whoever took it', async () => {
    const protocol = await openTicket(pro);
    const taken = deskTicketOutput.parse(await colleague.api.desk.take.mutate({ protocol }));
    expect(taken).toMatchObject({ status: 'in_progress', assignee: { id: colleague.id, name: 'Carla Colega' } });
    expect(String((await storedTicket(server, protocol)).assignee.id)).toBe(colleague.id);
    expect((await pro.api.tickets.get.query({ protocol })).assignee).toEqual({ id: colleague.id, name: 'Carla Colega' });
  });

  it('assign hands the ticket to another attendant, from open (→ in_progress) and from in_progress', async () => {
    const protocol = await openTicket(pro);
    const first = await desk.api.desk.assign.mutate({ protocol, attendantId: colleague.id });
    expect(first).toMatchObject({ status: 'in_progress', assignee: { id: colleague.id, name: 'Carla Colega' } });
    expect(first.history.at(-1)).toMatchObject({ event: 'assign', from: 'open', to: 'in_progress', actor: { id: desk.id } });

    const second = await colleague.api.desk.assign.mutate({ protocol, attendantId: desk.id });
    expect(second).toMatchObject({ status: 'in_progress', assignee: { id: desk.id, name: 'Bruno Atendente' } });
    expect(second.history.at(-1)).toMatchObject({ event: 'assign', from: 'in_progress', to: 'in_progress', actor: { id: colleague.id } });
    expect(String((await storedTicket(server, protocol)).assignee.id)).toBe(desk.id);
  });

  it('assign refuses an unknown, a disabled or a non-staff assignee with invalid_input', async () => {
    const protocol = await openTicket(pro);
    const admin = await adminSession(server);
    const leaving = await attendant(server, 'Diego Desligado');
    await admin.api.admin.attendants.disable.mutate({ id: leaving.id });

    for (const attendantId of ['0123456789abcdef01234567', leaving.id, pro.user.id]) {
      const error = await refusedAndUnchanged(protocol, () => desk.api.desk.assign.mutate({ protocol, attendantId }), 'invalid_input', 400);
      expect(error.message).toMatch(/atendente/i);
    }
    await refusedAndUnchanged(protocol, () => desk.api.desk.assign.mutate({ protocol, attendantId: 'nobody' }), 'invalid_input', 400);
    expect((await storedTicket(server, protocol)).assignee).toBeNull();
  });

  it('a note is internal: stored in notes, shown in desk.get, never anywhere the professional can see', async () => {
    const protocol = await ticketIn('in_progress', pro, desk);
    const secret = 'NOTA-INTERNA-7731 profissional já ligou três vezes';
    const updatedBefore = (await pro.api.tickets.get.query({ protocol })).updatedAt;
    const noted = await desk.api.desk.note.mutate({ protocol, message: secret });
    // Not news for the professional: the ticket keeps its place in their list.
    expect(noted.updatedAt).toBe(updatedBefore);
    expect(noted.status).toBe('in_progress');
    expect(noted.notes.map((n) => n.body)).toEqual([secret]);
    expect(noted.messages.map((m) => m.body)).not.toContain(secret);
    const noteId = noted.notes[0]!.id;

    const stored = await storedTicket(server, protocol);
    expect(stored.notes.map((n: { body: string }) => n.body)).toEqual([secret]);
    expect(stored.messages).toHaveLength(0);
    expect(templates(stored)).toEqual(['ticket_created']);
    expect((await desk.api.desk.get.query({ protocol })).notes.map((n) => n.body)).toEqual([secret]);

    // Everything the professional receives about this ticket, including a mutation's answer.
    const seen = JSON.stringify([
      await pro.api.tickets.get.query({ protocol }),
      await pro.api.tickets.mine.query({}),
      await pro.api.tickets.comment.mutate({ protocol, message: 'Alguma novidade?' }),
    ]);
    expect(seen).not.toContain('NOTA-INTERNA');
    expect(seen).not.toContain(noteId);
    expect((await pro.api.tickets.get.query({ protocol })).history.map((h) => h.event)).toEqual(['create', 'take', 'comment']);
  });

  it('a note is accepted while the ticket waits on the professional, without touching status or deadline', async () => {
    for (const status of ['pending_professional', 'awaiting_approval'] as const) {
      const protocol = await ticketIn(status, pro, desk);
      const before = await storedTicket(server, protocol);
      const noted = await desk.api.desk.note.mutate({ protocol, message: 'Aguardando o profissional.' });
      expect(noted).toMatchObject({ status, deadlineAt: before.deadlineAt.toISOString() });
      expect(noted.notes).toHaveLength(1);
    }
  });

  it('a public desk comment reaches the professional, clears "respondido" and queues a desk_comment e-mail', async () => {
    const protocol = await ticketIn('in_progress', pro, desk);
    await pro.api.tickets.comment.mutate({ protocol, message: 'Esqueci de dizer: o boleto venceu ontem.' });
    const text = 'Já pedimos ao financeiro a baixa do boleto.';
    const commented = await desk.api.desk.comment.mutate({ protocol, message: text });
    expect(commented).toMatchObject({ status: 'in_progress', answered: false });

    const seen = await pro.api.tickets.get.query({ protocol });
    expect(seen.messages.at(-1)).toMatchObject({ body: text, author: { id: desk.id, role: 'attendant' } });
    const stored = await storedTicket(server, protocol);
    expect(templates(stored)).toEqual(['ticket_created', 'desk_comment']);
    expect(stored.outbox[1]).toMatchObject({ status: 'pending', to: { address: pro.email }, data: { protocol, message: text } });
    expect(stored.firstResponseAt).toBeInstanceOf(Date);
  });

  it.each(['open', 'in_progress'] as const)('a professional comment on a %s ticket keeps the state and flags it "respondido"', async (status) => {
    const protocol = await ticketIn(status, pro, desk);
    const before = await storedTicket(server, protocol);
    expect(before.answered).toBe(false);
    const text = 'Complemento: o número da guia é 998877.';
    const commented = await pro.api.tickets.comment.mutate({ protocol, message: text });
    expect(commented).toMatchObject({ status, answered: true, deadlineAt: null });
    expect(commented.messages.at(-1)).toMatchObject({ body: text, author: { id: pro.user.id, role: 'professional' } });

    expect((await desk.api.desk.get.query({ protocol })).answered).toBe(true);
    const todo = await desk.api.desk.queue.query({ view: 'todo', search: protocol });
    expect(todo.items.map((t) => [t.protocol, t.status, t.answered])).toEqual([[protocol, status, true]]);
    expect(templates(await storedTicket(server, protocol))).toEqual(templates(before));
  });

  it.each([['duplicate', 'open'], ['invalid', 'in_progress']] as const)(
    'close with reason %s (from %s) cancels the ticket and queues closed_cancelled',
    async (reason, status) => {
      const protocol = await ticketIn(status, pro, desk);
      const message = 'Encerrado: já tratado em outro chamado.';
      const closed = await desk.api.desk.close.mutate({ protocol, reason, message });
      expect(closed).toMatchObject({ status: 'closed', outcome: 'cancelled', closeReason: reason, deadlineAt: null, answered: false });
      expect(closed.closedAt).not.toBeNull();

      const stored = await storedTicket(server, protocol);
      expect(stored).toMatchObject({ status: 'closed', outcome: 'cancelled', closeReason: reason });
      expect(templates(stored)).toEqual(['ticket_created', 'closed_cancelled']);
      const seen = ticketOutput.parse(await pro.api.tickets.get.query({ protocol }));
      expect(seen).toMatchObject({ status: 'closed', outcome: 'cancelled', closeReason: reason, actions: [] });
      expect(seen.messages.at(-1)!.body).toBe(message);
    },
  );

  it('close needs a message and a known reason (invalid_input, nothing stored)', async () => {
    const protocol = await ticketIn('in_progress', pro, desk);
    const close = (input: Record<string, unknown>) => () => desk.api.desk.close.mutate({ protocol, ...input } as never);
    await refusedAndUnchanged(protocol, close({ reason: 'duplicate', message: '' }), 'invalid_input', 400);
    await refusedAndUnchanged(protocol, close({ reason: 'duplicate', message: '   \n ' }), 'invalid_input', 400);
    await refusedAndUnchanged(protocol, close({ reason: 'duplicate' }), 'invalid_input', 400);
    await refusedAndUnchanged(protocol, close({ reason: 'spam', message: 'Fora do escopo.' }), 'invalid_input', 400);
    await refusedAndUnchanged(protocol, close({ message: 'Fora do escopo.' }), 'invalid_input', 400);
  });

  it('request info and resolve need a message (invalid_input, nothing stored)', async () => {
    const protocol = await ticketIn('in_progress', pro, desk);
    await refusedAndUnchanged(protocol, () => desk.api.desk.requestInfo.mutate({ protocol, message: ' ' }), 'invalid_input', 400);
    await refusedAndUnchanged(protocol, () => desk.api.desk.resolve.mutate({ protocol, message: '' }), 'invalid_input', 400);
  });
});

describe('approval input', () => {
  it('refuses ratings outside the integers 1–5 and a rejection without a message, then accepts a valid approval', async () => {
    const protocol = await ticketIn('awaiting_approval', pro, desk);
    for (const rating of [0, 6, 3.5, -1]) {
      await refusedAndUnchanged(protocol, () => pro.api.tickets.approve.mutate({ protocol, rating }), 'invalid_input', 400);
    }
    await refusedAndUnchanged(protocol, () => pro.api.tickets.approve.mutate({ protocol } as never), 'invalid_input', 400);
    await refusedAndUnchanged(protocol, () => pro.api.tickets.reject.mutate({ protocol, message: '' }), 'invalid_input', 400);
    await refusedAndUnchanged(protocol, () => pro.api.tickets.reject.mutate({ protocol, message: '  \t ' }), 'invalid_input', 400);
    await refusedAndUnchanged(protocol, () => pro.api.tickets.reject.mutate({ protocol } as never), 'invalid_input', 400);

    const approved = await pro.api.tickets.approve.mutate({ protocol, rating: 1 });
    expect(approved).toMatchObject({ status: 'closed', outcome: 'approved', rating: 1, ratingComment: null });
  });
});

describe('creating a ticket', () => {
  const countOwn = () => server.db.collection('tickets').countDocuments({ 'professional.id': new BSON.ObjectId(pro.user.id) });
  const BASE = { type: 'request' as const, subject: 'Ajuste cadastral', description: 'Preciso corrigir um dado do meu registro profissional.' };

  it('the rrt topic requires the RRT number', async () => {
    const before = await countOwn();
    const error = await expectReason(pro.api.tickets.create.mutate({ ...BASE, topic: 'rrt' }), 'invalid_input', 400);
    expect(error.data).toMatchObject({ fields: { rrtNumber: expect.any(String) } });
    expect(await countOwn()).toBe(before);

    const created = await pro.api.tickets.create.mutate({ ...BASE, topic: 'rrt', rrtNumber: 'SI1234567I00CT001' });
    expect(created).toMatchObject({ topic: 'rrt', rrtNumber: 'SI1234567I00CT001', annuityYear: null });
    expect(await countOwn()).toBe(before + 1);
  });

  it('the annuity topic requires a year that is not in the future', async () => {
    const before = await countOwn();
    const thisYear = localYear(new Date());
    const missing = await expectReason(pro.api.tickets.create.mutate({ ...BASE, topic: 'annuity' }), 'invalid_input', 400);
    expect(missing.data).toMatchObject({ fields: { annuityYear: expect.any(String) } });
    const future = await expectReason(pro.api.tickets.create.mutate({ ...BASE, topic: 'annuity', annuityYear: thisYear + 1 }), 'invalid_input', 400);
    expect(future.message).toMatch(/futuro/);
    expect(future.data).toMatchObject({ fields: { annuityYear: expect.any(String) } });
    expect(await countOwn()).toBe(before);

    const created = await pro.api.tickets.create.mutate({ ...BASE, topic: 'annuity', annuityYear: thisYear });
    expect(created).toMatchObject({ topic: 'annuity', annuityYear: thisYear });
  });

  it('protocols read YYYY-NNNNNN with the São Paulo year and follow each other', async () => {
    const protocols = [];
    for (let i = 0; i < 3; i++) protocols.push(await openTicket(pro));
    const year = String(localYear(new Date()));
    for (const protocol of protocols) expect(protocol).toMatch(new RegExp(`^${year}-\\d{6}$`));
    const numbers = protocols.map((p) => Number(p.slice(5)));
    expect(numbers).toEqual([numbers[0], numbers[0]! + 1, numbers[0]! + 2]);
  });

  it('20 tickets created at once get 20 distinct protocols, with no number skipped', async () => {
    const protocols = await Promise.all(Array.from({ length: 20 }, () => openTicket(pro)));
    expect(new Set(protocols).size).toBe(20);
    const numbers = protocols.map((p) => Number(p.slice(5))).sort((a, b) => a - b);
    expect(numbers.at(-1)! - numbers[0]!).toBe(19);
    const stored = await server.db.collection('tickets').countDocuments({ protocol: { $in: protocols } });
    expect(stored).toBe(20);
  });

  it("accepts the protocol of one's own closed ticket as relatedProtocol, and refuses someone else's or one still open", async () => {
    const mine = await ticketIn('closed', pro, desk);
    const theirs = await ticketIn('closed', other, desk);
    const follow = await pro.api.tickets.create.mutate({ ...TICKET, relatedProtocol: mine });
    expect(follow.relatedProtocol).toBe(mine);
    expect((await storedTicket(server, follow.protocol)).relatedProtocol).toBe(mine);

    const stillOpen = await ticketIn('in_progress', pro, desk);
    const before = await countOwn();
    for (const relatedProtocol of [theirs, '1999-999999', stillOpen]) {
      const error = await expectReason(pro.api.tickets.create.mutate({ ...TICKET, relatedProtocol }), 'invalid_input', 400);
      expect(error.data).toMatchObject({ fields: { relatedProtocol: expect.any(String) } });
    }
    expect(await countOwn()).toBe(before);
  });
});

describe('concurrent actors', () => {
  // The resolve is written only if the ticket still has the version it read; the comment only if the
  // status is still in_progress. So both may succeed only with the comment first, a resolve that lost
  // the race gets `conflict`, and a comment that lost it gets `conflict` (raced) or `invalid_transition`
  // (it read the ticket already resolved). Whatever happened, the store must show exactly that.
  it('an attendant resolving while the professional comments: each round ends in one legal outcome, nothing lost or doubled', async () => {
    for (let round = 0; round < 10; round++) {
      const protocol = await ticketIn('in_progress', pro, desk);
      const before = await storedTicket(server, protocol);
      const comment = `Comentário da rodada ${round}`;
      const solution = `Solução da rodada ${round}`;
      const [commented, resolved] = await Promise.allSettled([
        pro.api.tickets.comment.mutate({ protocol, message: comment }),
        desk.api.desk.resolve.mutate({ protocol, message: solution }),
      ]);
      const outcome = `${reasonOf(commented)}/${reasonOf(resolved)}`;

      const after = await storedTicket(server, protocol);
      const bodies = after.messages.slice(before.messages.length).map((m: { body: string }) => m.body);
      const events = after.history.slice(before.history.length).map((h: { event: string }) => h.event);
      const mails = templates(after).slice(before.outbox.length);
      switch (outcome) {
        case 'ok/ok': // the comment was stored before the resolve read the ticket
          expect({ bodies, events, mails, status: after.status, answered: after.answered }).toEqual({
            bodies: [comment, solution], events: ['comment', 'resolve'], mails: ['solution_proposed'], status: 'awaiting_approval', answered: false,
          });
          break;
        case 'ok/conflict': // both read the same version; the comment was written first
          expect({ bodies, events, mails, status: after.status, answered: after.answered }).toEqual({
            bodies: [comment], events: ['comment'], mails: [], status: 'in_progress', answered: true,
          });
          break;
        case 'conflict/ok': // both read in_progress; the resolve was written first
        case 'invalid_transition/ok': // the comment read the ticket after it was resolved
          expect({ bodies, events, mails, status: after.status }).toEqual({
            bodies: [solution], events: ['resolve'], mails: ['solution_proposed'], status: 'awaiting_approval',
          });
          break;
        default:
          throw new Error(`round ${round}: illegal outcome ${outcome}`);
      }
      if (reasonOf(resolved) === 'conflict') expect((resolved as PromiseRejectedResult).reason.data.httpStatus).toBe(409);
      if (reasonOf(commented) === 'conflict') expect((commented as PromiseRejectedResult).reason.data.httpStatus).toBe(409);
      expect(after.version).toBe(before.version + events.length);
    }
  });

  it('two attendants taking the same open ticket: exactly one wins and becomes the assignee', async () => {
    for (let round = 0; round < 6; round++) {
      const protocol = await openTicket(pro);
      const results = await Promise.allSettled([desk.api.desk.take.mutate({ protocol }), colleague.api.desk.take.mutate({ protocol })]);
      const reasons = results.map(reasonOf);
      expect(reasons.filter((r) => r === 'ok')).toHaveLength(1);
      expect(['conflict', 'invalid_transition']).toContain(reasons.find((r) => r !== 'ok'));
      const winner = reasons[0] === 'ok' ? desk : colleague;

      const stored = await storedTicket(server, protocol);
      expect(stored.status).toBe('in_progress');
      expect(String(stored.assignee.id)).toBe(winner.id);
      expect(stored.history.map((h: { event: string }) => h.event)).toEqual(['create', 'take']);
      expect(String(stored.history[1].actor.id)).toBe(winner.id);
      expect(stored.version).toBe(1);
    }
  });

  it('approve racing reject: exactly one is applied', async () => {
    for (let round = 0; round < 6; round++) {
      const protocol = await ticketIn('awaiting_approval', pro, desk);
      const before = await storedTicket(server, protocol);
      const results = await Promise.allSettled([
        pro.api.tickets.approve.mutate({ protocol, rating: 5 }),
        pro.api.tickets.reject.mutate({ protocol, message: `Ainda com problema (${round}).` }),
      ]);
      const reasons = results.map(reasonOf);
      expect(reasons.filter((r) => r === 'ok')).toHaveLength(1);
      expect(['conflict', 'invalid_transition']).toContain(reasons.find((r) => r !== 'ok'));

      const after = await storedTicket(server, protocol);
      const events = after.history.slice(before.history.length).map((h: { event: string }) => h.event);
      if (reasons[0] === 'ok') {
        expect(events).toEqual(['approve']);
        expect(after).toMatchObject({ status: 'closed', outcome: 'approved', rating: 5 });
        expect(after.messages).toHaveLength(before.messages.length);
      } else {
        expect(events).toEqual(['reject']);
        expect(after).toMatchObject({ status: 'in_progress', outcome: null, rating: null, answered: true });
        expect(after.messages.at(-1).body).toBe(`Ainda com problema (${round}).`);
      }
      expect(after.version).toBe(before.version + 1);
    }
  });
});

describe('history', () => {
  it('every change records actor, event, from, to, at, and the id of the message it added', async () => {
    const started = Date.now();
    const protocol = await openTicket(pro);
    const steps: Array<{ who: Professional | Attendant; event: string; to: Status; text?: string; internal?: boolean; run: () => Promise<unknown> }> = [];
    const step = (who: Professional | Attendant, event: string, to: Status, run: () => Promise<unknown>, text?: string, internal = false) =>
      steps.push({ who, event, to, run, text, internal });
    step(pro, 'comment', 'open', () => pro.api.tickets.comment.mutate({ protocol, message: 'h1 comentário do profissional' }), 'h1 comentário do profissional');
    step(desk, 'note', 'open', () => desk.api.desk.note.mutate({ protocol, message: 'h2 nota interna' }), 'h2 nota interna', true);
    step(desk, 'assign', 'in_progress', () => desk.api.desk.assign.mutate({ protocol, attendantId: colleague.id }));
    step(colleague, 'comment', 'in_progress', () => colleague.api.desk.comment.mutate({ protocol, message: 'h3 comentário público' }), 'h3 comentário público');
    step(colleague, 'request_info', 'pending_professional', () => colleague.api.desk.requestInfo.mutate({ protocol, message: 'h4 pedido' }), 'h4 pedido');
    step(pro, 'provide_info', 'in_progress', () => pro.api.tickets.provideInfo.mutate({ protocol, message: 'h5 resposta' }), 'h5 resposta');
    step(colleague, 'resolve', 'awaiting_approval', () => colleague.api.desk.resolve.mutate({ protocol, message: 'h6 solução' }), 'h6 solução');
    step(pro, 'reject', 'in_progress', () => pro.api.tickets.reject.mutate({ protocol, message: 'h7 não resolveu' }), 'h7 não resolveu');
    step(colleague, 'resolve', 'awaiting_approval', () => colleague.api.desk.resolve.mutate({ protocol, message: 'h8 nova solução' }), 'h8 nova solução');
    step(pro, 'approve', 'closed', () => pro.api.tickets.approve.mutate({ protocol, rating: 4, comment: 'Obrigado' }));
    for (const s of steps) await s.run();

    const full = deskTicketOutput.parse(await desk.api.desk.get.query({ protocol }));
    expect(full.history).toHaveLength(steps.length + 1);
    expect(full.history[0]).toMatchObject({ event: 'create', from: null, to: 'open', messageId: null, actor: { id: pro.user.id, role: 'professional' } });

    let from: Status = 'open';
    steps.forEach((s, i) => {
      const entry = full.history[i + 1]!;
      const id = 'user' in s.who ? s.who.user.id : s.who.id;
      expect(entry, `entry ${i + 1}`).toMatchObject({ event: s.event, from, to: s.to, actor: { id, name: 'user' in s.who ? s.who.user.name : s.who.name } });
      from = s.to;
      if (!s.text) {
        expect(entry.messageId, `entry ${i + 1}`).toBeNull();
        return;
      }
      const pool = s.internal ? full.notes : full.messages;
      const message = pool.find((m) => m.id === entry.messageId);
      expect(message, `entry ${i + 1} points at its message`).toMatchObject({ body: s.text, author: { id }, at: entry.at });
      expect((s.internal ? full.messages : full.notes).map((m) => m.id)).not.toContain(entry.messageId);
    });

    const times = full.history.map((h) => Date.parse(h.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(times[0]).toBeGreaterThanOrEqual(started - 1000);
    expect(times.at(-1)).toBeLessThanOrEqual(Date.now() + 1000);
    // Every message and note is referenced by exactly one history entry: none was added silently.
    const referenced = full.history.map((h) => h.messageId).filter(Boolean);
    expect(new Set(referenced).size).toBe(referenced.length);
    expect([...full.messages, ...full.notes].map((m) => m.id).sort()).toEqual([...referenced].sort());

    const stored = await storedTicket(server, protocol);
    expect(stored.history).toHaveLength(full.history.length);
    for (const entry of stored.history) {
      // Only a change of assignee (here, the assignment) records to whom.
      const keys = ['actor', 'at', 'event', 'from', 'messageId', 'to', ...(entry.event === 'assign' ? ['assignee'] : [])];
      expect(Object.keys(entry).sort()).toEqual(keys.sort());
      if (entry.event === 'assign') expect(entry.assignee).toMatchObject({ name: colleague.name });
      expect(entry.at).toBeInstanceOf(Date);
    }
  });
});
