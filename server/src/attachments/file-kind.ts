// Decides what a file really is from its bytes (file-type), against the list of SPEC §2.4. The
// name only matters where the bytes cannot tell formats apart (legacy .doc and .xls share one
// container format) and for plain text, which has no signature.
import { extensionOf } from '@cau/shared';
import { fileTypeFromBuffer } from 'file-type';

const BY_MIME: Record<string, { ext: string; mime: string }> = {
  'image/jpeg': { ext: 'jpg', mime: 'image/jpeg' },
  'image/png': { ext: 'png', mime: 'image/png' },
  'application/pdf': { ext: 'pdf', mime: 'application/pdf' },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    ext: 'docx', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
    ext: 'xlsx', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  },
  'application/vnd.oasis.opendocument.text': { ext: 'odt', mime: 'application/vnd.oasis.opendocument.text' },
  'application/vnd.oasis.opendocument.spreadsheet': { ext: 'ods', mime: 'application/vnd.oasis.opendocument.spreadsheet' },
};

const LEGACY_OFFICE: Record<string, string> = { doc: 'application/msword', xls: 'application/vnd.ms-excel' };

/** Plain UTF-8 text with no NUL or other binary control bytes, and not an HTML document in disguise. */
function isPlainText(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  // eslint-disable-next-line no-control-regex -- control characters are exactly what marks a binary file
  if (/[\u0000-\u0008\u000B\u000E-\u001F\u007F]/.test(text)) return false;
  return !/^\s*(<!doctype\s+html|<html|<script|<svg|<\?xml)/i.test(text.replace(/^\uFEFF/, ''));
}

/** The detected kind, or null when the bytes are not one of the accepted types. */
export async function detectFileKind(bytes: Uint8Array, name: string): Promise<{ ext: string; mime: string } | null> {
  const detected = await fileTypeFromBuffer(bytes);
  const declared = extensionOf(name);
  if (!detected) {
    return declared === 'txt' && isPlainText(bytes) ? { ext: 'txt', mime: 'text/plain; charset=utf-8' } : null;
  }
  if (detected.mime === 'application/x-cfb') {
    return LEGACY_OFFICE[declared] ? { ext: declared, mime: LEGACY_OFFICE[declared]! } : null;
  }
  return BY_MIME[detected.mime] ?? null;
}
