// The session lives in main (issue 14 item 7). Main keeps the long-lived session token (token-store,
// encrypted with safeStorage) and is the only one that ever sends it; the page gets 5-minute access
// tokens bound to the session (auth.accessToken), which main renews before they run out. The two
// calls whose answer is a new session token (auth.login, account.changePassword) are made here, so
// the token goes straight into the store and the page gets the rest of the answer. A script that
// took over the page can act as the attendant while the desk runs, but takes away nothing that
// outlives five minutes or a logout. Nothing here imports Electron: the integration tests run it
// against the real server.
import {
  isSessionToken, type AccessAnswer, type ExchangeAnswer, type ExchangeFailure, type ExchangeProcedure,
} from '../shared/contract';
import type { TokenStore } from './token-store';

/** A token handed to the page is good for at least this long; closer to its end, main renews it. */
export const RENEW_BEFORE_MS = 60_000;
/** No answer from the server within this: treated as unreachable. */
const TIMEOUT_MS = 15_000;
/** The server's access tokens (server/src/users/auth.service.ts). */
const ACCESS_TOKEN = /^at_[0-9a-f]{24}_[0-9a-z]{1,12}_[A-Za-z0-9_-]{43}$/;

export const NETWORK_FAILURE: ExchangeFailure = {
  reason: 'network',
  message: 'Não foi possível falar com o servidor. Verifique a conexão e tente novamente.',
};

export interface SessionBroker {
  /** An access token for the page's next call, renewing it when it is close to its end. */
  access(): Promise<AccessAnswer>;
  /** Makes a call that opens a session, keeps its token, and answers without it. */
  exchange(procedure: ExchangeProcedure, input: Record<string, string>): Promise<ExchangeAnswer>;
  /** Forgets the session here (logout, another server); the server side is the page's logout call. */
  clear(): Promise<void>;
}

export interface BrokerDeps {
  tokens: TokenStore;
  /** The server, e.g. https://atendimento.causp.gov.br (read per call: the attendant may change it). */
  serverUrl(): Promise<string>;
  fetch?: typeof fetch;
  now?: () => number;
}

type Answer = { ok: true; data: unknown } | { ok: false; error: ExchangeFailure };

const shortString = (v: unknown, max: number): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;

/** Keeps only what the page shows of a refusal (reason, message, field messages, retry-after). */
function failureOf(error: { message?: unknown; data?: { reason?: unknown; fields?: unknown; retryAfter?: unknown } }): ExchangeFailure {
  const data = error.data ?? {};
  const failure: ExchangeFailure = {
    reason: shortString(data.reason, 60) ? data.reason : 'internal',
    message: shortString(error.message, 500) ? error.message : 'Erro inesperado no servidor.',
  };
  if (data.fields && typeof data.fields === 'object') {
    const fields = Object.entries(data.fields).filter((e): e is [string, string] => shortString(e[0], 60) && shortString(e[1], 500));
    if (fields.length) failure.fields = Object.fromEntries(fields);
  }
  if (typeof data.retryAfter === 'number' && Number.isFinite(data.retryAfter)) failure.retryAfter = data.retryAfter;
  return failure;
}

/** A token store that keeps the token in memory only (the broker's tests, here and against the server). */
export function memoryTokenStore(initial: string | null = null): TokenStore & { value: string | null } {
  const store = {
    value: initial,
    get: async () => store.value,
    set: async (token: string) => {
      store.value = token;
    },
    clear: async () => {
      store.value = null;
    },
  };
  return store;
}

export function createSessionBroker(deps: BrokerDeps): SessionBroker {
  const doFetch = deps.fetch ?? fetch;
  const now = deps.now ?? Date.now;
  let cached: { token: string; expiresAt: number } | null = null;
  let pending: Promise<AccessAnswer> | null = null;
  /** Moves on every login, password change and clear: a renewal started before must not land after. */
  let generation = 0;

  /** One tRPC call over HTTP (plain JSON, as the README's curl example). Throws when nothing answered. */
  async function post(path: string, input: unknown, token: string | null, background: boolean): Promise<Answer> {
    const base = (await deps.serverUrl()).replace(/\/+$/, '');
    const response = await doFetch(`${base}/trpc/${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        // Renewals are not the attendant's activity: they must not keep an idle desk signed in.
        ...(background ? { 'x-cau-background': '1' } : {}),
      },
      body: input === undefined ? undefined : JSON.stringify(input),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const json = (await response.json().catch(() => null)) as { result?: { data?: unknown }; error?: Parameters<typeof failureOf>[0] } | null;
    if (json?.result) return { ok: true, data: json.result.data };
    if (json?.error && typeof json.error === 'object') return { ok: false, error: failureOf(json.error) };
    throw new Error(`${path}: HTTP ${response.status} without a tRPC answer`);
  }

  async function renew(): Promise<AccessAnswer> {
    const started = generation;
    const session = await deps.tokens.get();
    if (!session) return { state: 'none' };
    let answer: Answer;
    try {
      answer = await post('auth.accessToken', undefined, session, true);
    } catch {
      return { state: 'unreachable' };
    }
    if (started !== generation) return renew();
    if (!answer.ok) {
      // The server ended the session (logout elsewhere, password reset, idle limit): forget it.
      if (answer.error.reason === 'unauthenticated') {
        await deps.tokens.clear();
        cached = null;
        return { state: 'none' };
      }
      return { state: 'unreachable' };
    }
    const data = answer.data as { accessToken?: unknown; expiresAt?: unknown } | null;
    const expiresAt = typeof data?.expiresAt === 'string' ? Date.parse(data.expiresAt) : NaN;
    if (typeof data?.accessToken !== 'string' || !ACCESS_TOKEN.test(data.accessToken) || !Number.isFinite(expiresAt)) {
      return { state: 'unreachable' };
    }
    cached = { token: data.accessToken, expiresAt };
    return { state: 'ok', token: cached.token, expiresAt: new Date(expiresAt).toISOString() };
  }

  return {
    async access() {
      if (cached && cached.expiresAt - now() > RENEW_BEFORE_MS) {
        return { state: 'ok', token: cached.token, expiresAt: new Date(cached.expiresAt).toISOString() };
      }
      // Many calls at once (the desk's first screen) share one renewal.
      pending ??= renew().finally(() => {
        pending = null;
      });
      return pending;
    },

    async exchange(procedure, input) {
      const current = procedure === 'account.changePassword' ? await deps.tokens.get() : null;
      let answer: Answer;
      try {
        answer = await post(procedure, input, current, false);
      } catch {
        return { ok: false, error: NETWORK_FAILURE };
      }
      if (!answer.ok) return answer;
      const { token, ...rest } = (answer.data ?? {}) as Record<string, unknown>;
      if (!isSessionToken(token)) return { ok: false, error: { reason: 'internal', message: 'Resposta inesperada do servidor.' } };
      generation += 1;
      cached = null;
      await deps.tokens.set(token);
      return { ok: true, data: rest };
    },

    async clear() {
      generation += 1;
      cached = null;
      await deps.tokens.clear();
    },
  };
}
