// E-mail end to end (SPEC §2.7, §3, §7): every notice driven through the API arrives at a real SMTP
// server with its protocolo, link and the council's name; outages, refusals, crashes mid-send and
// concurrent passes lose nothing and send nothing twice; without SMTP_URL mail becomes .eml files.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { formatDateTime } from '@cau/shared';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
// The delivery pass itself, run beside the server's own job to play a second instance.
import { deliverDueMail, pruneSentMail } from '../../server/src/mail/delivery.service';
import { adminSession, attendant, newPerson, openTicket, signUp, TICKET } from '../support/fixtures';
import { expectReason, startTestServer, type TestServer } from '../support/harness';
import { sleep, waitUntil as pollUntil } from '../support/process';
import { startSmtp, type ReceivedMail, type TestSmtp } from '../support/smtp';

const PORTAL = 'http://portal.test/atendimento';
const COUNCIL = 'CAU/SP — Conselho de Arquitetura e Urbanismo de São Paulo';
const ticketLink = (protocol: string) => `${PORTAL}#atendimento/chamado/${protocol}`;

let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startSmtp();
});
afterAll(() => smtp?.stop());

/** Polls until `probe` gives something truthy, and returns it. */
function waitUntil<T>(probe: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  return pollUntil(async () => (await probe()) || undefined, { timeoutMs, intervalMs: 150, message: `timed out waiting for ${what}` });
}

const addresses = (field: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) => a.value.map((v) => v.address));

function mailTo(address: string, subject: RegExp, timeoutMs?: number): Promise<ReceivedMail> {
  return smtp.waitFor((m) => m.envelope.rcptTo.includes(address) && subject.test(m.parsed.subject ?? ''), timeoutMs);
}

function received(address: string): ReceivedMail[] {
  return smtp.received.filter((m) => m.envelope.rcptTo.includes(address));
}

/** What every ticket notice must carry, in both parts. */
function expectTicketNotice(mail: ReceivedMail, address: string, protocol: string, ...phrases: string[]) {
  expect(mail.envelope.rcptTo).toEqual([address]);
  expect(addresses(mail.parsed.to)).toEqual([address]);
  expect(mail.parsed.subject).toContain(`Chamado ${protocol}`);
  const text = mail.parsed.text ?? '';
  const html = typeof mail.parsed.html === 'string' ? mail.parsed.html : '';
  for (const part of [text, html]) {
    expect(part).toContain(COUNCIL);
    expect(part).toContain(ticketLink(protocol));
  }
  for (const phrase of phrases) expect(text).toContain(phrase);
}

type Entry = { _id: ObjectId; template: string; status: string; attempts: number; lastError: string | null; data: Record<string, unknown>; to: { address: string } };

async function ticketOutbox(server: TestServer, protocol: string): Promise<Entry[]> {
  return ((await server.db.collection('tickets').findOne({ protocol }))?.outbox ?? []) as Entry[];
}

async function userOutbox(server: TestServer, login: string): Promise<Entry[]> {
  return ((await server.db.collection('users').findOne({ login: login.toLowerCase() }))?.outbox ?? []) as Entry[];
}

function outboxEntry(template: string, to: { name: string; address: string }, data: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const now = new Date();
  return { _id: new ObjectId(), template, to, data, status: 'pending', attempts: 0, nextAttemptAt: now, leaseUntil: null, lastError: null, createdAt: now, sentAt: null, ...extra };
}

/** A user written straight to the database, bypassing the API's checks (to hold hostile names). */
async function insertUser(server: TestServer, name: string, outbox: unknown[]) {
  const id = `${Date.now() % 1e8}${Math.floor(Math.random() * 1e4)}`;
  const email = `direto.${id}@exemplo.com.br`;
  await server.db.collection('users').insertOne({
    role: 'professional', name, login: `direto.${id}`, email, passwordHash: 'x', disabled: false,
    passwordChangedAt: null, outbox, createdAt: new Date(), updatedAt: new Date(),
  });
  return { email, login: `direto.${id}` };
}

describe('every notice over SMTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ SMTP_URL: smtp.url, JOBS_EVERY: '1 second', MAIL_RETRY_BASE: 'PT1S' });
  });
  afterAll(() => server?.close());

  /**
   * A professional whose mailbox does not exist (the SMTP server answers 550): signed up, with a
   * ticket, once both mails (welcome, ticket created) are listed as failed for the admin.
   */
  async function bouncingProfessional() {
    const person = newPerson();
    smtp.failWith({ code: 550, address: person.email, message: '5.1.1 Mailbox does not exist' });
    const pro = await signUp(server, person);
    const protocol = await openTicket(pro);
    const admin = await adminSession(server);
    const rows = await waitUntil(async () => {
      const failed = (await admin.api.admin.mail.failed.query()).filter((r) => r.to === person.email);
      return failed.length === 2 ? failed : null;
    }, 'both entries failed');
    return { person, pro, protocol, admin, rows };
  }

  it('welcome on signup: the login, to the one address, with a Message-ID per outbox entry, data cleared once sent', async () => {
    const pro = await signUp(server);
    const mail = await mailTo(pro.email, /Cadastro concluído/);
    expect(mail.envelope.rcptTo).toEqual([pro.email]);
    expect(mail.envelope.mailFrom).toBe('atendimento@localhost');
    expect(mail.parsed.text).toContain(pro.login);
    expect(mail.parsed.text).toContain(COUNCIL);
    expect(mail.parsed.html).toContain(COUNCIL);
    expect(mail.parsed.text).toContain('não é a mesma senha do SICCAU');
    expect(mail.parsed.from?.text).toContain('atendimento@localhost');

    const [entry] = await waitUntil(async () => {
      const box = await userOutbox(server, pro.login);
      return box[0]?.status === 'sent' ? box : null;
    }, 'the welcome entry marked sent');
    expect(mail.messageId).toBe(`<${String(entry!._id)}@cau-atendimento>`);
    expect(entry).toMatchObject({ attempts: 1, data: {} });
  });

  it('prunes sent entries after 30 days and keeps recent ones', async () => {
    const old = await signUp(server);
    const recent = await signUp(server);
    for (const login of [old.login, recent.login]) {
      await waitUntil(async () => ((await userOutbox(server, login))[0]?.status === 'sent' ? true : null), 'welcome sent');
    }
    await server.db.collection('users').updateOne({ login: old.login }, { $set: { 'outbox.0.sentAt': new Date(Date.now() - 31 * 86_400_000) } });
    expect(await pruneSentMail(server.deps)).toBeGreaterThanOrEqual(1);
    expect(await userOutbox(server, old.login)).toEqual([]);
    expect(await userOutbox(server, recent.login)).toHaveLength(1);
  });

  it('each ticket notice through the lifecycle: created, info requested, solution, desk comment, closed by the desk', async () => {
    const pro = await signUp(server);
    const desk = await attendant(server);
    const protocol = await openTicket(pro);
    expectTicketNotice(await mailTo(pro.email, /recebemos o seu chamado/), pro.email, protocol, TICKET.subject, 'Olá, Ana Lúcia Conceição,');

    const asked = await desk.api.desk.requestInfo.mutate({ protocol, message: 'Envie o comprovante de pagamento, por favor.' });
    expectTicketNotice(
      await mailTo(pro.email, /precisamos de informações/), pro.email, protocol,
      'Envie o comprovante de pagamento, por favor.', `Responda até: ${formatDateTime(asked.deadlineAt!)}`,
    );

    await pro.api.tickets.provideInfo.mutate({ protocol, message: 'Segue o número do comprovante: 123456.' });
    const resolved = await desk.api.desk.resolve.mutate({ protocol, message: 'Baixamos o boleto; confira no SICCAU.' });
    const solution = await mailTo(pro.email, /solução para homologar/);
    expectTicketNotice(solution, pro.email, protocol, 'Baixamos o boleto; confira no SICCAU.', formatDateTime(resolved.deadlineAt!), 'homologada automaticamente');

    await pro.api.tickets.reject.mutate({ protocol, message: 'Ainda aparece em aberto para mim.' });
    await desk.api.desk.comment.mutate({ protocol, message: 'Estamos verificando com o financeiro.' });
    expectTicketNotice(await mailTo(pro.email, /nova mensagem do atendimento/), pro.email, protocol, 'Estamos verificando com o financeiro.');

    await desk.api.desk.close.mutate({ protocol, reason: 'duplicate', message: 'Duplicado de outro chamado seu.' });
    expectTicketNotice(await mailTo(pro.email, /encerrado pelo atendimento/), pro.email, protocol, 'Duplicado de outro chamado seu.');

    // Internal notes and the professional's own actions send nothing; each notice went out once.
    await sleep(1_500);
    const subjects = received(pro.email).map((m) => m.parsed.subject);
    expect(subjects.sort()).toEqual([
      '[CAU/SP] Cadastro concluído no Portal de Atendimento',
      ...['recebemos o seu chamado', 'precisamos de informações', 'solução para homologar', 'nova mensagem do atendimento', 'encerrado pelo atendimento']
        .map((label) => `[CAU/SP] Chamado ${protocol} — ${label}`),
    ].sort());
    const box = await ticketOutbox(server, protocol);
    expect(box.every((e) => e.status === 'sent')).toBe(true);
  });

  it('password reset: a working single-use link, and no token left in the database once sent', async () => {
    const pro = await signUp(server);
    await server.client().auth.requestPasswordReset.mutate({ loginOrEmail: pro.email });
    const mail = await mailTo(pro.email, /Redefinição de senha/);
    expect(mail.parsed.text).toContain(COUNCIL);
    const link = /(http:\/\/portal\.test\/atendimento#atendimento\/redefinir-senha\/([A-Za-z0-9_-]+))/.exec(mail.parsed.text ?? '');
    expect(link, mail.parsed.text).not.toBeNull();
    expect(mail.parsed.html).toContain(`href="${link![1]}"`);

    await server.client().auth.resetPassword.mutate({ resetToken: link![2]!, password: 'Outra-Senha-Forte-9' });
    await server.client().auth.login.mutate({ login: pro.login, password: 'Outra-Senha-Forte-9' });
    await expectReason(server.client().auth.resetPassword.mutate({ resetToken: link![2]!, password: 'Mais-Uma-Senha-77' }), 'reset_invalid');

    const reset = await waitUntil(async () => (await userOutbox(server, pro.login)).find((e) => e.template === 'password_reset' && e.status === 'sent'), 'reset entry sent');
    expect(reset.data).toEqual({});
    expect(JSON.stringify(await server.db.collection('users').findOne({ login: pro.login }))).not.toContain(link![2]!);
  });

  it('escapes the subject in the HTML part', async () => {
    const pro = await signUp(server);
    const subject = '<script>alert("x")</script> & <b>anuidade</b>';
    const protocol = await openTicket(pro, { ...TICKET, subject });
    const mail = await mailTo(pro.email, new RegExp(`Chamado ${protocol}`));
    const html = mail.parsed.html as string;
    expect(html).not.toMatch(/<script|<b>/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;anuidade&lt;/b&gt;');
    expect(mail.parsed.text).toContain(subject);
  });

  it('a name or address built to inject headers never adds a recipient', async () => {
    const evil = 'evil@x.com';
    const names = ['Ana\r\nBcc: evil@x.com', 'Ana" <evil@x.com>, "Bob', 'Ana\nTo: evil@x.com\r\n\r\nbody'];
    const { email, login } = await insertUser(server, names[0]!, []);
    const entries = [
      ...names.map((name) => outboxEntry('welcome', { name, address: email }, { login })),
      outboxEntry('welcome', { name: 'Ana', address: `${email}\r\nBcc: ${evil}` }, { login }),
      outboxEntry('welcome', { name: 'Ana', address: `${email}, ${evil}` }, { login }),
    ];
    await server.db.collection('users').updateOne({ login }, { $push: { outbox: { $each: entries } } } as never);

    await waitUntil(async () => (await userOutbox(server, login)).every((e) => e.status === 'sent' || e.status === 'failed'), 'all entries settled');
    const box = await userOutbox(server, login);
    expect(box.map((e) => e.status)).toEqual(['sent', 'sent', 'sent', 'failed', 'failed']);
    expect(box[3]!.lastError).toBe('invalid recipient address');

    const mails = received(email);
    expect(mails).toHaveLength(3);
    for (const mail of mails) {
      expect(mail.envelope.rcptTo).toEqual([email]);
      expect(addresses(mail.parsed.to)).toEqual([email]);
      expect(mail.parsed.bcc).toBeUndefined();
      expect(mail.parsed.cc).toBeUndefined();
      expect(mail.parsed.headers.has('bcc')).toBe(false);
    }
    expect(smtp.received.some((m) => m.envelope.rcptTo.some((r) => r.includes(evil)))).toBe(false);
  });

  it('a 550 marks the entry failed and lists it for admins; retry puts it back and it goes out', async () => {
    const { person, pro, protocol, admin, rows } = await bouncingProfessional();
    const ticketRow = rows.find((r) => r.template === 'ticket_created')!;
    expect(ticketRow).toMatchObject({ to: person.email, protocol, attempts: 1, source: 'ticket' });
    expect(ticketRow.lastError).toMatch(/550/);
    expect(Date.parse(ticketRow.createdAt)).not.toBeNaN();
    expect(rows.find((r) => r.template === 'welcome')).toMatchObject({ protocol: null, source: 'user' });
    expect(received(person.email)).toHaveLength(0);
    expect(smtp.refusals.filter((r) => r.address === person.email)).toHaveLength(2);
    // The desk's ticket view says the professional gets no mail.
    const desk = await attendant(server);
    const seen = await desk.api.desk.get.query({ protocol });
    expect(seen.mailUndeliverable).toMatchObject({ address: person.email, lastError: expect.stringMatching(/550/) });

    await expectReason(pro.api.admin.mail.failed.query(), 'forbidden');
    await expectReason(pro.api.admin.mail.retry.mutate({ entryId: ticketRow.id }), 'forbidden');

    smtp.clearFailures();
    expect(await admin.api.admin.mail.retry.mutate({ entryId: ticketRow.id })).toEqual({ id: ticketRow.id, status: 'pending' });
    const mail = await mailTo(person.email, /recebemos o seu chamado/);
    expectTicketNotice(mail, person.email, protocol);
    expect(mail.messageId).toBe(`<${ticketRow.id}@cau-atendimento>`);

    const after = (await admin.api.admin.mail.failed.query()).filter((r) => r.to === person.email);
    expect(after.map((r) => r.template)).toEqual(['welcome']);
    // The welcome mail still failed: the desk keeps saying so; another professional's ticket does not.
    expect((await desk.api.desk.get.query({ protocol })).mailUndeliverable?.address).toBe(person.email);
    expect((await desk.api.desk.get.query({ protocol: await openTicket(await signUp(server)) })).mailUndeliverable).toBeUndefined();
    await expectReason(admin.api.admin.mail.retry.mutate({ entryId: ticketRow.id }), 'not_found');
    await expectReason(admin.api.admin.mail.retry.mutate({ entryId: new ObjectId().toHexString() }), 'not_found');
    await expectReason(admin.api.admin.mail.retry.mutate({ entryId: '{"$ne":null}' }), 'invalid_input');
  });

  it('an admin corrects a bouncing professional e-mail (audited before → after): the failed mail goes again, to the new address', async () => {
    const { person, pro, protocol, admin, rows } = await bouncingProfessional();
    expect(rows.map((r) => r.professionalId)).toEqual([pro.user.id, pro.user.id]);

    // Bad input changes nothing: not an e-mail, someone else's, the same one, not a professional.
    const other = await signUp(server);
    const invalid = await expectReason(admin.api.admin.mail.correctEmail.mutate({ professionalId: pro.user.id, email: 'sem-arroba' }), 'invalid_input', 400);
    expect(invalid.data?.fields?.email).toMatch(/E-mail inválido/);
    await expectReason(admin.api.admin.mail.correctEmail.mutate({ professionalId: pro.user.id, email: other.email }), 'email_taken', 409);
    await expectReason(admin.api.admin.mail.correctEmail.mutate({ professionalId: pro.user.id, email: person.email }), 'invalid_input', 400);
    await expectReason(admin.api.admin.mail.correctEmail.mutate({ professionalId: admin.user.id, email: `x.${Date.now()}@exemplo.test` }), 'not_found', 404);
    await expectReason(pro.api.admin.mail.correctEmail.mutate({ professionalId: pro.user.id, email: `x.${Date.now()}@exemplo.test` }), 'forbidden', 403);
    expect((await server.db.collection('users').findOne({ _id: new ObjectId(pro.user.id) }))!.email).toBe(person.email);

    const fixed = `corrigido.${Date.now()}@exemplo.test`;
    expect(await admin.api.admin.mail.correctEmail.mutate({ professionalId: pro.user.id, email: ` ${fixed.toUpperCase()} ` })).toEqual({ email: fixed, retried: 2 });
    await mailTo(fixed, /recebemos o seu chamado/);
    await mailTo(fixed, /Cadastro concluído/);
    expect((await admin.api.admin.mail.failed.query()).filter((r) => r.professionalId === pro.user.id)).toEqual([]);
    expect((await pro.api.auth.me.query()).email).toBe(fixed);
    expect((await server.db.collection('tickets').findOne({ protocol }))!.professional.email).toBe(fixed);
    const entry = await server.db.collection('auditentries').findOne({ action: 'professional_email_changed', 'subject.userId': new ObjectId(pro.user.id) });
    expect(entry).toMatchObject({ actor: { role: 'admin' }, changes: [{ field: 'email', before: person.email, after: fixed }] });
    // The admin's search finds the professional by the new address.
    expect((await admin.api.admin.professionals.search.query({ query: fixed.split('@')[0]! })).map((p) => p.id)).toContain(pro.user.id);
  });

  it('a 4xx answer is retried with backoff until it is accepted', async () => {
    const person = newPerson();
    smtp.failWith({ code: 451, at: 'data', address: person.email, message: '4.3.0 Try again later' });
    const pro = await signUp(server, person);
    const entry = await waitUntil(async () => (await userOutbox(server, pro.login)).find((e) => e.attempts >= 2), 'two attempts', 15_000);
    expect(entry.status).not.toBe('failed');
    expect(entry.lastError).toMatch(/451/);
    smtp.clearFailures();
    await mailTo(person.email, /Cadastro concluído/);
    await sleep(1_500);
    expect(received(person.email)).toHaveLength(1);
  });

  it('SMTP down for a while: everything queued meanwhile arrives once it is back, nothing twice', async () => {
    await smtp.stop();
    try {
      const pros: Array<Awaited<ReturnType<typeof signUp>>> = [];
      for (let i = 0; i < 3; i++) pros.push(await signUp(server));
      const protocols = await Promise.all(pros.map((pro) => openTicket(pro)));
      // The job keeps trying and backing off while the port is closed.
      const tried = await waitUntil(async () => {
        const boxes = await Promise.all([...pros.map((p) => userOutbox(server, p.login)), ...protocols.map((p) => ticketOutbox(server, p))]);
        const entries = boxes.flat();
        return entries.filter((e) => e.attempts > 0).length >= 3 ? entries : null;
      }, 'attempts during the outage');
      expect(tried.every((e) => e.status !== 'sent' && e.status !== 'failed')).toBe(true);
      expect(tried.find((e) => e.lastError)?.lastError).toMatch(/ECONNREFUSED|ESOCKET|ECONNECTION/);
      await sleep(1_500);

      await smtp.start();
      for (const [i, pro] of pros.entries()) {
        await mailTo(pro.email, /Cadastro concluído/, 30_000);
        await mailTo(pro.email, new RegExp(`Chamado ${protocols[i]}`), 30_000);
      }
      await sleep(2_000);
      const ids = pros.flatMap((pro) => received(pro.email).map((m) => m.messageId));
      expect(ids).toHaveLength(6);
      expect(new Set(ids).size).toBe(6);
      for (const pro of pros) expect((await userOutbox(server, pro.login))[0]!.status).toBe('sent');
    } finally {
      await smtp.start().catch(() => undefined);
    }
  }, 90_000);

  it('an entry claimed by an instance that died mid-send goes out once its lease ends, not before', async () => {
    const { email, login } = await insertUser(server, 'Ana Lúcia Conceição', []);
    const past = new Date(Date.now() - 1_000);
    const future = new Date(Date.now() + 10 * 60_000);
    const stale = outboxEntry('welcome', { name: 'Ana Lúcia Conceição', address: email }, { login }, { status: 'sending', attempts: 1, leaseUntil: past });
    const live = outboxEntry('password_reset', { name: 'Ana Lúcia Conceição', address: email }, { link: `${PORTAL}#atendimento/redefinir-senha/abc` }, { status: 'sending', attempts: 1, leaseUntil: future });
    await server.db.collection('users').updateOne({ login }, { $push: { outbox: { $each: [stale, live] } } } as never);

    const mail = await mailTo(email, /Cadastro concluído/);
    expect(mail.messageId).toBe(`<${stale._id.toHexString()}@cau-atendimento>`);
    await sleep(2_500);
    expect(received(email)).toHaveLength(1);
    const box = await userOutbox(server, login);
    expect(box.map((e) => [e.status, e.attempts])).toEqual([['sent', 2], ['sending', 1]]);
  });

  it('passes running at once (as on several instances) never send an entry twice', async () => {
    const { email, login } = await insertUser(server, 'Ana Lúcia Conceição', []);
    const entries = Array.from({ length: 20 }, () => outboxEntry('welcome', { name: 'Ana Lúcia Conceição', address: email }, { login }));
    await server.db.collection('users').updateOne({ login }, { $push: { outbox: { $each: entries } } } as never);
    const passes = await Promise.all(Array.from({ length: 4 }, () => deliverDueMail(server.deps)));

    await waitUntil(async () => received(email).length >= 20, '20 mails');
    await sleep(2_000);
    const ids = received(email).map((m) => m.messageId);
    expect(ids).toHaveLength(20);
    expect(new Set(ids)).toEqual(new Set(entries.map((e) => `<${e._id.toHexString()}@cau-atendimento>`)));
    // The passes split the work (and the server's own job may have taken some): no entry counted twice.
    expect(passes.reduce((n, p) => n + p.sent, 0)).toBeLessThanOrEqual(20);
    expect((await userOutbox(server, login)).every((e) => e.status === 'sent' && e.attempts === 1)).toBe(true);
  }, 60_000);
});

describe('deadline mails', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      SMTP_URL: smtp.url, JOBS_EVERY: '1 second', MAIL_RETRY_BASE: 'PT1S',
      DEADLINE_PENDING: 'PT4S', DEADLINE_APPROVAL: 'PT4S', REMINDER_BEFORE: 'PT2S',
    });
  });
  afterAll(() => server?.close());

  it('reminder then "closed for lack of answer" (pending) and reminder then "auto-homologated" (approval)', async () => {
    const pro = await signUp(server);
    const desk = await attendant(server);
    const pending = await openTicket(pro);
    const approval = await openTicket(pro);
    const asked = await desk.api.desk.requestInfo.mutate({ protocol: pending, message: 'Envie o comprovante.' });
    const resolved = await desk.api.desk.resolve.mutate({ protocol: approval, message: 'Resolvido no SICCAU.' });

    const remindPending = await mailTo(pro.email, new RegExp(`Chamado ${pending} — seu chamado será encerrado`));
    expectTicketNotice(remindPending, pro.email, pending, formatDateTime(asked.deadlineAt!), 'será preciso abrir um novo');
    expect(remindPending.parsed.subject).toMatch(/será encerrado (hoje|amanhã)$/);
    const remindApproval = await mailTo(pro.email, new RegExp(`Chamado ${approval} — seu chamado será encerrado`));
    expectTicketNotice(remindApproval, pro.email, approval, formatDateTime(resolved.deadlineAt!), 'homologada automaticamente');

    const closedPending = await mailTo(pro.email, new RegExp(`Chamado ${pending} — encerrado por falta de resposta`));
    expectTicketNotice(closedPending, pro.email, pending, 'abra um novo chamado', `${PORTAL}#atendimento/novo-chamado/${pending}`);
    const closedApproval = await mailTo(pro.email, new RegExp(`Chamado ${approval} — solução homologada automaticamente`));
    expectTicketNotice(closedApproval, pro.email, approval, 'homologada automaticamente');

    await sleep(2_000);
    const subjects = received(pro.email).map((m) => m.parsed.subject);
    for (const protocol of [pending, approval]) {
      expect(subjects.filter((s) => s?.includes(`Chamado ${protocol} — seu chamado será encerrado`))).toHaveLength(1);
    }
  }, 60_000);
});

describe('without SMTP_URL', () => {
  let server: TestServer;
  let dataDir: string;
  const connect = vi.spyOn(net.Socket.prototype, 'connect');

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'cau-mail-it-'));
    connect.mockClear();
    server = await startTestServer({ JOBS_EVERY: '1 second', DATA_DIR: dataDir });
  });
  afterAll(async () => {
    await server?.close();
    connect.mockRestore();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function emlOf(entryId: string): Promise<ParsedMail> {
    const dir = path.join(dataDir, 'mail');
    const file = await waitUntil(async () => (await readdir(dir).catch(() => [] as string[])).find((f) => f.endsWith(`-${entryId}.eml`)), `the .eml of ${entryId}`);
    return simpleParser(await readFile(path.join(dir, file)));
  }

  it('writes each mail as an .eml under DATA_DIR/mail and opens no connection but the database and HTTP', async () => {
    const before = smtp.received.length;
    const pro = await signUp(server);
    const protocol = await openTicket(pro);
    await server.client().auth.requestPasswordReset.mutate({ loginOrEmail: pro.login });

    const box = await waitUntil(async () => {
      const entries = await userOutbox(server, pro.login);
      return entries.length === 2 && entries.every((e) => e.status === 'sent') ? entries : null;
    }, 'user mails written');
    const welcome = await emlOf(String(box[0]!._id));
    expect(welcome.subject).toBe('[CAU/SP] Cadastro concluído no Portal de Atendimento');
    expect(addresses(welcome.to)).toEqual([pro.email]);
    expect(welcome.messageId).toBe(`<${String(box[0]!._id)}@cau-atendimento>`);
    expect(welcome.text).toContain(pro.login);
    const reset = await emlOf(String(box[1]!._id));
    expect(reset.text).toMatch(/#atendimento\/redefinir-senha\/[A-Za-z0-9_-]{20,}/);

    const [created] = await waitUntil(async () => {
      const entries = await ticketOutbox(server, protocol);
      return entries[0]?.status === 'sent' ? entries : null;
    }, 'ticket mail written');
    const ticketMail = await emlOf(String(created!._id));
    expect(ticketMail.subject).toContain(`Chamado ${protocol}`);
    expect(ticketMail.text).toContain(ticketLink(protocol));
    expect(ticketMail.html).toContain(COUNCIL);

    const files = await readdir(path.join(dataDir, 'mail'));
    expect(files.filter((f) => f.endsWith('.eml'))).toHaveLength(3);
    expect(smtp.received.length).toBe(before);
    const mongoPort = Number(new URL(inject('mongoUri')).port);
    const ports = connect.mock.calls.map(([arg]) => {
      // net.connect() hands Socket#connect its arguments already normalised, as [options, callback].
      const target = (Array.isArray(arg) ? arg[0] : arg) as unknown;
      if (typeof target === 'object' && target && 'port' in target) return Number((target as { port: unknown }).port);
      return typeof target === 'number' || typeof target === 'string' ? Number(target) : NaN;
    });
    expect(ports.length).toBeGreaterThan(0);
    expect(ports.filter((p) => p !== mongoPort && p !== server.port)).toEqual([]);
  });
});
