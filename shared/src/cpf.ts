// CPF (Cadastro de Pessoas Físicas) rules: check digits, normalisation, display and masking.

/** Strips punctuation; returns the 11 digits or null when the shape is wrong. */
export function normalizeCpf(input: string): string | null {
  const trimmed = input.trim();
  if (!/^(\d{11}|\d{3}\.\d{3}\.\d{3}-\d{2})$/.test(trimmed)) return null;
  return trimmed.replace(/\D/g, '');
}

function checkDigit(digits: string, length: number): number {
  let sum = 0;
  for (let i = 0; i < length; i++) sum += Number(digits[i]) * (length + 1 - i);
  const rest = (sum * 10) % 11;
  return rest === 10 ? 0 : rest;
}

/** Appends the two check digits to a 9-digit base (for fixtures and seed data). */
export function completeCpf(base: string): string {
  const first = checkDigit(base, 9);
  const withFirst = `${base}${first}`;
  return `${withFirst}${checkDigit(withFirst, 10)}`;
}

/** True for an 11-digit CPF whose two check digits match and that is not one repeated digit. */
export function isValidCpfDigits(digits: string): boolean {
  if (!/^\d{11}$/.test(digits) || /^(\d)\1{10}$/.test(digits)) return false;
  return checkDigit(digits, 9) === Number(digits[9]) && checkDigit(digits, 10) === Number(digits[10]);
}

/** Accepts a CPF with or without punctuation; returns its 11 digits, or null if invalid. */
export function parseCpf(input: string): string | null {
  const digits = normalizeCpf(input);
  return digits && isValidCpfDigits(digits) ? digits : null;
}

/** `12345678909` → `123.456.789-09` (what the owner sees). */
export function formatCpf(digits: string): string {
  return digits.replace(/^(\d{3})(\d{3})(\d{3})(\d{2})$/, '$1.$2.$3-$4');
}

/** `12345678909` → `***.456.789-**` (what staff lists show). */
export function maskCpf(digits: string): string {
  return digits.replace(/^\d{3}(\d{3})(\d{3})\d{2}$/, '***.$1.$2-**');
}

/** Formats a partial CPF as it is typed: `1234567` → `123.456.7`. */
export function formatCpfPartial(input: string): string {
  const d = input.replace(/\D/g, '').slice(0, 11);
  return [d.slice(0, 3), d.slice(3, 6), d.slice(6, 9)].filter(Boolean).join('.') + (d.length > 9 ? `-${d.slice(9)}` : '');
}
