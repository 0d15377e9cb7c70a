// Answer templates over real HTTP (SPEC §9): shared ones written by admins only, personal ones seen
// by their owner only, filtered by tema and searched by words, usage counted; bad input refused.
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSession, attendant, collectionCounts } from '../support/fixtures';
import { expectReason, startTestServer, type TestServer } from '../support/harness';

describe('desk.templates', () => {
  let server: TestServer;
  let admin: Awaited<ReturnType<typeof adminSession>>;
  let bruno: Awaited<ReturnType<typeof attendant>>;
  let carla: Awaited<ReturnType<typeof attendant>>;

  beforeAll(async () => {
    server = await startTestServer();
    admin = await adminSession(server);
    bruno = await attendant(server, 'Bruno Atendente');
    carla = await attendant(server, 'Carla Colega');
  });
  afterAll(() => server?.close());

  it('lets an admin write shared templates that every attendant reads, filtered by tema', async () => {
    const boleto = await admin.api.desk.templates.save.mutate({
      title: 'Segunda via do boleto',
      body: 'Olá, {{nome}}. A segunda via do boleto do chamado {{protocolo}} está disponível no SICCAU.',
      topic: 'annuity',
      shared: true,
    });
    await admin.api.desk.templates.save.mutate({ title: 'Saudação', body: 'Olá, {{nome}}! Sou {{atendente}}.', shared: true });
    await admin.api.desk.templates.save.mutate({ title: 'RRT extemporâneo', body: 'O RRT extemporâneo é pago à parte.', topic: 'rrt', shared: true });
    expect(boleto).toMatchObject({ shared: true, topic: 'annuity', uses: 0, editable: true });

    const seen = await bruno.api.desk.templates.list.query({ topic: 'annuity' });
    // A template without a tema fits every ticket; the RRT one does not fit an annuity ticket.
    expect(seen.map((t) => t.title).sort()).toEqual(['Saudação', 'Segunda via do boleto']);
    expect(seen.every((t) => !t.editable)).toBe(true);
    expect((await bruno.api.desk.templates.list.query({ search: 'SICCAU boleto' })).map((t) => t.title)).toEqual(['Segunda via do boleto']);
    // Accent-free, case-insensitive words.
    expect((await bruno.api.desk.templates.list.query({ search: 'saudacao' })).map((t) => t.title)).toEqual(['Saudação']);
  });

  it('keeps personal templates to their owner: others get not_found', async () => {
    const mine = await bruno.api.desk.templates.save.mutate({ title: 'Meu fecho', body: 'Atenciosamente, {{atendente}}.', shared: false });
    expect(mine).toMatchObject({ shared: false, editable: true, owner: { name: 'Bruno Atendente' } });
    expect((await bruno.api.desk.templates.list.query({})).map((t) => t.title)).toContain('Meu fecho');
    expect((await carla.api.desk.templates.list.query({})).map((t) => t.title)).not.toContain('Meu fecho');
    await expectReason(carla.api.desk.templates.save.mutate({ id: mine.id, title: 'Roubado', body: 'x', shared: false }), 'not_found');
    await expectReason(carla.api.desk.templates.remove.mutate({ id: mine.id }), 'not_found');
    await expectReason(carla.api.desk.templates.used.mutate({ id: mine.id }), 'not_found');
    // Even an admin does not read an attendant's personal templates.
    expect((await admin.api.desk.templates.list.query({})).map((t) => t.title)).not.toContain('Meu fecho');

    const renamed = await bruno.api.desk.templates.save.mutate({ id: mine.id, title: 'Meu fecho formal', body: 'Atenciosamente, {{atendente}}.', shared: false });
    expect(renamed.title).toBe('Meu fecho formal');
    await bruno.api.desk.templates.remove.mutate({ id: mine.id });
    expect((await bruno.api.desk.templates.list.query({})).map((t) => t.title)).not.toContain('Meu fecho formal');
  });

  it('refuses shared writes by an attendant and changes nothing', async () => {
    const shared = (await bruno.api.desk.templates.list.query({ search: 'saudação' }))[0]!;
    const before = await collectionCounts(server);
    await expectReason(bruno.api.desk.templates.save.mutate({ title: 'Nova', body: 'Texto', shared: true }), 'forbidden', 403);
    await expectReason(bruno.api.desk.templates.save.mutate({ id: shared.id, title: 'Alterada', body: 'Texto', shared: false }), 'forbidden', 403);
    await expectReason(bruno.api.desk.templates.remove.mutate({ id: shared.id }), 'forbidden', 403);
    expect(await collectionCounts(server)).toEqual(before);
    expect((await bruno.api.desk.templates.list.query({ search: 'saudação' }))[0]).toMatchObject({ title: 'Saudação' });
  });

  it('refuses bad input with pt-BR messages and professionals altogether', async () => {
    const error = await expectReason(bruno.api.desk.templates.save.mutate({ title: '  ', body: '', shared: false }), 'invalid_input', 400);
    expect(error.message).toMatch(/título|texto/);
    await expectReason(bruno.api.desk.templates.list.query({ search: { $gt: '' } } as never), 'invalid_input');
    await expectReason(bruno.api.desk.templates.remove.mutate({ id: 'nope' }), 'invalid_input');
    await expectReason(server.client().desk.templates.list.query({}), 'unauthenticated', 401);
  });

  it('counts each use, for the picker order and the reports', async () => {
    const [greeting] = await carla.api.desk.templates.list.query({ search: 'saudação' });
    await carla.api.desk.templates.used.mutate({ id: greeting!.id, protocol: '2026-000001' });
    const { uses } = await bruno.api.desk.templates.used.mutate({ id: greeting!.id });
    expect(uses).toBe(2);
    // Most used first.
    expect((await bruno.api.desk.templates.list.query({}))[0]!.title).toBe('Saudação');
    expect(await server.db.collection('templateuses').countDocuments({ templateId: new ObjectId(greeting!.id) })).toBe(2);
  });
});
