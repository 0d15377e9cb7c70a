// Ticket data as the server's professional view returns it, for component tests.
import type { Ticket, TicketSummary } from '../api/api-client';

export function summary(n: number, change: Partial<TicketSummary> = {}): TicketSummary {
  return {
    protocol: `2026-${String(n).padStart(6, '0')}`,
    type: 'question',
    topic: 'annuity',
    subject: `Chamado número ${n}`,
    status: 'open',
    outcome: null,
    rating: null,
    deadlineAt: null,
    assignee: null,
    answered: false,
    createdAt: '2026-03-02T13:00:00.000Z',
    updatedAt: '2026-03-02T13:30:00.000Z',
    ...change,
  };
}

export function ticket(change: Partial<Ticket> = {}): Ticket {
  return {
    ...summary(42),
    subject: 'Boleto da anuidade',
    description: 'Paguei a anuidade de 2025 mas o boleto continua em aberto.',
    attachments: [],
    rrtNumber: null,
    annuityYear: 2025,
    relatedProtocol: null,
    ratingComment: null,
    closeReason: null,
    closedAt: null,
    messages: [],
    history: [{ at: '2026-03-02T13:00:00.000Z', actor: { id: 'u1', name: 'Ana Souza', role: 'professional' }, event: 'create', from: null, to: 'open', messageId: null }],
    actions: ['comment'],
    ...change,
  };
}
