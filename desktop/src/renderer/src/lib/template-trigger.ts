// The composer's `::` shortcut (as in Zammad): typing `::` and some words right before the caret
// opens the answer-template picker, searching by those words.

export interface Trigger {
  /** Where the `::` starts in the text. */
  start: number;
  /** What follows it, up to the caret: the search. */
  query: string;
}

/** At most this many characters of search after `::`; longer means the attendant is just writing. */
const MAX_QUERY = 40;

/**
 * The trigger the caret is in, or null. `::` counts at the start of the text or after a space or
 * line break (so "http://" or "10::30" do not open it), and the search holds no line break.
 */
export function findTrigger(text: string, caret: number): Trigger | null {
  const before = text.slice(0, caret);
  const start = before.lastIndexOf('::');
  if (start < 0) return null;
  if (start > 0 && !/\s/.test(before[start - 1]!)) return null;
  const query = before.slice(start + 2);
  if (query.length > MAX_QUERY || /[\n:]/.test(query) || /^\s/.test(query)) return null;
  return { start, query };
}

/** The text with the trigger (from `start` to the caret) replaced by `insert`; and the new caret. */
export function replaceTrigger(text: string, trigger: Trigger, caret: number, insert: string): { text: string; caret: number } {
  const next = text.slice(0, trigger.start) + insert + text.slice(caret);
  return { text: next, caret: trigger.start + insert.length };
}

/** Whether a template matches every word of the search (accent- and case-insensitive). */
export function matches(template: { title: string; body: string }, query: string): boolean {
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const haystack = fold(`${template.title} ${template.body}`);
  return fold(query).split(/\s+/).filter(Boolean).every((word) => haystack.includes(word));
}
