// Characters the service refuses in text people type (names, subjects, messages, file names):
// control characters other than tab and line breaks, and the invisible bidi controls that can make
// text read differently from what it is ("fatura\u202Efdp.txt" shows as "faturatxt.pdf"). They are
// refused, never silently removed, so what is stored is exactly what the person sent.

/** Controls (C0, DEL, C1) except tab, LF and CR; bidi embeddings, overrides, isolates and marks. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
const FORBIDDEN_MULTILINE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
/** The same, plus every line break (LF, CR, U+2028, U+2029) and the tab. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
const FORBIDDEN_SINGLE_LINE = /[\u0000-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029]/u;

/** The first character `text` may not hold, as `U+202E`, or null. */
export function forbiddenCharacter(text: string, singleLine = false): string | null {
  const found = (singleLine ? FORBIDDEN_SINGLE_LINE : FORBIDDEN_MULTILINE).exec(text);
  return found ? `U+${found[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : null;
}

/** The pt-BR refusal for `label` ("O assunto", "A mensagem", "O nome do arquivo"), naming the character. */
export function forbiddenCharacterMessage(label: string, code: string, singleLine = false): string {
  if (singleLine && ['U+000A', 'U+000D', 'U+2028', 'U+2029'].includes(code)) return `${label} deve ter uma única linha.`;
  return `${label} contém um caractere não permitido (${code}). Caracteres de controle e de direção de texto não são aceitos; remova-o e tente novamente.`;
}
