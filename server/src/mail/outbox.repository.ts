// The outbox as stored: an array of entries on the documents of two collections (users, tickets).
// Each repository holds one of these for its collection (`deps.users.outbox`, `deps.tickets.outbox`);
// delivery.service decides what to send and when, and changes entries only through here.
//
// The raw collections: every write is one conditional update whose counts we read, with nothing
// for mongoose to cast or validate on the way. Updates address the element as `outbox.$[e]`
// picked by its id, while the conditions sit in the query's $elemMatch: the document-level update
// is atomic, so the element changes only if it was still in the state the query asked for. (The
// test database, mongo-java-server, can neither combine the positional `$` with $elemMatch nor
// keep array-filter conditions on fields the same update changes; filtering on the immutable id
// avoids both.)
import type { Types, mongo } from 'mongoose';
import type { Recipient, StoredOutboxEntry } from './outbox';

export type OutboxSource = 'ticket' | 'user';

/** A document with its outbox, as the delivery reads it (the other fields are those asked for). */
export interface OutboxDoc {
  _id: Types.ObjectId;
  outbox?: StoredOutboxEntry[];
  [field: string]: unknown;
}

/** Where an entry must still be for a claim to take it: as it was read. */
export type Claimable =
  | { status: 'pending'; attempts: number | undefined; dueBy: Date }
  | { status: 'sending'; attempts: number | undefined; leaseUntil: Date | null | undefined };

function byId(id: Types.ObjectId): Record<string, unknown> {
  return { 'e._id': id };
}

function entryFields(set: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(set).map(([k, v]) => [`outbox.$[e].${k}`, v]));
}

export class OutboxRepository {
  constructor(
    readonly source: OutboxSource,
    private readonly collection: () => unknown,
    /** The documents a professional owns in this collection (their account; their tickets). */
    private readonly ownedBy: (professionalId: Types.ObjectId) => Record<string, unknown>,
  ) {}

  private raw(): mongo.Collection {
    return this.collection() as mongo.Collection;
  }

  /** Up to `limit` documents with an entry due at `now`: pending and due, or claimed by an instance whose lease ran out. */
  due(now: Date, limit: number): Promise<OutboxDoc[]> {
    // Each branch also names the status outside its $elemMatch (implied by it, so the same documents
    // match): FerretDB v2 serves that equality from the outbox.status index, where it answers an
    // $or of bare $elemMatch with a scan of every ticket and user (bench/README.md, "Index coverage").
    const filter = {
      $or: [
        { 'outbox.status': 'pending', outbox: { $elemMatch: { status: 'pending', nextAttemptAt: { $lte: now } } } },
        // Claimed by an instance that stopped (crash, kill) before recording the outcome.
        { 'outbox.status': 'sending', outbox: { $elemMatch: { status: 'sending', leaseUntil: { $lte: now } } } },
      ],
    };
    return this.raw().find(filter, { projection: { outbox: 1 } }).limit(limit).toArray() as Promise<OutboxDoc[]>;
  }

  /**
   * Claims one entry until `lease`: one conditional update of the document. Only one updater can
   * see the element still in the state it read; the others match nothing (false).
   */
  async claim(docId: Types.ObjectId, entryId: Types.ObjectId, seen: Claimable, lease: Date, attempts: number): Promise<boolean> {
    const seenAttempts = typeof seen.attempts === 'number' ? seen.attempts : { $exists: false };
    const claimable = seen.status === 'pending'
      ? { _id: entryId, status: 'pending', attempts: seenAttempts, nextAttemptAt: { $lte: seen.dueBy } }
      : { _id: entryId, status: 'sending', attempts: seenAttempts, leaseUntil: seen.leaseUntil };
    const claim = await this.raw().updateOne(
      { _id: docId, outbox: { $elemMatch: claimable } },
      { $set: entryFields({ status: 'sending', leaseUntil: lease, attempts }) },
      { arrayFilters: [byId(entryId)] },
    );
    return claim.modifiedCount === 1;
  }

  /** Records a send's outcome, only under the claim that made it (same lease); false when the claim lapsed. */
  async record(docId: Types.ObjectId, entryId: Types.ObjectId, lease: Date, set: Record<string, unknown>): Promise<boolean> {
    const ours = { _id: entryId, status: 'sending', leaseUntil: lease };
    const done = await this.raw().updateOne(
      { _id: docId, outbox: { $elemMatch: ours } },
      { $set: entryFields({ ...set, leaseUntil: null }) },
      { arrayFilters: [byId(entryId)] },
    );
    return done.modifiedCount === 1;
  }

  /** Documents with a failed entry, with the fields that say whose mail it was. */
  withFailed(limit: number): Promise<OutboxDoc[]> {
    return this.raw()
      .find({ 'outbox.status': 'failed' }, { projection: { outbox: 1, protocol: 1, role: 1, professional: 1, email: 1 } })
      .limit(limit)
      .toArray() as Promise<OutboxDoc[]>;
  }

  /** The most recently changed document of the professional's with a failed entry, if any. */
  latestFailedOf(professionalId: Types.ObjectId): Promise<OutboxDoc | null> {
    return this.raw()
      .find({ ...this.ownedBy(professionalId), 'outbox.status': 'failed' }, { projection: { outbox: 1 } })
      .sort({ updatedAt: -1 })
      .limit(1)
      .next() as Promise<OutboxDoc | null>;
  }

  /** Puts a failed entry back in line, due at `now`; false when no failed entry has this id here. */
  async requeueFailed(entryId: Types.ObjectId, now: Date): Promise<boolean> {
    const done = await this.raw().updateOne(
      { outbox: { $elemMatch: { _id: entryId, status: 'failed' } } },
      { $set: entryFields({ status: 'pending', nextAttemptAt: now, leaseUntil: null }) },
      { arrayFilters: [byId(entryId)] },
    );
    return done.modifiedCount === 1;
  }

  /**
   * The professional's failed mail to `oldAddress` goes back in line, due at `now`, to `newAddress`:
   * one entry at a time, the recipient replaced whole (its name kept), only while still failed.
   * Returns how many entries.
   */
  async redirectFailed(professionalId: Types.ObjectId, oldAddress: string, newAddress: string, now: Date): Promise<number> {
    const filter = { ...this.ownedBy(professionalId), outbox: { $elemMatch: { status: 'failed', 'to.address': oldAddress } } };
    const docs = (await this.raw().find(filter, { projection: { outbox: 1 } }).toArray()) as OutboxDoc[];
    let count = 0;
    for (const doc of docs) {
      for (const entry of doc.outbox ?? []) {
        if (entry.status !== 'failed' || entry.to.address !== oldAddress) continue;
        const to: Recipient = { name: entry.to.name, address: newAddress };
        const done = await this.raw().updateOne(
          { _id: doc._id, outbox: { $elemMatch: { _id: entry._id, status: 'failed' } } },
          { $set: entryFields({ status: 'pending', nextAttemptAt: now, leaseUntil: null, to }) },
          { arrayFilters: [byId(entry._id)] },
        );
        count += done.modifiedCount;
      }
    }
    return count;
  }

  /** Drops entries sent before `cutoff`, so documents do not grow forever; how many documents changed. */
  async pruneSent(cutoff: Date): Promise<number> {
    const done = await this.raw().updateMany(
      { outbox: { $elemMatch: { status: 'sent', sentAt: { $lt: cutoff } } } },
      { $pull: { outbox: { status: 'sent', sentAt: { $lt: cutoff } } } } as never,
    );
    return done.modifiedCount;
  }
}
