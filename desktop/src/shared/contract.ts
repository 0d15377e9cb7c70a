// The IPC contract between the renderer and Electron's main process: one entry per channel, the
// preload's function name for it, and the check main applies to its arguments. Only desktop
// capabilities cross IPC (the session, settings, native alerts); business data goes over tRPC.
// The session token never crosses: main keeps it and hands the page 5-minute access tokens.

export const APP_SCHEME = 'app';
export const APP_HOST = 'desk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export const ALERT_KINDS = ['new_ticket', 'answered', 'rejected', 'commented', 'assigned'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export interface DeskSettings {
  /** The server the desk works against, e.g. `https://atendimento.causp.gov.br`. */
  serverUrl: string;
}

export interface DeskSettingsView extends DeskSettings {
  /** Where the renderer sends API calls: the server, or the dev server's proxy in `npm run dev`. */
  apiBase: string;
}

export interface DeskAlert {
  protocol: string;
  kind: AlertKind;
  title: string;
  body: string;
  silent: boolean;
}

export interface UnreadSummary {
  count: number;
  /** The most recent unread alerts, for the tray menu. */
  items: Array<{ protocol: string; label: string }>;
}

/**
 * A short-lived bearer for the page's API calls (main renews it before it runs out), or why there
 * is none: no saved session (or the server ended it), or the server could not be reached to ask.
 */
export type AccessAnswer =
  | { state: 'ok'; token: string; expiresAt: string }
  | { state: 'none' }
  | { state: 'unreachable' };

/** The calls whose answer is a new session token: main makes them and keeps the token. */
export const EXCHANGE_PROCEDURES = {
  'auth.login': ['login', 'password', 'code', 'deviceToken'],
  'account.changePassword': ['currentPassword', 'newPassword'],
} as const;
export type ExchangeProcedure = keyof typeof EXCHANGE_PROCEDURES;

/** A server refusal as the page shows it: the stable reason and the pt-BR message. */
export interface ExchangeFailure {
  reason: string;
  message: string;
  fields?: Record<string, string>;
  retryAfter?: number;
}
/** The server's answer without its `token`, or its refusal (`network`: no answer at all). */
export type ExchangeAnswer = { ok: true; data: Record<string, unknown> } | { ok: false; error: ExchangeFailure };

/** Renderer → main calls: arguments and answer of each channel. */
export interface InvokeChannels {
  'session:access': { args: []; result: AccessAnswer };
  'session:exchange': { args: [procedure: ExchangeProcedure, input: Record<string, string>]; result: ExchangeAnswer };
  'session:clear': { args: []; result: void };
  'settings:get': { args: []; result: DeskSettingsView };
  'settings:set': { args: [settings: DeskSettings]; result: DeskSettingsView };
  'alerts:notify': { args: [alert: DeskAlert]; result: void };
  'alerts:unread': { args: [unread: UnreadSummary]; result: void };
  'shell:open-external': { args: [url: string]; result: void };
}
export type InvokeChannel = keyof InvokeChannels;

/** Main → renderer messages. */
export interface EventChannels {
  /** A notification or the tray menu asked to show this ticket. */
  'ticket:open': { args: [protocol: string] };
}
export type EventChannel = keyof EventChannels;

// ---- argument checks (main runs them on every call; nothing here trusts the renderer) ----

type Check = (args: readonly unknown[]) => boolean;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

const hasExactly = (v: Record<string, unknown>, keys: readonly string[]) => {
  const own = Object.keys(v);
  return own.length === keys.length && keys.every((k) => Object.hasOwn(v, k));
};

const shortText = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;

export const isProtocol = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{6}$/.test(v);

/** The server's session tokens (see the server's bearer check). */
export const isSessionToken = (v: unknown): v is string => typeof v === 'string' && /^[A-Za-z0-9_-]{10,200}$/.test(v);

/** http(s) URLs only: what may be opened in the system browser. */
export function isExternalUrl(v: unknown): v is string {
  if (typeof v !== 'string' || v.length > 2000) return false;
  try {
    const url = new URL(v);
    return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password;
  } catch {
    return false;
  }
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * A server address the desk may send its session token to: https anywhere, plain http only on this
 * machine. Returns it normalised (no trailing slash, no query or fragment), or null.
 */
export function normalizeServerUrl(v: unknown): string | null {
  if (typeof v !== 'string' || v.length > 300) return null;
  let url: URL;
  try {
    url = new URL(v.trim());
  } catch {
    return null;
  }
  if (url.username || url.password || url.search || url.hash) return null;
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) return null;
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** Exactly the procedure's own fields (some optional), each a string of reasonable length. */
function isExchange(args: readonly unknown[]): boolean {
  if (args.length !== 2 || typeof args[0] !== 'string' || !Object.hasOwn(EXCHANGE_PROCEDURES, args[0])) return false;
  const input = args[1];
  const allowed: readonly string[] = EXCHANGE_PROCEDURES[args[0] as ExchangeProcedure];
  return isPlainObject(input) && Object.keys(input).every((k) => allowed.includes(k) && shortText(input[k], 1000));
}

const isSettings = (v: unknown) => isPlainObject(v) && hasExactly(v, ['serverUrl']) && normalizeServerUrl(v.serverUrl) !== null;

const isAlert = (v: unknown) =>
  isPlainObject(v) && hasExactly(v, ['protocol', 'kind', 'title', 'body', 'silent'])
  && isProtocol(v.protocol) && (ALERT_KINDS as readonly unknown[]).includes(v.kind)
  && shortText(v.title, 120) && shortText(v.body, 300) && typeof v.silent === 'boolean';

const isUnread = (v: unknown) =>
  isPlainObject(v) && hasExactly(v, ['count', 'items'])
  && Number.isInteger(v.count) && (v.count as number) >= 0 && (v.count as number) <= 100_000
  && Array.isArray(v.items) && v.items.length <= 10
  && v.items.every((i) => isPlainObject(i) && hasExactly(i, ['protocol', 'label']) && isProtocol(i.protocol) && shortText(i.label, 120));

const none: Check = (args) => args.length === 0;
const one = (check: (v: unknown) => boolean): Check => (args) => args.length === 1 && check(args[0]);

/** Every renderer → main channel, the preload function that calls it, and its argument check. */
export const INVOKE = {
  'session:access': { method: 'getAccessToken', accepts: none },
  'session:exchange': { method: 'exchangeSession', accepts: isExchange },
  'session:clear': { method: 'clearSession', accepts: none },
  'settings:get': { method: 'getSettings', accepts: none },
  'settings:set': { method: 'setSettings', accepts: one(isSettings) },
  'alerts:notify': { method: 'notify', accepts: one(isAlert) },
  'alerts:unread': { method: 'setUnread', accepts: one(isUnread) },
  'shell:open-external': { method: 'openExternal', accepts: one(isExternalUrl) },
} as const satisfies { [C in InvokeChannel]: { method: string; accepts: Check } };

/** Every main → renderer channel and the preload function that subscribes to it. */
export const EVENTS = {
  'ticket:open': { method: 'onOpenTicket' },
} as const satisfies { [C in EventChannel]: { method: string } };

export const INVOKE_CHANNELS = Object.keys(INVOKE) as InvokeChannel[];
export const EVENT_CHANNELS = Object.keys(EVENTS) as EventChannel[];

type InvokeMethods = {
  [C in InvokeChannel as (typeof INVOKE)[C]['method']]: (...args: InvokeChannels[C]['args']) => Promise<InvokeChannels[C]['result']>;
};
type EventMethods = {
  [C in EventChannel as (typeof EVENTS)[C]['method']]: (listener: (...args: EventChannels[C]['args']) => void) => () => void;
};

/** What the preload exposes to the renderer as `window.cauDesk`. */
export type DeskBridge = InvokeMethods & EventMethods;

export const BRIDGE_KEY = 'cauDesk';
