// Typed access to the server's tRPC API (SPEC §5) through @trpc/client's httpLink: plain JSON, the
// bearer token on every call. Every failure becomes an ApiError carrying the server's `data.reason`,
// its pt-BR message and its field messages; a failure to reach the server at all is reason `network`.
import { createTRPCClient, httpLink, type TRPCClient } from '@trpc/client';
import type { AppRouter } from '@cau/server';
import { ApiError, toApiError } from './api-error';
import { uploadFile } from './upload';

export { ApiError, toApiError };

export type Trpc = TRPCClient<AppRouter>;
type Output<P extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<P>>;
export type User = Omit<Output<Trpc['auth']['me']['query']>, 'session'>;
export type Session = Output<Trpc['auth']['login']['mutate']>;
export type Ticket = Output<Trpc['tickets']['get']['query']>;
export type MineOutput = Output<Trpc['tickets']['mine']['query']>;
export type TicketSummary = MineOutput['items'][number];
export type Attachment = Ticket['messages'][number]['attachments'][number];
export type Privacy = Output<Trpc['portal']['privacy']['query']>;
export type AccountSession = Output<Trpc['account']['sessions']['query']>[number];

/** auth.me's session clock (servers with the live layer): the idle limit and when it runs out. */
export interface SessionClock {
  idleMs: number;
  idleExpiresAt: string;
}

/** Header marking a request the professional did not make (a refresh): it does not keep the session awake. */
export const BACKGROUND_HEADER = 'x-cau-background';
/** Call options of a background request (`t.tickets.mine.query(input, { ...BACKGROUND, signal })`). */
export const BACKGROUND = { context: { background: true } } as const;

export interface ApiAuth {
  /** The bearer token of the current session, if any. */
  token(): string | null;
  /** Called when the server no longer accepts the token (expired, revoked). */
  expired(): void;
}

/** `https://host/` → `https://host`: the API's base URL as configured in the `api` attribute. */
export function normalizeBase(api: string): string {
  return api.trim().replace(/\/+$/, '');
}

export class ApiClient {
  readonly base: string;
  private readonly trpc: Trpc;
  /**
   * Whether background calls carry the header. A server that does not allow it in its CORS
   * Access-Control-Allow-Headers refuses every request of the embedding site that sends it, so
   * `background` drops it when a call fails with it and succeeds without it.
   */
  private backgroundHeader = true;

  constructor(api: string, private readonly auth: ApiAuth) {
    this.base = normalizeBase(api);
    this.trpc = createTRPCClient<AppRouter>({
      links: [
        httpLink({
          url: `${this.base}/trpc`,
          headers: ({ op }) => {
            const token = this.auth.token();
            return {
              ...(token ? { authorization: `Bearer ${token}` } : {}),
              ...((op.context as { background?: boolean }).background && this.backgroundHeader ? { [BACKGROUND_HEADER]: '1' } : {}),
            };
          },
          // Looked up on each call, so tests (and polyfills) can swap fetch after start.
          fetch: (input, init) => globalThis.fetch(input, init as RequestInit),
        }),
      ],
    });
  }

  /**
   * Runs one or more calls; failures come out as ApiError. An `unauthenticated` answer to a call made
   * with a token means the session is over: the session is told, then the error goes on to the caller.
   */
  async run<T>(call: (trpc: Trpc) => Promise<T>): Promise<T> {
    const token = this.auth.token();
    try {
      return await call(this.trpc);
    } catch (error) {
      const failure = toApiError(error);
      if (failure.reason === 'unauthenticated' && token && token === this.auth.token()) this.auth.expired();
      throw failure;
    }
  }

  /** Runs a call the widget makes by itself (a refresh), passed the BACKGROUND options; see `backgroundHeader`. */
  async background<T>(call: (trpc: Trpc) => Promise<T>): Promise<T> {
    try {
      return await this.run(call);
    } catch (error) {
      if (!(error instanceof ApiError) || !error.network || !this.backgroundHeader) throw error;
      this.backgroundHeader = false;
      try {
        return await this.run(call);
      } catch (again) {
        this.backgroundHeader = true;
        throw again;
      }
    }
  }

  /** Uploads one file (multipart, over XMLHttpRequest for its progress events). */
  upload(file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<Attachment> {
    return this.run(() => uploadFile(`${this.base}/trpc/attachments.upload`, this.auth.token(), file, onProgress, signal));
  }

  /** A short-lived download URL for an attachment (`attachments.link`), absolute. */
  async attachmentLink(id: string): Promise<string> {
    const { url } = await this.run((t) => t.attachments.link.mutate({ id }));
    return new URL(url, `${this.base}/`).toString();
  }
}
