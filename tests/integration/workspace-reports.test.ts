// The supervisor's report over real HTTP (SPEC §9, issue 12): figures computed by the database over
// a known set of tickets, the period comparison, and the two CSV downloads (admin report, filtered
// queue) as a spreadsheet reads them; who may download what.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSession, attendant, openTicket, signUp, TICKET } from '../support/fixtures';
import { expectReason, startTestServer, type TestServer } from '../support/harness';
import { parseCsv } from '../support/csv';


describe('supervisor report', () => {
  let server: TestServer;
  let admin: Awaited<ReturnType<typeof adminSession>>;
  let bruno: Awaited<ReturnType<typeof attendant>>;
  let carla: Awaited<ReturnType<typeof attendant>>;
  let pro: Awaited<ReturnType<typeof signUp>>;
  const protocols: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    admin = await adminSession(server);
    [bruno, carla, pro] = await Promise.all([attendant(server, 'Bruno Atendente'), attendant(server, 'Carla Colega'), signUp(server)]);
    for (let i = 0; i < 6; i++) protocols.push(await openTicket(pro, { ...TICKET, type: i < 3 ? 'question' : 'error', subject: `Chamado ${i}; "aspas"` }));
    const [a, b, c, d, e] = protocols as [string, string, string, string, string];
    await bruno.api.desk.resolve.mutate({ protocol: a, message: 'Resolvido.' });
    await pro.api.tickets.approve.mutate({ protocol: a, rating: 5 });
    await bruno.api.desk.resolve.mutate({ protocol: b, message: 'Resolvido.' });
    await pro.api.tickets.approve.mutate({ protocol: b, rating: 3 });
    await carla.api.desk.take.mutate({ protocol: c });
    await carla.api.desk.close.mutate({ protocol: d, reason: 'duplicate', message: 'Duplicado.', duplicateOf: c });
    await bruno.api.desk.requestInfo.mutate({ protocol: e, message: 'Envie o comprovante.' });
    const [greeting] = await Promise.all([admin.api.desk.templates.save.mutate({ title: 'Saudação', body: 'Olá, {{nome}}.', shared: true })]);
    await bruno.api.desk.templates.used.mutate({ id: greeting.id, protocol: a });
    await carla.api.desk.templates.used.mutate({ id: greeting.id, protocol: c });
  });
  afterAll(() => server?.close());

  it('computes volumes, backlog, outcomes, per-attendant figures, service levels, age and templates', async () => {
    const report = await admin.api.admin.reportDetails.query({});
    expect(report.summary).toMatchObject({
      total: 6,
      byType: { question: 3, error: 3, request: 0 },
      outcomes: { approved: 2, cancelled: 1, no_response: 0, approval_timeout: 0 },
      rating: { count: 2, average: 4 },
    });
    expect(report.summary.firstResponse.count).toBe(4);
    expect(report.summary.resolution.count).toBe(3);
    expect(report.summary.firstResponse.medianMs).toBeGreaterThanOrEqual(0);
    // 30 days, one point per day; today's point holds everything.
    expect(report.series).toHaveLength(31);
    expect(report.series.at(-1)).toMatchObject({ created: 6, closed: 3, backlog: 3 });
    expect(report.series.slice(0, -1).every((p) => p.created === 0 && p.backlog === 0)).toBe(true);
    const weekly = await admin.api.admin.reportDetails.query({ granularity: 'week' });
    expect(weekly.series.length).toBeGreaterThanOrEqual(5);
    expect(weekly.series.reduce((n, p) => n + p.created, 0)).toBe(6);
    expect(new Date(`${weekly.series[0]!.bucket}T12:00:00Z`).getUTCDay()).toBe(1); // weeks are labelled by their Monday

    const byName = Object.fromEntries(report.attendants.map((a) => [a.name, a]));
    expect(byName['Bruno Atendente']).toMatchObject({ handled: 3, closed: 2, rating: { count: 2, average: 4 } });
    // Closing straight from Aberto assigns nobody: the figures are per assignee.
    expect(byName['Carla Colega']).toMatchObject({ handled: 1, closed: 0 });
    expect(byName['Bruno Atendente']!.resolutionMedianMs).toBeGreaterThanOrEqual(0);

    // Default targets are a day or more: everything answered so far was answered in time.
    expect(report.sla.firstAnswer).toMatchObject({ met: 4, missed: 0, pending: 2, rate: 1 });
    expect(report.sla.resolution).toMatchObject({ met: 3, missed: 0, pending: 3 });
    expect(report.age.find((b) => b.key === 'lt1d')!.count).toBe(3);
    expect(report.templates).toEqual([expect.objectContaining({ title: 'Saudação', shared: true, uses: 2 })]);
    expect(report.previous.total).toBe(0);
  });

  it('counts overdue tickets as missed once their target has passed', async () => {
    await admin.api.admin.serviceLevels.update.mutate({
      mode: 'calendar',
      targets: { question: { firstAnswer: 'PT1S', resolution: 'PT1S' }, error: { firstAnswer: 'PT1S', resolution: 'PT1S' }, request: { firstAnswer: 'PT1S', resolution: 'PT1S' } },
    });
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const report = await admin.api.admin.reportDetails.query({});
    // Every ticket took longer than a second (or is still waiting past it)...
    expect(report.sla.firstAnswer.met + report.sla.firstAnswer.missed + report.sla.firstAnswer.pending).toBe(6);
    // ...but the resolution clock stands still while a ticket waits on the professional: the one
    // asked for information is neither met nor missed yet if the question came within its first
    // second. Worked out here from the stored instants, ticket by ticket.
    const stored = await server.db.collection('tickets').find({ protocol: { $in: protocols } }).toArray();
    expect(stored.find((t) => t.protocol === protocols[4])!.slaPausedSince).toBeInstanceOf(Date);
    const expected = { met: 0, missed: 0, pending: 0 };
    for (const t of stored) {
      const paused = t.slaPausedMs + (t.slaPausedSince ? Date.now() - t.slaPausedSince.getTime() : 0);
      const used = (t.closedAt ?? new Date()).getTime() - t.createdAt.getTime() - paused;
      expected[used > 1_000 ? 'missed' : t.closedAt ? 'met' : 'pending'] += 1;
    }
    expect(report.sla.resolution).toMatchObject(expected);
    expect(report.sla.resolution.missed).toBeGreaterThanOrEqual(2);
  });

  it('refuses bad periods in pt-BR, and attendants', async () => {
    await expectReason(admin.api.admin.reportDetails.query({ from: '2026-05-01', to: '2026-04-01' }), 'invalid_input', 400);
    const long = await expectReason(admin.api.admin.reportDetails.query({ from: '2020-01-01', to: '2026-01-01' }), 'invalid_input', 400);
    expect(long.message).toMatch(/no máximo 731 dias/);
    await expectReason(admin.api.admin.reportDetails.query({ from: '31/02/2026' }), 'invalid_input', 400);
    await expectReason(bruno.api.admin.reportDetails.query({}), 'forbidden', 403);
  });

  it('downloads the report as CSV: BOM, `;`, CRLF, admins only, by the Bearer header', async () => {
    const url = `${server.url}/admin/reports.csv`;
    const response = await fetch(url, { headers: { authorization: `Bearer ${admin.token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="relatorio-.*\.csv"$/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1));
    expect(rows[0]).toEqual(['Seção', 'Item', 'Indicador', 'Valor']);
    expect(rows.every((r) => r.length === 4)).toBe(true);
    expect(rows).toContainEqual(['Desfecho', 'Solução aprovada', 'Chamados', '2']);
    expect(rows).toContainEqual(['Atendente', 'Bruno Atendente', 'Avaliação média', '4']);
    expect(rows).toContainEqual(['Respostas prontas', 'Saudação', 'Usos (compartilhada)', '2']);

    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(`${url}?token=${admin.token}`)).status).toBe(401);
    const refused = await fetch(url, { headers: { authorization: `Bearer ${bruno.token}` } });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(/permissão/);
    const bad = await fetch(`${url}?from=2026-13-01`, { headers: { authorization: `Bearer ${admin.token}` } });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/Data inicial inválida/);
  });

  it('downloads a filtered queue as CSV for staff, with masked CPFs and quoted cells', async () => {
    const response = await fetch(`${server.url}/desk/queue.csv?view=todo&type=question`, { headers: { authorization: `Bearer ${bruno.token}` } });
    expect(response.status).toBe(200);
    const rows = parseCsv((await response.text()).replace(/^\uFEFF/, ''));
    expect(rows[0]).toEqual(['Protocolo', 'Assunto', 'Profissional', 'CPF', 'Tipo', 'Tema', 'Atendente', 'Situação', 'Aberto em', 'Aguardando desde', 'Prazo', 'Nível de serviço', 'Vence em']);
    expect(rows.slice(1).map((r) => r[0])).toEqual([protocols[2]]);
    expect(rows[1]![1]).toBe('Chamado 2; "aspas"');
    expect(rows[1]![3]).toMatch(/^\*\*\*\.\d{3}\.\d{3}-\*\*$/);
    expect(rows[1]![7]).toBe('Em andamento');

    expect((await fetch(`${server.url}/desk/queue.csv?view=todo`, { headers: { authorization: `Bearer ${pro.token}` } })).status).toBe(403);
    const bad = await fetch(`${server.url}/desk/queue.csv?view=nada`, { headers: { authorization: `Bearer ${bruno.token}` } });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/Visão da fila inválida/);
  });
});
