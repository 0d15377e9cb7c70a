// The e-mail texts: every template in pt-BR with the council's name, protocolo, link and dates in
// São Paulo time, in both parts; user text escaped in the HTML part. Pure: no clock, no I/O.
import { describe, expect, it } from 'vitest';
import { MAIL_TEMPLATES } from './outbox';
import { COUNCIL_NAME, escapeHtml, renderMail, UnknownTemplateError, whenText } from './templates';

const PORTAL = 'https://www.causp.gov.br/atendimento';
const LINK = `${PORTAL}#atendimento/chamado/2026-000042`;
// 10/03/2026 12:00 in São Paulo (UTC−3).
const NOW = new Date('2026-03-10T15:00:00Z');
const ctx = { portalUrl: PORTAL, now: NOW };
const to = { name: 'Ana Lúcia Conceição', address: 'ana@exemplo.com.br' };
const ticket = { protocol: '2026-000042', subject: 'Dúvida sobre a anuidade', link: LINK };
const deadlineAt = '2026-03-11T17:30:00.000Z'; // 11/03/2026 14:30 local

const render = (template: string, data: Record<string, unknown>) => renderMail({ template, to, data }, ctx);

const TICKET_CASES: Array<[string, Record<string, unknown>, RegExp, RegExp]> = [
  ['ticket_created', {}, /recebemos o seu chamado/, /Recebemos o seu chamado/],
  ['info_requested', { message: 'Envie o comprovante.', deadlineAt }, /precisamos de informações/, /Responda até: 11\/03\/2026 14:30/],
  ['solution_proposed', { message: 'Baixamos o boleto.', deadlineAt }, /solução para homologar/, /homologada automaticamente/],
  ['desk_comment', { message: 'Estamos verificando.' }, /nova mensagem do atendimento/, /Estamos verificando\./],
  ['reminder', { deadlineAt, deadlineText: '11/03/2026 14:30', status: 'pending_professional' }, /seu chamado será encerrado amanhã/, /até 11\/03\/2026 14:30/],
  ['closed_no_response', { outcome: 'no_response' }, /encerrado por falta de resposta/, /abra um novo chamado/],
  ['closed_approval_timeout', { outcome: 'approval_timeout' }, /homologada automaticamente/, /homologada automaticamente/],
  ['closed_cancelled', { message: 'Chamado duplicado do 2026-000041.', outcome: 'cancelled' }, /encerrado pelo atendimento/, /Chamado duplicado do 2026-000041\./],
];

describe('ticket notices', () => {
  it.each(TICKET_CASES)('%s: protocolo in the subject, link, council, greeting, in text and HTML', (template, extra, subject, body) => {
    const mail = render(template, { ...ticket, ...extra });
    expect(mail.subject).toMatch(/^\[CAU\/SP\] Chamado 2026-000042 — /);
    expect(mail.subject).toMatch(subject);
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain(COUNCIL_NAME);
      expect(part).toContain(LINK);
      expect(part).toContain('2026-000042');
      expect(part).toContain('Olá, Ana Lúcia Conceição,');
      expect(part).toContain(escapeHtml('Dúvida sobre a anuidade'));
    }
    expect(mail.text).toMatch(body);
    expect(mail.html).toContain('<html lang="pt-BR">');
  });

  it('quotes the attendant message verbatim in text and line by line in HTML', () => {
    const mail = render('info_requested', { ...ticket, message: 'Linha 1\nLinha 2', deadlineAt });
    expect(mail.text).toContain('> Linha 1\n> Linha 2');
    expect(mail.html).toContain('Linha 1<br>Linha 2');
  });

  it.each(['closed_no_response', 'closed_approval_timeout'])('offers a new ticket referring to the old one (%s)', (template) => {
    const mail = render(template, ticket);
    expect(mail.text).toContain(`${PORTAL}#atendimento/novo-chamado/2026-000042`);
    expect(mail.html).toContain(`${PORTAL}#atendimento/novo-chamado/2026-000042`);
    expect(mail.text).toContain('Abrir um novo chamado');
  });

  it('says when the reminder deadline falls: today, tomorrow or on a date', () => {
    expect(render('reminder', { ...ticket, deadlineAt: '2026-03-10T20:00:00Z', status: 'awaiting_approval' }).subject).toMatch(/encerrado hoje$/);
    expect(render('reminder', { ...ticket, deadlineAt: '2026-03-14T20:00:00Z', status: 'awaiting_approval' }).subject).toMatch(/encerrado em 14\/03\/2026$/);
    expect(render('reminder', { ...ticket, deadlineAt, status: 'awaiting_approval' }).text).toMatch(/homologada automaticamente/);
  });

  it('counts days in São Paulo, not UTC', () => {
    // 23:30 on the 10th in São Paulo is already the 11th in UTC; 00:30 on the 11th local is "amanhã".
    const lateEvening = new Date('2026-03-11T02:30:00Z');
    expect(whenText(new Date('2026-03-11T03:30:00Z'), lateEvening)).toBe('amanhã');
    expect(whenText(new Date('2026-03-11T02:45:00Z'), lateEvening)).toBe('hoje');
  });
});

describe('account mails', () => {
  it('welcome: the login, the SICCAU warning and the portal link', () => {
    const mail = render('welcome', { login: 'ana.lucia' });
    expect(mail.subject).toBe('[CAU/SP] Cadastro concluído no Portal de Atendimento');
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('ana.lucia');
      expect(part).toContain('não é a mesma senha do SICCAU');
      expect(part).toContain(`${PORTAL}#atendimento/chamados`);
      expect(part).toContain(COUNCIL_NAME);
    }
  });

  it('password_reset: the link, intact in both parts', () => {
    const link = `${PORTAL}#atendimento/redefinir-senha/AbC_dEf-123`;
    const mail = render('password_reset', { link });
    expect(mail.subject).toMatch(/Redefinição de senha/);
    expect(mail.text).toContain(link);
    expect(mail.html).toContain(`href="${link}"`);
  });
});

describe('password_changed', () => {
  it('says when, that sessions and reset links ended, and how to react', () => {
    const mail = render('password_changed', { at: '2026-03-10T17:30:00.000Z' });
    expect(mail.subject).toBe('[CAU/SP] Sua senha do Portal de Atendimento foi alterada');
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('10/03/2026 14:30');
      expect(part).toContain('links de redefinição de senha pendentes deixaram de valer');
      expect(part).toContain(`${PORTAL}#atendimento/esqueci-minha-senha`);
    }
  });
});

describe('safety', () => {
  it('escapes user text in the HTML part and keeps it as typed in the text part', () => {
    const subject = '<script>alert("x")</script> & <b>negrito</b>';
    const mail = renderMail(
      { template: 'desk_comment', to: { name: '<img src=x onerror=alert(1)>' }, data: { ...ticket, subject, message: '</blockquote><script>1</script>' } },
      ctx,
    );
    expect(mail.html).not.toMatch(/<script|<img|<b>/i);
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;negrito&lt;/b&gt;');
    expect(mail.text).toContain(subject);
  });

  it('escapes a link in an attribute', () => {
    const mail = render('password_reset', { link: 'https://x.test/#"><script>' });
    expect(mail.html).not.toContain('"><script>');
  });

  it('keeps line breaks and control characters out of the subject', () => {
    const mail = render('ticket_created', { ...ticket, protocol: '2026-000042\r\nBcc: evil@x.com' });
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });

  it('knows every template the outbox can hold, and refuses others', () => {
    for (const template of MAIL_TEMPLATES) expect(() => render(template, { ...ticket, deadlineAt, login: 'x', link: LINK })).not.toThrow();
    expect(() => render('nope', {})).toThrow(UnknownTemplateError);
  });
});
