// The renderer's one door to the outside: the server's API (tRPC over HTTP/SSE) and the platform
// (Electron bridge or web APIs). Stores call these functions; tests replace this module.
import { TRPCClientError } from '@trpc/client';
import { createClient, type TrpcClient } from './client';
import { detectPlatform, type Platform } from './platform';

type Out<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;
type In<F extends (...args: never[]) => unknown> = Parameters<F>[0];
type Desk = TrpcClient['desk'];
type Admin = TrpcClient['admin'];
type Account = TrpcClient['account'];

export type User = Out<TrpcClient['auth']['me']['query']>;
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

/** One live event from desk.events. */
export interface DeskEvent {
  id: string;
  kind: 'new_ticket' | 'answered' | 'rejected' | 'commented' | 'changed';
  protocol: string;
  at: string;
  status: string;
}

/** An API failure as the screens need it: the server's pt-BR message and its stable reason. */
export class ApiError extends Error {
  constructor(
    readonly reason: string,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const NETWORK_MESSAGE = 'Não foi possível falar com o servidor. Verifique a conexão e tente novamente.';

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof TRPCClientError) {
    const data = (error.data ?? {}) as { reason?: string; fields?: Record<string, string> };
    if (!data.reason && !error.shape) return new ApiError('network', NETWORK_MESSAGE);
    return new ApiError(data.reason ?? 'internal', error.message, data.fields ?? {});
  }
  return new ApiError('network', NETWORK_MESSAGE);
}

let client: TrpcClient | null = null;
let token: string | null = null;
let apiBaseUrl = '';
let onUnauthenticated: () => void = () => undefined;
let onEnrolmentRequired: () => void = () => undefined;

async function call<T>(run: (c: TrpcClient) => Promise<T>): Promise<T> {
  if (!client) throw new ApiError('unavailable', 'O servidor ainda não foi configurado.');
  try {
    return await run(client);
  } catch (error) {
    const failure = toApiError(error);
    if (failure.reason === 'unauthenticated' && token) onUnauthenticated();
    if (failure.reason === 'mfa_enrollment_required' && token) onEnrolmentRequired();
    throw failure;
  }
}

export interface LiveHandlers {
  /** Connected (again): events flow from now on. */
  onStarted(): void;
  onEvent(event: DeskEvent): void;
  /** The connection dropped and EventSource is retrying by itself. */
  onConnecting(): void;
  /** The subscription ended with an error; it will not come back without a new subscribe. */
  onError(error: ApiError): void;
}

export const api = {
  configure(apiBase: string) {
    apiBaseUrl = apiBase.replace(/\/+$/, '');
    client = createClient(apiBase, () => token);
  },
  setToken(next: string | null) {
    token = next;
  },
  /** Runs when a call fails because the session ended (expired, disabled account, reset password). */
  setUnauthenticatedHandler(handler: () => void) {
    onUnauthenticated = handler;
  },
  /** Runs when the server refuses a call until this staff member enrols in two-step verification. */
  setEnrolmentRequiredHandler(handler: () => void) {
    onEnrolmentRequired = handler;
  },

  /** `code`: the second step (TOTP or recovery code), for accounts that answered mfa_required. */
  login: (input: Credentials) => call((c) => c.auth.login.mutate(input)),
  logout: () => call((c) => c.auth.logout.mutate()),
  me: () => call((c) => c.auth.me.query()),

  queue: (input: QueueQuery) => call((c) => c.desk.queue.query(input)),
  ticket: (protocol: string) => call((c) => c.desk.get.query({ protocol })),
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
    const found = await call((c) => c.desk.queue.query({ view: 'all', search: protocol, limit: 1 }));
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
  },

  /** The signed-in person's own account: sessions, password, two-step verification. */
  account: {
    sessions: () => call((c) => c.account.sessions.query()),
    revokeSession: (id: string) => call((c) => c.account.revokeSession.mutate({ id })),
    /** Ends every session, this one included. */
    logoutEverywhere: () => call((c) => c.account.logoutEverywhere.mutate()),
    /** Every session ends; the answer is the token of a new one for this desk. */
    changePassword: (input: { currentPassword: string; newPassword: string }) => call((c) => c.account.changePassword.mutate(input)),
    mfa: {
      status: () => call((c) => c.account.mfa.status.query()),
      /** A current code is required to replace an active factor. */
      begin: (code?: string) => call((c) => c.account.mfa.begin.mutate(code ? { code } : {})),
      confirm: (code: string) => call((c) => c.account.mfa.confirm.mutate({ code })),
      disable: (code: string) => call((c) => c.account.mfa.disable.mutate({ code })),
    },
  },

  /** Subscribes to desk.events; returns the function that ends the subscription. */
  subscribeDeskEvents(handlers: LiveHandlers): () => void {
    if (!client) {
      handlers.onError(new ApiError('unavailable', 'O servidor ainda não foi configurado.'));
      return () => undefined;
    }
    let ended = false;
    const subscription = client.desk.events.subscribe(undefined, {
      onStarted: () => handlers.onStarted(),
      onData: (event) => handlers.onEvent(event as DeskEvent),
      onConnectionStateChange(state) {
        if (state.state === 'connecting' && state.error) handlers.onConnecting();
      },
      onError(error) {
        ended = true;
        const failure = toApiError(error);
        if (failure.reason === 'unauthenticated' && token) onUnauthenticated();
        if (failure.reason === 'mfa_enrollment_required' && token) onEnrolmentRequired();
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
export const httpAuth = () => ({ base: apiBaseUrl, token });

export const platform: Platform = detectPlatform();
export type { Platform };
