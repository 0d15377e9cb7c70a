// Text as the desk searches it: normalised words, and literal pieces of user input inside regexes.

/** Lower-cased and accent-free, so "João" is found by "joao". */
export function searchable(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * The words a ticket can be found by: each whitespace-separated word of the protocol, subject and
 * professional's name, plus its alphanumeric parts ("(urgente)" → "(urgente)", "urgente"). The
 * desk searches them by prefix, which an ordinary index serves.
 */
export function searchTokens(text: string): string[] {
  const tokens = new Set<string>();
  for (const word of searchable(text).split(/\s+/).filter(Boolean)) {
    tokens.add(word.slice(0, 40));
    for (const part of word.split(/[^\p{L}\p{N}]+/u)) if (part) tokens.add(part.slice(0, 40));
  }
  return [...tokens].slice(0, 80);
}

/** `text` as a literal inside a regular expression. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
