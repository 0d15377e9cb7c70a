// Ticket reads by protocol and the ticket writes of the lifecycle (other modules still query TicketModel
// directly). Professional reads here are scoped by owner, and every write is conditional on the
// state that was decided on, so concurrent actors cannot both win.
import { localYear, type TransitionResult } from '@cau/shared';
import { Types } from 'mongoose';
import { DomainError, type LastChange } from '../errors';
import { retryingLostRaces } from '../upsert-race';
import { CounterModel, TicketModel, type Ticket } from './ticket.model';
import type { StoredTicket } from './ticket.views';

export type Viewer = { role: 'professional'; id: Types.ObjectId } | { role: 'attendant' | 'admin'; id: Types.ObjectId };

/**
 * The next protocol number of the São Paulo year: `2026-000042`. The number is read from the
 * document as it was before the increment (some MongoDB-compatible engines can hand the same
 * "after" image to two concurrent callers); a first-of-the-year race is tried again.
 */
export async function nextProtocol(now: Date): Promise<string> {
  const year = localYear(now);
  const before = await retryingLostRaces(() =>
    CounterModel.findOneAndUpdate({ _id: `protocol:${year}` }, { $inc: { seq: 1 } }, { upsert: true, new: false }).lean(),
  );
  return `${year}-${String((before?.seq ?? 0) + 1).padStart(6, '0')}`;
}

/** A ticket as `viewer` may see it; a professional asking for another's ticket gets nothing. */
export async function findTicket(viewer: Viewer, protocol: string): Promise<StoredTicket | null> {
  const filter = viewer.role === 'professional' ? { protocol, 'professional.id': viewer.id } : { protocol };
  const projection = viewer.role === 'professional' ? { notes: 0, outbox: 0, liveOutbox: 0 } : { outbox: 0, liveOutbox: 0 };
  return TicketModel.findOne(filter, projection).lean<StoredTicket>();
}

/** The ticket's most recent history entry, for the loser of a race ("Carlos Mendes enviou uma solução há 10 s"). */
export async function lastChange(ticketId: Types.ObjectId): Promise<LastChange | undefined> {
  const doc = await TicketModel.findById(ticketId, { history: 1 }).lean();
  const entry = doc?.history?.at(-1);
  if (!entry) return undefined;
  return { actor: { id: entry.actor.id ? String(entry.actor.id) : null, name: entry.actor.name }, event: entry.event, at: entry.at.toISOString() };
}

export async function insertTicket(doc: Omit<Ticket, 'version'>): Promise<StoredTicket> {
  const created = await TicketModel.create({ ...doc, version: 0 });
  return created.toObject() as StoredTicket;
}

export interface StoredChange {
  ticket: StoredTicket;
  result: Extract<TransitionResult, { ok: true }>;
  set: Record<string, unknown>;
  push: Record<string, unknown>;
  /** Extra conditions the ticket must still meet (the size caps), and counters to add to. */
  guard?: Record<string, unknown>;
  inc?: Record<string, number>;
}

/**
 * Writes a decided transition in one single-document update. Status changes are conditional on
 * the version that was read (any concurrent write makes them lose); same-state events only on the
 * status, so two comments can land side by side. No match means someone else won: `conflict`.
 */
export async function writeTransition({ ticket, result, set, push, guard, inc }: StoredChange): Promise<StoredTicket> {
  const changesStatus = result.from !== result.to;
  const filter = changesStatus
    ? { _id: ticket._id, status: ticket.status, version: ticket.version, ...guard }
    : { _id: ticket._id, status: ticket.status, ...guard };
  const pushes = Object.fromEntries(Object.entries(push).map(([k, v]) => [k, Array.isArray(v) ? { $each: v } : v]));
  // No projection on the update itself: FerretDB 1.x, the fallback test engine, refuses one on
  // findAndModify. The outbox is dropped here instead; no caller shows it.
  // FerretDB v2 (PostgreSQL) can abort one of two updates of the same ticket as a deadlock; the
  // aborted one changed nothing and its filter still guards the state, so it is tried again.
  const updated = await retryingLostRaces(() => TicketModel.findOneAndUpdate(
    filter,
    { ...(Object.keys(set).length > 0 ? { $set: set } : {}), $push: pushes, $inc: { ...inc, version: 1 } },
    { new: true },
  ).lean<StoredTicket>());
  if (!updated) throw new DomainError('conflict', undefined, undefined, undefined, await lastChange(ticket._id));
  const { outbox: _outbox, liveOutbox: _live, ...shown } = updated;
  return shown as StoredTicket;
}
