// LGPD over real HTTP: the audit trail of staff access to personal data (who, what, whom, from
// where, when — never the data itself), admin.audit.list, the professional's data export, the
// admin's anonymisation on request, and the public privacy notice.
import { DEFAULT_SECURITY_SETTINGS, formatCpf } from '@cau/shared';
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { png, text } from '../support/files';
import { adminSession, attendant, newCpf, newPerson, signUp, storedTicket, TICKET, ticketIn } from '../support/fixtures';
import { ADMIN, expectReason, startTestServer, type Client, type TestServer } from '../support/harness';

const STAFF_ADDRESS = '203.0.113.10';
const PRO_ADDRESS = '198.51.100.20';

async function uploadAs(server: TestServer, token: string, name: string, bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([bytes]), name);
  const response = await fetch(`${server.url}/trpc/attachments.upload`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  expect(response.status).toBe(200);
  return ((await response.json()) as { result: { data: { id: string } } }).result.data.id;
}

describe('audit trail', () => {
  let server: TestServer;
  let admin: { api: Client; id: string };
  let desk: { api: Client; id: string; name: string };
  let pro: Awaited<ReturnType<typeof signUp>>;
  let protocol: string;
  const description = 'Minha inscrição 12345-SP consta como suspensa, mas paguei tudo em dia. Texto sigiloso do chamado.';

  beforeAll(async () => {
    server = await startTestServer({ TRUST_PROXY: 'true' });
    const session = await adminSession(server);
    admin = { api: server.client(session.token, { 'x-forwarded-for': STAFF_ADDRESS }), id: session.user.id };
    const att = await attendant(server, 'Bruno Auditado');
    desk = { api: server.client(att.token, { 'x-forwarded-for': STAFF_ADDRESS }), id: att.id, name: 'Bruno Auditado' };
    pro = await signUp(server, { ...newPerson(), name: 'Otília Auditada Prado' });
    pro = { ...pro, api: server.client(pro.token, { 'x-forwarded-for': PRO_ADDRESS }) };
    protocol = (await pro.api.tickets.create.mutate({ ...TICKET, subject: 'Inscrição suspensa por engano', description })).protocol;
  });
  afterAll(async () => {
    await server.deps.settings.saveSecurity(DEFAULT_SECURITY_SETTINGS);
    await server?.close();
  });

  const entries = () => server.db.collection('auditentries');

  /** Runs `action` and returns the one audit entry it appended (failing if it appended none or several). */
  async function oneEntry(action: () => Promise<unknown>) {
    const before = await entries().countDocuments();
    const startedAt = Date.now();
    await action();
    const added = await entries().find({}).sort({ _id: -1 }).limit(5).toArray();
    expect(await entries().countDocuments()).toBe(before + 1);
    const entry = added[0]!;
    expect(entry.at.getTime()).toBeGreaterThanOrEqual(startedAt - 5);
    expect(entry.at.getTime()).toBeLessThanOrEqual(Date.now() + 5);
    return entry;
  }

  const staffActor = () => ({ id: new ObjectId(desk.id), role: 'attendant', name: desk.name });

  it('desk.get: one entry naming the attendant, the professional and the ticket, with the address', async () => {
    const entry = await oneEntry(() => desk.api.desk.get.query({ protocol }));
    expect(entry).toMatchObject({ action: 'ticket_viewed', actor: staffActor(), subject: { userId: new ObjectId(pro.user.id), protocol }, ip: STAFF_ADDRESS });
  });

  it('desk.get again within 5 minutes (a live reload) is the same access: no second entry; another attendant gets their own', async () => {
    await desk.api.desk.get.query({ protocol });
    const before = await entries().countDocuments({ action: 'ticket_viewed' });
    await desk.api.desk.get.query({ protocol });
    expect(await entries().countDocuments({ action: 'ticket_viewed' })).toBe(before);
    await admin.api.desk.get.query({ protocol });
    expect(await entries().countDocuments({ action: 'ticket_viewed' })).toBe(before + 1);
  });

  it('desk.revealCpf: one entry, and the answer is the full CPF', async () => {
    let revealed = '';
    const entry = await oneEntry(async () => {
      revealed = (await desk.api.desk.revealCpf.mutate({ protocol })).cpf;
    });
    expect(revealed).toBe(pro.cpf);
    expect(entry).toMatchObject({ action: 'cpf_revealed', actor: staffActor(), subject: { userId: new ObjectId(pro.user.id), protocol }, ip: STAFF_ADDRESS });
  });

  it('desk.queue (masked lists) and a refused desk.get are not logged as access', async () => {
    const before = await entries().countDocuments();
    await desk.api.desk.queue.query({ view: 'all', search: pro.cpf });
    await expectReason(desk.api.desk.get.query({ protocol: '1999-000001' }), 'not_found', 404);
    await expectReason(pro.api.desk.get.query({ protocol }), 'forbidden', 403);
    expect(await entries().countDocuments()).toBe(before);
  });

  it('admin.attendants create and disable: one entry each, naming the staff account', async () => {
    const id = Date.now() % 1e6;
    let createdId = '';
    const created = await oneEntry(async () => {
      createdId = (await admin.api.admin.attendants.create.mutate({ name: 'Célia Nova', login: `celia.${id}`, email: `celia.${id}@causp.test`, password: 'Celia-Atende-2026', role: 'attendant' })).id;
    });
    expect(created).toMatchObject({ action: 'staff_created', actor: { id: new ObjectId(admin.id), role: 'admin' }, subject: { userId: new ObjectId(createdId) }, ip: STAFF_ADDRESS });
    const disabled = await oneEntry(() => admin.api.admin.attendants.disable.mutate({ id: createdId }));
    expect(disabled).toMatchObject({ action: 'staff_disabled', subject: { userId: new ObjectId(createdId) }, ip: STAFF_ADDRESS });
    // A refused change is not logged.
    const before = await entries().countDocuments();
    await expectReason(admin.api.admin.attendants.disable.mutate({ id: admin.id }), 'forbidden', 403);
    expect(await entries().countDocuments()).toBe(before);
  });

  it('settings changes (deadlines and security): one entry each', async () => {
    const deadlines = await admin.api.admin.settings.get.query();
    const a = await oneEntry(() => admin.api.admin.settings.update.mutate({ ...deadlines, pending: 'P6D' }));
    expect(a).toMatchObject({ action: 'settings_changed', actor: { id: new ObjectId(admin.id) }, ip: STAFF_ADDRESS });
    const security = await admin.api.admin.security.get.query();
    const b = await oneEntry(() => admin.api.admin.security.update.mutate({ ...security, professionalIdleMinutes: 60 }));
    expect(b).toMatchObject({ action: 'settings_changed', ip: STAFF_ADDRESS });
  });

  it('admin.professionals.search: one entry, without the search terms (which may be a CPF)', async () => {
    let found: Array<{ id: string; cpf: string | null; name: string }> = [];
    const entry = await oneEntry(async () => {
      found = await admin.api.admin.professionals.search.query({ query: pro.cpf });
    });
    expect(found.map((p) => p.id)).toEqual([pro.user.id]);
    expect(found[0]!.cpf).toMatch(/^\*\*\*\.\d{3}\.\d{3}-\*\*$/);
    expect(entry).toMatchObject({ action: 'professionals_searched', actor: { id: new ObjectId(admin.id) }, ip: STAFF_ADDRESS });
  });

  it('a professional’s exportData: one entry with the professional as actor and subject', async () => {
    const entry = await oneEntry(() => pro.api.account.exportData.query());
    expect(entry).toMatchObject({ action: 'data_exported', actor: { id: new ObjectId(pro.user.id), role: 'professional' }, subject: { userId: new ObjectId(pro.user.id) }, ip: PRO_ADDRESS });
    expect(JSON.stringify(entry)).not.toContain(pro.name);
  });

  it('admin.professionals.anonymize: one entry naming the person by id only', async () => {
    const victim = await signUp(server);
    const entry = await oneEntry(() => admin.api.admin.professionals.anonymize.mutate({ id: victim.user.id }));
    expect(entry).toMatchObject({ action: 'professional_anonymized', subject: { userId: new ObjectId(victim.user.id) }, ip: STAFF_ADDRESS });
    expect(JSON.stringify(entry)).not.toContain(victim.cpf.replace(/\D/g, ''));
    expect(JSON.stringify(entry)).not.toContain(victim.email);
  });

  it('never stores the CPF, the e-mail or the ticket text in any entry', async () => {
    const all = JSON.stringify(await entries().find({}).toArray());
    const digits = pro.cpf.replace(/\D/g, '');
    expect(all).not.toContain(digits);
    expect(all).not.toContain(pro.cpf);
    expect(all).not.toContain(pro.email);
    expect(all).not.toContain(description);
    expect(all).not.toContain('12345-SP');
    expect(all).not.toContain('Inscrição suspensa');
  });

  describe('admin.audit.list', () => {
    it('lists newest first with actor, action, subject, ip and time', async () => {
      const { items } = await admin.api.admin.audit.list.query({});
      expect(items.length).toBeGreaterThan(5);
      const times = items.map((i) => Date.parse(i.at));
      expect([...times].sort((a, b) => b - a)).toEqual(times);
      const viewed = items.find((i) => i.action === 'ticket_viewed' && i.actor.id === desk.id)!;
      expect(viewed).toEqual({
        id: expect.stringMatching(/^[a-f0-9]{24}$/),
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        actor: { id: desk.id, role: 'attendant', name: desk.name },
        action: 'ticket_viewed',
        subject: { userId: pro.user.id, protocol },
        ip: STAFF_ADDRESS,
      });
    });

    it('filters by actor, by action, by subject and by period', async () => {
      const byActor = await admin.api.admin.audit.list.query({ actorId: desk.id });
      expect(byActor.items.length).toBeGreaterThanOrEqual(2);
      expect(byActor.items.every((i) => i.actor.id === desk.id)).toBe(true);

      const byAction = await admin.api.admin.audit.list.query({ action: 'cpf_revealed' });
      expect(byAction.items.map((i) => i.action)).toEqual(['cpf_revealed']);

      const bySubject = await admin.api.admin.audit.list.query({ subjectUserId: pro.user.id });
      expect(new Set(bySubject.items.map((i) => i.action))).toEqual(new Set(['ticket_viewed', 'cpf_revealed', 'data_exported']));

      const from = new Date();
      await new Promise((resolve) => setTimeout(resolve, 20));
      await desk.api.desk.revealCpf.mutate({ protocol });
      await desk.api.desk.revealCpf.mutate({ protocol });
      await new Promise((resolve) => setTimeout(resolve, 20));
      const to = new Date();
      await new Promise((resolve) => setTimeout(resolve, 20));
      await desk.api.desk.revealCpf.mutate({ protocol });

      const inPeriod = await admin.api.admin.audit.list.query({ from: from.toISOString(), to: to.toISOString() });
      expect(inPeriod.items).toHaveLength(2);
      expect(inPeriod.items.every((i) => i.action === 'cpf_revealed')).toBe(true);
      const since = await admin.api.admin.audit.list.query({ from: from.toISOString(), action: 'cpf_revealed', actorId: desk.id });
      expect(since.items).toHaveLength(3);
      expect((await admin.api.admin.audit.list.query({ to: new Date(0).toISOString() })).items).toEqual([]);
      // Dates with an offset are understood as the instants they name.
      const local = new Date(from.getTime() - 3 * 3_600_000).toISOString().replace('Z', '-03:00');
      expect((await admin.api.admin.audit.list.query({ from: local, to: to.toISOString() })).items).toHaveLength(2);
    });

    it('pages with nextCursor: no entry twice, none left out, null at the end', async () => {
      for (let i = 0; i < 60; i++) await desk.api.desk.revealCpf.mutate({ protocol });
      const total = await entries().countDocuments();
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await admin.api.admin.audit.list.query(cursor ? { cursor } : {});
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor ?? undefined;
        pages += 1;
        if (cursor) expect(page.items.length).toBeGreaterThan(0);
      } while (cursor && pages < 20);
      expect(pages).toBeGreaterThanOrEqual(2);
      expect(seen).toHaveLength(total);
      expect(new Set(seen).size).toBe(total);
      // The filters hold across pages too.
      const first = await admin.api.admin.audit.list.query({ action: 'cpf_revealed' });
      const second = await admin.api.admin.audit.list.query({ action: 'cpf_revealed', cursor: first.nextCursor! });
      expect([...first.items, ...second.items].every((i) => i.action === 'cpf_revealed')).toBe(true);
      expect(second.items.some((i) => first.items.some((f) => f.id === i.id))).toBe(false);
    });

    it('refuses bad filters with pt-BR messages', async () => {
      await expectReason(admin.api.admin.audit.list.query({ cursor: 'abc' }), 'invalid_input', 400);
      await expectReason(admin.api.admin.audit.list.query({ actorId: 'abc' }), 'invalid_input', 400);
      await expectReason(admin.api.admin.audit.list.query({ from: 'ontem' }), 'invalid_input', 400);
      await expectReason(admin.api.admin.audit.list.query({ action: 'tudo' as never }), 'invalid_input', 400);
    });

    it('is for admins only: attendants and professionals are refused (forbidden), anonymous callers are unauthenticated', async () => {
      await expectReason(desk.api.admin.audit.list.query({}), 'forbidden', 403);
      await expectReason(pro.api.admin.audit.list.query({}), 'forbidden', 403);
      await expectReason(server.client().admin.audit.list.query({}), 'unauthenticated', 401);
    });
  });
});

describe('data-subject rights', () => {
  let server: TestServer;
  let admin: Awaited<ReturnType<typeof adminSession>>;
  let desk: Awaited<ReturnType<typeof attendant>>;
  beforeAll(async () => {
    server = await startTestServer();
    admin = await adminSession(server);
    desk = await attendant(server, 'Bruno Atendente');
  });
  afterAll(async () => {
    await server.deps.settings.saveSecurity(DEFAULT_SECURITY_SETTINGS);
    await server?.close();
  });

  it('exportData: the account with the formatted CPF, every own ticket with messages and attachment names — no notes, no one else’s data, no secrets', async () => {
    const pro = await signUp(server, { ...newPerson(), name: 'Heloísa Exportadora Lima' });
    const other = await signUp(server, { ...newPerson(), name: 'Gustavo Vizinho Ramos' });
    const planta = await uploadAs(server, pro.token, 'planta-baixa.png', png());
    const recibo = await uploadAs(server, pro.token, 'recibo-anuidade.txt', text('Recibo 2025'));
    const first = (await pro.api.tickets.create.mutate({ ...TICKET, subject: 'Primeiro chamado', attachmentIds: [planta] })).protocol;
    await desk.api.desk.note.mutate({ protocol: first, message: 'NOTA-INTERNA-secreta: ligar para o setor financeiro.' });
    await desk.api.desk.comment.mutate({ protocol: first, message: 'Recebemos a sua planta.' });
    await pro.api.tickets.comment.mutate({ protocol: first, message: 'Segue o recibo.', attachmentIds: [recibo] });
    const second = await ticketIn('closed', pro, desk, { type: 'error', subject: 'Segundo chamado', description: 'O sistema não gera o boleto de 2026.' });
    const foreign = (await other.api.tickets.create.mutate({ ...TICKET, subject: 'Chamado do vizinho XYZ', description: 'Descrição do vizinho que ninguém mais vê.' })).protocol;
    await desk.api.desk.note.mutate({ protocol: foreign, message: 'Nota do vizinho.' });

    const data = await pro.api.account.exportData.query();
    expect(data.account).toMatchObject({ name: pro.name, cpf: pro.cpf, email: pro.email, login: pro.login });
    expect(data.account.cpf).toMatch(/^\d{3}\.\d{3}\.\d{3}-\d{2}$/);
    expect(data.controller).toMatch(/CAU\/SP/);
    expect(data.tickets.map((t) => t.protocol)).toEqual([first, second]);
    const one = data.tickets[0]!;
    expect(one.attachments.map((a) => a.name)).toEqual(['planta-baixa.png']);
    expect(one.messages.map((m) => m.body)).toEqual(['Recebemos a sua planta.', 'Segue o recibo.']);
    expect(one.messages[1]!.attachments.map((a) => a.name)).toEqual(['recibo-anuidade.txt']);
    expect(one.history.map((h) => h.event)).not.toContain('note');
    expect(data.tickets[1]!.rating).toBe(4);
    expect(data.sessions.length).toBeGreaterThan(0);

    const json = JSON.stringify(data);
    for (const secret of ['NOTA-INTERNA', 'Nota do vizinho', 'ligar para o setor', foreign, 'Chamado do vizinho', 'Descrição do vizinho', other.name, other.email, other.cpf, other.cpf.replace(/\D/g, ''), other.login]) {
      expect(json, secret).not.toContain(secret);
    }
    expect(json).not.toMatch(/passwordHash|argon2|tokenHash|outbox|"notes"|searchText|signupToken/);
  });

  it('exportData is for professionals: staff get forbidden', async () => {
    await expectReason(desk.api.account.exportData.query(), 'forbidden', 403);
    await expectReason(admin.api.account.exportData.query(), 'forbidden', 403);
  });

  it('anonymise: no login, no personal data in the account, tickets kept with "Titular anonimizado", files deleted, search finds nothing', async () => {
    const person = { ...newPerson(), name: 'Zuleica Anônima Teodoro' };
    const victim = await signUp(server, person);
    const secondDevice = await server.client().auth.login.mutate({ login: victim.login, password: victim.password });
    const planta = await uploadAs(server, victim.token, 'planta-zuleica.png', png());
    const orphan = await uploadAs(server, victim.token, 'rascunho.txt', text('rascunho'));
    const working = await ticketIn('in_progress', victim, desk, { ...TICKET, subject: 'Pedido de certidão', attachmentIds: [planta] });
    await victim.api.tickets.comment.mutate({ protocol: working, message: 'Complemento do pedido.' });
    await desk.api.desk.comment.mutate({ protocol: working, message: 'Em análise.' });
    const closed = await ticketIn('closed', victim, desk);
    const bystander = await signUp(server, { ...newPerson(), name: 'Zuleica Outra Pessoa' });
    const bystanderTicket = (await bystander.api.tickets.create.mutate(TICKET)).protocol;
    const digits = person.cpf.replace(/\D/g, '');
    const personal = [person.name, digits, person.cpf, person.email, person.login];

    // They asked for their data first (LGPD art. 18): that is on the audit trail too.
    await victim.api.account.exportData.query();
    await desk.api.desk.get.query({ protocol: working });

    const result = await admin.api.admin.professionals.anonymize.mutate({ id: victim.user.id });
    expect(result).toEqual({ tickets: 2, closed: 1, files: 2 });

    // The account: no way in, nothing personal left.
    await expectReason(server.client().auth.login.mutate({ login: victim.login, password: victim.password }), 'bad_credentials', 401);
    await expectReason(victim.api.auth.me.query(), 'unauthenticated', 401);
    await expectReason(server.client(secondDevice.token).auth.me.query(), 'unauthenticated', 401);
    expect(await server.db.collection('sessions').countDocuments({ userId: new ObjectId(victim.user.id) })).toBe(0);
    const account = await server.db.collection('users').findOne({ _id: new ObjectId(victim.user.id) });
    expect(account).toMatchObject({ name: 'Titular anonimizado', disabled: true, role: 'professional' });
    expect(account!.cpf).toBeUndefined();
    const accountJson = JSON.stringify(account);
    for (const value of personal) expect(accountJson, value).not.toContain(value);
    expect(account!.passwordHash).not.toMatch(/^\$argon2/);

    // The tickets stay, with the personal data replaced, also in the thread and the history.
    for (const protocol of [working, closed]) {
      const stored = await storedTicket(server, protocol);
      expect(stored.professional.name).toBe('Titular anonimizado');
      expect(stored.professional.cpf).not.toBe(digits);
      expect(stored.professional.email).not.toBe(person.email);
      const json = JSON.stringify(stored);
      for (const value of personal) expect(json, `${protocol}: ${value}`).not.toContain(value);
      for (const m of stored.messages.filter((m: { author: { role: string } }) => m.author.role === 'professional')) {
        expect(m.author.name).toBe('Titular anonimizado');
      }
      for (const h of stored.history.filter((h: { actor: { role: string } }) => h.actor.role === 'professional')) {
        expect(h.actor.name).toBe('Titular anonimizado');
      }
      expect(stored.outbox).toEqual([]);
    }
    const seen = await desk.api.desk.get.query({ protocol: working });
    expect(seen.professional.name).toBe('Titular anonimizado');
    expect(seen.messages.map((m) => m.body)).toEqual(['Complemento do pedido.', 'Em análise.']);
    expect(seen.messages[0]!.author.name).toBe('Titular anonimizado');
    expect(seen.messages[1]!.author.name).toBe('Bruno Atendente');

    // The files they uploaded are gone, chunks included.
    for (const id of [planta, orphan]) {
      expect(await server.db.collection('attachments.files').countDocuments({ _id: new ObjectId(id) })).toBe(0);
      expect(await server.db.collection('attachments.chunks').countDocuments({ files_id: new ObjectId(id) })).toBe(0);
    }

    // Nobody finds them by their old name, CPF, e-mail or login.
    for (const search of [person.name, 'Zuleica Anônima', digits, person.cpf]) {
      const { items } = await desk.api.desk.queue.query({ view: 'all', search });
      expect(items.map((i) => i.protocol), search).not.toContain(working);
      expect(items.map((i) => i.protocol), search).not.toContain(closed);
    }
    expect((await desk.api.desk.queue.query({ view: 'all', search: 'Zuleica' })).items.map((i) => i.protocol)).toEqual([bystanderTicket]);
    for (const query of [person.name, digits, person.email, person.login]) {
      expect(await admin.api.admin.professionals.search.query({ query }), query).toEqual([]);
    }

    // Nor does the audit trail keep anything of them but their id.
    const trail = JSON.stringify(await server.db.collection('auditentries').find({ 'subject.userId': new ObjectId(victim.user.id) }).toArray());
    expect(trail).toContain('data_exported');
    for (const value of personal) expect(trail, value).not.toContain(value);

    // The person can sign up afresh with the same CPF and e-mail.
    const again = await signUp(server, { ...newPerson(), cpf: person.cpf, email: person.email, name: person.name });
    expect(again.user.cpf).toBe(person.cpf);
    expect((await again.api.tickets.mine.query({})).items).toEqual([]);
  });

  it('anonymise refuses staff accounts and unknown ids (not_found), and is for admins only', async () => {
    await expectReason(admin.api.admin.professionals.anonymize.mutate({ id: desk.id }), 'not_found', 404);
    await expectReason(admin.api.admin.professionals.anonymize.mutate({ id: admin.user.id }), 'not_found', 404);
    await expectReason(admin.api.admin.professionals.anonymize.mutate({ id: new ObjectId().toHexString() }), 'not_found', 404);
    const pro = await signUp(server);
    await expectReason(desk.api.admin.professionals.anonymize.mutate({ id: pro.user.id }), 'forbidden', 403);
    await expectReason(pro.api.admin.professionals.anonymize.mutate({ id: pro.user.id }), 'forbidden', 403);
    expect((await pro.api.auth.me.query()).name).toBe(pro.name);
    expect((await server.client().auth.login.mutate({ login: ADMIN.login, password: ADMIN.password })).user.role).toBe('admin');
  });

  it('portal.privacy is public and returns the controller and DPO contact from the settings', async () => {
    const shown = await server.client().portal.privacy.query();
    expect(shown).toEqual(DEFAULT_SECURITY_SETTINGS.privacy);
    const current = await admin.api.admin.security.get.query();
    const privacy = { controller: 'CAU/SP — Controlador de Teste', dpoName: 'Dra. Encarregada Silva', dpoEmail: 'encarregada@causp.gov.br' };
    await admin.api.admin.security.update.mutate({ ...current, privacy });
    expect(await server.client().portal.privacy.query()).toEqual(privacy);
    const refused = await expectReason(admin.api.admin.security.update.mutate({ ...current, privacy: { ...privacy, dpoEmail: 'não é e-mail' } }), 'invalid_input', 400);
    expect(refused.message).toBe('E-mail do encarregado inválido.');
    expect(await server.client().portal.privacy.query()).toEqual(privacy);
  });

  it('staff lists show the CPF masked; only its owner sees it whole', async () => {
    const pro = await signUp(server, { ...newPerson(), cpf: formatCpf(newCpf()) });
    const protocol = (await pro.api.tickets.create.mutate(TICKET)).protocol;
    const masked = `***.${pro.cpf.slice(4, 7)}.${pro.cpf.slice(8, 11)}-**`;
    const { items } = await desk.api.desk.queue.query({ view: 'all', search: protocol });
    expect(items[0]!.professional.cpf).toBe(masked);
    expect((await desk.api.desk.get.query({ protocol })).professional.cpf).toBe(masked);
    expect((await admin.api.admin.professionals.search.query({ query: pro.login }))[0]!.cpf).toBe(masked);
    expect((await pro.api.auth.me.query()).cpf).toBe(pro.cpf);
  });
});
