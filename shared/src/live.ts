// The desk's live events (SPEC §8): what desk.events yields, shared by the server that builds them
// and the desk that applies them to its stores without refetching.
import type { QueueOutput } from './schemas';

/** One row of desk.queue, as an event carries it. */
export type QueueItem = QueueOutput['items'][number];
/** desk.queue's counts; 'mine' is per attendant, so events leave it out. */
export type QueueCounts = Omit<QueueOutput['counts'], 'mine'> & { mine?: number };

export type DeskEventActor = { id: string; name: string; role: 'professional' | 'attendant' | 'admin' | 'system' };
export type TicketEventKind = 'new_ticket' | 'answered' | 'rejected' | 'commented' | 'assigned' | 'changed';
export type TicketEvent = {
  kind: TicketEventKind; protocol: string; at: string /* ISO */; status: string;
  actor: DeskEventActor;
  event: string;            // the lifecycle event that caused it: create, take, resolve, note, ...
  row: QueueItem;           // the ticket's desk.queue row after the change (same shape as desk.queue items)
  counts: QueueCounts;      // the global desk counts after the change (same shape as desk.queue counts; 'mine' is per-user and may be omitted/ignored)
  assigneeId?: string;      // for 'assigned' (and any event where the assignee changed): the new assignee
  assigneeChanged?: boolean; // the change moved the ticket to another attendant (or to nobody): its alerts go with it
};
export type PresenceEvent = { kind: 'viewing' | 'typing' | 'left'; protocol: string; at: string;
  attendant: { id: string; name: string } };
export type ResetEvent = { kind: 'reset'; at: string };
export type DeskEvent = TicketEvent | PresenceEvent | ResetEvent;

export const PRESENCE_STATES = ['viewing', 'typing', 'left'] as const;
