// The desk's live events, declared once: the server builds them from these shared types and
// desk.events yields them, each with the id it was tracked with (`tracked(id, event)`).
import { seqOfTicketEventId } from '@cau/shared';
import type {
  DeskEvent as ServerDeskEvent, PresenceEvent as ServerPresenceEvent, ResetEvent as ServerResetEvent, TicketLiveEvent as ServerTicketEvent,
} from '@cau/shared';

export type { DeskEventActor, TicketEventKind } from '@cau/shared';

/** An event as a client handles it: the server's, with its stream id ('' when it came untracked). */
type Received<E> = E & { id: string };
export type TicketEvent = Received<ServerTicketEvent>;
export type PresenceEvent = Received<ServerPresenceEvent>;
export type ResetEvent = Received<ServerResetEvent>;
export type DeskEvent = Received<ServerDeskEvent>;
export type PresenceState = ServerPresenceEvent['kind'];

export const isTicketEvent = (e: DeskEvent): e is TicketEvent =>
  e.kind !== 'reset' && e.kind !== 'viewing' && e.kind !== 'typing' && e.kind !== 'left';
export const isPresenceEvent = (e: DeskEvent): e is PresenceEvent => e.kind === 'viewing' || e.kind === 'typing' || e.kind === 'left';

/** A ticket event's place in the server's one sequence (its tracked id is the zero-padded number), or null. */
export function eventSeq(event: DeskEvent): number | null {
  return seqOfTicketEventId(event.id);
}
