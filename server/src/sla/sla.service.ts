// Service levels on queue rows (SPEC §9): each row's due dates and state, and the "by urgency" order.
import { TICKET_TYPES, slaOf, urgencyOf, type HolidayCalendar, type ServiceLevelSettings, type SlaOutput } from '@cau/shared';
import type { FilterQuery } from 'mongoose';
import type { Deps } from '../deps';
import { DomainError } from '../errors';
import type { Ticket } from '../tickets/ticket.model';
import type { SummaryRow as Row } from '../tickets/ticket.repository';

/** How deep the urgency order pages: a backlog larger than this is searched or filtered, not scrolled. */
export const URGENCY_MAX_OFFSET = 5_000;

export interface SlaRules {
  levels: ServiceLevelSettings;
  calendar: HolidayCalendar;
  now: Date;
}

export async function slaRules(deps: Pick<Deps, 'config' | 'now' | 'settings'>): Promise<SlaRules> {
  const [levels, deadlines] = await Promise.all([deps.settings.serviceLevels(), deps.settings.deadlines()]);
  return { levels, calendar: deadlines.holidays, now: deps.now() };
}

export function rowSla(t: Pick<Row, 'type' | 'createdAt' | 'firstResponseAt' | 'closedAt' | 'slaPausedMs' | 'slaPausedSince'>, rules: SlaRules): SlaOutput {
  return slaOf(
    {
      type: t.type, createdAt: t.createdAt, firstResponseAt: t.firstResponseAt ?? null, closedAt: t.closedAt ?? null,
      slaPausedMs: t.slaPausedMs ?? 0, slaPausedSince: t.slaPausedSince ?? null,
    },
    rules.levels,
    rules.calendar,
    rules.now,
  );
}

function encodeOffset(offset: number): string {
  return Buffer.from(JSON.stringify(['urgency', offset])).toString('base64url');
}

function decodeOffset(cursor: string | undefined): number {
  if (!cursor) return 0;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed[0] === 'urgency' && Number.isInteger(parsed[1]) && parsed[1] >= 0 && parsed[1] <= URGENCY_MAX_OFFSET) {
      return parsed[1] as number;
    }
  } catch {
    // refused below
  }
  throw new DomainError('invalid_input', 'Cursor de paginação inválido. Recarregue a lista.', { cursor: 'Cursor inválido.' });
}

/**
 * One page of `filter` by urgency: the due date of the target each ticket is measured against.
 * Within one ticket type, answered or not, that date only grows with createdAt, so each of those
 * six groups is read oldest first from an index and the groups are merged: no ticket is read
 * beyond the page's offset + size per group.
 */
export async function urgencyPage(deps: Pick<Deps, 'tickets'>, filter: FilterQuery<Ticket>, cursor: string | undefined, limit: number, rules: SlaRules) {
  const offset = decodeOffset(cursor);
  const take = offset + limit + 1;
  const groups = await Promise.all(
    TICKET_TYPES.flatMap((type) => [true, false].map((answered) => deps.tickets.oldestOfGroup(filter, type, answered, take))),
  );
  const ranked = groups
    .flat()
    .map((t) => ({ t, due: urgencyOf(rowSla(t, rules)) }))
    .sort((a, b) => a.due - b.due || a.t.createdAt.getTime() - b.t.createdAt.getTime() || String(a.t._id).localeCompare(String(b.t._id)));
  const items = ranked.slice(offset, offset + limit).map((r) => r.t);
  const more = ranked.length > offset + limit && offset + limit <= URGENCY_MAX_OFFSET;
  return { items, nextCursor: more ? encodeOffset(offset + limit) : null };
}
