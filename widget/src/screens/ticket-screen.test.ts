import { describe, expect, it, vi } from 'vitest';
import type { TicketScreen } from './ticket-screen';
import { POLL_MS } from '../controllers/refresh.controller';
import { $, $$, Reply, choose, errorOf, expectAccessible, fakeServer, field, mount, settle, submit, testApi, text, type } from '../test/helpers';
import { ticket } from '../test/tickets';
import type { Ticket } from '../api/api-client';

const DESK = { id: 'a1', name: 'Bruno Atendente', role: 'attendant' as const };
const ME = { id: 'u1', name: 'Ana Souza', role: 'professional' as const };
const FILE = { id: 'c'.repeat(24), name: 'boleto.pdf', size: 1536, contentType: 'application/pdf' };

function pending(): Ticket {
  return ticket({
    status: 'pending_professional',
    deadlineAt: '2026-12-02T17:30:00.000Z',
    assignee: { id: 'a1', name: 'Bruno Atendente' },
    actions: ['provide_info'],
    attachments: [FILE],
    messages: [{ id: 'm1', author: DESK, body: 'Envie o comprovante, por favor.\n<img src=x onerror=alert(1)>', attachments: [], at: '2026-03-03T12:00:00.000Z' }],
    history: [
      ...ticket().history,
      { at: '2026-03-03T12:00:00.000Z', actor: DESK, event: 'request_info', from: 'in_progress', to: 'pending_professional', messageId: 'm1' },
    ],
  });
}

async function screen(data: Ticket) {
  const server = fakeServer().on('tickets.get', data);
  const el = await mount<TicketScreen>('cau-ticket-screen', { api: testApi(), protocol: data.protocol });
  await settle(el);
  return { el, server };
}

/** The form element of an action, inside the ticket screen. */
function form(el: TicketScreen, selector: string) {
  return $(el, selector) as HTMLElement & { updateComplete: Promise<boolean> } & import('lit').LitElement;
}

describe('<cau-ticket-screen>', () => {
  it('is accessible, and so are its action forms', async () => {
    const { el } = await screen(pending());
    expectAccessible(el);
    expectAccessible(form(el, 'cau-reply-form'));
  });

  it('shows the ticket: details, thread as text, attachments with sizes, history and the deadline', async () => {
    const { el, server } = await screen(pending());
    expect(server.callsTo('tickets.get')[0]!.input).toEqual({ protocol: '2026-000042' });
    expect($(el, 'h2').textContent).toContain('Chamado 2026-000042');
    expect(text(el)).toContain('Pendente Profissional');
    expect(text(el)).toContain('responda até 02/12/2026 14:30');
    expect(text(el)).toContain('Bruno Atendente (Atendimento CAU/SP)');
    expect(text(el)).toContain('Informações solicitadas');
    const body = $(el, '.message .prewrap');
    expect(body.textContent).toBe('Envie o comprovante, por favor.\n<img src=x onerror=alert(1)>');
    expect(body.querySelector('img')).toBeNull();
    expect($(el, '.file-link').textContent!.replace(/\s+/g, ' ').trim()).toBe('Baixar boleto.pdf (1,5 KB)');
    expect($$(el, '.history li')).toHaveLength(2);
    expect(text(el)).toContain('de Em andamento para Pendente Profissional');
  });

  it('offers only the actions the server lists', async () => {
    const { el } = await screen(pending());
    expect($$(el, 'cau-reply-form').map((f) => (f as unknown as { action: string }).action)).toEqual(['provide_info']);
    expect($$(el, 'cau-approve-form')).toHaveLength(0);
    const again = await screen(ticket({ status: 'awaiting_approval', deadlineAt: '2026-12-02T17:30:00.000Z', actions: ['approve', 'reject'] }));
    expect($$(again.el, 'cau-approve-form')).toHaveLength(1);
    expect($$(again.el, 'cau-reply-form').map((f) => (f as unknown as { action: string }).action)).toEqual(['reject']);
    const none = await screen(ticket({ status: 'pending_professional', deadlineAt: '2026-01-01T00:00:00.000Z', actions: [] }));
    expect($$(none.el, 'cau-reply-form, cau-approve-form')).toHaveLength(0);
  });

  it('answers a request for information, and shows the ticket as it now is', async () => {
    const { el, server } = await screen(pending());
    server.on('tickets.provideInfo', ticket({ status: 'in_progress', actions: ['comment'] }));
    const reply = form(el, 'cau-reply-form');
    await submit(reply);
    expect(errorOf(reply, field<HTMLTextAreaElement>(reply, 'Sua resposta'))).toBe('Escreva uma mensagem.');
    type(field<HTMLTextAreaElement>(reply, 'Sua resposta'), ' Segue o comprovante. ');
    await submit(reply);
    await settle(el);
    expect(server.callsTo('tickets.provideInfo')[0]!.input).toEqual({ protocol: '2026-000042', message: 'Segue o comprovante.' });
    expect($(el, '[role="status"]').textContent).toContain('Resposta enviada.');
    expect(text(el)).toContain('Em andamento');
    expect((form(el, 'cau-reply-form') as unknown as { action: string }).action).toBe('comment');
  });

  it('approves with a rating (required) and an optional comment', async () => {
    const { el, server } = await screen(ticket({ status: 'awaiting_approval', deadlineAt: '2026-12-02T17:30:00.000Z', actions: ['approve', 'reject'] }));
    server.on('tickets.approve', ticket({ status: 'closed', outcome: 'approved', rating: 5, actions: [] }));
    const approve = form(el, 'cau-approve-form');
    expectAccessible(approve);
    await submit(approve);
    expect($(approve, '#rating-error').textContent).toBe('Dê uma nota de 1 a 5.');
    choose(field(approve, '5 — Muito satisfeito'));
    type(field<HTMLTextAreaElement>(approve, 'Comentário'), 'Resolvido, obrigada.');
    await submit(approve);
    await settle(el);
    expect(server.callsTo('tickets.approve')[0]!.input).toEqual({ protocol: '2026-000042', rating: 5, comment: 'Resolvido, obrigada.' });
    expect(text(el)).toContain('Solução aprovada. Obrigado pela avaliação!');
    expect(text(el)).toContain('Sua avaliação: 5 de 5');
  });

  it('rejects only with a request for more explanation', async () => {
    const { el, server } = await screen(ticket({ status: 'awaiting_approval', deadlineAt: '2026-12-02T17:30:00.000Z', actions: ['approve', 'reject'] }));
    server.on('tickets.reject', ticket({ status: 'in_progress', actions: ['comment'] }));
    const reject = form(el, 'cau-reply-form');
    expect($$(reject, 'cau-attachments')).toHaveLength(0);
    await submit(reject);
    expect(errorOf(reject, field<HTMLTextAreaElement>(reject, 'O que ainda precisa ser esclarecido'))).toBe('Escreva o que ainda precisa ser esclarecido.');
    type(field<HTMLTextAreaElement>(reject, 'O que ainda precisa ser esclarecido'), 'O boleto ainda aparece em aberto.');
    await submit(reject);
    expect(server.callsTo('tickets.reject')[0]!.input).toEqual({ protocol: '2026-000042', message: 'O boleto ainda aparece em aberto.' });
  });

  it('explains a conflict without losing the message typed', async () => {
    const { el, server } = await screen(ticket());
    server.on('tickets.comment', () => { throw new Reply('conflict', 'O chamado foi alterado por outra pessoa enquanto você agia. Atualize a página e tente novamente.', undefined, 409); });
    const comment = form(el, 'cau-reply-form');
    type(field<HTMLTextAreaElement>(comment, 'Mensagem'), 'Mais um detalhe.');
    await submit(comment);
    expect($(comment, '[role="alert"]').textContent).toContain('alterado por outra pessoa');
    expect(field<HTMLTextAreaElement>(comment, 'Mensagem').value).toBe('Mais um detalhe.');
  });

  it('on a closed ticket offers to open a new one from it', async () => {
    const { el } = await screen(ticket({ status: 'closed', outcome: 'no_response', actions: [] }));
    expect(text(el)).toContain('Este chamado está fechado — Encerrado por falta de resposta');
    expect($(el, 'a[href="#atendimento/novo-chamado/2026-000042"]').textContent).toBe('Abrir novo chamado a partir deste');
  });

  it('downloads an attachment through its short-lived link', async () => {
    const { el, server } = await screen(pending());
    server.on('attachments.link', { url: 'https://atendimento.test/files/signed', expiresAt: '2026-01-01T00:00:00Z' });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      expect(this.href).toBe('https://atendimento.test/files/signed');
    });
    $(el, '.file-link').click();
    await settle(el);
    expect(server.callsTo('attachments.link')[0]!.input).toEqual({ id: FILE.id });
    expect(click).toHaveBeenCalledTimes(1);
  });

  it('degrades gracefully when the link is not available', async () => {
    const { el, server } = await screen(pending());
    server.on('attachments.link', () => { throw new Reply('not_found', 'Anexo não encontrado.', undefined, 404); });
    $(el, '.file-link').click();
    await settle(el);
    expect($(el, '.alert').textContent).toContain('Este anexo não está disponível para download no momento.');
  });

  it('says when the ticket does not exist (or is someone else’s)', async () => {
    fakeServer().on('tickets.get', () => { throw new Reply('not_found', 'Chamado não encontrado.', undefined, 404); });
    const el = await mount<TicketScreen>('cau-ticket-screen', { api: testApi(), protocol: '2026-000099' });
    await settle(el);
    expectAccessible(el);
    expect($(el, '[role="alert"]').textContent).toContain('Chamado não encontrado.');
  });

  it('names the messages of the professional "Você"', async () => {
    const { el } = await screen(ticket({ messages: [{ id: 'm2', author: ME, body: 'Oi', attachments: [FILE], at: '2026-03-03T12:00:00.000Z' }] }));
    expect($(el, '.message.mine strong').textContent).toBe('Você');
    expect($(el, '.message .file-name').textContent).toBe('boleto.pdf');
  });
});

describe('<cau-ticket-screen> stays current', () => {
  it('after losing to a change made meanwhile, reloads and shows the real state and actions', async () => {
    const { el, server } = await screen(pending());
    server.on('tickets.provideInfo', () => { throw new Reply('invalid_transition', 'Esta ação não é permitida na situação atual do chamado.', undefined, 409); });
    server.on('tickets.get', ticket({ status: 'closed', outcome: 'no_response', actions: [] }));
    const reply = form(el, 'cau-reply-form');
    type(field<HTMLTextAreaElement>(reply, 'Sua resposta'), 'Segue o comprovante.');
    await submit(reply);
    await settle(el);
    expect(server.callsTo('tickets.get')).toHaveLength(2);
    expect(text(el)).toContain('Este chamado mudou enquanto você respondia');
    expect(text(el)).toContain('Encerrado por falta de resposta');
    expect($$(el, 'cau-reply-form')).toHaveLength(0);
  });

  it('refreshes in the background on focus and on the poll, and redraws only when the ticket changed', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval'], now: Date.parse('2026-03-02T18:00:00.000Z') });
    try {
      const { el, server } = await screen(ticket());
      vi.advanceTimersByTime(POLL_MS);
      await settle(el);
      expect(server.callsTo('tickets.get')).toHaveLength(2);
      expect(server.callsTo('tickets.get')[1]!.background).toBe(true);
      server.on('tickets.get', ticket({ status: 'in_progress', assignee: { id: 'a1', name: 'Bruno Atendente' } }));
      vi.advanceTimersByTime(5_000);
      window.dispatchEvent(new Event('focus'));
      await settle(el);
      expect(text(el)).toContain('Em andamento');
      el.remove();
    } finally {
      vi.useRealTimers();
    }
  });
});
