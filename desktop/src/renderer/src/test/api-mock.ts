// Test double for the renderer's api module (the only module renderer tests replace):
//   vi.mock('../api', async (original) => ({ ...(await original()), ...(await import('../test/api-mock')).apiModule }));
import { allowedEvents } from '@cau/shared';
import { vi } from 'vitest';
import type { AlertList, LiveHandlers, MfaStatus, PresenceEvent, QueueItem, QueuePage, SecuritySettings, Ticket, TicketEvent, User } from '../api';

/** Two-step verification neither on nor required: what a fresh staff account answers. */
export const MFA_OFF: MfaStatus = { enabled: false, required: false, recoveryCodesLeft: 0 };

export const SECURITY: SecuritySettings = {
  professionalIdleMinutes: 1440,
  professionalAbsoluteHours: 720,
  staffIdleMinutes: 30,
  staffAbsoluteHours: 12,
  staffMfaRequired: false,
  maxOpenTicketsPerProfessional: 10,
  privacy: { controller: 'Conselho de Arquitetura e Urbanismo de São Paulo (CAU/SP)', dpoName: 'Encarregado do CAU/SP', dpoEmail: 'dpo@causp.gov.br' },
};

export const api = {
  configure: vi.fn(),
  setBearer: vi.fn(),
  setUnauthenticatedHandler: vi.fn(),
  setEnrolmentRequiredHandler: vi.fn(),
  login: vi.fn(),
  logout: vi.fn(async () => ({})),
  me: vi.fn(),
  queue: vi.fn(),
  ticket: vi.fn(),
  presence: vi.fn(async (_protocol: string, _state: string) => ({})),
  alerts: { list: vi.fn(async (): Promise<AlertList> => ({ items: [], total: 0 })), clear: vi.fn(async () => ({})) },
  take: vi.fn(),
  assign: vi.fn(),
  comment: vi.fn(),
  note: vi.fn(),
  requestInfo: vi.fn(),
  resolve: vi.fn(),
  close: vi.fn(),
  attendants: vi.fn(async () => [] as Array<{ id: string; name: string; role: string }>),
  revealCpf: vi.fn(),
  summary: vi.fn(),
  upload: vi.fn(),
  attachmentLink: vi.fn(),
  staff: { list: vi.fn(), create: vi.fn(), disable: vi.fn(), enable: vi.fn(), resetPassword: vi.fn(), resetMfa: vi.fn() },
  deadlineSettings: { get: vi.fn(), update: vi.fn() },
  report: vi.fn(),
  audit: vi.fn(),
  professionals: { search: vi.fn(), anonymize: vi.fn() },
  securitySettings: { get: vi.fn(), update: vi.fn() },
  failedMail: { list: vi.fn(), retry: vi.fn(), correctEmail: vi.fn() },
  kb: { list: vi.fn(), article: vi.fn(), save: vi.fn(), remove: vi.fn(), report: vi.fn() },
  account: {
    sessions: vi.fn(),
    revokeSession: vi.fn(),
    logoutEverywhere: vi.fn(),
    changePassword: vi.fn(),
    mfa: { status: vi.fn(async (): Promise<MfaStatus> => ({ ...MFA_OFF })), begin: vi.fn(), confirm: vi.fn(), disable: vi.fn() },
  },
  subscribeDeskEvents: vi.fn((_handlers: LiveHandlers, _lastEventId?: string | null) => vi.fn()),
};

export const platform = {
  kind: 'web' as 'web' | 'electron',
  settings: vi.fn(async () => ({ serverUrl: 'http://desk.test', apiBase: 'http://desk.test' })),
  setServerUrl: vi.fn(),
  restoreSession: vi.fn(async (): Promise<'saved' | 'none' | 'unreachable'> => 'none'),
  accessToken: vi.fn(async () => null as string | null),
  openSession: vi.fn(),
  clearToken: vi.fn(async () => undefined),
  notificationPermission: vi.fn(() => 'granted' as const),
  requestNotificationPermission: vi.fn(async () => 'granted' as const),
  notify: vi.fn(),
  setUnread: vi.fn(),
  onOpenTicket: vi.fn(() => () => undefined),
  download: vi.fn(),
};

export const apiModule = { api, platform };

/** The handlers the last desk.events subscription was given. */
export function lastLive(): LiveHandlers {
  const calls = api.subscribeDeskEvents.mock.calls;
  if (calls.length === 0) throw new Error('no subscription yet');
  return calls.at(-1)![0];
}

export const ME: User = { id: 'a'.repeat(24), role: 'attendant', name: 'Bruno Atendente', login: 'bruno', email: 'bruno@causp.test' };
export const OTHER_ID = 'b'.repeat(24);

let sequence = 0;
export function item(overrides: Partial<QueueItem> = {}): QueueItem {
  sequence++;
  const status = overrides.status ?? 'open';
  const assigneeId = overrides.assignee?.id ?? null;
  return {
    // What the server sends: an attendant's actions for the row's state.
    actions: allowedEvents({ status, assigneeId, deadlineAt: null, outcome: null, answered: false }, 'attendant', new Date()),
    protocol: `2026-${String(sequence).padStart(6, '0')}`,
    type: 'question',
    topic: 'annuity',
    subject: `Assunto ${sequence}`,
    status: 'open',
    outcome: null,
    rating: null,
    deadlineAt: null,
    assignee: null,
    answered: false,
    createdAt: '2026-03-02T12:00:00.000Z',
    updatedAt: '2026-03-02T12:00:00.000Z',
    professional: { id: 'c'.repeat(24), name: 'Ana Lúcia Conceição', cpf: '***.456.789-**' },
    waitingSince: '2026-03-02T12:00:00.000Z',
    ...overrides,
  };
}

export const COUNTS: QueuePage['counts'] = { todo: 3, mine: 1, pending_professional: 0, awaiting_approval: 0, closed: 0, all: 3 };

export function page(items: QueueItem[], nextCursor: string | null = null, counts = COUNTS): QueuePage {
  return { items, nextCursor, counts, countsSeq: 0 };
}

export function ticket(overrides: Partial<Ticket> = {}): Ticket {
  const base: Ticket = {
    ...item({ protocol: '2026-000042', subject: 'Boleto da anuidade' }),
    viewers: [],
    description: 'Paguei a anuidade de 2025 mas o boleto continua em aberto no SICCAU.',
    attachments: [],
    rrtNumber: null,
    annuityYear: 2025,
    relatedProtocol: null,
    ratingComment: null,
    closeReason: null,
    closedAt: null,
    messages: [],
    history: [{ at: '2026-03-02T12:00:00.000Z', actor: { id: 'c'.repeat(24), name: 'Ana Lúcia Conceição', role: 'professional' }, event: 'create', from: null, to: 'open', messageId: null }],
    actions: ['take', 'assign', 'comment', 'note', 'request_info', 'resolve', 'close'],
    professional: { id: 'c'.repeat(24), name: 'Ana Lúcia Conceição', cpf: '***.456.789-**', email: 'ana@exemplo.com.br' },
    notes: [],
  };
  return Object.assign(base, overrides);
}

/**
 * A ticket event, by default without row, counts or actor (what an older server sent; the stores
 * still fall back to fetching), so those are left out unless passed: hence the cast.
 */
export function event(kind: TicketEvent['kind'], protocol = '2026-000042', extra: Partial<TicketEvent> = {}): TicketEvent {
  return { id: `${kind}-${protocol}-${String(sequence++).padStart(6, '0')}`, kind, protocol, at: '2026-03-02T12:00:01.000Z', status: 'open', ...extra } as TicketEvent;
}

export function presence(kind: PresenceEvent['kind'], attendant = { id: OTHER_ID, name: 'Carlos Mendes' }, protocol = '2026-000042'): PresenceEvent {
  return { id: `${kind}-${protocol}-${String(sequence++).padStart(6, '0')}`, kind, protocol, at: '2026-03-02T12:00:01.000Z', attendant };
}

/** Resets every mock to its default behaviour. */
export function resetApiMock(): void {
  vi.resetAllMocks();
  platform.kind = 'web';
  api.subscribeDeskEvents.mockImplementation(() => vi.fn());
  api.attendants.mockImplementation(async () => []);
  api.logout.mockImplementation(async () => ({}));
  api.presence.mockImplementation(async () => ({}));
  api.alerts.list.mockImplementation(async () => ({ items: [], total: 0 }));
  api.alerts.clear.mockImplementation(async () => ({}));
  api.account.mfa.status.mockImplementation(async () => ({ ...MFA_OFF }));
  platform.settings.mockImplementation(async () => ({ serverUrl: 'http://desk.test', apiBase: 'http://desk.test' }));
  platform.restoreSession.mockImplementation(async () => 'none');
  platform.onOpenTicket.mockImplementation(() => () => undefined);
}
