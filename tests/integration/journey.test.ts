// The full journey of SPEC §3 over real HTTP against the test database: signup → create → take →
// request info → provide info → resolve → reject → resolve → approve, checking counters and history.
import { deskTicketOutput, mineOutput, queueOutput, ticketOutput } from '@cau/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attendant, signUp, TICKET } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/harness';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

describe('a ticket through its whole lifecycle', () => {
  it('goes from Aberto to Fechado with a rating, keeping counters and history right', async () => {
    const pro = await signUp(server);
    expect(pro.user).toMatchObject({ role: 'professional', login: pro.login, cpf: pro.cpf });
    const desk = await attendant(server);

    const created = ticketOutput.parse(await pro.api.tickets.create.mutate(TICKET));
    expect(created.protocol).toMatch(/^\d{4}-\d{6}$/);
    expect(created).toMatchObject({ status: 'open', type: 'question', topic: 'annuity', annuityYear: 2025 });
    expect(created.actions).toEqual(['comment']);
    const { protocol } = created;

    const counts = async () => mineOutput.parse(await pro.api.tickets.mine.query({})).counts;
    expect(await counts()).toEqual({ open: 1, pending_professional: 0, awaiting_approval: 0, closed: 0 });

    const todo = queueOutput.parse(await desk.api.desk.queue.query({ view: 'todo' }));
    expect(todo.items.map((t) => t.protocol)).toContain(protocol);
    expect(todo.items.find((t) => t.protocol === protocol)!.professional.cpf).toMatch(/^\*\*\*\.\d{3}\.\d{3}-\*\*$/);

    const taken = deskTicketOutput.parse(await desk.api.desk.take.mutate({ protocol }));
    expect(taken).toMatchObject({ status: 'in_progress', assignee: { id: desk.id, name: 'Bruno Atendente' } });
    expect(await counts()).toEqual({ open: 0, pending_professional: 0, awaiting_approval: 0, closed: 0 });

    const asked = await desk.api.desk.requestInfo.mutate({ protocol, message: 'Envie o comprovante de pagamento, por favor.' });
    expect(asked.status).toBe('pending_professional');
    const askedDeadline = new Date(asked.deadlineAt!).getTime();
    expect(askedDeadline).toBeGreaterThanOrEqual(Date.now() + 5 * 86_400_000 - 60_000);
    expect(await counts()).toEqual({ open: 0, pending_professional: 1, awaiting_approval: 0, closed: 0 });
    const pending = await pro.api.tickets.get.query({ protocol });
    expect(pending.actions).toEqual(['provide_info']);
    expect(pending.deadlineAt).toBe(asked.deadlineAt);

    const answered = await pro.api.tickets.provideInfo.mutate({ protocol, message: 'Segue o número do comprovante: 123456.' });
    expect(answered).toMatchObject({ status: 'in_progress', deadlineAt: null, answered: true });
    const flagged = await desk.api.desk.queue.query({ view: 'todo' });
    expect(flagged.items.find((t) => t.protocol === protocol)).toMatchObject({ answered: true });

    const resolved = await desk.api.desk.resolve.mutate({ protocol, message: 'Baixamos o boleto; a anuidade consta como paga.' });
    expect(resolved).toMatchObject({ status: 'awaiting_approval', answered: false });
    expect(resolved.deadlineAt).not.toBeNull();
    expect(await counts()).toEqual({ open: 0, pending_professional: 0, awaiting_approval: 1, closed: 0 });

    const rejected = await pro.api.tickets.reject.mutate({ protocol, message: 'Ainda aparece em aberto para mim.' });
    expect(rejected).toMatchObject({ status: 'in_progress', deadlineAt: null, answered: true });

    await desk.api.desk.resolve.mutate({ protocol, message: 'Atualizamos o cadastro; confira novamente.' });
    const approved = await pro.api.tickets.approve.mutate({ protocol, rating: 5, comment: 'Resolvido, obrigado!' });
    expect(approved).toMatchObject({ status: 'closed', outcome: 'approved', rating: 5, ratingComment: 'Resolvido, obrigado!', deadlineAt: null, actions: [] });
    expect(await counts()).toEqual({ open: 0, pending_professional: 0, awaiting_approval: 0, closed: 1 });

    const full = deskTicketOutput.parse(await desk.api.desk.get.query({ protocol }));
    expect(full.history.map((h) => [h.event, h.from, h.to, h.actor.role])).toEqual([
      ['create', null, 'open', 'professional'],
      ['take', 'open', 'in_progress', 'attendant'],
      ['request_info', 'in_progress', 'pending_professional', 'attendant'],
      ['provide_info', 'pending_professional', 'in_progress', 'professional'],
      ['resolve', 'in_progress', 'awaiting_approval', 'attendant'],
      ['reject', 'awaiting_approval', 'in_progress', 'professional'],
      ['resolve', 'in_progress', 'awaiting_approval', 'attendant'],
      ['approve', 'awaiting_approval', 'closed', 'professional'],
    ]);
    expect(full.messages.map((m) => m.author.role)).toEqual(['attendant', 'professional', 'attendant', 'professional', 'attendant']);
    for (const entry of full.history.filter((h) => h.messageId)) {
      expect(full.messages.map((m) => m.id)).toContain(entry.messageId);
    }
    const times = full.history.map((h) => Date.parse(h.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    const stored = await server.db.collection('tickets').findOne({ protocol });
    expect(stored!.outbox.map((m: { template: string }) => m.template)).toEqual([
      'ticket_created', 'info_requested', 'solution_proposed', 'solution_proposed',
    ]);
    expect(stored!.firstResponseAt).toBeInstanceOf(Date);
  });
});
