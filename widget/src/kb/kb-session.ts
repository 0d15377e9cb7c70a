// What the professional read in the knowledge base during this page's life, so a ticket opened
// afterwards can be counted as "opened after reading" (kb.track ticket_opened). In memory only. The
// set hangs on globalThis: the main module and the lazily loaded knowledge-base module each carry a
// copy of this file, and both must see the same slugs.
import type { ApiClient } from '../api/api-client';

const KEY = Symbol.for('cau-atendimento.kb-read');
const read: Set<string> = ((globalThis as Record<symbol, Set<string> | undefined>)[KEY] ??= new Set<string>());

export function markRead(slug: string): void {
  read.add(slug);
}

/** Reports the ticket as opened after reading, if anything was read; forgets what was read. */
export function ticketOpened(api: ApiClient, protocol: string): void {
  if (read.size === 0) return;
  const slugs = [...read].slice(-10);
  read.clear();
  api.run((t) => t.kb.track.mutate({ event: 'ticket_opened', slugs, context: 'new_ticket', protocol })).catch(() => undefined);
}

/** For tests. */
export function readSlugs(): string[] {
  return [...read];
}
