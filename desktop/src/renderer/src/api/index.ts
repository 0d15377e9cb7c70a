// The renderer's one door to the outside: the server's API (tRPC over HTTP/SSE) and the platform
// (Electron bridge or web APIs). Stores call these functions; tests replace this module.
import { backgroundHeader, createClient, type CallContext, type TrpcClient } from './client';
import { ApiError, NETWORK_MESSAGE, toApiError } from './errors';
import { detectPlatform, type Platform } from './platform';

export { ApiError, messageOf, toApiError, type LastChange } from './errors';

type Out<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;
type In<F extends (...args: never[]) => unknown> = Parameters<F>[0];
type Desk = TrpcClient['desk'];
type Admin = TrpcClient['admin'];
type Account = TrpcClient['account'];

export type User = Omit<Out<TrpcClient['auth']['me']['query']>, 'session'>;
export type QueueQuery = NonNullable<In<Desk['queue']['query']>>;
export type QueuePage = Out<Desk['queue']['query']>;
export type QueueItem = QueuePage['items'][number];
export type QueueCounts = QueuePage['counts'];
export type Ticket = Out<Desk['get']['query']>;
export type TicketMessage = Ticket['messages'][number];
export type HistoryEntry = Ticket['history'][number];
export type AttendantOption = Out<Desk['attendants']['query']>[number];
export type Staff = Out<Admin['attendants']['list']['query']>[number];
export type NewStaff = In<Admin['attendants']['create']['mutate']>;
export type DeadlineSettings = Out<Admin['settings']['get']['query']>;
export type Report = Out<Admin['reports']['query']>;
export type CloseReason = In<Desk['close']['mutate']>['reason'];
export type Credentials = In<TrpcClient['auth']['login']['mutate']>;
export type MfaStatus = Out<Account['mfa']['status']['query']>;
export type MfaEnrolment = Out<Account['mfa']['begin']['mutate']>;
export type AccountSession = Out<Account['sessions']['query']>[number];
export type AuditQuery = Exclude<In<Admin['audit']['list']['query']>, void | undefined>;
export type AuditAction = NonNullable<AuditQuery['action']>;
export type AuditPage = Out<Admin['audit']['list']['query']>;
export type AuditEntry = AuditPage['items'][number];
export type ProfessionalMatch = Out<Admin['professionals']['search']['query']>[number];
export type AnonymizeResult = Out<Admin['professionals']['anonymize']['mutate']>;
export type SecuritySettings = Out<Admin['security']['get']['query']>;
export type FailedMail = Out<Admin['mail']['failed']['query']>[number];
type Kb = TrpcClient['kb'];
export type KbArticleSummary = Out<Kb['list']['query']>['items'][number];
export type KbArticle = Out<Kb['article']['query']>;
export type KbSaveInput = In<Kb['save']['mutate']>;
export type KbReport = Out<Kb['report']['query']>;

// ---- the live layer (issue 11, CONTRACT-live.md) ----
// The procedures below (desk.presence, desk.alerts.*, desk.events' input, auth.me's session clock,
// desk.get's viewers, the conflict's lastChange) are typed here from the contract, so the desk
// builds against a server that has them or not yet; each one is optional where today's server
// leaves it out, and the desk falls back to what that server offers.

// The live events are declared once, in the client core (the server's types with their stream id).
export { eventSeq, isPresenceEvent, isTicketEvent } from '@cau/client';
export type { DeskEvent, DeskEventActor, PresenceEvent, PresenceState, ResetEvent, TicketEvent, TicketEventKind } from '@cau/client';
import type { DeskEvent, PresenceState, TicketEventKind } from '@cau/client';

/** Colleagues with the ticket open (desk.get `viewers`). */
export interface Viewer {
  id: string;
  name: string;
  typing: boolean;
}
/** What the server keeps unread for this attendant (desk.alerts.list). */
export interface AlertItem {
  id: string;
  kind: TicketEventKind;
  protocol: string;
  subject: string | null;
  at: string;
}
export interface AlertList {
  items: AlertItem[];
  total: number;
}
/** auth.me's session clock: how long the session may stay untouched, and when it ends if it does. */
export interface SessionClock {
  idleMs: number;
  idleExpiresAt: string;
}

type CallOptions = { context?: CallContext; signal?: AbortSignal };
/** The contract's procedures as the tRPC proxy exposes them (see the note above). */
interface LiveProcedures {
  desk: {
    presence: { mutate(input: { protocol: string; state: PresenceState }, opts?: CallOptions): Promise<object> };
    alerts: {
      list: { query(input?: undefined, opts?: CallOptions): Promise<AlertList> };
      clear: { mutate(input: { protocol?: string }, opts?: CallOptions): Promise<object> };
    };
  };
}
const liveProcedures = (c: TrpcClient) => c as unknown as LiveProcedures;

/** Options of a call made on the person's behalf by the desk itself (not user activity). */
const BACKGROUND: CallOptions = { context: { background: true } };
const options = (quiet: boolean | undefined) => (quiet ? BACKGROUND : undefined);

/** Unwraps a stream item: `tracked(id, event)` arrives as `{ id, data }`, an untracked event as itself. */
export function readStreamItem(value: unknown): { event: DeskEvent; tracked: boolean } | null {
  if (!value || typeof value !== 'object') return null;
  const item = value as { id?: unknown; data?: unknown; kind?: unknown };
  if (typeof item.kind !== 'string' && typeof item.id === 'string' && item.data && typeof item.data === 'object') {
    return { event: { ...(item.data as object), id: item.id } as DeskEvent, tracked: true };
  }
  if (typeof item.kind === 'string' && typeof item.id === 'string') return { event: value as DeskEvent, tracked: false };
  if (item.kind === 'reset') return { event: { ...(value as object), id: '' } as DeskEvent, tracked: false };
  return null;
}

let client: TrpcClient | null = null;
/** `call`, or `background` for the desk's own calls. */
const by = (quiet: boolean | undefined) => (quiet ? background : call);
/** Where calls get their bearer: null when signed out (see `setBearer`). */
let bearer: (() => Promise<string | null>) | null = null;
const currentToken = async () => (bearer ? bearer() : null);
let apiBaseUrl = '';
let onUnauthenticated: () => void = () => undefined;
let onEnrolmentRequired: () => void = () => undefined;

async function call<T>(run: (c: TrpcClient) => Promise<T>): Promise<T> {
  if (!client) throw new ApiError('unavailable', 'O servidor ainda não foi configurado.');
  try {
    return await run(client);
  } catch (error) {
    const failure = toApiError(error);
    if (failure.reason === 'unauthenticated' && bearer) onUnauthenticated();
    if (failure.reason === 'mfa_enrollment_required' && bearer) onEnrolmentRequired();
    throw failure;
  }
}

/**
 * A call the desk makes by itself (live refresh, presence, alert list): sent with the background
 * header. When it cannot reach the server and the same call without the header can, the server
 * refused the header (CORS on an older server): the header is dropped for this session of the app.
 */
async function background<T>(run: (c: TrpcClient) => Promise<T>): Promise<T> {
  try {
    return await call(run);
  } catch (error) {
    if (toApiError(error).reason !== 'network' || !backgroundHeader.enabled) throw error;
    backgroundHeader.enabled = false;
    try {
      return await call(run);
    } catch (again) {
      backgroundHeader.enabled = true;
      throw again;
    }
  }
}

export interface LiveHandlers {
  /** Connected (again): events flow from now on. */
  onStarted(): void;
  /** `tracked`: the server sent it with `tracked()`, so it resumes from our last id after a drop. */
  onEvent(event: DeskEvent, tracked: boolean): void;
  /** The connection dropped and EventSource is retrying by itself. */
  onConnecting(): void;
  /** The subscription ended with an error; it will not come back without a new subscribe. */
  onError(error: ApiError): void;
}

export const api = {
  configure(apiBase: string) {
    apiBaseUrl = apiBase.replace(/\/+$/, '');
    client = createClient(apiBase, currentToken);
  },
  /**
   * Signed in: each call asks `source` for its bearer (the web page's session token, or in
   * Electron a short-lived access token from main, which keeps the session token). Null: signed out.
   */
  setBearer(source: (() => string | null | Promise<string | null>) | null) {
    bearer = source ? async () => source() : null;
  },
  /** Runs when a call fails because the session ended (expired, disabled account, reset password). */
  setUnauthenticatedHandler(handler: () => void) {
    onUnauthenticated = handler;
  },
  /** Runs when the server refuses a call until this staff member enrols in two-step verification. */
  setEnrolmentRequiredHandler(handler: () => void) {
    onEnrolmentRequired = handler;
  },

  /**
   * `code`: the second step (TOTP or recovery code), for accounts that answered mfa_required. The
   * session token in the answer goes to the platform (main, in Electron), not to the caller.
   */
  login: (input: Credentials) => call((c) => platform.openSession('auth.login', input, () => c.auth.login.mutate(input))),
  logout: () => call((c) => c.auth.logout.mutate()),
  /** `background`: a refresh the desk makes by itself, which must not keep the session awake. */
  me: (quiet = false) => by(quiet)((c) => c.auth.me.query(undefined, options(quiet)) as Promise<User & { session?: SessionClock }>),

  queue: (input: QueueQuery, quiet = false) => by(quiet)((c) => c.desk.queue.query(input, options(quiet))),
  ticket: (protocol: string, quiet = false) =>
    by(quiet)((c) => c.desk.get.query({ protocol }, options(quiet)) as Promise<Ticket & { viewers?: Viewer[] }>),
  /** Tells colleagues this attendant is viewing, typing a public reply on, or leaving a ticket. */
  presence: (protocol: string, state: PresenceState) => background((c) => liveProcedures(c).desk.presence.mutate({ protocol, state }, BACKGROUND)),
  alerts: {
    /** The unread alerts the server keeps for this attendant (newest first, at most 50, and the total). */
    list: () => background((c) => liveProcedures(c).desk.alerts.list.query(undefined, BACKGROUND)),
    /** Marks one ticket's alerts read, or all of them. */
    clear: (protocol?: string) => call((c) => liveProcedures(c).desk.alerts.clear.mutate(protocol ? { protocol } : {})),
  },
  take: (protocol: string) => call((c) => c.desk.take.mutate({ protocol })),
  assign: (protocol: string, attendantId: string) => call((c) => c.desk.assign.mutate({ protocol, attendantId })),
  comment: (protocol: string, message: string, attachmentIds: string[] = []) =>
    call((c) => c.desk.comment.mutate({ protocol, message, ...(attachmentIds.length ? { attachmentIds } : {}) })),
  note: (protocol: string, message: string, attachmentIds: string[] = []) =>
    call((c) => c.desk.note.mutate({ protocol, message, ...(attachmentIds.length ? { attachmentIds } : {}) })),
  /** Uploads one file (multipart FormData); the server checks its real type from its bytes. */
  upload(file: File) {
    const form = new FormData();
    form.append('file', file, file.name);
    return call((c) => c.attachments.upload.mutate(form));
  },
  requestInfo: (protocol: string, message: string) => call((c) => c.desk.requestInfo.mutate({ protocol, message })),
  resolve: (protocol: string, message: string) => call((c) => c.desk.resolve.mutate({ protocol, message })),
  close: (protocol: string, reason: CloseReason, message: string) => call((c) => c.desk.close.mutate({ protocol, reason, message })),
  attendants: () => call((c) => c.desk.attendants.query()),
  revealCpf: (protocol: string) => call((c) => c.desk.revealCpf.mutate({ protocol })),
  /**
   * A ticket's queue row (subject, assignee, masked CPF) without opening it: desk.get records a
   * view of the professional's data, which an alert should not do on the attendant's behalf.
   */
  async summary(protocol: string): Promise<QueueItem | null> {
    const found = await background((c) => c.desk.queue.query({ view: 'all', search: protocol, limit: 1 }, BACKGROUND));
    return found.items.find((i) => i.protocol === protocol) ?? null;
  },
  /** A short-lived download link for an attachment. */
  attachmentLink: (id: string) => call((c) => c.attachments.link.mutate({ id })),

  staff: {
    list: () => call((c) => c.admin.attendants.list.query()),
    create: (input: NewStaff) => call((c) => c.admin.attendants.create.mutate(input)),
    disable: (id: string) => call((c) => c.admin.attendants.disable.mutate({ id })),
    enable: (id: string) => call((c) => c.admin.attendants.enable.mutate({ id })),
    resetPassword: (id: string, password: string) => call((c) => c.admin.attendants.resetPassword.mutate({ id, password })),
    /** Clears the account's second factor (lost phone and codes); its sessions end. */
    resetMfa: (id: string) => call((c) => c.admin.attendants.resetMfa.mutate({ id })),
  },
  deadlineSettings: {
    get: () => call((c) => c.admin.settings.get.query()),
    update: (input: DeadlineSettings) => call((c) => c.admin.settings.update.mutate(input)),
  },
  report: (range: { from?: string; to?: string }) => call((c) => c.admin.reports.query(range)),
  audit: (query: AuditQuery) => call((c) => c.admin.audit.list.query(query)),
  professionals: {
    search: (query: string) => call((c) => c.admin.professionals.search.query({ query })),
    anonymize: (id: string) => call((c) => c.admin.professionals.anonymize.mutate({ id })),
  },
  securitySettings: {
    get: () => call((c) => c.admin.security.get.query()),
    update: (input: SecuritySettings) => call((c) => c.admin.security.update.mutate(input)),
  },
  failedMail: {
    list: () => call((c) => c.admin.mail.failed.query()),
    retry: (entryId: string) => call((c) => c.admin.mail.retry.mutate({ entryId })),
    /** Corrects the professional's address (audited); their failed mail goes again, to it. */
    correctEmail: (professionalId: string, email: string) => call((c) => c.admin.mail.correctEmail.mutate({ professionalId, email })),
  },
  /** The knowledge base ("Perguntas frequentes"): staff write, admins remove and see its figures. */
  kb: {
    list: () => call((c) => c.kb.list.query({})),
    article: (id: string) => call((c) => c.kb.article.query({ id })),
    save: (input: KbSaveInput) => call((c) => c.kb.save.mutate(input)),
    remove: (id: string) => call((c) => c.kb.remove.mutate({ id })),
    report: (range: { from?: string; to?: string }) => call((c) => c.kb.report.query(range)),
  },

  /** The signed-in person's own account: sessions, password, two-step verification. */
  account: {
    sessions: () => call((c) => c.account.sessions.query()),
    revokeSession: (id: string) => call((c) => c.account.revokeSession.mutate({ id })),
    /** Ends every session, this one included. */
    logoutEverywhere: () => call((c) => c.account.logoutEverywhere.mutate()),
    /** Every session ends; the platform keeps the new one's token for this desk. */
    changePassword: (input: { currentPassword: string; newPassword: string }) =>
      call((c) => platform.openSession('account.changePassword', input, () => c.account.changePassword.mutate(input))),
    mfa: {
      status: () => call((c) => c.account.mfa.status.query()),
      /** A current code is required to replace an active factor. */
      begin: (code?: string) => call((c) => c.account.mfa.begin.mutate(code ? { code } : {})),
      confirm: (code: string) => call((c) => c.account.mfa.confirm.mutate({ code })),
      disable: (code: string) => call((c) => c.account.mfa.disable.mutate({ code })),
    },
  },

  /**
   * Subscribes to desk.events from just after `lastEventId` (the last event this desk handled,
   * so a reload resumes where it was); returns the function that ends the subscription. After a
   * drop, tRPC's link resumes by itself from the last tracked id it received.
   */
  subscribeDeskEvents(handlers: LiveHandlers, lastEventId: string | null = null): () => void {
    if (!client) {
      handlers.onError(new ApiError('unavailable', 'O servidor ainda não foi configurado.'));
      return () => undefined;
    }
    let ended = false;
    const input = lastEventId ? { lastEventId } : undefined;
    const subscription = client.desk.events.subscribe(input as never, {
      onStarted: () => handlers.onStarted(),
      onData(value) {
        const item = readStreamItem(value);
        if (item) handlers.onEvent(item.event, item.tracked);
      },
      onConnectionStateChange(state) {
        if (state.state === 'connecting' && state.error) handlers.onConnecting();
      },
      onError(error) {
        ended = true;
        const failure = toApiError(error);
        if (failure.reason === 'unauthenticated' && bearer) onUnauthenticated();
        if (failure.reason === 'mfa_enrollment_required' && bearer) onEnrolmentRequired();
        handlers.onError(failure);
      },
      onComplete() {
        // The server closed the stream (restart, deploy): the caller reconnects as after an error.
        if (!ended) handlers.onError(new ApiError('network', NETWORK_MESSAGE));
        ended = true;
      },
    });
    return () => {
      ended = true;
      subscription.unsubscribe();
    };
  },
};

export type Api = typeof api;

/** For api/workspace.ts: the same error handling, and the base and token for plain HTTP downloads. */
export { call as callApi };
export const httpAuth = async () => ({ base: apiBaseUrl, token: await currentToken() });

export const platform: Platform = detectPlatform();
export type { Platform };
