// Two-step verification helpers: reading what people type as a code, showing the secret and the
// server's QR code safely, and the recovery codes as a file to keep.

/**
 * A TOTP code (6 digits, spaces ignored) or a recovery code (ABCD-EFGH, any case), as the server
 * expects it; null when it is neither.
 */
export function normalizeMfaCode(text: string): string | null {
  const compact = text.replace(/\s+/g, '');
  if (/^\d{6}$/.test(compact)) return compact;
  if (/^[A-Za-z0-9]{4}-?[A-Za-z0-9]{4}$/.test(compact)) return compact.toUpperCase();
  return null;
}

/** Whether the text is a 6-digit code (enrolment takes only these, not recovery codes). */
export function normalizeTotp(text: string): string | null {
  const compact = text.replace(/\s+/g, '');
  return /^\d{6}$/.test(compact) ? compact : null;
}

/** The base32 secret in groups of four, easier to type into an app by hand. */
export function groupSecret(secret: string): string {
  return secret.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
}

/**
 * The server's QR code (SVG markup) as an image URL. Shown through <img>, an SVG cannot run
 * scripts or reach the page, unlike markup put into the document (v-html); anything that is not an
 * SVG document gives null and no image.
 */
export function svgDataUrl(svg: string): string | null {
  const text = svg.trim();
  if (!/^(<\?xml[^>]*>\s*)?<svg[\s>]/i.test(text)) return null;
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
}

/** The recovery codes as a text file's content, with what they are and how to use them. */
export function recoveryCodesText(codes: readonly string[], account: string, at: Date): string {
  return [
    'Atendimento CAU/SP — códigos de recuperação da verificação em duas etapas',
    `Conta: ${account}`,
    `Gerados em: ${at.toLocaleString('pt-BR', { timeZone: 'America/Sao_Paulo' })}`,
    '',
    'Cada código vale uma única vez, no lugar do código do aplicativo autenticador.',
    'Guarde-os em lugar seguro, longe do celular. Gerar novos códigos invalida estes.',
    '',
    ...codes,
    '',
  ].join('\n');
}
