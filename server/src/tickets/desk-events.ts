// Live events for attendants (new ticket, answers, rejections, any change). Every event is stored
// in MongoDB and every instance polls for the others' events, so an attendant connected to any
// instance hears about a ticket created through any other. Change streams would be the natural
// transport, but they need a replica set and not every supported engine has them; polling a
// small, time-indexed collection works everywhere and keeps the latency well under 2 seconds.
import { EventEmitter } from 'node:events';
import { Schema, Types, model } from 'mongoose';
import type { Logger } from '../log';

export const DESK_EVENT_KINDS = ['new_ticket', 'answered', 'rejected', 'commented', 'changed'] as const;

export interface DeskEvent {
  id: string;
  kind: (typeof DESK_EVENT_KINDS)[number];
  protocol: string;
  at: string;
  status: string;
}

export interface DeskEvents {
  publish(event: Omit<DeskEvent, 'id'>): void;
  subscribe(listener: (event: DeskEvent) => void): () => void;
  /** Resolves when the instance shuts down, so open streams can end instead of holding it up. */
  readonly closed: Promise<void>;
  stop(): Promise<void>;
}

const deskEventSchema = new Schema({
  kind: { type: String, enum: DESK_EVENT_KINDS, required: true },
  protocol: { type: String, required: true },
  status: { type: String, required: true },
  at: { type: Date, required: true },
});
deskEventSchema.index({ at: 1 }, { expireAfterSeconds: 3600 });
export const DeskEventModel = model('DeskEvent', deskEventSchema);

/** How far back each poll looks, to catch events written late or by an instance with a skewed clock. */
const OVERLAP_MS = 5_000;
const RETENTION_MS = 3_600_000;

export function createDeskEvents(log: Logger, options: { pollMs?: number } = {}): DeskEvents {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const seen = new Map<string, number>();
  const deliver = (event: DeskEvent) => {
    if (seen.has(event.id)) return;
    seen.set(event.id, Date.now());
    emitter.emit('event', event);
  };

  let since = new Date(Date.now() - OVERLAP_MS);
  let lastPurge = 0;
  let polling: Promise<void> = Promise.resolve();
  const poll = async () => {
    // New events first, paged forward from the newest seen so a burst cannot stall the cursor;
    // then the overlap window again, for events stored late or stamped by a skewed clock.
    const fresh = await DeskEventModel.find({ at: { $gte: since } }).sort({ at: 1 }).limit(1000).lean();
    const late = await DeskEventModel.find({ at: { $gte: new Date(since.getTime() - OVERLAP_MS), $lt: since } })
      .sort({ at: 1 })
      .limit(2000)
      .lean();
    for (const row of [...late, ...fresh]) {
      deliver({ id: String(row._id), kind: row.kind, protocol: row.protocol, status: row.status, at: row.at.toISOString() });
      if (row.at > since) since = row.at;
    }
    const now = Date.now();
    for (const [id, t] of seen) if (now - t > 4 * OVERLAP_MS) seen.delete(id);
    if (now - lastPurge > 60_000) {
      // TTL indexes are not available on every engine; old events are removed here as well.
      lastPurge = now;
      await DeskEventModel.deleteMany({ at: { $lt: new Date(now - RETENTION_MS) } });
    }
  };
  let markClosed!: () => void;
  const closed = new Promise<void>((resolve) => (markClosed = resolve));
  const timer = setInterval(() => {
    polling = polling.then(poll).catch((error: Error) => log.warn({ err: error.message }, 'desk events poll failed'));
  }, options.pollMs ?? 300);
  timer.unref();

  // Events for the other instances are stored in batches: a ticket change publishes two or three at
  // once, and under load many requests publish in the same turn of the event loop; one insertMany
  // carries them all instead of a round trip each.
  let unstored: Array<Record<string, unknown>> = [];
  let storing: Promise<void> = Promise.resolve();
  const store = () => {
    const batch = unstored;
    if (batch.length === 0) return;
    unstored = [];
    storing = storing
      .then(() => DeskEventModel.insertMany(batch, { ordered: false, lean: true }))
      .then(() => undefined, (error: Error) => log.warn({ err: error.message, events: batch.length }, 'desk events not stored'));
  };

  return {
    publish(event) {
      const id = new Types.ObjectId();
      deliver({ ...event, id: String(id) });
      if (unstored.length === 0) setImmediate(store);
      unstored.push({ _id: id, kind: event.kind, protocol: event.protocol, status: event.status, at: new Date(event.at) });
    },
    subscribe(listener) {
      emitter.on('event', listener);
      return () => emitter.off('event', listener);
    },
    closed,
    async stop() {
      clearInterval(timer);
      markClosed();
      if (unstored.length > 0) store();
      await Promise.all([polling, storing]);
    },
  };
}
