// Lists: the professional's own tickets with their four counters, and the desk's queue views.
import { COUNTED_STATUSES, QUEUE_VIEWS, type DeskTicketSummaryOutput, type QueueCounts, type QueueView, type SlaOutput, type Status, type TicketType, type Topic } from '@cau/shared';
import { Types, type FilterQuery } from 'mongoose';
import type { Ticket } from './ticket.model';
import type { Sort } from './keyset';
import type { TicketRepository } from './ticket.repository';
import { deskSummaryView, summaryView } from './ticket.views';
import type { DeskEvents } from './desk-events';
import { escapeRegex, searchable } from '../text';
import type { Deps } from '../deps';
import { rowSla, slaRules, urgencyPage } from '../sla/sla.service';

const PAGE_SIZE = 25;

export { countEachStatus } from './ticket.repository';

/**
 * The desk's global counters, kept per instance from the events: every ticket event carries the
 * counts as they were once its change was stored (the relay keeps them as running counters), so
 * answering them is a read of memory, whatever the number of tickets. Counting is only the
 * reconciliation: when the value is older than COUNTS_TTL_MS (aged by the server's clock) a recount
 * starts in the background and the request is answered with the value it has. The server counts
 * once as it starts (warmDeskCounts), so requests do not wait for a count unless they come before
 * it ends. A recount that an event overtook is dropped, so the
 * counts are never behind the events. Kept per DeskEvents object, that is per server, not per
 * process. (On FerretDB v2 a count takes time in proportion to its matches: at 1 000 000 tickets
 * the five counts take about a second, docs/decisions.md "Desk counts".)
 */
const COUNTS_TTL_MS = 30_000;

/** A count kept in memory: its value, when it was taken (server clock), and whether a recount runs. */
interface KeptCount<T> { at: number; value: Promise<T> | null; recounting: boolean }

/**
 * Once `kept` is older than COUNTS_TTL_MS, recounts it in the background (one recount at a time):
 * the request goes on with the value it has. The result replaces the value only if `stillCurrent()`
 * says no change overtook the recount meanwhile.
 */
function recountWhenAged<T>(kept: KeptCount<T>, count: () => Promise<T>, stillCurrent: () => boolean, now: () => Date): void {
  if (now().getTime() - kept.at <= COUNTS_TTL_MS || kept.recounting) return;
  kept.recounting = true;
  count().then(
    (counted) => {
      if (!stillCurrent()) return;
      kept.at = now().getTime();
      kept.value = Promise.resolve(counted);
    },
    () => undefined,
  ).finally(() => {
    kept.recounting = false;
  });
}

/** The per-status counts, and the last event (its sequence number) they are known to include. */
interface GlobalCounts { byStatus: Record<Status, number>; seq: number }
interface CountsCache extends KeptCount<GlobalCounts> { generation: number }
const globalCounts = new WeakMap<DeskEvents, CountsCache>();

/**
 * A count of every status, marked with the last event delivered here as it started: every change
 * that event carried was stored before, so the count includes it (and maybe later ones).
 */
function countNow(events: DeskEvents, tickets: TicketRepository): Promise<GlobalCounts> {
  const seq = events.head();
  return tickets.countEachStatus().then((byStatus) => ({ byStatus, seq }));
}

function cachedGlobalCounts(events: DeskEvents, tickets: TicketRepository, now: () => Date): Promise<GlobalCounts> {
  let entry = globalCounts.get(events);
  if (!entry) {
    const fresh: CountsCache = { at: 0, value: null, generation: 0, recounting: false };
    events.subscribe(({ seq, event }) => {
      if (!('counts' in event) || seq === undefined) return;
      fresh.at = now().getTime();
      fresh.generation += 1;
      fresh.value = Promise.resolve({ byStatus: statusCountsOf(event.counts), seq });
    });
    globalCounts.set(events, fresh);
    entry = fresh;
  }
  const current = entry;
  if (!current.value) {
    // Nothing yet: this request waits for the count (and so do the ones that come meanwhile).
    current.at = now().getTime();
    current.generation += 1;
    const generation = current.generation;
    current.value = countNow(events, tickets);
    current.value.catch(() => {
      if (current.generation === generation) current.value = null;
    });
  } else {
    const generation = current.generation;
    recountWhenAged(current, () => countNow(events, tickets), () => current.generation === generation, now);
  }
  return current.value;
}

/**
 * Counts the global counters now, ahead of the first desk request (the server's start: 2.7 s at
 * 1 000 000 tickets on FerretDB v2, which that request would otherwise wait for). Never rejects: a
 * failed count is counted again by the first request.
 */
export function warmDeskCounts(events: DeskEvents, tickets: TicketRepository, now: () => Date): Promise<void> {
  return cachedGlobalCounts(events, tickets, now).then(() => undefined, () => undefined);
}

/**
 * Reads the oldest-first views' first values (where their windows start) as the server starts, when
 * the collection is big enough for windows, so no desk request waits for those sorts. Never rejects.
 */
export async function warmQueueWindows(tickets: TicketRepository, sortWindowsFrom: number): Promise<void> {
  try {
    if ((await tickets.estimatedCount()) < sortWindowsFrom) return;
    for (const view of QUEUE_VIEWS) {
      const { filter, sort } = viewDefinition(view, new Types.ObjectId());
      if (view !== 'mine' && sort.dir === 1) await tickets.firstValueOf(view, filter, sort.field);
    }
  } catch {
    // The first request of each view reads it instead.
  }
}

/**
 * Each attendant's "Meus" count (their tickets not closed), kept per instance like the global ones
 * but without a running value: counted on the attendant's first request, then answered from memory
 * until a change may have moved it. Every change written here and every event delivered here names
 * the attendants it moved (their ticket opened, closed or changed hands: assigneesMoved), and their
 * values are dropped, so their next request counts again and sees the change. Values older than
 * COUNTS_TTL_MS are recounted in the background (a write that bypassed the events); a recount that a
 * change overtook is dropped with its entry. (At 1 000 000 tickets on FerretDB v2 the count of an
 * attendant with 20 000 open tickets takes about half a second: docs/decisions.md "Desk counts".)
 */
interface AssignedCount extends KeptCount<number> { value: Promise<number> }
const assignedCounts = new WeakMap<DeskEvents, Map<string, AssignedCount>>();

function cachedAssignedOpen(events: DeskEvents, tickets: TicketRepository, me: Types.ObjectId, now: () => Date): Promise<number> {
  let byAttendant = assignedCounts.get(events);
  if (!byAttendant) {
    const fresh = new Map<string, AssignedCount>();
    events.onAssigneesMoved((moved) => {
      if (moved === 'all') fresh.clear();
      else for (const id of moved) fresh.delete(id);
    });
    assignedCounts.set(events, fresh);
    byAttendant = fresh;
  }
  const counts = byAttendant;
  const key = String(me);
  const entry = counts.get(key);
  if (!entry) {
    const created: AssignedCount = { at: now().getTime(), value: tickets.countAssignedOpen(me), recounting: false };
    counts.set(key, created);
    created.value.catch(() => {
      if (counts.get(key) === created) counts.delete(key);
    });
    return created.value;
  }
  recountWhenAged(entry, () => tickets.countAssignedOpen(me), () => counts.get(key) === entry, now);
  return entry.value;
}

/** The per-status counts from the ones an event carries (`todo` holds open and in progress; events of older servers have no `in_progress`). */
export function statusCountsOf(counts: QueueCounts & { in_progress?: number }): Record<Status, number> {
  const inProgress = counts.in_progress ?? 0;
  return {
    open: counts.todo - inProgress, in_progress: inProgress, pending_professional: counts.pending_professional,
    awaiting_approval: counts.awaiting_approval, closed: counts.closed,
  };
}

/** desk.queue's counts from the per-status ones, without the per-attendant `mine`. */
export function countsOfStatus(byStatus: Record<Status, number>): QueueCounts & { in_progress: number } {
  return {
    todo: byStatus.open + byStatus.in_progress,
    pending_professional: byStatus.pending_professional,
    awaiting_approval: byStatus.awaiting_approval,
    closed: byStatus.closed,
    all: Object.values(byStatus).reduce((a, b) => a + b, 0),
    // Not a view, but what turns `todo` back into open + in_progress for the cache above.
    in_progress: byStatus.in_progress,
  };
}

const WAITING_ON_PROFESSIONAL: Status[] = ['pending_professional', 'awaiting_approval'];
/** Waiting tickets are open ones, which the open-ticket cap bounds well below this. */
const WAITING_MAX = 100;

/** "Meus chamados": only ever the professional's own tickets (the repository's owner scope). */
export async function listMine(deps: Pick<Deps, 'tickets'>, professionalId: Types.ObjectId, input: { status?: Status; search?: string; cursor?: string }) {
  const mine = deps.tickets.forOwner(professionalId);
  const search = input.search ? searchFilter(input.search) : null;
  const match: FilterQuery<Ticket> = { ...(input.status ? { status: input.status } : {}), ...(search ? { $and: [search] } : {}) };
  const waitingStatuses = input.status ? WAITING_ON_PROFESSIONAL.filter((s) => s === input.status) : WAITING_ON_PROFESSIONAL;
  const waitingOf = (m: FilterQuery<Ticket>) => (input.cursor || waitingStatuses.length === 0 ? [] : mine.soonestDeadlines(m, waitingStatuses, WAITING_MAX));
  if (!input.cursor && !input.status && !search) {
    // The list as the widget first asks for it. Most professionals have fewer tickets than a page:
    // then the page is all of them, and the counts and the tickets waiting on them come from it, in
    // one read instead of three; a longer history asks for the other two after.
    const result = await mine.page(match, undefined, PAGE_SIZE);
    if (result.nextCursor === null) return mineView(countOf(result.items), result.items, result.items.filter((t) => waitingStatuses.includes(t.status)).sort(bySoonestDeadline).slice(0, WAITING_MAX));
    const [byStatus, waiting] = await Promise.all([mine.countByStatus(), waitingOf(match)]);
    return mineView(byStatus, result.items, waiting, result.nextCursor);
  }
  const [byStatus, result, waiting] = await Promise.all([mine.countByStatus(), mine.page(match, input.cursor, PAGE_SIZE), waitingOf(match)]);
  return mineView(byStatus, result.items, waiting, result.nextCursor);
}

type MineRow = Parameters<typeof summaryView>[0] & { _id: Types.ObjectId; status: Status; deadlineAt?: Date | null };

function mineView(byStatus: Record<Status, number>, items: readonly MineRow[], waiting: readonly MineRow[], nextCursor: string | null = null) {
  const counts = Object.fromEntries(COUNTED_STATUSES.map((s) => [s, byStatus[s]])) as Record<(typeof COUNTED_STATUSES)[number], number>;
  return { counts, items: items.map(summaryView), nextCursor, waiting: waiting.map(summaryView) };
}

function countOf(rows: readonly { status: Status }[]): Record<Status, number> {
  const counts: Record<Status, number> = { open: 0, in_progress: 0, pending_professional: 0, awaiting_approval: 0, closed: 0 };
  for (const row of rows) counts[row.status] += 1;
  return counts;
}

/** As `soonestDeadlines` sorts: deadline, then id. */
function bySoonestDeadline(a: MineRow, b: MineRow): number {
  return (a.deadlineAt?.getTime() ?? Infinity) - (b.deadlineAt?.getTime() ?? Infinity) || (String(a._id) < String(b._id) ? -1 : 1);
}

function viewDefinition(view: QueueView, me: Types.ObjectId): { filter: FilterQuery<Ticket>; sort: Sort } {
  switch (view) {
    case 'todo':
      return { filter: { status: { $in: ['open', 'in_progress'] } }, sort: { field: 'waitingSince', dir: 1 } };
    case 'mine':
      return { filter: { 'assignee.id': me, status: { $ne: 'closed' } }, sort: { field: 'updatedAt', dir: -1 } };
    case 'pending_professional':
    case 'awaiting_approval':
      return { filter: { status: view }, sort: { field: 'deadlineAt', dir: 1 } };
    case 'closed':
      return { filter: { status: 'closed' }, sort: { field: 'closedAt', dir: -1 } };
    case 'all':
      return { filter: {}, sort: { field: 'createdAt', dir: -1 } };
  }
}

/** Search by protocolo, CPF (with or without punctuation), or words of the name and subject. */
export function searchFilter(search: string): FilterQuery<Ticket> | null {
  const text = search.trim();
  if (!text) return null;
  if (/^\d{4}-\d{1,6}$/.test(text)) return { protocol: { $regex: `^${escapeRegex(text)}` } };
  if (/^[\d.\-\s]+$/.test(text) && text.replace(/\D/g, '').length === 11) return { 'professional.cpf': text.replace(/\D/g, '') };
  // Each word must begin one of the ticket's words; an anchored, case-sensitive regex on
  // normalised tokens is served by the index on searchTokens. $elemMatch keeps engines that would
  // otherwise test the regex against the array as a whole to the elements.
  const words = searchable(text).split(/\s+/).filter(Boolean).slice(0, 8);
  return { $and: words.map((w) => ({ searchTokens: { $elemMatch: { $regex: `^${escapeRegex(w.slice(0, 40))}` } } })) };
}

export interface QueueInput {
  view: QueueView;
  search?: string;
  type?: TicketType;
  topic?: Topic;
  assignee?: string;
  cursor?: string;
  limit?: number;
  sort?: 'default' | 'urgency';
}

export async function deskQueue(events: DeskEvents, me: Types.ObjectId, input: QueueInput, deps: Pick<Deps, 'config' | 'now' | 'tickets' | 'settings'>) {
  const { filter, sort } = viewDefinition(input.view, me);
  const clauses: FilterQuery<Ticket>[] = [filter];
  if (input.type) clauses.push({ type: input.type });
  if (input.topic) clauses.push({ topic: input.topic });
  if (input.assignee === 'none') clauses.push({ assignee: null });
  else if (input.assignee) clauses.push({ 'assignee.id': input.assignee === 'me' ? me : new Types.ObjectId(input.assignee) });
  const search = input.search ? searchFilter(input.search) : null;
  if (search) clauses.push(search);

  const rules = await slaRules(deps);
  const query = clauses.length === 1 ? filter : { $and: clauses };
  const limit = input.limit ?? PAGE_SIZE;
  // The broad views, on a big collection, page through time windows (keyset.ts): a search or an
  // assignee makes them selective, and "Meus" holds one attendant's tickets. The oldest-first ones
  // (the queue by waiting time, the deadline views) start their first page's windows at the view's
  // first value as last read.
  const broad = input.view !== 'mine' && !search && !input.assignee && input.sort !== 'urgency';
  const windows = broad && (await deps.tickets.estimatedCount()) >= deps.config.sortWindowsFrom;
  const sorted = async () => {
    const oldest = windows && sort.dir === 1 && !input.cursor ? await deps.tickets.firstValueOf(input.view, filter, sort.field) : null;
    return deps.tickets.page(query, sort, input.cursor, limit, { windows, now: deps.now(), oldest });
  };
  const [global, mine, result] = await Promise.all([
    cachedGlobalCounts(events, deps.tickets, deps.now),
    cachedAssignedOpen(events, deps.tickets, me, deps.now),
    input.sort === 'urgency' ? urgencyPage(deps, query, input.cursor, limit, rules) : sorted(),
  ]);
  const { in_progress: _inProgress, ...byView } = countsOfStatus(global.byStatus);
  const counts: Record<QueueView, number> = { ...byView, mine };
  // `sla` is optional in the row type: rows built elsewhere (live events) carry none.
  const items = result.items.map((t): DeskTicketSummaryOutput & { sla?: SlaOutput } => ({ ...deskSummaryView(t, deps.now()), sla: rowSla(t, rules) }));
  // `countsSeq`: the desk keeps the newer of these counts and those of the events it received.
  return { counts, countsSeq: global.seq, items, nextCursor: result.nextCursor };
}
