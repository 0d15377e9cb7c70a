// "Número do RRT" (Registro de Responsabilidade Técnica), as the professional copies it from SICCAU.
//
// The council's number is the RRT's sequence: 7 or 8 digits (e.g. 1234567, 12345678). SICCAU shows
// it with the "SI" prefix of the system and, on RRTs issued before 2023, the suffix of the record
// it belongs to (I = initial, 2 digits, CT = contract, 3 digits), as in SI1234567I00CT001. All three
// forms are accepted, in any case, with spaces around; anything else (letters alone, "abc", a
// protocol, a CPF) is refused with the message below, so the desk always gets a number it can look up.
// Stored upper-cased and trimmed. docs/product.md says the same in the contract's words.

export const RRT_NUMBER_PATTERN = /^(?:SI)?\d{7,8}(?:I\d{2}CT\d{3})?$/;

export const RRT_NUMBER_MESSAGE =
  'Número do RRT inválido: informe o número do SICCAU, com 7 ou 8 algarismos (ex.: 1234567, SI1234567 ou SI1234567I00CT001).';

/** The number as stored: trimmed and upper-cased. */
export function normalizeRrtNumber(value: string): string {
  return value.trim().toUpperCase();
}

export function isRrtNumber(value: string): boolean {
  return RRT_NUMBER_PATTERN.test(normalizeRrtNumber(value));
}
