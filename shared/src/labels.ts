// Stored enumeration values (SPEC §5) and the pt-BR labels the interfaces show for them.

export const TICKET_TYPES = ['question', 'error', 'request'] as const;
export type TicketType = (typeof TICKET_TYPES)[number];

export const TOPICS = ['rrt', 'annuity', 'registration', 'other'] as const;
export type Topic = (typeof TOPICS)[number];

export const STATUSES = ['open', 'in_progress', 'pending_professional', 'awaiting_approval', 'closed'] as const;
export type Status = (typeof STATUSES)[number];

export const OUTCOMES = ['approved', 'no_response', 'approval_timeout', 'cancelled'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** The reasons an attendant may give for closing a ticket. */
export const CLOSE_REASONS = ['duplicate', 'invalid'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];
/** The reasons the system closes a ticket for: its professional's account was anonymised (LGPD). */
export const SYSTEM_CLOSE_REASONS = ['account_anonymized'] as const;
export type SystemCloseReason = (typeof SYSTEM_CLOSE_REASONS)[number];
/** Every reason a closed ticket may carry. */
export const STORED_CLOSE_REASONS = [...CLOSE_REASONS, ...SYSTEM_CLOSE_REASONS] as const;
export type StoredCloseReason = (typeof STORED_CLOSE_REASONS)[number];

export const ROLES = ['professional', 'attendant', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const QUEUE_VIEWS = ['todo', 'mine', 'pending_professional', 'awaiting_approval', 'closed', 'all'] as const;
export type QueueView = (typeof QUEUE_VIEWS)[number];

/** The statuses counted at the top of the professional's tracking screen (SPEC §2.5). */
export const COUNTED_STATUSES = ['open', 'pending_professional', 'awaiting_approval', 'closed'] as const;

export const TYPE_LABELS: Record<TicketType, string> = { question: 'Dúvida', error: 'Erro', request: 'Solicitação' };
export const TOPIC_LABELS: Record<Topic, string> = {
  rrt: 'RRT',
  annuity: 'Anuidade',
  registration: 'Registro Profissional',
  other: 'Outro',
};
export const STATUS_LABELS: Record<Status, string> = {
  open: 'Aberto',
  in_progress: 'Em andamento',
  pending_professional: 'Pendente Profissional',
  awaiting_approval: 'Homologando',
  closed: 'Fechado',
};
export const OUTCOME_LABELS: Record<Outcome, string> = {
  approved: 'Solução aprovada',
  no_response: 'Encerrado por falta de resposta',
  approval_timeout: 'Homologado automaticamente',
  cancelled: 'Cancelado',
};
export const CLOSE_REASON_LABELS: Record<StoredCloseReason, string> = {
  duplicate: 'Duplicado',
  invalid: 'Inválido',
  account_anonymized: 'Conta do profissional anonimizada (LGPD)',
};
export const ROLE_LABELS: Record<Role, string> = {
  professional: 'Profissional',
  attendant: 'Atendente',
  admin: 'Administrador',
};
export const QUEUE_VIEW_LABELS: Record<QueueView, string> = {
  todo: 'A atender',
  mine: 'Meus',
  pending_professional: 'Pendente Profissional',
  awaiting_approval: 'Homologando',
  closed: 'Fechados',
  all: 'Todos',
};
