// Public surface of the shared workspace: pure rules used by server, widget and desk.
export * from './cpf';
export * from './credentials';
export * from './deadlines';
export * from './labels';
export * from './lifecycle';
export * from './reasons';
export * from './schemas';
export * from './time';
export * from './admin-schemas';
export * from './attachments';
export * from './characters';
export * from './event-ids';
export * from './kb';
export * from './rrt';
// live.ts's `TicketEvent` (a ticket's live event) would clash with the lifecycle's `TicketEvent`
// (the event name): it is re-exported as `TicketLiveEvent`.
export type {
  DeskEvent, DeskEventActor, PresenceEvent, QueueCounts, QueueItem, ResetEvent, TicketEventKind,
  TicketEvent as TicketLiveEvent,
} from './live';
export { PRESENCE_STATES } from './live';
export * from './workspace';
