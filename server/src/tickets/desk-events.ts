// Live events for attendants (new ticket, answers, status changes). In-process for now; the
// transport that reaches every instance plugs in behind the same interface.
import { EventEmitter } from 'node:events';

export interface DeskEvent {
  kind: 'new_ticket' | 'answered' | 'rejected' | 'commented' | 'changed';
  protocol: string;
  at: string;
  status: string;
}

export interface DeskEvents {
  publish(event: DeskEvent): void;
  subscribe(listener: (event: DeskEvent) => void): () => void;
}

export function createLocalDeskEvents(): DeskEvents {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish: (event) => emitter.emit('event', event),
    subscribe(listener) {
      emitter.on('event', listener);
      return () => emitter.off('event', listener);
    },
  };
}
