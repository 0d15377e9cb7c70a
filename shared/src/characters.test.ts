import { describe, expect, it } from 'vitest';
import { forbiddenCharacter, forbiddenCharacterMessage } from './characters';

describe('forbiddenCharacter', () => {
  it.each([
    ['plain text, accents and emoji', 'Anuidade paga — São Paulo 😀', null, null],
    ['tab and line breaks in a message', 'a\tb\nc\r\nd', null, 'U+0009'],
    ['NUL', 'a\u0000b', 'U+0000', 'U+0000'],
    ['BEL', 'a\u0007b', 'U+0007', 'U+0007'],
    ['ESC', '\u001b[31m', 'U+001B', 'U+001B'],
    ['DEL', 'a\u007fb', 'U+007F', 'U+007F'],
    ['C1 control', 'a\u0085b', 'U+0085', 'U+0085'],
    ['LRM', 'a\u200eb', 'U+200E', 'U+200E'],
    ['RLM', 'a\u200fb', 'U+200F', 'U+200F'],
    ['RLO', 'fatura\u202efdp.txt', 'U+202E', 'U+202E'],
    ['LRE', 'a\u202ab', 'U+202A', 'U+202A'],
    ['RLI', 'a\u2067b', 'U+2067', 'U+2067'],
    ['PDI', 'a\u2069b', 'U+2069', 'U+2069'],
    ['line separator', 'a\u2028b', null, 'U+2028'],
  ])('%s', (_, text, multiline, singleLine) => {
    expect(forbiddenCharacter(text)).toBe(multiline);
    expect(forbiddenCharacter(text, true)).toBe(singleLine);
  });

  it('says "one line" for a break in a one-line field, and names any other character', () => {
    expect(forbiddenCharacterMessage('O assunto', 'U+000A', true)).toBe('O assunto deve ter uma única linha.');
    expect(forbiddenCharacterMessage('O assunto', 'U+202E', true)).toMatch(/^O assunto contém um caractere não permitido \(U\+202E\)\./);
  });
});
