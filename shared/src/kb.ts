// The knowledge base ("Perguntas frequentes", SPEC §10): zod schemas of kb.* with pt-BR messages,
// shared by the server (validation) and the clients (forms, types).
import { z } from 'zod';
import { TOPICS } from './labels';
import { objectIdSchema } from './schemas';

export const KB_STATUSES = ['draft', 'published'] as const;
export type KbStatus = (typeof KB_STATUSES)[number];
export const KB_STATUS_LABELS: Record<KbStatus, string> = { draft: 'Rascunho', published: 'Publicado' };

export const KB_CONTEXTS = ['new_ticket', 'browse'] as const;
export type KbContext = (typeof KB_CONTEXTS)[number];

/** What the widget reports besides explicit feedback: reads, suggestions shown, tickets opened after reading. */
export const KB_TRACK_EVENTS = ['viewed', 'suggested', 'ticket_opened'] as const;
export type KbTrackEvent = (typeof KB_TRACK_EVENTS)[number];

export const KB_LIMITS = { titleMin: 5, titleMax: 160, bodyMin: 20, bodyMax: 20_000, keywordMax: 40, keywordsMax: 20, queryMax: 200 } as const;

export const kbSlugSchema = z
  .string({ error: 'Informe o artigo.' })
  .trim()
  .min(1, 'Informe o artigo.')
  .max(120, 'Artigo não encontrado.')
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Artigo não encontrado.');

const topicSchema = z.enum(TOPICS, { error: 'Tema inválido.' });
const contextSchema = z.enum(KB_CONTEXTS, { error: 'Contexto inválido.' });

export const kbSearchInput = z.object({
  query: z.string({ error: 'Informe o que procura.' }).max(KB_LIMITS.queryMax, `No máximo ${KB_LIMITS.queryMax} caracteres na busca.`),
  topic: topicSchema.optional(),
  /** Where the search comes from: the FAQ screen, or the suggestions beside a new ticket. */
  context: contextSchema.optional(),
  limit: z.number({ error: 'Limite inválido.' }).int('Limite inválido.').min(1, 'Limite inválido.').max(50, 'No máximo 50 resultados.').optional(),
});
export type KbSearchInput = z.infer<typeof kbSearchInput>;

export const kbGetInput = z.object({ slug: kbSlugSchema });

export const kbFeedbackInput = z.object({
  slug: kbSlugSchema,
  helped: z.boolean({ error: 'Informe se o artigo ajudou.' }),
  context: contextSchema.optional(),
});

export const kbTrackInput = z.object({
  event: z.enum(KB_TRACK_EVENTS, { error: 'Evento inválido.' }),
  slugs: z.array(kbSlugSchema, { error: 'Informe os artigos.' }).min(1, 'Informe os artigos.').max(10, 'No máximo 10 artigos.'),
  context: contextSchema.optional(),
  /** For ticket_opened: the protocol of the ticket opened after reading, so a ticket counts once. */
  protocol: z.string({ error: 'Protocolo inválido.' }).regex(/^\d{4}-\d{6}$/, 'Protocolo inválido.').optional(),
}).refine((v) => v.event !== 'ticket_opened' || v.protocol !== undefined, { message: 'Informe o protocolo do chamado aberto.', path: ['protocol'] });

export const kbListInput = z.object({ status: z.enum(KB_STATUSES, { error: 'Situação inválida.' }).optional() }).default({});

export const kbSaveInput = z.object({
  id: objectIdSchema.optional(),
  title: z
    .string({ error: 'Informe o título.' })
    .trim()
    .min(KB_LIMITS.titleMin, `O título precisa de pelo menos ${KB_LIMITS.titleMin} caracteres.`)
    .max(KB_LIMITS.titleMax, `O título pode ter no máximo ${KB_LIMITS.titleMax} caracteres.`),
  body: z
    .string({ error: 'Escreva o texto do artigo.' })
    .trim()
    .min(KB_LIMITS.bodyMin, `O texto precisa de pelo menos ${KB_LIMITS.bodyMin} caracteres.`)
    .max(KB_LIMITS.bodyMax, `O texto pode ter no máximo ${KB_LIMITS.bodyMax.toLocaleString('pt-BR')} caracteres.`),
  topic: topicSchema,
  keywords: z
    .array(
      z.string({ error: 'Palavra-chave inválida.' }).trim().min(1, 'Palavra-chave vazia.').max(KB_LIMITS.keywordMax, `Cada palavra-chave pode ter no máximo ${KB_LIMITS.keywordMax} caracteres.`),
      { error: 'Palavras-chave inválidas.' },
    )
    .max(KB_LIMITS.keywordsMax, `No máximo ${KB_LIMITS.keywordsMax} palavras-chave.`)
    .optional(),
  status: z.enum(KB_STATUSES, { error: 'Escolha rascunho ou publicado.' }),
  /** The updatedAt the editor started from; a newer one on the server means someone else saved first. */
  expectedUpdatedAt: z.iso.datetime({ offset: true, error: 'Versão inválida.' }).optional(),
});
export type KbSaveInput = z.infer<typeof kbSaveInput>;

export const kbIdInput = z.object({ id: objectIdSchema });
export const kbRemoveInput = kbIdInput;

export const kbReportInput = z
  .object({
    from: z.iso.datetime({ offset: true, error: 'Data inicial inválida.' }).optional(),
    to: z.iso.datetime({ offset: true, error: 'Data final inválida.' }).optional(),
  })
  .default({});

/** Lower case, no accents, words joined by hyphens: "Segunda via do boleto" → "segunda-via-do-boleto". */
export function kbSlugify(title: string): string {
  return title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '') || 'artigo';
}
