// Context beside a ticket and service levels over real HTTP (SPEC §9): desk.get's related lists,
// closing as a duplicate naming the original (both show the link), admin.serviceLevels, the `sla`
// of queue rows and "A atender" by urgency.
import { DEFAULT_SERVICE_LEVELS } from '@cau/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSession, attendant, collectionCounts, openTicket, signUp, TICKET } from '../support/fixtures';
import { expectReason, startTestServer, type TestServer } from '../support/harness';

const DESCRIPTION = 'Descrição detalhada do problema para o atendimento do conselho.';
const pause = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

describe('related tickets and duplicates', () => {
  let server: TestServer;
  let desk: Awaited<ReturnType<typeof attendant>>;
  let joao: Awaited<ReturnType<typeof signUp>>;
  let maria: Awaited<ReturnType<typeof signUp>>;

  beforeAll(async () => {
    server = await startTestServer();
    desk = await attendant(server);
    [joao, maria] = await Promise.all([signUp(server), signUp(server)]);
  });
  afterAll(() => server?.close());

  it('lists the professional\'s other tickets and the ones about the same RRT, never another person\'s', async () => {
    const rrt = { type: 'error' as const, topic: 'rrt' as const, rrtNumber: 'SI1234512', subject: 'Erro no RRT', description: DESCRIPTION };
    const first = await openTicket(joao, rrt);
    const other = await openTicket(joao, { ...rrt, rrtNumber: 'SI9999999', subject: 'Outro RRT' });
    const annuity = await openTicket(joao, TICKET);
    await openTicket(maria, rrt); // same RRT number, another professional
    const current = await openTicket(joao, { ...rrt, subject: 'De novo o RRT' });

    const related = (await desk.api.desk.get.query({ protocol: current })).related!;
    expect(related.sameProfessional.map((t) => t.protocol).sort()).toEqual([first, other, annuity].sort());
    expect(related.sameReference.map((t) => t.protocol)).toEqual([first]);
    expect(related.sameReference[0]).toMatchObject({ rrtNumber: 'SI1234512', status: 'open', subject: 'Erro no RRT' });

    const byYear = await desk.api.desk.get.query({ protocol: annuity });
    expect(byYear.related!.sameReference).toEqual([]);
  });

  it('shows ten others however recently the ticket itself changed, never the ticket itself', async () => {
    const ana = await signUp(server);
    const protocols: string[] = [];
    for (let i = 0; i < 10; i++) protocols.push(await openTicket(ana, { ...TICKET, subject: `Chamado ${i}` }));
    for (const protocol of protocols.slice(0, 5)) await desk.api.desk.close.mutate({ protocol, reason: 'invalid', message: 'Encerrado.' });
    for (let i = 10; i < 13; i++) protocols.push(await openTicket(ana, { ...TICKET, subject: `Chamado ${i}` }));
    // The newest (the first row of the owner's list) and one far down it: ten others each time.
    for (const protocol of [protocols[12]!, protocols[6]!]) {
      const listed = (await desk.api.desk.get.query({ protocol })).related!.sameProfessional.map((t) => t.protocol);
      expect(listed, protocol).toHaveLength(10);
      expect(listed, protocol).not.toContain(protocol);
      expect(new Set(listed).size).toBe(10);
    }
  });

  it('closes as a duplicate naming the original; both tickets show the link', async () => {
    const original = await openTicket(joao, TICKET);
    const copy = await openTicket(joao, TICKET);
    const closed = await desk.api.desk.close.mutate({ protocol: copy, reason: 'duplicate', message: 'Duplicado.', duplicateOf: original });
    expect(closed).toMatchObject({ status: 'closed', closeReason: 'duplicate', duplicateOf: original });
    expect((await desk.api.desk.get.query({ protocol: copy })).duplicateOf).toBe(original);
    expect((await desk.api.desk.get.query({ protocol: original })).duplicates).toEqual([copy]);
    // The professional sees it too.
    expect((await joao.api.tickets.get.query({ protocol: copy })).duplicateOf).toBe(original);
  });

  it('refuses a bad original and leaves the ticket open', async () => {
    const ticket = await openTicket(joao, TICKET);
    const mariaTicket = await openTicket(maria, TICKET); // another person's ticket is never the original
    const before = await collectionCounts(server);
    const cases = [
      { reason: 'duplicate' as const, duplicateOf: ticket, message: /dele mesmo/ },
      { reason: 'duplicate' as const, duplicateOf: '2026-999999', message: /não encontrado/ },
      { reason: 'duplicate' as const, duplicateOf: mariaTicket, message: /não encontrado entre os chamados deste profissional/ },
      { reason: 'invalid' as const, duplicateOf: ticket, message: /duplicado/ },
    ];
    for (const c of cases) {
      const error = await expectReason(desk.api.desk.close.mutate({ protocol: ticket, reason: c.reason, message: 'Fechando.', duplicateOf: c.duplicateOf }), 'invalid_input', 400);
      expect(error.message).toMatch(c.message);
    }
    expect(await collectionCounts(server)).toEqual(before);
    expect((await desk.api.desk.get.query({ protocol: ticket })).status).toBe('open');
  });
});

describe('service levels', () => {
  let server: TestServer;
  let admin: Awaited<ReturnType<typeof adminSession>>;
  let desk: Awaited<ReturnType<typeof attendant>>;
  let pro: Awaited<ReturnType<typeof signUp>>;

  beforeAll(async () => {
    server = await startTestServer();
    admin = await adminSession(server);
    desk = await attendant(server);
    pro = await signUp(server);
  });
  afterAll(() => server?.close());

  it('are admin settings with defaults, validated, and attendants cannot change them', async () => {
    expect(await admin.api.admin.serviceLevels.get.query()).toEqual(DEFAULT_SERVICE_LEVELS);
    await expectReason(desk.api.admin.serviceLevels.get.query(), 'forbidden', 403);
    await expectReason(desk.api.admin.serviceLevels.update.mutate(DEFAULT_SERVICE_LEVELS), 'forbidden', 403);
    const bad = { ...DEFAULT_SERVICE_LEVELS, targets: { ...DEFAULT_SERVICE_LEVELS.targets, error: { firstAnswer: 'P9D', resolution: 'P1D' } } };
    const error = await expectReason(admin.api.admin.serviceLevels.update.mutate(bad), 'invalid_input', 400);
    expect(error.message).toMatch(/primeira resposta/i);
    expect(await admin.api.admin.serviceLevels.get.query()).toEqual(DEFAULT_SERVICE_LEVELS);
  });

  it('show on queue rows: ok, then overdue as time passes; answered tickets move to the resolution target', async () => {
    // Seconds-long targets in calendar time, so the states change within the test.
    await admin.api.admin.serviceLevels.update.mutate({
      mode: 'calendar',
      targets: {
        question: { firstAnswer: 'PT2S', resolution: 'PT60S' },
        error: { firstAnswer: 'PT1H', resolution: 'PT2H' },
        request: { firstAnswer: 'PT30M', resolution: 'PT2H' },
      },
    });
    const question = await openTicket(pro, TICKET);
    const error = await openTicket(pro, { ...TICKET, type: 'error' });
    const request = await openTicket(pro, { ...TICKET, type: 'request' });
    const row = async (protocol: string) => (await desk.api.desk.queue.query({ view: 'todo', limit: 100 })).items.find((t) => t.protocol === protocol)!;

    const fresh = await row(question);
    if (!fresh.sla) throw new Error('queue rows carry their service level');
    expect(fresh.sla.state).toMatch(/ok|soon/);
    expect(Date.parse(fresh.sla.firstAnswerDueAt) - Date.parse(fresh.createdAt)).toBe(2_000);
    expect(Date.parse(fresh.sla.resolutionDueAt) - Date.parse(fresh.createdAt)).toBe(60_000);
    expect((await row(error)).sla).toMatchObject({ state: 'ok', target: 'first_answer' });

    await pause(2_500);
    expect((await row(question)).sla).toMatchObject({ state: 'overdue', target: 'first_answer' });

    // Urgency: the overdue question first, then the request (30 min), then the error (1 h);
    // the default order is by waiting time.
    const urgent = (await desk.api.desk.queue.query({ view: 'todo', sort: 'urgency' })).items.map((t) => t.protocol);
    expect(urgent).toEqual([question, request, error]);

    await desk.api.desk.comment.mutate({ protocol: question, message: 'Estamos verificando.' });
    expect((await row(question)).sla).toMatchObject({ state: 'ok', target: 'resolution' });
    // Answered, the question is now due in a minute: behind nothing else but ahead of the 30-min request.
    const after = (await desk.api.desk.queue.query({ view: 'todo', sort: 'urgency' })).items.map((t) => t.protocol);
    expect(after).toEqual([question, request, error]);
  }, 30_000);

  it('pages by urgency without gaps or repeats, and refuses a forged cursor', async () => {
    for (let i = 0; i < 5; i++) await openTicket(pro, { ...TICKET, type: i % 2 ? 'error' : 'request' });
    const all = (await desk.api.desk.queue.query({ view: 'todo', sort: 'urgency', limit: 100 })).items.map((t) => t.protocol);
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await desk.api.desk.queue.query({ view: 'todo', sort: 'urgency', limit: 3, cursor });
      paged.push(...page.items.map((t) => t.protocol));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(paged).toEqual(all);
    expect(all.length).toBe(8);
    await expectReason(desk.api.desk.queue.query({ view: 'todo', sort: 'urgency', cursor: 'eyJ4Ijox' }), 'invalid_input', 400);
  });
});
