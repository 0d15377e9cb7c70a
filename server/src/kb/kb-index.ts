// The search index of published articles (MiniSearch), held in memory by each instance and rebuilt
// from the collection. Every write to an article changes a stamp in the database (kb.model); before
// answering, an instance compares its stamp with the stored one (at most once per CHECK_MS) and
// rebuilds when they differ, so every instance answers the same within CHECK_MS of an edit — and the
// instance that made the edit at once. Ranking: title over keywords over body (BM25 within each).
import MiniSearch, { type SearchResult } from 'minisearch';
import mongoose, { Types } from 'mongoose';
import type { Topic } from '@cau/shared';
import { KbArticleModel, KbStateModel } from './kb.model';
import { excerptOf, processTerm } from './kb-text';

const TITLE_ORDER = new Intl.Collator('pt-BR');

/** How long an instance trusts its index before asking the database whether it changed. */
export const CHECK_MS = 1_000;

interface IndexedArticle {
  id: string;
  slug: string;
  title: string;
  keywords: string;
  body: string;
  topic: Topic;
  excerpt: string;
}

export interface KbHit {
  slug: string;
  title: string;
  excerpt: string;
  topic: Topic;
}

function createMiniSearch(): MiniSearch<IndexedArticle> {
  return new MiniSearch<IndexedArticle>({
    fields: ['title', 'keywords', 'body'],
    storeFields: ['slug', 'title', 'topic', 'excerpt'],
    processTerm,
    searchOptions: {
      boost: { title: 3, keywords: 2, body: 1 },
      // One typo forgiven in words of five letters or more (after stemming); shorter words must match.
      fuzzy: (term) => (term.length >= 5 ? 1 : false),
      // The word being typed may be incomplete.
      prefix: (term, index, terms) => index === terms.length - 1 && term.length >= 3,
      processTerm,
    },
  });
}

interface Built {
  /** The database the index was built from: tests start several servers, one database each, in one process. */
  database: string;
  stamp: string | null;
  search: MiniSearch<IndexedArticle>;
  /** Published articles by topic, title order, for browsing without a query. */
  byTopic: Map<Topic | 'all', KbHit[]>;
  checkedAt: number;
}

let built: Built | null = null;
let building: Promise<Built> | null = null;

function databaseName(): string {
  return mongoose.connection.name ?? '';
}

async function readStamp(): Promise<string | null> {
  const state = await KbStateModel.findById('index').lean();
  return state ? String(state.stamp) : null;
}

export interface ArticleToIndex {
  _id: unknown;
  slug: string;
  title: string;
  keywords: string[];
  body: string;
  topic: Topic;
}

/** The search index of `articles`, and each topic's articles in title order (no I/O: bench/kb.ts times it). */
export function indexArticles(articles: ArticleToIndex[]): Pick<Built, 'search' | 'byTopic'> {
  const search = createMiniSearch();
  const docs: IndexedArticle[] = articles.map((a) => ({
    id: String(a._id),
    slug: a.slug,
    title: a.title,
    keywords: a.keywords.join(' '),
    body: a.body,
    topic: a.topic,
    excerpt: excerptOf(a.body),
  }));
  search.addAll(docs);
  const byTopic = new Map<Topic | 'all', KbHit[]>();
  const sorted = [...docs].sort((a, b) => TITLE_ORDER.compare(a.title, b.title));
  byTopic.set('all', sorted.map(hitOf));
  for (const doc of sorted) {
    const list = byTopic.get(doc.topic) ?? [];
    list.push(hitOf(doc));
    byTopic.set(doc.topic, list);
  }
  return { search, byTopic };
}

/** Published articles best first, from an index built by indexArticles. */
export function searchIndex(index: Pick<Built, 'search' | 'byTopic'>, query: string, options: { topic?: Topic; limit: number }): KbHit[] {
  if (!query.trim()) return (index.byTopic.get(options.topic ?? 'all') ?? []).slice(0, options.limit);
  const filter = options.topic ? (result: SearchResult) => result.topic === options.topic : undefined;
  return index.search
    .search(query, filter ? { filter } : {})
    .slice(0, options.limit)
    .map((r) => hitOf(r as unknown as IndexedArticle));
}

async function build(now: number): Promise<Built> {
  // The stamp is read before the articles: an edit landing in between makes the next check rebuild again.
  const stamp = await readStamp();
  const articles = await KbArticleModel.find({ status: 'published' }, { slug: 1, title: 1, keywords: 1, body: 1, topic: 1 }).lean();
  return { database: databaseName(), stamp, ...indexArticles(articles), checkedAt: now };
}

function hitOf(doc: Pick<IndexedArticle, 'slug' | 'title' | 'excerpt' | 'topic'>): KbHit {
  return { slug: doc.slug, title: doc.title, excerpt: doc.excerpt, topic: doc.topic };
}

function rebuild(now: number): Promise<Built> {
  building ??= build(now).then(
    (result) => {
      built = result;
      building = null;
      return result;
    },
    (error: unknown) => {
      building = null;
      throw error;
    },
  );
  return building;
}

/** The index, current to within CHECK_MS of the last write on any instance. */
async function current(now: number): Promise<Built> {
  if (!built || built.database !== databaseName()) return rebuild(now);
  if (now - built.checkedAt < CHECK_MS) return built;
  const index = built;
  index.checkedAt = now;
  const stamp = await readStamp();
  return stamp === index.stamp ? index : rebuild(now);
}

/** Marks the articles changed for every instance, and rebuilds this instance's index at once. */
export async function articlesChanged(now: number): Promise<void> {
  await KbStateModel.updateOne({ _id: 'index' }, { $set: { stamp: new Types.ObjectId() } }, { upsert: true });
  // A rebuild already under way may have read the old stamp; wait for it, then build afresh. The
  // article is saved by now: a rebuild that fails (a slow engine) must not answer the save with an
  // error; the index, behind the new stamp, is rebuilt by the next search past CHECK_MS.
  if (building) await building.catch(() => undefined);
  await rebuild(now).catch(() => undefined);
}

/** Published articles best first; without words, every published article of the topic in title order. */
export async function searchArticles(query: string, options: { topic?: Topic; limit: number; now: number }): Promise<KbHit[]> {
  return searchIndex(await current(options.now), query, options);
}
