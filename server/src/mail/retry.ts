// When a failed send is tried again: the backoff schedule, and which errors are worth retrying
// (the server or the network was unavailable) and which are final (the server refused the message).

/** The longest wait between two attempts, so mail flows again soon after an outage ends. */
export const BACKOFF_CAP_MS = 5 * 60_000;

/** Wait before the next attempt after `attempts` failed ones: base, 2×base, 4×base … up to the cap. */
export function backoffMs(attempts: number, baseMs: number, capMs: number = BACKOFF_CAP_MS): number {
  const exponent = Math.min(Math.max(attempts - 1, 0), 30);
  return Math.min(baseMs * 2 ** exponent, Math.max(capMs, baseMs));
}

export interface SendErrorLike {
  message?: string;
  code?: string;
  /** The code under nodemailer's own (e.g. ECONNREFUSED under ESOCKET). */
  originalCode?: string;
  responseCode?: number;
  response?: string;
  /** Set by nodemailer from the SMTP reply class when there was one. */
  permanent?: boolean;
}

export interface Classified {
  /** Retry later (true) or mark the entry failed (false). */
  retry: boolean;
  /** The server could not be reached or talked to at all: the rest of the pass would fail too. */
  unreachable: boolean;
  /** One line for `lastError` and the logs. */
  text: string;
}

// Our credentials or the path to the server, not the message: retrying is right once fixed.
const SERVER_SIDE = new Set(['EAUTH', 'ENOAUTH', 'EOAUTH2', 'ETLS', 'EREQUIRETLS']);
const CONNECTION = new Set([
  'ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS', 'EPROXY', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE',
  'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED',
]);
// The message itself cannot be built or sent as it is: the same attempt would fail again.
const MESSAGE_SIDE = new Set(['EMESSAGE', 'EENVELOPE', 'ECONFIG', 'EMAXRECIPIENTS', 'EFILEACCESS', 'EURLACCESS', 'ESTREAM']);

export function describeError(error: SendErrorLike): string {
  const parts = [error.code, error.originalCode && error.originalCode !== error.code ? error.originalCode : undefined]
    .filter(Boolean)
    .join('/');
  const detail = (error.response ?? error.message ?? String(error)).replace(/\s+/g, ' ').trim();
  return `${parts ? `${parts}: ` : ''}${detail}`.slice(0, 500);
}

/**
 * 4xx replies and connection trouble are retried, 5xx replies are final (RFC 5321: permanent
 * negative completion; 503 is a session-state error, so it is retried). Errors without an SMTP
 * reply are retried unless they say the message itself is at fault: losing a notice because of a
 * hiccup nobody foresaw is worse than trying it again later.
 */
export function classifySendError(error: SendErrorLike): Classified {
  const text = describeError(error);
  const code = error.code ?? '';
  const original = error.originalCode ?? '';
  if (SERVER_SIDE.has(code)) return { retry: true, unreachable: true, text };
  if (typeof error.responseCode === 'number') {
    const permanent = error.permanent ?? (error.responseCode >= 500 && error.responseCode < 600 && error.responseCode !== 503);
    // 421: the server is closing the connection (overloaded, shutting down).
    return { retry: !permanent, unreachable: error.responseCode === 421, text };
  }
  if (CONNECTION.has(code) || CONNECTION.has(original)) return { retry: true, unreachable: true, text };
  if (MESSAGE_SIDE.has(code)) return { retry: false, unreachable: false, text };
  return { retry: true, unreachable: false, text };
}
