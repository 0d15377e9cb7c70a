// The e-mails themselves (pt-BR, text and HTML): one content model per notice of SPEC §3 plus
// welcome and password reset, laid out the same way in both parts. Pure: no clock, no I/O.
import { formatDateTime, toLocal, isoDate, addLocalDays } from '@cau/shared';
import { MAIL_TEMPLATES, type MailTemplateName } from './outbox';

export const COUNCIL_NAME = 'CAU/SP — Conselho de Arquitetura e Urbanismo de São Paulo';
const SERVICE_NAME = 'Atendimento CAU/SP';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export interface RenderContext {
  /** PORTAL_URL, the page that hosts the widget. */
  portalUrl: string;
  /** When the mail goes out ("amanhã" in a reminder is relative to it). */
  now: Date;
}

/** What one e-mail says, before it is laid out as text or HTML. */
interface Content {
  subject: string;
  /** The first name or full name of the recipient. */
  greeting: string;
  paragraphs: string[];
  /** Label → value lines (protocolo, assunto, prazo…). */
  details?: Array<[string, string]>;
  /** A message written by a person (the attendant), shown apart and verbatim. */
  quote?: { label: string; text: string };
  /** Paragraphs after the quote. */
  after?: string[];
  actions: Array<{ label: string; href: string }>;
}

export class UnknownTemplateError extends Error {
  readonly code = 'EMESSAGE';
  constructor(template: string) {
    super(`unknown mail template "${template}"`);
  }
}

const str = (value: unknown): string => (typeof value === 'string' ? value : value == null ? '' : String(value));

/** No line breaks or control characters in a header; long values are cut. */
function headerText(value: string, max = 150): string {
  const clean = value.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]+/gu, ' ').replace(/\s+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

function portalBase(portalUrl: string): string {
  return portalUrl.split('#')[0]!;
}

function dateText(iso: unknown): string | null {
  const value = str(iso);
  if (!value || Number.isNaN(Date.parse(value))) return null;
  return formatDateTime(value);
}

/** "amanhã", "hoje" or "em dd/mm/aaaa", said of a deadline as seen from `now` (São Paulo dates). */
export function whenText(deadline: Date, now: Date): string {
  const today = toLocal(now);
  const day = isoDate(toLocal(deadline));
  if (day === isoDate(today)) return 'hoje';
  if (day === isoDate(addLocalDays(today, 1))) return 'amanhã';
  return `em ${formatDateTime(deadline).slice(0, 10)}`;
}

function ticketContent(template: MailTemplateName, data: Record<string, unknown>, ctx: RenderContext): Omit<Content, 'greeting'> {
  const protocol = str(data.protocol);
  const subject = str(data.subject);
  const link = str(data.link) || `${portalBase(ctx.portalUrl)}#atendimento/chamado/${protocol}`;
  const message = str(data.message).trim();
  const deadline = dateText(data.deadlineAt);
  const details: Array<[string, string]> = [['Protocolo', protocol], ['Assunto', subject]];
  const open = { label: 'Ver o chamado', href: link };
  const title = (label: string) => `[CAU/SP] Chamado ${protocol} — ${label}`;

  switch (template) {
    case 'ticket_created':
      return {
        subject: title('recebemos o seu chamado'),
        paragraphs: [
          'Recebemos o seu chamado no Portal de Atendimento do CAU/SP. Guarde o número de protocolo abaixo: com ele você acompanha o atendimento.',
        ],
        details,
        after: ['Você receberá um e-mail a cada novidade: quando o atendimento pedir informações, propuser uma solução ou escrever uma mensagem.'],
        actions: [open],
      };
    case 'info_requested':
      return {
        subject: title('precisamos de informações'),
        paragraphs: ['O atendimento precisa de mais informações para continuar o seu chamado.'],
        details: deadline ? [...details, ['Responda até', deadline]] : details,
        quote: message ? { label: 'Mensagem do atendimento', text: message } : undefined,
        after: [
          `Responda pelo Portal de Atendimento${deadline ? ` até ${deadline}` : ''}. Sem resposta no prazo, o chamado será encerrado e será preciso abrir um novo.`,
        ],
        actions: [{ label: 'Responder no portal', href: link }],
      };
    case 'solution_proposed':
      return {
        subject: title('solução para homologar'),
        paragraphs: ['O atendimento propôs uma solução para o seu chamado. Confira e diga se ela resolve o seu caso.'],
        details: deadline ? [...details, ['Homologue até', deadline]] : details,
        quote: message ? { label: 'Solução proposta', text: message } : undefined,
        after: [
          `No portal, você pode homologar a solução (e avaliar o atendimento) ou pedir mais explicações${deadline ? ` até ${deadline}` : ''}. Sem manifestação no prazo, a solução será homologada automaticamente.`,
        ],
        actions: [{ label: 'Homologar ou pedir explicações', href: link }],
      };
    case 'desk_comment':
      return {
        subject: title('nova mensagem do atendimento'),
        paragraphs: ['O atendimento escreveu uma nova mensagem no seu chamado.'],
        details,
        quote: message ? { label: 'Mensagem do atendimento', text: message } : undefined,
        actions: [open],
      };
    case 'reminder': {
      const at = data.deadlineAt && !Number.isNaN(Date.parse(str(data.deadlineAt))) ? new Date(str(data.deadlineAt)) : null;
      const when = at ? whenText(at, ctx.now) : 'em breve';
      const approval = data.status === 'awaiting_approval';
      const dl = deadline ?? (str(data.deadlineText) || null);
      return {
        subject: title(`seu chamado será encerrado ${when}`),
        paragraphs: [
          approval
            ? `A solução proposta para o seu chamado aguarda a sua homologação. Se você não se manifestar${dl ? ` até ${dl}` : ''}, a solução será homologada automaticamente e o chamado, encerrado.`
            : `O atendimento aguarda a sua resposta. Se você não responder${dl ? ` até ${dl}` : ''}, o chamado será encerrado e será preciso abrir um novo.`,
        ],
        details: dl ? [...details, ['Prazo', dl]] : details,
        actions: [{ label: approval ? 'Homologar ou pedir explicações' : 'Responder no portal', href: link }],
      };
    }
    case 'closed_no_response':
      return {
        subject: title('encerrado por falta de resposta'),
        paragraphs: [
          'O seu chamado foi encerrado porque o prazo para responder ao pedido de informações terminou sem resposta.',
          'Um chamado encerrado não pode ser reaberto. Se ainda precisar de atendimento, abra um novo chamado; o portal já o liga a este protocolo.',
        ],
        details,
        actions: [
          { label: 'Abrir um novo chamado', href: `${portalBase(ctx.portalUrl)}#atendimento/novo-chamado/${protocol}` },
          open,
        ],
      };
    case 'closed_approval_timeout':
      return {
        subject: title('solução homologada automaticamente'),
        paragraphs: [
          'O prazo para homologar a solução proposta terminou sem manifestação. A solução foi homologada automaticamente e o chamado, encerrado.',
          'Um chamado encerrado não pode ser reaberto. Se o problema continuar, abra um novo chamado; o portal já o liga a este protocolo.',
        ],
        details,
        actions: [
          { label: 'Abrir um novo chamado', href: `${portalBase(ctx.portalUrl)}#atendimento/novo-chamado/${protocol}` },
          open,
        ],
      };
    case 'closed_cancelled':
      return {
        subject: title('encerrado pelo atendimento'),
        paragraphs: ['O atendimento encerrou o seu chamado.'],
        details,
        quote: message ? { label: 'Motivo informado pelo atendimento', text: message } : undefined,
        after: ['Um chamado encerrado não pode ser reaberto. Se ainda precisar de atendimento, abra um novo chamado.'],
        actions: [open],
      };
    default:
      throw new UnknownTemplateError(template);
  }
}

function contentOf(template: string, name: string, data: Record<string, unknown>, ctx: RenderContext): Content {
  if (!(MAIL_TEMPLATES as readonly string[]).includes(template)) throw new UnknownTemplateError(template);
  const greeting = name.trim() || 'profissional';
  const base = portalBase(ctx.portalUrl);
  if (template === 'welcome') {
    return {
      subject: '[CAU/SP] Cadastro concluído no Portal de Atendimento',
      greeting,
      paragraphs: ['Seu cadastro no Portal de Atendimento do CAU/SP foi concluído. A partir de agora você pode abrir e acompanhar chamados pelo portal.'],
      details: [['Identificação (login)', str(data.login)]],
      after: ['Lembre-se: a senha do Portal de Atendimento não é a mesma senha do SICCAU.'],
      actions: [{ label: 'Acessar o Portal de Atendimento', href: `${base}#atendimento/chamados` }],
    };
  }
  if (template === 'password_reset') {
    return {
      subject: '[CAU/SP] Redefinição de senha do Portal de Atendimento',
      greeting,
      paragraphs: ['Recebemos um pedido para redefinir a senha da sua conta no Portal de Atendimento do CAU/SP. Para escolher uma nova senha, use o link abaixo.'],
      after: [
        'O link vale por tempo limitado e só pode ser usado uma vez.',
        'Se você não pediu a redefinição, ignore esta mensagem: sua senha atual continua valendo.',
      ],
      actions: [{ label: 'Redefinir minha senha', href: str(data.link) }],
    };
  }
  if (template === 'password_changed') {
    const at = dateText(data.at);
    return {
      subject: '[CAU/SP] Sua senha do Portal de Atendimento foi alterada',
      greeting,
      paragraphs: [
        `A senha da sua conta no Portal de Atendimento do CAU/SP foi alterada${at ? ` em ${at}` : ''}. Todas as sessões abertas foram encerradas e os links de redefinição de senha pendentes deixaram de valer.`,
      ],
      after: ['Se não foi você, peça agora uma nova senha em "Esqueci minha senha" e avise o atendimento do CAU/SP.'],
      actions: [{ label: 'Esqueci minha senha', href: `${base}#atendimento/esqueci-minha-senha` }],
    };
  }
  return { greeting, ...ticketContent(template as MailTemplateName, data, ctx) };
}

const FOOTER_NOTE = 'Esta é uma mensagem automática; por favor, não responda a este e-mail. Fale com o atendimento pelo portal.';

function layoutText(c: Content): string {
  const lines: string[] = [`Olá, ${c.greeting},`, ''];
  for (const p of c.paragraphs) lines.push(p, '');
  if (c.details?.length) {
    for (const [label, value] of c.details) lines.push(`${label}: ${value}`);
    lines.push('');
  }
  if (c.quote) {
    lines.push(`${c.quote.label}:`);
    for (const line of c.quote.text.split(/\r?\n/)) lines.push(`> ${line}`);
    lines.push('');
  }
  for (const p of c.after ?? []) lines.push(p, '');
  for (const a of c.actions) lines.push(`${a.label}: ${a.href}`);
  lines.push('', '--', SERVICE_NAME, COUNCIL_NAME, FOOTER_NOTE, '');
  return lines.join('\n');
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

const multiline = (text: string) => escapeHtml(text).replace(/\r?\n/g, '<br>');

function layoutHtml(c: Content): string {
  const p = (text: string) => `<p style="margin:0 0 16px">${escapeHtml(text)}</p>`;
  const details = c.details?.length
    ? `<table role="presentation" style="border-collapse:collapse;margin:0 0 16px">${c.details
        .map(([label, value]) => `<tr><th scope="row" style="text-align:left;padding:2px 12px 2px 0;font-weight:600">${escapeHtml(label)}</th><td style="padding:2px 0">${escapeHtml(value)}</td></tr>`)
        .join('')}</table>`
    : '';
  const quote = c.quote
    ? `<p style="margin:0 0 4px;font-weight:600">${escapeHtml(c.quote.label)}:</p><blockquote style="margin:0 0 16px;padding:8px 12px;border-left:4px solid #00546b;background:#f3f6f7">${multiline(c.quote.text)}</blockquote>`
    : '';
  const actions = c.actions
    .map((a, i) => `<p style="margin:0 0 12px"><a href="${escapeHtml(a.href)}" style="${i === 0 ? 'display:inline-block;padding:10px 18px;background:#00546b;color:#ffffff;border-radius:4px;text-decoration:none;font-weight:600' : 'color:#00546b'}">${escapeHtml(a.label)}</a></p>`)
    .join('');
  const links = c.actions.map((a) => `<br><span style="word-break:break-all">${escapeHtml(a.href)}</span>`).join('');
  return [
    '<!doctype html>',
    '<html lang="pt-BR"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">',
    `<title>${escapeHtml(c.subject)}</title></head>`,
    '<body style="margin:0;padding:0;background:#ffffff;color:#1a1a1a;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5">',
    '<div style="max-width:600px;margin:0 auto;padding:24px">',
    `<p style="margin:0 0 24px;padding-bottom:12px;border-bottom:3px solid #00546b;font-weight:700;color:#00546b">${escapeHtml(COUNCIL_NAME)}</p>`,
    p(`Olá, ${c.greeting},`),
    ...c.paragraphs.map(p),
    details,
    quote,
    ...(c.after ?? []).map(p),
    actions,
    `<p style="margin:24px 0 0;font-size:13px;color:#4d4d4d">Se o botão não funcionar, copie o endereço no navegador:${links}</p>`,
    `<hr style="border:0;border-top:1px solid #cccccc;margin:24px 0 12px">`,
    `<p style="margin:0;font-size:13px;color:#4d4d4d">${escapeHtml(SERVICE_NAME)}<br>${escapeHtml(COUNCIL_NAME)}<br>${escapeHtml(FOOTER_NOTE)}</p>`,
    '</div></body></html>',
  ].join('\n');
}

/** The e-mail for an outbox entry; throws UnknownTemplateError for a template it does not know. */
export function renderMail(entry: { template: string; to: { name: string }; data: Record<string, unknown> | null }, ctx: RenderContext): RenderedMail {
  const content = contentOf(entry.template, entry.to.name, entry.data ?? {}, ctx);
  return { subject: headerText(content.subject), text: layoutText(content), html: layoutHtml(content) };
}
