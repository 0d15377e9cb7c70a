// Who has a ticket open in the desk, and who is typing a public reply (SPEC §8). Ephemeral: one
// document per attendant and ticket, refreshed by the desk's heartbeat, gone 30 s after the last
// one. Every instance polls the recently changed ones and tells its own subscribers; the instance
// that took the heartbeat tells its own at once.
import type { PresenceEvent } from '@cau/shared';
import { Schema, model, type Types } from 'mongoose';
import type { DeskEvents } from './desk-events';
import type { Logger } from '../log';

const presenceSchema = new Schema(
  {
    _id: { type: String, required: true },
    protocol: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, required: true },
    state: { type: String, enum: ['viewing', 'typing', 'left'], required: true },
    at: { type: Date, required: true },
    typingAt: { type: Date, default: null },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false },
);
presenceSchema.index({ at: 1 });
presenceSchema.index({ protocol: 1 });
presenceSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
export const PresenceModel = model('DeskPresence', presenceSchema);

export const PRESENCE_TTL_MS = 30_000;
/** A `typing` not repeated within this long has stopped (the desk repeats it every 3 s while typing). */
const TYPING_MS = 6_000;
const POLL_OVERLAP_MS = 3_000;

type State = 'viewing' | 'typing' | 'left';

export interface Presence {
  set(user: { _id: Types.ObjectId; name: string }, protocol: string, state: State, now: Date): Promise<void>;
  viewers(protocol: string, me: Types.ObjectId, now: Date): Promise<Array<{ id: string; name: string; typing: boolean }>>;
  stop(): void;
}

export function createPresence(events: DeskEvents, log: Logger, options: { pollMs?: number } = {}): Presence {
  /** What this instance last told its subscribers, per `protocol:userId`. */
  const told = new Map<string, { at: number; state: State; protocol: string; id: string; name: string }>();
  const tell = (key: string, doc: { protocol: string; userId: Types.ObjectId | string; name: string; state: State; at: Date }) => {
    const before = told.get(key);
    if (before && before.at >= doc.at.getTime() && (before.state === doc.state || before.state === 'left')) return;
    told.set(key, { at: doc.at.getTime(), state: doc.state, protocol: doc.protocol, id: String(doc.userId), name: doc.name });
    const event: PresenceEvent = { kind: doc.state, protocol: doc.protocol, at: doc.at.toISOString(), attendant: { id: String(doc.userId), name: doc.name } };
    events.emitPresence(event);
  };

  let since = new Date(Date.now() - POLL_OVERLAP_MS);
  let polling = false;
  const poll = async () => {
    if (polling) return;
    polling = true;
    try {
      const from = new Date(since.getTime() - POLL_OVERLAP_MS);
      since = new Date();
      const docs = await PresenceModel.find({ at: { $gte: from } }).lean();
      for (const doc of docs) tell(doc._id, doc as never);
      // A desk that stopped its heartbeat (closed, crashed, offline) has left.
      const now = Date.now();
      for (const [key, seen] of told) {
        if (seen.state !== 'left' && now - seen.at > PRESENCE_TTL_MS) {
          tell(key, { protocol: seen.protocol, userId: seen.id, name: seen.name, state: 'left', at: new Date(seen.at + PRESENCE_TTL_MS) });
        } else if (seen.state === 'left' && now - seen.at > 2 * PRESENCE_TTL_MS) {
          told.delete(key);
        }
      }
    } catch (error) {
      log.warn({ err: (error as Error).message }, 'presence poll failed');
    } finally {
      polling = false;
    }
  };
  const timer = setInterval(() => void poll(), options.pollMs ?? 300);
  timer.unref();

  return {
    async set(user, protocol, state, now) {
      const key = `${protocol}:${String(user._id)}`;
      const doc = { protocol, userId: user._id, name: user.name, state, at: now };
      await PresenceModel.updateOne(
        { _id: key },
        { $set: { ...doc, ...(state === 'typing' ? { typingAt: now } : {}), expiresAt: new Date(now.getTime() + PRESENCE_TTL_MS + 60_000) } },
        { upsert: true },
      );
      tell(key, doc);
    },
    async viewers(protocol, me, now) {
      const docs = await PresenceModel.find({ protocol, state: { $ne: 'left' }, at: { $gt: new Date(now.getTime() - PRESENCE_TTL_MS) } }).lean();
      return docs
        .filter((d) => !d.userId.equals(me))
        .map((d) => ({ id: String(d.userId), name: d.name, typing: d.state === 'typing' || (!!d.typingAt && now.getTime() - d.typingAt.getTime() < TYPING_MS) }));
    },
    stop() {
      clearInterval(timer);
    },
  };
}
