// Unread alerts per attendant (SPEC §4, §8), kept on the server so they survive a reload. The desk
// events relay writes them as it sequences the events (desk-events.ts), idempotently: an event
// relayed again after a crash adds nothing twice. Opening the ticket clears the caller's alerts of
// it; a colleague taking it, or its assignment to someone else, clears everyone else's.
//
// One document per alerting event, holding the attendants who have not read it (`unread`), not one
// document per attendant: a new ticket is one write, not one per attendant (20 upserts on every
// create with the seed's 20 attendants; bench/README.md, `tickets.create`). Reading one's alerts is
// the documents that still name one; reading them takes one's id out, and a document nobody has left
// to read goes.
import { eventIdOfSeq, type DeskAlertsOutput } from '@cau/shared';
import { Schema, Types, model, type Connection, type mongo } from 'mongoose';

const deskAlertSchema = new Schema(
  {
    /** The attendants who have not read it. */
    unread: { type: [Schema.Types.ObjectId], default: [] },
    /** The sequence number of the desk event that raised it (for a ticket's comments: the latest). */
    seq: { type: Number, required: true },
    kind: { type: String, required: true },
    protocol: { type: String, required: true },
    subject: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'deskalertevents' },
);
// One document per event, whoever writes it and however often.
deskAlertSchema.index({ seq: 1 }, { unique: true });
// An attendant's list, newest first, and its count.
deskAlertSchema.index({ unread: 1, at: -1, seq: -1 });
// A ticket's alerts (opened, taken, commented on).
deskAlertSchema.index({ protocol: 1, kind: 1 });
deskAlertSchema.index({ at: 1 });
export const DeskAlertModel = model('DeskAlertEvent', deskAlertSchema);

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
      if (e.kind === 'assigned' && e.assigneeId) {
        const keep = new Types.ObjectId(e.assigneeId);
        writes.push({ deleteMany: { filter: { protocol: e.protocol, unread: { $ne: keep } } } });
        writes.push({ updateMany: { filter: { protocol: e.protocol, unread: keep }, update: { $set: { unread: [keep] } } } });
      } else {
        writes.push({ deleteMany: { filter: { protocol: e.protocol } } });
      }
    }
    if (FOR_EVERYONE.has(e.kind)) {
      if (staff.length > 0) writes.push({ updateOne: { filter: { seq: e.seq }, update: { $setOnInsert: { ...alert, unread: staff } }, upsert: true } });
    } else if (e.kind === 'assigned' && e.assigneeId && e.assigneeId !== e.actorId) {
      const unread = [new Types.ObjectId(e.assigneeId)];
      writes.push({ updateOne: { filter: { seq: e.seq }, update: { $setOnInsert: { ...alert, unread } }, upsert: true } });
    } else if (e.kind === 'commented') {
      // A professional's comments: one alert per ticket while unread, for its assignee (or everyone
      // while nobody has it), brought up to the latest comment; whoever had read it has it again.
      const targets = e.assigneeId ? [new Types.ObjectId(e.assigneeId)] : staff;
      if (targets.length > 0) {
        writes.push({
          updateOne: { filter: { protocol: e.protocol, kind: 'commented' }, update: { $set: alert, $addToSet: { unread: { $each: targets } } }, upsert: true },
        });
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
    DeskAlertModel.find({ unread: userId }, { unread: 0 }).sort({ at: -1, seq: -1 }).limit(LIST_LIMIT).lean(),
    DeskAlertModel.countDocuments({ unread: userId }),
  ]);
  return {
    items: items.map((a) => ({ id: eventIdOfSeq(a.seq), kind: a.kind, protocol: a.protocol, subject: a.subject, at: a.at.toISOString() })),
    total,
  };
}

/** The attendant has read the ticket's alerts (or all of theirs); what nobody has left to read goes. */
export async function clearAlerts(userId: Types.ObjectId, protocol?: string): Promise<void> {
  if (!protocol) {
    // All of one's alerts: those only one had left to read go, one's id leaves the others (by the
    // index on `unread`, where a search for emptied documents would read them all).
    await DeskAlertModel.deleteMany({ unread: [userId] });
    await DeskAlertModel.updateMany({ unread: userId }, { $pull: { unread: userId } });
    return;
  }
  const read = await DeskAlertModel.updateMany({ protocol, unread: userId }, { $pull: { unread: userId } });
  if (read.modifiedCount > 0) await DeskAlertModel.deleteMany({ protocol, unread: { $size: 0 } });
}

export async function purgeAlerts(): Promise<void> {
  await DeskAlertModel.deleteMany({ at: { $lt: new Date(Date.now() - KEEP_MS) } });
}

/** An alert as stored before the documents per event: one per attendant. */
interface AlertBefore { userId: Types.ObjectId; seq: number; kind: string; protocol: string; subject: string; at: Date }

/**
 * Alerts kept one document per attendant (before the documents per event) move over, at start, and
 * the old collection goes. Idempotent: instances starting together, or one stopped half-way, end the
 * same.
 */
export async function migrateAlerts(connection: Connection): Promise<void> {
  const db = connection.db!;
  // By name here too: mongo-java-server lists every collection whatever the filter.
  const existing = await db.listCollections({ name: 'deskalerts' }, { nameOnly: true }).toArray();
  if (!existing.some((c) => c.name === 'deskalerts')) return;
  const old = db.collection<AlertBefore>('deskalerts');
  try {
    await moveOver(old);
  } catch (error) {
    // Another instance starting at the same time moved them and dropped the collection under us.
    const still = await db.listCollections({ name: 'deskalerts' }, { nameOnly: true }).toArray();
    if (still.some((c) => c.name === 'deskalerts')) throw error;
    return;
  }
  await old.drop().catch(() => undefined);
}

async function moveOver(old: mongo.Collection<AlertBefore>): Promise<void> {
  let writes: Write[] = [];
  const flush = async () => {
    if (writes.length > 0) await DeskAlertModel.bulkWrite(writes, { ordered: false }).catch((error: { code?: number }) => {
      if (error.code !== 11000) throw error;
    });
    writes = [];
  };
  for await (const a of old.find({}).sort({ seq: 1 })) {
    // A ticket's comments were one alert per attendant, each at its own latest comment: the latest wins.
    const filter = a.kind === 'commented' ? { protocol: a.protocol, kind: 'commented' } : { seq: a.seq };
    const update = { $max: { seq: a.seq, at: a.at }, $set: { subject: a.subject }, $setOnInsert: { kind: a.kind, protocol: a.protocol }, $addToSet: { unread: a.userId } };
    writes.push({ updateOne: { filter, update, upsert: true } });
    if (writes.length >= 500) await flush();
  }
  await flush();
}
