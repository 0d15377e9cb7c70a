// Floods and retries on tickets (issue 14 items 2 and 5): professional comments, answers and
// rejections are limited per ticket and per account (429, pt-BR), a ticket holds a bounded number of
// messages and characters, and tickets.create with an idempotency key never makes a second ticket.
import { randomUUID } from 'node:crypto';
import { BSON } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attendant, openTicket, signUp, storedTicket, TICKET } from '../support/fixtures';
import { expectReason, startTestServer, type TestServer } from '../support/harness';

const LONG = `${'Segue mais um detalhe sobre o boleto da anuidade. '.repeat(200).slice(0, 9_999)}.`;

describe('flood limits (production limits)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ TRUST_PROXY: 'true' }, { strictLimits: true });
  });
  afterAll(() => server?.close());

  let octet = 0;
  /** A professional on an address of their own: the per-address limit is not what these tests measure. */
  async function professional() {
    const pro = await signUp(server);
    octet += 1;
    return { ...pro, api: server.client(pro.token, { 'x-forwarded-for': `198.19.7.${octet}` }) };
  }

  it('300 comments of 10 000 characters on one ticket: 10 are stored, the rest get 429 in pt-BR; the ticket stays small', async () => {
    const pro = await professional();
    const protocol = await openTicket(pro);
    const outcomes = { ok: 0, limited: 0 };
    let refusal = '';
    for (let i = 0; i < 300; i++) {
      try {
        await pro.api.tickets.comment.mutate({ protocol, message: `${i} ${LONG}`.slice(0, 10_000) });
        outcomes.ok += 1;
      } catch (error) {
        const { data, message } = error as { data?: { reason?: string; httpStatus?: number }; message: string };
        expect(data?.reason).toBe('too_many_attempts');
        expect(data?.httpStatus).toBe(429);
        refusal = message;
        outcomes.limited += 1;
      }
    }
    expect(outcomes).toEqual({ ok: 10, limited: 290 });
    expect(refusal).toMatch(/^Muitas mensagens em pouco tempo\. Aguarde 10 minutos e tente novamente\.$/);
    const stored = await storedTicket(server, protocol);
    expect(stored.messages).toHaveLength(10);
    expect(BSON.calculateObjectSize(stored)).toBeLessThan(200_000);
    // Another ticket of the same professional is not affected by that ticket's limit.
    const other = await openTicket(pro);
    await expect(pro.api.tickets.comment.mutate({ protocol: other, message: 'Uma informação a mais.' })).resolves.toHaveProperty('protocol', other);
  }, 120_000);

  it('limits an account across its tickets (60 messages an hour), answers and rejections included', async () => {
    const pro = await professional();
    const desk = await attendant(server);
    const protocols: string[] = [];
    for (let i = 0; i < 7; i++) protocols.push(await openTicket(pro));
    let sent = 0;
    for (const protocol of protocols.slice(0, 6)) {
      for (let i = 0; i < 10; i++) {
        await pro.api.tickets.comment.mutate({ protocol, message: `Complemento ${i}.` });
        sent += 1;
      }
    }
    expect(sent).toBe(60);
    const last = protocols[6]!;
    await desk.api.desk.requestInfo.mutate({ protocol: last, message: 'Envie o comprovante, por favor.' });
    await expectReason(pro.api.tickets.provideInfo.mutate({ protocol: last, message: 'Segue o comprovante.' }), 'too_many_attempts', 429);
    expect((await storedTicket(server, last)).status).toBe('pending_professional');
  });

  it('creates refused by the rate limit take no protocol number: a flood cannot run the year\'s numbers up', async () => {
    const pro = await professional();
    const numberOf = (protocol: string) => Number(protocol.slice(5));
    let last = 0;
    for (let i = 0; i < 10; i++) last = numberOf(await openTicket(pro));
    // Ten more within the account's 20 an hour, refused by the open-ticket cap…
    for (let i = 0; i < 10; i++) await expectReason(pro.api.tickets.create.mutate(TICKET), 'too_many_open_tickets', 422);
    // …then a flood the rate limit refuses.
    for (let i = 0; i < 40; i++) await expectReason(pro.api.tickets.create.mutate(TICKET), 'too_many_attempts', 429);
    const next = numberOf(await openTicket(await professional()));
    expect(next).toBeGreaterThan(last);
    // The cap's refusals may leave a number each unused (checked beside the number's taking); the flood none.
    expect(next - last).toBeLessThanOrEqual(11);
  }, 60_000);

  it('naming someone else’s ticket spends nothing of its owner’s limit', async () => {
    const owner = await professional();
    const stranger = await professional();
    const protocol = await openTicket(owner);
    for (let i = 0; i < 12; i++) {
      await expect(stranger.api.tickets.comment.mutate({ protocol, message: 'Oi?' })).rejects.toThrow();
    }
    await expect(owner.api.tickets.comment.mutate({ protocol, message: 'Continua em aberto.' })).resolves.toHaveProperty('protocol', protocol);
  });
});

describe('ticket size caps and idempotent create', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it('refuses a message once the ticket holds 1 000 000 characters of messages, with a pt-BR message, storing nothing', async () => {
    const pro = await signUp(server);
    const protocol = await openTicket(pro);
    for (let i = 0; i < 100; i++) await pro.api.tickets.comment.mutate({ protocol, message: LONG });
    const full = await expectReason(pro.api.tickets.comment.mutate({ protocol, message: 'Só mais uma coisa.' }), 'ticket_full', 422);
    expect(full.message).toBe('Este chamado atingiu o limite de mensagens. Aguarde a resposta do atendimento; se precisar enviar mais informações, abra um novo chamado.');
    const stored = await storedTicket(server, protocol);
    expect(stored.messages).toHaveLength(100);
    expect(stored.textLength).toBe(1_000_000);
    expect(BSON.calculateObjectSize(stored)).toBeLessThan(4 * 1024 * 1024);
  }, 120_000);

  it('refuses the 201st message of a thread, and the 201st note', async () => {
    const pro = await signUp(server);
    const desk = await attendant(server);
    const protocol = await openTicket(pro);
    const filler = (i: number) => ({ _id: new BSON.ObjectId(), author: { id: null, name: 'x', role: 'system' }, body: `m${i}`, attachments: [], at: new Date() });
    await server.db.collection('tickets').updateOne({ protocol }, { $push: { messages: { $each: Array.from({ length: 199 }, (_, i) => filler(i)) }, notes: { $each: Array.from({ length: 200 }, (_, i) => filler(i)) } } } as never);
    await pro.api.tickets.comment.mutate({ protocol, message: 'A ducentésima.' });
    await expectReason(pro.api.tickets.comment.mutate({ protocol, message: 'A ducentésima primeira.' }), 'ticket_full', 422);
    await expectReason(desk.api.desk.note.mutate({ protocol, message: 'Nota a mais.' }), 'ticket_full', 422);
    expect((await storedTicket(server, protocol)).messages).toHaveLength(200);
  });

  it('a repeated create with the same key returns the first ticket and creates nothing, also when both arrive at once', async () => {
    const pro = await signUp(server);
    const key = randomUUID();
    const first = await pro.api.tickets.create.mutate({ ...TICKET, idempotencyKey: key });
    const again = await pro.api.tickets.create.mutate({ ...TICKET, subject: 'Outro assunto qualquer', idempotencyKey: key });
    expect(again.protocol).toBe(first.protocol);
    expect(again.subject).toBe(TICKET.subject);

    const together = randomUUID();
    const answers = await Promise.all(Array.from({ length: 5 }, () => pro.api.tickets.create.mutate({ ...TICKET, idempotencyKey: together })));
    expect(new Set(answers.map((t) => t.protocol)).size).toBe(1);
    expect(await server.db.collection('tickets').countDocuments({ 'professional.email': pro.email })).toBe(2);

    // The key is the professional's own: another one with the same key gets their own ticket.
    const other = await signUp(server);
    const theirs = await other.api.tickets.create.mutate({ ...TICKET, idempotencyKey: key });
    expect(theirs.protocol).not.toBe(first.protocol);
    // Without a key, each create is a new ticket; a malformed key is refused in pt-BR.
    const a = await pro.api.tickets.create.mutate(TICKET);
    const b = await pro.api.tickets.create.mutate(TICKET);
    expect(a.protocol).not.toBe(b.protocol);
    const bad = await expectReason(pro.api.tickets.create.mutate({ ...TICKET, idempotencyKey: 'não-é-uuid' }), 'invalid_input', 400);
    expect(bad.message).toBe('Chave de idempotência inválida: use um UUID.');
  });

  it('a protocol number handed out twice (an engine whose counter repeated one) makes no 500: the ticket takes the next number', async () => {
    const pro = await signUp(server);
    const first = await openTicket(pro);
    const [year, number] = first.split('-') as [string, string];
    // The counter repeats itself: the next number it hands out is the one `first` already holds.
    await server.db.collection<{ _id: string; seq: number }>('counters').updateOne({ _id: `protocol:${year}` }, { $set: { seq: Number(number) - 1 } });
    const second = await pro.api.tickets.create.mutate(TICKET);
    expect(second.protocol).toBe(`${year}-${String(Number(number) + 1).padStart(6, '0')}`);
    expect(second.status).toBe('open');
    // One ticket per protocol, and the first one untouched.
    expect(await server.db.collection('tickets').countDocuments({ protocol: first })).toBe(1);
    expect((await storedTicket(server, first)).subject).toBe(TICKET.subject);
  });
});
