// Unread alerts per attendant (SPEC §4, §8), kept on the server so they survive a reload. The desk
// events relay writes them as it sequences the events (desk-events.ts), idempotently: an event
// relayed again after a crash adds nothing twice. Opening the ticket clears the caller's alerts of
// it; a colleague taking it, or its assignment to someone else, clears everyone else's.
import type { DeskAlertsOutput } from '@cau/shared';
import { Schema, Types, model } from 'mongoose';
import { eventIdOfSeq } from './event-ids';

const deskAlertSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    /** The sequence number of the desk event that raised it (for a coalesced comment: the latest). */
    seq: { type: Number, required: true },
    kind: { type: String, required: true },
    protocol: { type: String, required: true },
    subject: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
// One alert per event per attendant, whoever writes it and however often.
deskAlertSchema.index({ userId: 1, seq: 1 }, { unique: true });
deskAlertSchema.index({ userId: 1, at: -1 });
deskAlertSchema.index({ protocol: 1, userId: 1 });
export const DeskAlertModel = model('DeskAlert', deskAlertSchema);

const KEEP_MS = 30 * 24 * 3_600_000;
const LIST_LIMIT = 50;
const FOR_EVERYONE = new Set(['new_ticket', 'answered', 'rejected']);

export interface AlertSource {
  seq: number;
  kind: string;
  event: string;
  protocol: string;
  subject: string;
  at: Date;
  actorId: string | null;
  assigneeId: string | null;
  assigneeChanged: boolean;
}

type Write = Parameters<typeof DeskAlertModel.bulkWrite>[0][number];

/** Applies a batch of events, in sequence order, to the stored alerts. */
export async function applyAlerts(events: AlertSource[], staff: Types.ObjectId[]): Promise<void> {
  const writes: Write[] = [];
  for (const e of events) {
    const alert = { seq: e.seq, kind: e.kind, protocol: e.protocol, subject: e.subject, at: e.at };
    if (e.assigneeChanged) {
      // Taken by a colleague or handed to someone: the others' alerts of it are no longer theirs.
      const keep = e.kind === 'assigned' && e.assigneeId ? [new Types.ObjectId(e.assigneeId)] : [];
      writes.push({ deleteMany: { filter: { protocol: e.protocol, userId: { $nin: keep } } } });
    }
    if (FOR_EVERYONE.has(e.kind)) {
      for (const userId of staff) writes.push({ updateOne: { filter: { userId, seq: e.seq }, update: { $setOnInsert: alert }, upsert: true } });
    } else if (e.kind === 'assigned' && e.assigneeId && e.assigneeId !== e.actorId) {
      const userId = new Types.ObjectId(e.assigneeId);
      writes.push({ updateOne: { filter: { userId, seq: e.seq }, update: { $setOnInsert: alert }, upsert: true } });
    } else if (e.kind === 'commented') {
      // A professional's comments: one alert per ticket while unread, for its assignee (or everyone
      // while nobody has it), brought up to the latest comment.
      const targets = e.assigneeId ? [new Types.ObjectId(e.assigneeId)] : staff;
      for (const userId of targets) {
        writes.push({ updateOne: { filter: { userId, protocol: e.protocol, kind: 'commented' }, update: { $set: alert }, upsert: true } });
      }
    }
  }
  if (writes.length === 0) return;
  try {
    await DeskAlertModel.bulkWrite(writes, { ordered: true });
  } catch (error) {
    // An upsert racing its twin (a relay that changed hands) meets the unique index: already there.
    if ((error as { code?: number }).code !== 11000) throw error;
  }
}

export async function listAlerts(userId: Types.ObjectId): Promise<DeskAlertsOutput> {
  const [items, total] = await Promise.all([
    DeskAlertModel.find({ userId }).sort({ at: -1, seq: -1 }).limit(LIST_LIMIT).lean(),
    DeskAlertModel.countDocuments({ userId }),
  ]);
  return {
    items: items.map((a) => ({ id: eventIdOfSeq(a.seq), kind: a.kind, protocol: a.protocol, subject: a.subject, at: a.at.toISOString() })),
    total,
  };
}

export async function clearAlerts(userId: Types.ObjectId, protocol?: string): Promise<void> {
  await DeskAlertModel.deleteMany(protocol ? { userId, protocol } : { userId });
}

export async function purgeAlerts(): Promise<void> {
  await DeskAlertModel.deleteMany({ at: { $lt: new Date(Date.now() - KEEP_MS) } });
}
