import { describe, expect, it } from 'vitest';
import type { NewTicketScreen } from './new-ticket-screen';
import { $, Offline, Reply, choose, errorOf, expectAccessible, fakeServer, field, installFakeXhr, mount, settle, submit, testApi, text, type } from '../test/helpers';
import { ticket } from '../test/tickets';

async function screen(props: Record<string, unknown> = {}) {
  const el = await mount<NewTicketScreen>('cau-new-ticket-screen', { api: testApi(), now: () => new Date('2026-06-15T12:00:00Z'), ...props });
  return el;
}

function fill(el: NewTicketScreen) {
  choose(field(el, 'Dúvida'));
  type(field(el, 'Assunto'), 'Boleto da anuidade');
  type(field<HTMLTextAreaElement>(el, 'Descrição'), 'Paguei a anuidade de 2025 mas o boleto continua em aberto.');
}

describe('<cau-new-ticket-screen>', () => {
  it('is accessible: the types are a radio group with a legend, every field labelled', async () => {
    const el = await screen();
    expectAccessible(el);
    expect($(el, 'fieldset legend').textContent).toBe('Tipo');
    expect(field(el, 'Dúvida').type).toBe('radio');
    expect(field<HTMLTextAreaElement>(el, 'Descrição').getAttribute('aria-describedby')).toContain('description-count');
  });

  it('starts with no type, no tema and no extra field', async () => {
    const el = await screen();
    for (const label of ['Dúvida', 'Erro', 'Solicitação']) expect(field(el, label).checked).toBe(false);
    expect(field<HTMLSelectElement>(el, 'Tema').value).toBe('');
    expect(text(el)).not.toContain('Número do RRT');
    expect(text(el)).toContain('0 de 10.000 caracteres');
  });

  it.each([
    ['rrt', 'Número do RRT'],
    ['annuity', 'Ano da anuidade'],
    ['registration', 'Anexe um print (captura de tela) da tela do SICCAU'],
  ])('tema %s reveals %s', async (topic, what) => {
    const el = await screen();
    choose(field<HTMLSelectElement>(el, 'Tema'), topic);
    await el.updateComplete;
    expect(text(el)).toContain(what);
  });

  it('checks everything before sending, including a year in the future', async () => {
    const server = fakeServer();
    const el = await screen();
    choose(field<HTMLSelectElement>(el, 'Tema'), 'annuity');
    await el.updateComplete;
    type(field(el, 'Ano da anuidade'), '2027');
    type(field<HTMLTextAreaElement>(el, 'Descrição'), 'curta');
    await submit(el);
    expect(errorOf(el, $(el, 'fieldset.types'))).toBe('Escolha o tipo: Dúvida, Erro ou Solicitação.');
    expect(errorOf(el, field(el, 'Ano da anuidade'))).toBe('O ano da anuidade não pode estar no futuro.');
    expect(errorOf(el, field(el, 'Assunto'))).toBe('O assunto deve ter ao menos 3 caracteres.');
    expect(errorOf(el, field<HTMLTextAreaElement>(el, 'Descrição'))).toBe('A descrição deve ter ao menos 20 caracteres.');
    expect($(el, '[role="alert"]').textContent).toContain('Corrija os 4 campos destacados.');
    expect(el.shadowRoot!.activeElement).toBe(field(el, 'Dúvida'));
    expect(server.calls).toHaveLength(0);
  });

  it('refuses "abc" as the RRT number and says the council\'s format, sending nothing', async () => {
    const server = fakeServer();
    const el = await screen();
    fill(el);
    choose(field<HTMLSelectElement>(el, 'Tema'), 'rrt');
    await el.updateComplete;
    type(field(el, 'Número do RRT'), 'abc');
    await submit(el);
    expect(errorOf(el, field(el, 'Número do RRT'))).toBe(
      'Número do RRT inválido: informe o número do SICCAU, com 7 ou 8 algarismos (ex.: 1234567, SI1234567 ou SI1234567I00CT001).',
    );
    expect(el.shadowRoot!.activeElement).toBe(field(el, 'Número do RRT'));
    expect(server.calls).toHaveLength(0);
  });

  it('opens the ticket with its attachments and tells the root', async () => {
    const Xhr = installFakeXhr();
    const server = fakeServer().on('tickets.create', ticket());
    const el = await screen();
    fill(el);
    choose(field<HTMLSelectElement>(el, 'Tema'), 'rrt');
    await el.updateComplete;
    type(field(el, 'Número do RRT'), ' SI1234567I00CT001 ');
    const files = $(el, 'cau-attachments') as HTMLElement & { addFiles(f: File[]): void };
    files.addFiles([new File(['%PDF'], 'rrt.pdf')]);
    Xhr.instances[0]!.respond(200, { result: { data: { id: 'b'.repeat(24), name: 'rrt.pdf', size: 4, contentType: 'application/pdf' } } });
    await settle(el);
    const created: CustomEvent[] = [];
    el.addEventListener('ticket-created', (e) => created.push(e as CustomEvent));
    await submit(el);
    expect(server.callsTo('tickets.create')[0]!.input).toEqual({
      type: 'question', topic: 'rrt', subject: 'Boleto da anuidade', rrtNumber: 'SI1234567I00CT001',
      description: 'Paguei a anuidade de 2025 mas o boleto continua em aberto.', attachmentIds: ['b'.repeat(24)],
      idempotencyKey: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
    });
    expect(created[0]!.detail.ticket.protocol).toBe('2026-000042');
  });

  it('retries a create whose connection dropped with the same idempotency key, and a new form gets a new key', async () => {
    let tries = 0;
    const server = fakeServer().on('tickets.create', () => {
      tries += 1;
      if (tries < 3) throw new Offline();
      return ticket();
    });
    const el = await screen();
    const waits: number[] = [];
    el.sleep = async (ms) => {
      waits.push(ms);
    };
    const created: CustomEvent[] = [];
    el.addEventListener('ticket-created', (e) => created.push(e as CustomEvent));
    fill(el);
    await submit(el);
    await settle(el);
    const keys = server.callsTo('tickets.create').map((c) => c.input.idempotencyKey);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(waits).toEqual([1_000, 3_000]);
    expect(created).toHaveLength(1);
    const other = await screen();
    fill(other);
    await submit(other);
    expect(server.callsTo('tickets.create')[3]!.input.idempotencyKey).not.toBe(keys[0]);
  });

  it('gives up after three dropped connections and says the server could not be reached', async () => {
    const server = fakeServer().on('tickets.create', () => {
      throw new Offline();
    });
    const el = await screen();
    el.sleep = async () => undefined;
    fill(el);
    await submit(el);
    await settle(el);
    expect(server.callsTo('tickets.create')).toHaveLength(3);
    expect($(el, '[role="alert"]').textContent).toBeTruthy();
  });

  it('waits for uploads still running', async () => {
    installFakeXhr();
    const server = fakeServer();
    const el = await screen();
    fill(el);
    ($(el, 'cau-attachments') as HTMLElement & { addFiles(f: File[]): void }).addFiles([new File(['%PDF'], 'rrt.pdf')]);
    await submit(el);
    expect(server.calls).toHaveLength(0);
    expect(text($(el, 'cau-attachments'))).toContain('Aguarde o envio dos anexos terminar.');
  });

  it('carries the closed ticket it follows', async () => {
    const server = fakeServer().on('tickets.create', ticket());
    const el = await screen({ related: '2026-000007' });
    expect(text(el)).toContain('dará continuidade ao chamado 2026-000007');
    fill(el);
    await submit(el);
    expect(server.callsTo('tickets.create')[0]!.input.relatedProtocol).toBe('2026-000007');
  });

  it('starts from the closed ticket: its type, tema (with the RRT number) and subject are filled in', async () => {
    const server = fakeServer().on('tickets.get', ticket({
      protocol: '2026-000007', type: 'error', topic: 'rrt', rrtNumber: 'SI1234567', annuityYear: null, subject: 'RRT não baixado após o pagamento', status: 'closed',
    }));
    const el = await screen({ related: '2026-000007' });
    await settle(el);
    expect(server.callsTo('tickets.get')[0]!.input).toEqual({ protocol: '2026-000007' });
    expect(field(el, 'Erro').checked).toBe(true);
    expect(field<HTMLSelectElement>(el, 'Tema').value).toBe('rrt');
    expect(field(el, 'Número do RRT').value).toBe('SI1234567');
    expect(field(el, 'Assunto').value).toBe('RRT não baixado após o pagamento');
    expect(field<HTMLTextAreaElement>(el, 'Descrição').value).toBe('');
  });

  it('keeps what was typed before the closed ticket arrived', async () => {
    let answer!: () => void;
    fakeServer().on('tickets.get', () => new Promise((resolve) => { answer = () => resolve(ticket({ protocol: '2026-000007', type: 'error' })); }));
    const el = await screen({ related: '2026-000007' });
    type(field(el, 'Assunto'), 'Outro assunto');
    answer();
    await settle(el);
    expect(field(el, 'Assunto').value).toBe('Outro assunto');
    expect(field(el, 'Erro').checked).toBe(false);
  });

  it('shows server field messages beside their fields', async () => {
    fakeServer().on('tickets.create', () => {
      throw new Reply('invalid_input', 'O ano da anuidade não pode estar no futuro.', { annuityYear: 'O ano da anuidade não pode estar no futuro.' });
    });
    const el = await screen({ now: () => new Date('2030-06-15T12:00:00Z') });
    fill(el);
    choose(field<HTMLSelectElement>(el, 'Tema'), 'annuity');
    await el.updateComplete;
    type(field(el, 'Ano da anuidade'), '2029');
    await submit(el);
    expect(errorOf(el, field(el, 'Ano da anuidade'))).toBe('O ano da anuidade não pode estar no futuro.');
  });

  it('explains the limit of open tickets and leads to the list, keeping what was typed', async () => {
    fakeServer().on('tickets.create', () => {
      throw new Reply('too_many_open_tickets', 'Você já tem 10 chamados em aberto. Aguarde a conclusão de algum deles ou complemente um chamado existente.', undefined, 422);
    });
    const el = await screen();
    fill(el);
    await submit(el);
    expect($(el, '[role="alert"]').textContent).toContain('Você já tem 10 chamados em aberto.');
    expect($(el, 'form a[part="link"][href="#atendimento/chamados"]').textContent).toBe('Ver meus chamados');
    expect(field(el, 'Assunto').value).toBe('Boleto da anuidade');
  });

  it('says how many minutes to wait after too many new tickets', async () => {
    fakeServer().on('tickets.create', () => {
      throw new Reply('too_many_attempts', 'Muitas solicitações em pouco tempo. Aguarde 60 minutos e tente novamente.', undefined, 429, { retryAfter: 3600 });
    });
    const el = await screen();
    fill(el);
    await submit(el);
    expect($(el, '[role="alert"]').textContent).toContain('Por segurança, aguarde 60 minutos e tente novamente.');
    expect(el.shadowRoot!.querySelector('form a[part="link"]')).toBeNull();
  });
});
