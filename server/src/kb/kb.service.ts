// The knowledge base (SPEC §10): staff write and publish articles, the public reads and searches the
// published ones, and the widget reports what was read, suggested and whether it helped. Drafts never
// leave through a public function: each one filters on status itself.
import { kbSlugify, type KbContext, type KbSaveInput, type KbStatus, type KbTrackEvent, type Topic } from '@cau/shared';
import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { DomainError } from '../errors';
import { lostUpsertRace } from '../upsert-race';
import { articlesChanged, searchArticles, type KbHit } from './kb-index';
import { KB_REVISIONS_KEPT, KbArticleModel, KbEventModel, type KbArticle, type KbEventKind } from './kb.model';
import { normaliseQuery } from './kb-text';

export interface Editor {
  _id: Types.ObjectId;
  name: string;
  role: 'professional' | 'attendant' | 'admin';
}

const notFound = () => new DomainError('not_found', 'Artigo não encontrado.');

export async function search(input: { query: string; topic?: Topic; context?: KbContext; limit?: number }, now: Date): Promise<{ items: KbHit[] }> {
  const limit = input.limit ?? (input.context === 'new_ticket' ? 3 : 20);
  const items = await searchArticles(input.query, { topic: input.topic, limit, now: now.getTime() });
  if (items.length === 0 && input.query.trim() && input.context !== 'new_ticket') {
    // A search from the FAQ screen that found nothing is a content gap worth a new article.
    await recordEvents(now, 'search_empty', [null], input.context ?? 'browse', normaliseQuery(input.query));
  }
  return { items };
}

export async function getPublished(slug: string) {
  const article = await KbArticleModel.findOne({ slug, status: 'published' }, { slug: 1, title: 1, body: 1, topic: 1, keywords: 1, updatedAt: 1 }).lean();
  if (!article) throw notFound();
  return { slug: article.slug, title: article.title, body: article.body, topic: article.topic, updatedAt: article.updatedAt.toISOString() };
}

/** Feedback and usage only count for published articles: a made-up or draft slug changes nothing. */
async function assertPublished(slugs: string[]): Promise<void> {
  const found = await KbArticleModel.countDocuments({ slug: { $in: slugs }, status: 'published' });
  if (found !== new Set(slugs).size) throw notFound();
}

async function recordEvents(
  now: Date, kind: KbEventKind, slugs: (string | null)[], context: KbContext | null, query: string | null = null, protocol: string | null = null,
) {
  await KbEventModel.insertMany(slugs.map((slug) => ({ at: now, kind, slug, context, query, protocol })));
}

export async function feedback(input: { slug: string; helped: boolean; context?: KbContext }, now: Date): Promise<Record<string, never>> {
  await assertPublished([input.slug]);
  await recordEvents(now, input.helped ? 'helped' : 'not_helped', [input.slug], input.context ?? null);
  return {};
}

export async function track(
  input: { event: KbTrackEvent; slugs: string[]; context?: KbContext; protocol?: string }, now: Date,
): Promise<Record<string, never>> {
  const slugs = [...new Set(input.slugs)];
  await assertPublished(slugs);
  await recordEvents(now, input.event, slugs, input.context ?? null, null, input.event === 'ticket_opened' ? (input.protocol ?? null) : null);
  return {};
}

function summaryView(a: Omit<KbArticle, 'body' | 'revisions'>, portalUrl: string) {
  return {
    id: String(a._id),
    slug: a.slug,
    /** Its public address in the portal, for links in replies (drafts too: it works once published). */
    url: articleUrl(portalUrl, a.slug),
    title: a.title,
    topic: a.topic,
    keywords: a.keywords,
    status: a.status as KbStatus,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
    updatedBy: { id: String(a.updatedBy.id), name: a.updatedBy.name },
    publishedAt: a.publishedAt ? a.publishedAt.toISOString() : null,
  };
}

function articleView(a: KbArticle, portalUrl: string) {
  return {
    ...summaryView(a, portalUrl),
    body: a.body,
    revisions: a.revisions.map((r) => ({ at: r.at.toISOString(), by: { id: String(r.by.id), name: r.by.name }, action: r.action, fields: r.fields })),
  };
}
export type KbArticleView = ReturnType<typeof articleView>;

/** The article's public address: the FAQ screen of the widget on the portal (for links in replies). */
export function articleUrl(portalUrl: string, slug: string): string {
  return `${portalUrl.split('#')[0]}#atendimento/perguntas-frequentes/${slug}`;
}

export async function list(input: { status?: KbStatus }, portalUrl: string) {
  const articles = await KbArticleModel.find(input.status ? { status: input.status } : {}, { body: 0, revisions: 0 }).sort({ updatedAt: -1 }).lean();
  return { items: articles.map((a) => summaryView(a, portalUrl)) };
}

export async function getForStaff(id: string, portalUrl: string): Promise<KbArticleView> {
  const article = await KbArticleModel.findById(id).lean();
  if (!article) throw notFound();
  return articleView(article, portalUrl);
}

function normaliseKeywords(keywords: string[] | undefined): string[] {
  const seen = new Map<string, string>();
  for (const k of keywords ?? []) {
    const word = k.trim().replace(/\s+/g, ' ');
    if (word && !seen.has(word.toLowerCase())) seen.set(word.toLowerCase(), word);
  }
  return [...seen.values()];
}

/**
 * A slug nobody uses yet: the title's, or the title's with -2, -3, … After a lost race (several
 * articles with one title saved at once) a random suffix ends the contest.
 */
async function freeSlug(title: string, attempt: number): Promise<string> {
  const base = kbSlugify(title);
  if (attempt >= 2) return `${base}-${randomBytes(3).toString('hex')}`;
  const taken = new Set(
    (await KbArticleModel.find({ slug: { $regex: `^${base}(-\\d+)?$` } }, { slug: 1 }).lean()).map((a) => a.slug),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n += 1) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

export async function save(input: KbSaveInput, editor: Editor, now: Date, portalUrl: string): Promise<KbArticleView> {
  const by = { id: editor._id, name: editor.name, role: editor.role };
  const fields = { title: input.title, body: input.body, topic: input.topic, keywords: normaliseKeywords(input.keywords), status: input.status };
  let saved: KbArticle | null;
  if (!input.id) {
    saved = await createWithFreeSlug(fields, by, now);
  } else {
    const before = await KbArticleModel.findById(input.id).lean();
    if (!before) throw notFound();
    if (input.expectedUpdatedAt && before.updatedAt.getTime() !== new Date(input.expectedUpdatedAt).getTime()) {
      throw new DomainError('conflict', 'Outra pessoa alterou este artigo enquanto você editava. Recarregue-o e refaça sua alteração.');
    }
    const changed = (Object.keys(fields) as (keyof typeof fields)[]).filter((k) =>
      k === 'keywords' ? fields.keywords.join('\n') !== before.keywords.join('\n') : fields[k] !== before[k]);
    if (changed.length === 0) return articleView(before, portalUrl);
    const action = changed.includes('status') ? (fields.status === 'published' ? 'published' : 'unpublished') : 'edited';
    saved = await KbArticleModel.findOneAndUpdate(
      // Conditional on the version read above: two editors saving at once cannot both win.
      { _id: before._id, updatedAt: before.updatedAt },
      {
        $set: {
          ...fields,
          updatedAt: now,
          updatedBy: by,
          ...(action === 'published' ? { publishedAt: now } : {}),
        },
        $push: { revisions: { $each: [{ at: now, by, action, fields: changed }], $slice: -KB_REVISIONS_KEPT } },
      },
      { returnDocument: 'after' },
    ).lean();
    if (!saved) throw new DomainError('conflict', 'Outra pessoa alterou este artigo enquanto você editava. Recarregue-o e refaça sua alteração.');
  }
  await articlesChanged(now.getTime());
  return articleView(saved, portalUrl);
}

async function createWithFreeSlug(
  fields: { title: string; body: string; topic: Topic; keywords: string[]; status: KbStatus },
  by: { id: Types.ObjectId; name: string; role: Editor['role'] },
  now: Date,
): Promise<KbArticle> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      const created = await KbArticleModel.create({
        ...fields,
        slug: await freeSlug(fields.title, attempt),
        createdAt: now,
        updatedAt: now,
        updatedBy: by,
        publishedAt: fields.status === 'published' ? now : null,
        revisions: [{ at: now, by, action: 'created', fields: Object.keys(fields) }],
      });
      return created.toObject() as KbArticle;
    } catch (error) {
      // Two articles with the same title saved at once: the loser takes the next free slug. MongoDB
      // answers it with E11000; FerretDB v2 may answer with PostgreSQL's exclusion-constraint error.
      if (!lostUpsertRace(error) || attempt >= 5) throw error;
    }
  }
}

export async function remove(id: string, now: Date): Promise<Record<string, never>> {
  const result = await KbArticleModel.deleteOne({ _id: new Types.ObjectId(id) });
  if (result.deletedCount === 0) throw notFound();
  await articlesChanged(now.getTime());
  return {};
}
