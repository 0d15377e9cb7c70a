// Building outbox entries. Delivery is the mail job's business; here a notice is only recorded.
export type MailTemplateName =
  | 'welcome' | 'password_reset' | 'ticket_created' | 'info_requested' | 'solution_proposed' | 'desk_comment'
  | 'reminder' | 'closed_no_response' | 'closed_approval_timeout' | 'closed_cancelled';

export interface Recipient {
  name: string;
  address: string;
}

export function outboxEntry(template: MailTemplateName, to: Recipient, data: Record<string, unknown>, now: Date) {
  return { template, to, data, status: 'pending' as const, attempts: 0, nextAttemptAt: now, createdAt: now };
}
