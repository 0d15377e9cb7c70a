// Live desk events, exactly once across instances (SPEC §8). A ticket change writes its event into
// the ticket's own `liveOutbox` in the same conditional update, so no crash can separate the two.
// One instance at a time (the holder of a lease document) relays those entries into `deskevents`
// with contiguous sequence numbers as `_id` (unique: a second writer that slipped in loses its
// insert) and the entry's id as `eventId` (unique: an entry relayed before a crash is never
// relayed twice). Every instance then reads `deskevents` in sequence order, through a change stream
// where the database has them and by polling `_id > last` elsewhere, and hands each event to its
// subscribers once; a stream resumes from any id still kept (at least 15 minutes).
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { type DeskEvent, type QueueCounts, type Status, type TicketEventKind } from '@cau/shared';
import mongoose, { Schema, model, type Types } from 'mongoose';
import type { Logger } from '../log';
import { applyAlerts, purgeAlerts } from './desk-alerts';
import { countsOfStatus, statusCountsOf } from './queue.service';
import { createTicketRepository, type TicketRepository } from './ticket.repository';
import { createUserRepository, type UserRepository } from '../users/user.repository';

const deskEventSchema = new Schema(
  {
    /** The event's place in the one global sequence (1, 2, 3, …). */
    _id: { type: Number, required: true },
    /** The ticket's liveOutbox entry this came from. */
    eventId: { type: Schema.Types.ObjectId, required: true, unique: true },
    kind: { type: String, required: true },
    event: { type: String, required: true },
    protocol: { type: String, required: true },
    subject: { type: String, required: true },
    status: { type: String, required: true },
    at: { type: Date, required: true },
    actor: { type: Schema.Types.Mixed, required: true },
    assigneeId: { type: String, default: null },
    assigneeChanged: { type: Boolean, default: false },
    /** The status and assignee before the change (absent from events stored before they were kept). */
    from: { type: String },
    fromAssigneeId: { type: String },
    row: { type: Schema.Types.Mixed, required: true },
    counts: { type: Schema.Types.Mixed, required: true },
  },
  { versionKey: false },
);
deskEventSchema.index({ at: 1 });
export const DeskEventModel = model('DeskEvent', deskEventSchema);
export interface StoredDeskEvent {
  _id: number;
  eventId: Types.ObjectId;
  kind: string;
  event: string;
  protocol: string;
  subject: string;
  status: string;
  at: Date;
  actor: { id: Types.ObjectId | string | null; name: string; role: string };
  assigneeId: string | null;
  assigneeChanged: boolean;
  from?: string | null;
  fromAssigneeId?: string | null;
  row: unknown;
  counts: QueueCounts;
}

/** What a change says of who held the ticket before and after it (a live entry, a stored event). */
interface AssigneeChange {
  from?: string | null;
  status: string;
  assigneeId: string | null;
  fromAssigneeId?: string | null;
  assigneeChanged?: boolean;
}

/**
 * The attendants whose "Meus" count (their tickets not closed) a change may have moved: the holder
 * before and after, where the ticket was open on one side and not the other or changed hands; 'all'
 * when the change does not say who held it before (written before that was kept) but its assignee
 * changed.
 */
export function assigneesMoved(change: AssigneeChange): string[] | 'all' {
  if (change.fromAssigneeId === undefined || change.from === undefined) {
    if (change.assigneeChanged) return 'all';
    return change.assigneeId ? [change.assigneeId] : [];
  }
  const before = change.from !== null && change.from !== 'closed' ? change.fromAssigneeId : null;
  const after = change.status !== 'closed' ? change.assigneeId : null;
  if (before === after) return [];
  return [before, after].filter((id): id is string => id !== null);
}

/** Who relays (the lease), and a counter other instances bump to say "there is something to relay". */
const leaseSchema = new Schema({ _id: { type: String, required: true }, owner: String, until: Date, n: Number }, { versionKey: false });
export const LeaseModel = model('Lease', leaseSchema);
const LEASE = 'desk-events-relay';
const HINT = 'desk-events-hint';

/** What an instance delivers: ticket events carry their sequence, presence events do not. */
export interface Delivered {
  seq?: number;
  event: DeskEvent;
}

export interface DeskEvents {
  /**
   * A ticket change with a live event was written (to `ticketId`): have it relayed soon. With the
   * entry, the attendants whose counts it moved are told at once (onAssigneesMoved), before the relay.
   */
  notify(ticketId?: Types.ObjectId, live?: AssigneeChange): void;
  /**
   * Calls `listener` with the attendants whose count of open tickets a change may have moved
   * (assigneesMoved), for each change written by this server and each event delivered to it.
   */
  onAssigneesMoved(listener: (attendants: string[] | 'all') => void): () => void;
  /** Hands a presence event to this instance's subscribers (presence.ts). */
  emitPresence(event: DeskEvent): void;
  subscribe(listener: (item: Delivered) => void): () => void;
  /** The last sequence number delivered here. */
  head(): number;
  /**
   * The events after `seq` up to head, in order; null when they are no longer all kept (or `seq`
   * is from another database), so the stream starts over with a reset.
   */
  since(seq: number): Promise<Delivered[] | null>;
  readonly transport: 'change-stream' | 'poll';
  /** Resolves when the instance shuts down, so open streams can end instead of holding it up. */
  readonly closed: Promise<void>;
  stop(): Promise<void>;
}

export interface DeskEventsOptions {
  /** How often the poll transport reads new events. */
  pollMs?: number;
  /** How long events are kept (at least 15 minutes). */
  retentionMs?: number;
  leaseMs?: number;
  /** How long after events the relay recounts its running counts, at most (RECONCILE_EVERY_MS). */
  reconcileEveryMs?: number;
  /** Force a transport instead of asking the database. */
  transport?: 'change-stream' | 'poll';
  /** The repositories of Deps (each server passes its own; a standalone relay in a test makes them). */
  tickets?: TicketRepository;
  users?: UserRepository;
}

const isDuplicateKey = (error: unknown) => (error as { code?: number }).code === 11000
  || ((error as { writeErrors?: Array<{ code?: number }> }).writeErrors ?? []).some((e) => e.code === 11000);

function toDeskEvent(doc: StoredDeskEvent): Delivered {
  const actor = doc.actor;
  return {
    seq: doc._id,
    event: {
      kind: doc.kind as TicketEventKind,
      protocol: doc.protocol,
      at: doc.at.toISOString(),
      status: doc.status,
      actor: { id: actor.id ? String(actor.id) : '', name: actor.name, role: actor.role as 'system' },
      event: doc.event,
      row: doc.row as never,
      counts: doc.counts,
      ...(doc.assigneeId ? { assigneeId: doc.assigneeId } : {}),
      ...(doc.assigneeChanged ? { assigneeChanged: true } : {}),
    },
  };
}

/** Asks the database whether it has change streams: opens one and closes it at once. */
async function detectTransport(log: Logger): Promise<'change-stream' | 'poll'> {
  const db = mongoose.connection.db!;
  const hello = await db.admin().command({ hello: 1 }).catch(() => ({}) as Record<string, unknown>);
  try {
    const opened = await db.command({ aggregate: DeskEventModel.collection.name, pipeline: [{ $changeStream: {} }], cursor: {} });
    const cursorId = (opened as { cursor?: { id?: unknown } }).cursor?.id;
    if (cursorId) await db.command({ killCursors: DeskEventModel.collection.name, cursors: [cursorId] }).catch(() => undefined);
    log.info({ transport: 'change-stream', setName: hello.setName ?? null }, 'desk events: change streams');
    return 'change-stream';
  } catch (error) {
    log.info({ transport: 'poll', setName: hello.setName ?? null, code: (error as { code?: number }).code, err: (error as Error).message }, 'desk events: no change streams, polling');
    return 'poll';
  }
}

const MEMORY_EVENTS = 5_000;
const RETENTION_MS = 20 * 60_000;
const GAP_PATIENCE_MS = 10_000;
/**
 * How often, at most, the relay recounts its running counts while events flow. The counts are kept
 * by the events themselves; a recount only corrects drift, and on FerretDB v2 it reads every ticket
 * (its counts grow with their matches: about a second at 1 000 000 tickets), so it is rare.
 */
const RECONCILE_EVERY_MS = 60_000;
/** The bound of that recount: background work, longer than a request's 5 s (within the 30 s socket timeout). */
const SETTLED_COUNT_MAX_MS = 25_000;

export async function createDeskEvents(log: Logger, options: DeskEventsOptions = {}): Promise<DeskEvents> {
  const pollMs = options.pollMs ?? 150;
  const retentionMs = Math.max(options.retentionMs ?? RETENTION_MS, 15 * 60_000);
  const leaseMs = options.leaseMs ?? 3_000;
  const reconcileEveryMs = options.reconcileEveryMs ?? RECONCILE_EVERY_MS;
  const me = `${process.pid}:${randomBytes(6).toString('hex')}`;
  const tickets = options.tickets ?? createTicketRepository();
  const users = options.users ?? createUserRepository();
  const transport = options.transport ?? (await detectTransport(log));
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  let stopped = false;
  const timers: NodeJS.Timeout[] = [];
  const every = (ms: number, fn: () => void) => {
    const timer = setInterval(fn, ms);
    timer.unref();
    timers.push(timer);
  };

  // ---- reading: deliver `deskevents` in sequence order, each event once ----

  const newest = async () => ((await DeskEventModel.findOne({}, { _id: 1 }).sort({ _id: -1 }).lean())?._id as number | undefined) ?? 0;
  let head = await newest();
  /** The most recent events delivered here, contiguous, for resumes without a query. */
  const recent: Delivered[] = [];
  let gapSince: number | null = null;

  const deliver = (docs: StoredDeskEvent[]): boolean => {
    let progressed = false;
    for (const doc of docs) {
      if (doc._id <= head) continue;
      if (doc._id !== head + 1) return progressed;
      const item = toDeskEvent(doc);
      const moved = assigneesMoved(doc);
      if (moved.length > 0) emitter.emit('moved', moved);
      head = doc._id;
      gapSince = null;
      recent.push(item);
      if (recent.length > MEMORY_EVENTS) recent.splice(0, recent.length - MEMORY_EVENTS);
      progressed = true;
      emitter.emit('event', item);
    }
    return progressed;
  };

  let reading: Promise<void> | null = null;
  let readAgain = false;
  const readOnce = async () => {
    for (;;) {
      const docs = await DeskEventModel.find({ _id: { $gt: head } }).sort({ _id: 1 }).limit(500).lean<StoredDeskEvent[]>();
      if (docs.length === 0) return;
      if (docs[0]!._id !== head + 1) {
        // A hole: only a purge (this instance was away for longer than the retention) makes one.
        gapSince ??= Date.now();
        if (Date.now() - gapSince < GAP_PATIENCE_MS) return;
        log.warn({ from: head + 1, to: docs[0]!._id - 1 }, 'desk events no longer stored; skipping them');
        head = docs[0]!._id - 1;
      }
      deliver(docs);
      if (docs.length < 500) return;
    }
  };
  const read = (): Promise<void> => {
    if (reading) {
      readAgain = true;
      return reading;
    }
    reading = (async () => {
      try {
        do {
          readAgain = false;
          await readOnce();
        } while (readAgain && !stopped);
      } catch (error) {
        log.warn({ err: (error as Error).message }, 'desk events read failed');
      } finally {
        reading = null;
      }
    })();
    return reading;
  };

  let stream: mongoose.mongo.ChangeStream | null = null;
  let resumeToken: unknown = null;
  const openStream = () => {
    if (stopped) return;
    const opened = DeskEventModel.collection.watch([{ $match: { operationType: 'insert' } }], resumeToken ? { resumeAfter: resumeToken } : {});
    stream = opened;
    opened.on('change', (change: { _id: unknown; fullDocument?: StoredDeskEvent }) => {
      resumeToken = change._id;
      const doc = change.fullDocument;
      if (!doc || !deliver([doc])) void read();
    });
    opened.on('error', (error: Error) => {
      log.warn({ err: error.message }, 'desk events change stream failed; reopening');
      void opened.close().catch(() => undefined);
      if (stream === opened) stream = null;
      // A token the server no longer knows would fail again: start afresh and let read() catch up.
      if (/resume|history|ChangeStreamHistoryLost/i.test(error.message)) resumeToken = null;
      setTimeout(() => {
        openStream();
        void read();
      }, 500).unref();
    });
  };
  if (transport === 'change-stream') {
    openStream();
    // The stream wakes the reader; a slow safety read covers a stream that went quiet.
    every(2_000, () => void read());
  } else {
    every(pollMs, () => void read());
  }

  // ---- relaying: one instance (the lease holder) sequences the tickets' liveOutbox entries ----

  /**
   * Tickets per status as the relayed events have told it: a ticket with live entries still waiting
   * counts under the status before the first of them (a new one under none). Writers append entries
   * and change the status in one update, so this settled status only moves when the relay pulls
   * entries: the per-status counts agree with each other although they are separate queries, and
   * each waiting entry's change is applied exactly once, when it is relayed.
   */
  const countSettled = () => tickets.live.countSettled(SETTLED_COUNT_MAX_MS);

  /**
   * The counts the newest stored event carried: the running counts as the last relay left them, every
   * event up to it applied. What a relay that takes over starts from (one indexed read), instead of
   * counting every ticket before it can relay anything (at 1 000 000 tickets on FerretDB v2 that count
   * outlasted the 5 s bound of a read, and the relay failed every pass). Null when no event is stored
   * or the newest one is older than `in_progress` in the counts.
   */
  const newestCounts = async (): Promise<Record<Status, number> | null> => {
    const doc = await DeskEventModel.findOne({}, { _id: 1, counts: 1 }).sort({ _id: -1 }).lean<Pick<StoredDeskEvent, '_id' | 'counts'>>();
    const counts = doc?.counts as (QueueCounts & { in_progress?: number }) | undefined;
    return counts && typeof counts.in_progress === 'number' ? statusCountsOf(counts) : null;
  };

  let leaderUntil = 0;
  let next = 0;
  const isLeader = () => Date.now() < leaderUntil - 500;

  const renewLease = async () => {
    const now = new Date();
    try {
      await LeaseModel.findOneAndUpdate(
        { _id: LEASE, $or: [{ owner: me }, { until: { $lt: now } }, { until: null }] },
        { $set: { owner: me, until: new Date(now.getTime() + leaseMs) } },
        { upsert: true, new: true },
      );
      const wasLeader = isLeader();
      leaderUntil = now.getTime() + leaseMs;
      if (!wasLeader) {
        next = (await newest()) + 1;
        running = null;
        scanWanted = true;
        log.info({ instance: me, next }, 'desk events: this instance relays');
        void relay();
      }
    } catch (error) {
      if (!isDuplicateKey(error)) log.warn({ err: (error as Error).message }, 'desk events lease failed');
      if (leaderUntil > 0 && isDuplicateKey(error)) log.info({ instance: me }, 'desk events: another instance relays');
      leaderUntil = 0;
    }
  };

  /** Tickets this instance just wrote: read by _id, without a scan (the common, fast path). */
  const written = new Set<string>();
  let scanWanted = true;
  /**
   * The global counts the events carry: taken from the newest stored event when this instance starts
   * relaying (counted, each ticket by its status before its events still waiting, only when no event
   * is stored), then moved by each relayed event's status change. A reconciliation recounts them in
   * the background at most once a RECONCILE_EVERY_MS after events, without holding the relay up: the
   * source of the counts is the events, not the count. `applied` holds the entries whose change is
   * in `running` but which are still in their ticket's outbox (until the relay's pull), so none is
   * applied twice, and a reconciliation adds them to what it counted.
   */
  let running: Record<Status, number> | null = null;
  const applied = new Map<string, { from: string | null; status: string }>();
  /** Batches pulled: a reconciliation during which one was pulled is dropped (its counts may disagree). */
  let pulls = 0;
  let reconciling = false;
  let dirtySince = 0;
  let reconciledAt = 0;

  const moveCounts = (counts: Record<Status, number>, change: { from?: string | null; status: string }) => {
    if (change.from === change.status) return;
    if (change.from) counts[change.from as Status] = Math.max(0, counts[change.from as Status] - 1);
    counts[change.status as Status] += 1;
  };

  const reconcile = () => {
    if (reconciling) return;
    reconciling = true;
    dirtySince = 0;
    reconciledAt = Date.now();
    const pullsBefore = pulls;
    countSettled().then(
      (counted) => {
        if (pulls !== pullsBefore || running === null || !isLeader()) return;
        for (const change of applied.values()) moveCounts(counted, change);
        running = counted;
      },
      (error: Error) => log.warn({ err: error.message }, 'desk events recount failed'),
    ).finally(() => {
      reconciling = false;
    });
  };

  const relayOnce = async (): Promise<boolean> => {
    let found;
    if (scanWanted) {
      scanWanted = false;
      written.clear();
      found = await tickets.live.waiting(200);
      if (found.length === 200) scanWanted = true;
    } else if (written.size > 0) {
      const ids = [...written];
      written.clear();
      found = await tickets.live.waitingAmong(ids);
    } else {
      return false;
    }
    const waiting = found.filter((t) => t.liveOutbox.length > 0)
      .sort((a, b) => a.liveOutbox[0]!.at.getTime() - b.liveOutbox[0]!.at.getTime());
    if (waiting.length === 0) return false;
    const entries = waiting.flatMap((t) => t.liveOutbox.map((entry) => ({ ticket: t, entry: entry as typeof entry & { _id: Types.ObjectId } })));
    const already = await DeskEventModel.find({ eventId: { $in: entries.map((e) => e.entry._id) } }, { eventId: 1 }).lean();
    const relayed = new Map(already.map((d) => [String(d.eventId), d._id as number]));
    const fresh = entries.filter((e) => !relayed.has(String(e.entry._id)));
    const docs: StoredDeskEvent[] = [];
    if (fresh.length > 0) {
      // First batch since taking over: the newest stored event's counts, which hold every event
      // sequenced so far, also those another relay sequenced but did not pull (a lease that changed
      // hands): those are marked applied. With none stored, a count, which leaves out every change
      // still waiting in an outbox (this batch's and any other): `move` below applies them, once.
      let base: Record<Status, number>;
      if (running === null) {
        applied.clear();
        const stored = await newestCounts();
        base = stored ?? (await countSettled());
        if (stored) {
          for (const { entry } of entries) {
            if (relayed.has(String(entry._id))) applied.set(String(entry._id), { from: entry.from ?? null, status: entry.status });
          }
        }
        dirtySince ||= Date.now();
      } else {
        base = { ...running };
      }
      if (!isLeader()) return false;
      const move = (entry: (typeof entries)[number]['entry']) => {
        if (applied.has(String(entry._id))) return;
        applied.set(String(entry._id), { from: entry.from ?? null, status: entry.status });
        moveCounts(base, entry);
      };
      entries.filter((e) => relayed.has(String(e.entry._id))).forEach((e) => move(e.entry));
      fresh.forEach(({ ticket, entry }, i) => {
        move(entry);
        const counts = countsOfStatus(base);
        docs.push({
          _id: next + i,
          eventId: entry._id,
          kind: entry.kind,
          event: entry.event,
          protocol: ticket.protocol,
          subject: ticket.subject,
          status: entry.status,
          at: entry.at,
          actor: entry.actor as StoredDeskEvent['actor'],
          assigneeId: entry.assigneeId ?? null,
          assigneeChanged: entry.assigneeChanged ?? false,
          // Both or neither: an entry written before `fromAssigneeId` was kept says "unknown".
          ...(entry.fromAssigneeId !== undefined ? { from: entry.from ?? null, fromAssigneeId: entry.fromAssigneeId } : {}),
          row: entry.row,
          counts,
        });
      });
      try {
        await DeskEventModel.insertMany(docs, { ordered: true, lean: true });
      } catch (error) {
        // Another relay slipped in (a lease that changed hands): start again from what is stored.
        next = (await newest()) + 1;
        running = null;
        scanWanted = true;
        if (!isDuplicateKey(error)) throw error;
        return true;
      }
      next += docs.length;
      running = base;
      dirtySince ||= Date.now();
      docs.forEach((d) => relayed.set(String(d.eventId), d._id));
      // The relaying instance delivers its own events at once, without waiting for its reader.
      deliver(docs);
    }
    // Read per batch, so an attendant created a moment ago is alerted too.
    const staff = entries.some((e) => e.entry.kind !== 'changed') ? await users.activeStaffIds() : [];
    await applyAlerts(entries.map(({ ticket, entry }) => ({
      seq: relayed.get(String(entry._id))!,
      kind: entry.kind,
      event: entry.event,
      protocol: ticket.protocol,
      subject: ticket.subject,
      at: entry.at,
      actorId: entry.actor.id ? String(entry.actor.id) : null,
      assigneeId: entry.assigneeId ?? null,
      assigneeChanged: entry.assigneeChanged ?? false,
    })).sort((a, b) => a.seq - b.seq), staff);
    await tickets.live.pull(waiting.map((t) => ({ ticketId: t._id, entryIds: t.liveOutbox.map((e) => (e as { _id: Types.ObjectId })._id) })));
    pulls += 1;
    for (const { entry } of entries) applied.delete(String(entry._id));
    return true;
  };

  let relaying: Promise<void> | null = null;
  let relayAgain = false;
  const relay = (): Promise<void> => {
    if (relaying) {
      relayAgain = true;
      return relaying;
    }
    relaying = (async () => {
      try {
        do {
          relayAgain = false;
          while (!stopped && isLeader() && (await relayOnce()));
        } while (relayAgain && !stopped && isLeader());
        if (dirtySince && Date.now() - reconciledAt > reconcileEveryMs && isLeader() && !scanWanted && written.size === 0) reconcile();
      } catch (error) {
        log.warn({ err: (error as Error).message }, 'desk events relay failed');
      } finally {
        relaying = null;
      }
    })();
    return relaying;
  };

  // Other instances bump a counter after writing; the relay looks at it often (one _id lookup) and
  // scans the tickets themselves once a second, for the writers that crashed before bumping it.
  let hintSeen: number | null = null;
  let hinting = false;
  const checkHint = async () => {
    if (!isLeader() || hinting) return;
    hinting = true;
    try {
      const hint = await LeaseModel.findById(HINT, { n: 1 }).lean();
      const n = hint?.n ?? 0;
      if (n !== hintSeen) {
        hintSeen = n;
        scanWanted = true;
        await relay();
      }
    } catch (error) {
      log.warn({ err: (error as Error).message }, 'desk events hint read failed');
    } finally {
      hinting = false;
    }
  };
  let hintQueued = false;
  const bumpHint = () => {
    if (hintQueued) return;
    hintQueued = true;
    setImmediate(() => {
      hintQueued = false;
      LeaseModel.updateOne({ _id: HINT }, { $inc: { n: 1 } }, { upsert: true })
        .catch((error: Error) => log.warn({ err: error.message }, 'desk events hint failed'));
    });
  };

  let lastPurge = 0;
  const purge = async () => {
    if (!isLeader() || Date.now() - lastPurge < 60_000) return;
    lastPurge = Date.now();
    try {
      // The newest event stays whatever its age: the next relay numbers on from it.
      const keep = await newest();
      await DeskEventModel.deleteMany({ at: { $lt: new Date(Date.now() - retentionMs) }, _id: { $lt: keep } });
      await purgeAlerts();
    } catch (error) {
      log.warn({ err: (error as Error).message }, 'desk events purge failed');
    }
  };

  await renewLease();
  every(Math.max(200, Math.floor(leaseMs / 3)), () => void renewLease());
  every(Math.min(100, pollMs), () => void checkHint());
  every(1_000, () => {
    if (isLeader()) {
      scanWanted = true;
      void relay();
    }
    void purge();
  });

  let markClosed!: () => void;
  const closed = new Promise<void>((resolve) => (markClosed = resolve));

  return {
    transport,
    notify(ticketId, live) {
      if (live) {
        const moved = assigneesMoved(live);
        if (moved.length > 0) emitter.emit('moved', moved);
      }
      if (isLeader()) {
        if (ticketId) written.add(String(ticketId));
        else scanWanted = true;
        queueMicrotask(() => void relay());
      } else {
        bumpHint();
      }
    },
    emitPresence(event) {
      emitter.emit('event', { event } satisfies Delivered);
    },
    subscribe(listener) {
      emitter.on('event', listener);
      return () => emitter.off('event', listener);
    },
    onAssigneesMoved(listener) {
      emitter.on('moved', listener);
      return () => emitter.off('moved', listener);
    },
    head: () => head,
    async since(seq) {
      if (seq >= head) return seq > head && seq > (await newest()) ? null : [];
      const first = recent[0]?.seq ?? head + 1;
      if (seq >= first - 1) return recent.filter((d) => d.seq! > seq);
      const upTo = head;
      const docs = await DeskEventModel.find({ _id: { $gt: seq, $lte: upTo } }).sort({ _id: 1 }).lean<StoredDeskEvent[]>();
      if (docs.length === 0 || docs[0]!._id !== seq + 1) return null;
      return docs.map(toDeskEvent);
    },
    closed,
    async stop() {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      markClosed();
      await stream?.close().catch(() => undefined);
      await Promise.all([reading, relaying]);
      // Hand the relay over at once rather than after the lease runs out.
      if (leaderUntil > 0) await LeaseModel.updateOne({ _id: LEASE, owner: me }, { $set: { until: new Date(0) } }).catch(() => undefined);
    },
  };
}

