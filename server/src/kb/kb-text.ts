// Text processing for the knowledge base's search, in Brazilian Portuguese: words are lower-cased,
// stop words dropped, reduced to their stem by the Snowball Portuguese stemmer (so "boletos" and
// "boleto", "anuidades" and "anuidade" meet) and stripped of accents (so "certidao" meets "certidão").
import { stemmer } from '@orama/stemmers/portuguese';

const STOP_WORDS = new Set(
  (
    'a o as os e é de da do das dos em no na nos nas um uma uns umas para pra por pelo pela pelos pelas com sem ' +
    'que se ao aos à às ou meu minha meus minhas seu sua seus suas eu me mim nós você vocês ele ela eles elas ' +
    'isso isto esse essa este esta aquele aquela como quando onde qual quais não sim já mais muito foi ser está ' +
    'estou tem tenho ter há lhe lo la num numa sobre até após entre'
  ).split(' '),
);

const ACCENTS = /[\u0300-\u036f]/g;

export function stripAccents(text: string): string {
  return text.normalize('NFD').replace(ACCENTS, '');
}

/** Stems by word: an article base repeats a small vocabulary, and stemming is the costly part of indexing. */
const stems = new Map<string, string | null>();
const STEMS_KEPT = 100_000;

/** One word as the index stores it, or null for a stop word. */
export function processTerm(term: string): string | null {
  const known = stems.get(term);
  if (known !== undefined) return known;
  const processed = stemOf(term);
  if (stems.size >= STEMS_KEPT) stems.clear();
  stems.set(term, processed);
  return processed;
}

function stemOf(term: string): string | null {
  const lower = term.toLowerCase();
  if (STOP_WORDS.has(lower) || STOP_WORDS.has(stripAccents(lower))) return null;
  // The stemmer knows Portuguese accents (ção, ões), so it runs first; accents go afterwards.
  const stem = stripAccents(lower.length > 3 ? stemmer(lower) : lower);
  return stem.length > 0 ? stem : null;
}

/** Plain text of a Markdown body, for excerpts: markup, link targets and extra spaces removed. */
export function markdownToText(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]*>/g, ' ')
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)])\s+/gm, '')
    .replace(/[*_`~]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The first `max` characters of a body's text, cut at a word. */
export function excerptOf(markdown: string, max = 180): string {
  const text = markdownToText(markdown);
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,.;:]+$/, '')}…`;
}

/** A search as stored for the content-gap report: lower case, single spaces, at most 120 characters. */
export function normaliseQuery(query: string): string {
  return query.toLowerCase().replace(/\s+/g, ' ').trim().slice(0, 120);
}
