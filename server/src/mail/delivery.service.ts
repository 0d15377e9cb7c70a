// Delivers the outbox (SPEC §7 "No e-mail is lost"): finds due entries in tickets and users, claims
// each one atomically, sends it and records the outcome; plus the admin's view of failed mail.
import { Types, type mongo } from 'mongoose';
import type { Deps } from '../deps';
import { DomainError } from '../errors';
import { TicketModel } from '../tickets/ticket.model';
import { UserModel } from '../users/user.model';
import type { StoredOutboxEntry } from './outbox';
import { safeRecipient } from './recipient';
import { backoffMs, classifySendError, describeError, type SendErrorLike } from './retry';
import { renderMail } from './templates';
import { createMailer, type Mailer } from './transport';

/** Entries handled per pass; the job runs every few seconds, so a backlog drains in steps. */
export const MAIL_BATCH = 50;
/**
 * How long a claim holds. Longer than any send can take (transport.ts aborts a send after
 * 60 s), so an entry is only taken over from an instance that really died mid-send.
 */
export const LEASE_MS = 3 * 60_000;

type SourceKind = 'ticket' | 'user';
interface Source {
  kind: SourceKind;
  collection: () => mongo.Collection;
}

// The raw collections: every write here is one conditional update whose counts we read, with
// nothing for mongoose to cast or validate on the way. Users first: a password-reset link is the
// mail someone is waiting for, and a backlog of ticket notices must not hold it up.
const SOURCES: Source[] = [
  { kind: 'user', collection: () => UserModel.collection as unknown as mongo.Collection },
  { kind: 'ticket', collection: () => TicketModel.collection as unknown as mongo.Collection },
];

export interface PassResult {
  sent: number;
  retried: number;
  failed: number;
}

type Outcome = keyof PassResult | 'skipped' | 'unreachable';

function dueFilter(now: Date) {
  // Each branch also names the status outside its $elemMatch (implied by it, so the same documents
  // match): FerretDB v2 serves that equality from the outbox.status index, where it answers an
  // $or of bare $elemMatch with a scan of every ticket and user (bench/README.md, "Index coverage").
  return {
    $or: [
      { 'outbox.status': 'pending', outbox: { $elemMatch: { status: 'pending', nextAttemptAt: { $lte: now } } } },
      // Claimed by an instance that stopped (crash, kill) before recording the outcome.
      { 'outbox.status': 'sending', outbox: { $elemMatch: { status: 'sending', leaseUntil: { $lte: now } } } },
    ],
  };
}

/**
 * Updates address the element as `outbox.$[e]` picked by its id, while the conditions sit in the
 * query's $elemMatch: the document-level update is atomic, so the element changes only if it was
 * still in the state the query asked for. (The test database, mongo-java-server, can neither
 * combine the positional `$` with $elemMatch nor keep array-filter conditions on fields the same
 * update changes; filtering on the immutable id avoids both.)
 */
function byId(id: Types.ObjectId): Record<string, unknown> {
  return { 'e._id': id };
}

function isDue(entry: StoredOutboxEntry, now: Date): boolean {
  if (entry.status === 'pending') return entry.nextAttemptAt.getTime() <= now.getTime();
  return entry.status === 'sending' && entry.leaseUntil != null && entry.leaseUntil.getTime() <= now.getTime();
}

/**
 * One pass over the due entries, at most MAIL_BATCH of them. Returns what happened. A server that
 * cannot be reached ends the pass early: the other entries would only time out the same way.
 */
export async function deliverDueMail(deps: Deps, keepAlive: () => Promise<void> = async () => undefined, given?: Mailer): Promise<PassResult> {
  // A caller's transport is the caller's to close; one made for this pass alone is closed here.
  const mailer = given ?? createMailer(deps.config, deps.log);
  const result: PassResult = { sent: 0, retried: 0, failed: 0 };
  let budget = MAIL_BATCH;
  try {
    for (const source of SOURCES) {
      if (budget <= 0) break;
      const now = deps.now();
      const docs = await source
        .collection()
        .find(dueFilter(now), { projection: { outbox: 1 } })
        .limit(budget)
        .toArray();
      for (const doc of docs) {
        // In array order, so a ticket's notices go out in the order they happened.
        for (const entry of (doc.outbox ?? []) as StoredOutboxEntry[]) {
          if (budget <= 0 || !isDue(entry, deps.now())) continue;
          budget -= 1;
          const outcome = await deliverEntry(deps, mailer, source, doc._id as Types.ObjectId, entry);
          if (outcome === 'unreachable') {
            result.retried += 1;
            return result;
          }
          if (outcome !== 'skipped') result[outcome] += 1;
          await keepAlive();
        }
      }
    }
    return result;
  } finally {
    if (!given) mailer.close();
  }
}

/** Claims, sends and records one entry. 'skipped' when another instance claimed it first. */
async function deliverEntry(deps: Deps, mailer: Mailer, source: Source, docId: Types.ObjectId, entry: StoredOutboxEntry): Promise<Outcome> {
  const collection = source.collection();
  const claimedAt = deps.now();
  const lease = new Date(claimedAt.getTime() + LEASE_MS);
  const seenAttempts = typeof entry.attempts === 'number' ? entry.attempts : { $exists: false };
  const claimable = entry.status === 'pending'
    ? { _id: entry._id, status: 'pending', attempts: seenAttempts, nextAttemptAt: { $lte: claimedAt } }
    : { _id: entry._id, status: 'sending', attempts: seenAttempts, leaseUntil: entry.leaseUntil };
  const attempts = (entry.attempts ?? 0) + 1;
  // The claim: one conditional update of the document. Only one updater can see the element still
  // in the state it read; the others match nothing.
  const claim = await collection.updateOne(
    { _id: docId, outbox: { $elemMatch: claimable } },
    { $set: { 'outbox.$[e].status': 'sending', 'outbox.$[e].leaseUntil': lease, 'outbox.$[e].attempts': attempts } },
    { arrayFilters: [byId(entry._id)] },
  );
  if (claim.modifiedCount !== 1) return 'skipped';
  const entryId = String(entry._id);
  const context = { entryId, template: entry.template, source: source.kind, attempts };
  if (entry.status === 'sending') deps.log.warn(context, 'mail claim had lapsed (instance stopped mid-send?); sending again');

  // Only our claim (same lease) may record the outcome.
  const record = async (set: Record<string, unknown>) => {
    const ours = { _id: entry._id, status: 'sending', leaseUntil: lease };
    const done = await collection.updateOne(
      { _id: docId, outbox: { $elemMatch: ours } },
      { $set: Object.fromEntries(Object.entries({ ...set, leaseUntil: null }).map(([k, v]) => [`outbox.$[e].${k}`, v])) },
      { arrayFilters: [byId(entry._id)] },
    );
    if (done.modifiedCount !== 1) deps.log.warn(context, 'mail outcome not recorded: the claim lapsed before the send ended');
  };
  const fail = async (text: string): Promise<Outcome> => {
    await record({ status: 'failed', lastError: text });
    deps.log.error({ ...context, err: text }, 'mail failed permanently');
    return 'failed';
  };

  const to = safeRecipient(entry.to);
  if (!to) return fail('invalid recipient address');
  let rendered;
  try {
    rendered = renderMail({ template: entry.template, to, data: entry.data }, { portalUrl: deps.config.portalUrl, now: claimedAt });
  } catch (error) {
    return fail(describeError(error as SendErrorLike));
  }

  try {
    const link = typeof entry.data?.link === 'string' ? entry.data.link : null;
    await mailer.send({ entryId, to, ...rendered, link, date: claimedAt });
  } catch (error) {
    const verdict = classifySendError(error as SendErrorLike);
    if (!verdict.retry) return fail(verdict.text);
    const nextAttemptAt = new Date(deps.now().getTime() + backoffMs(attempts, deps.config.mailRetryBaseMs));
    await record({ status: 'pending', nextAttemptAt, lastError: verdict.text });
    deps.log.warn({ ...context, err: verdict.text, nextAttemptAt: nextAttemptAt.toISOString() }, 'mail not sent; will retry');
    return verdict.unreachable ? 'unreachable' : 'retried';
  }

  // The template data can hold a password-reset link: it is not kept once the mail is out.
  await record({ status: 'sent', sentAt: deps.now(), data: {}, lastError: null });
  deps.log.info({ ...context, via: mailer.kind }, 'mail sent');
  return 'sent';
}

export interface FailedMail {
  id: string;
  source: SourceKind;
  /** The professional the mail was for (their account's or their ticket's), whose address an admin may correct. */
  professionalId: string | null;
  template: string;
  to: string;
  name: string;
  protocol: string | null;
  lastError: string | null;
  attempts: number;
  createdAt: string;
}

/** Failed entries of both collections, newest first. */
export async function listFailedMail(limit = 200): Promise<FailedMail[]> {
  const rows: FailedMail[] = [];
  for (const source of SOURCES) {
    const docs = await source
      .collection()
      .find({ 'outbox.status': 'failed' }, { projection: { outbox: 1, protocol: 1, role: 1, professional: 1, email: 1 } })
      .limit(limit)
      .toArray();
    for (const doc of docs) {
      for (const entry of (doc.outbox ?? []) as StoredOutboxEntry[]) {
        if (entry.status !== 'failed') continue;
        const protocol = typeof doc.protocol === 'string' ? doc.protocol : typeof entry.data?.protocol === 'string' ? entry.data.protocol : null;
        const professionalId = source.kind === 'user'
          ? (doc.role === 'professional' ? String(doc._id) : null)
          : (doc.professional?.email === entry.to.address ? String(doc.professional.id) : null);
        rows.push({
          id: String(entry._id),
          source: source.kind,
          professionalId,
          template: entry.template,
          to: entry.to.address,
          name: entry.to.name,
          protocol,
          lastError: entry.lastError ?? null,
          attempts: entry.attempts ?? 0,
          createdAt: entry.createdAt.toISOString(),
        });
      }
    }
  }
  return rows.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, limit);
}

/**
 * Whether mail to this professional is failing for good (an entry of theirs, or of their tickets,
 * refused by the mail server), so the desk can say the professional is not reading our notices.
 */
export async function undeliverableMailFor(professionalId: Types.ObjectId): Promise<{ address: string; lastError: string | null; at: string } | null> {
  const [user, ticket] = await Promise.all([
    UserModel.findOne({ _id: professionalId, 'outbox.status': 'failed' }, { outbox: 1 }).lean(),
    TicketModel.findOne({ 'professional.id': professionalId, 'outbox.status': 'failed' }, { outbox: 1 }).sort({ updatedAt: -1 }).lean(),
  ]);
  const failed = [...((user?.outbox ?? []) as StoredOutboxEntry[]), ...((ticket?.outbox ?? []) as StoredOutboxEntry[])]
    .filter((e) => e.status === 'failed')
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const last = failed[0];
  return last ? { address: last.to.address, lastError: last.lastError ?? null, at: last.createdAt.toISOString() } : null;
}

/** Puts a failed entry back in line, due now. */
export async function retryFailedMail(deps: Deps, entryId: string): Promise<{ id: string; status: 'pending' }> {
  if (!Types.ObjectId.isValid(entryId) || !/^[a-f0-9]{24}$/i.test(entryId)) throw new DomainError('not_found');
  const _id = new Types.ObjectId(entryId);
  for (const source of SOURCES) {
    const failed = { _id, status: 'failed' };
    const done = await source.collection().updateOne(
      { outbox: { $elemMatch: failed } },
      { $set: { 'outbox.$[e].status': 'pending', 'outbox.$[e].nextAttemptAt': deps.now(), 'outbox.$[e].leaseUntil': null } },
      { arrayFilters: [byId(_id)] },
    );
    if (done.modifiedCount === 1) {
      deps.log.info({ entryId, source: source.kind }, 'failed mail put back in line');
      return { id: entryId, status: 'pending' };
    }
  }
  throw new DomainError('not_found', 'Não há e-mail com falha com este identificador.');
}

/**
 * After a professional's address was corrected: their failed mail (on their account and their
 * tickets, sent to the old address) goes back in line, due now, to the new one. Returns how many.
 */
export async function retryFailedMailTo(deps: Deps, professionalId: Types.ObjectId, oldAddress: string, newAddress: string): Promise<number> {
  const failedToOld = { outbox: { $elemMatch: { status: 'failed', 'to.address': oldAddress } } };
  const owners = [
    { source: SOURCES[0]!, filter: { _id: professionalId, ...failedToOld } },
    { source: SOURCES[1]!, filter: { 'professional.id': professionalId, ...failedToOld } },
  ];
  let count = 0;
  for (const { source, filter } of owners) {
    const docs = await source.collection().find(filter, { projection: { outbox: 1 } }).toArray();
    for (const doc of docs) {
      for (const entry of (doc.outbox ?? []) as StoredOutboxEntry[]) {
        if (entry.status !== 'failed' || entry.to.address !== oldAddress) continue;
        // One entry at a time, the recipient replaced whole (its name kept), only while still failed.
        const done = await source.collection().updateOne(
          { _id: doc._id, outbox: { $elemMatch: { _id: entry._id, status: 'failed' } } },
          {
            $set: {
              'outbox.$[e].status': 'pending', 'outbox.$[e].nextAttemptAt': deps.now(), 'outbox.$[e].leaseUntil': null,
              'outbox.$[e].to': { name: entry.to.name, address: newAddress },
            },
          },
          { arrayFilters: [byId(entry._id as Types.ObjectId)] },
        );
        count += done.modifiedCount;
      }
    }
  }
  deps.log.info({ professionalId: String(professionalId), count }, 'failed mail put back in line to a corrected address');
  return count;
}

/** Drops sent entries older than `keepMs` from outbox arrays, so documents do not grow forever. */
export async function pruneSentMail(deps: Deps, keepMs = 30 * 86_400_000): Promise<number> {
  const cutoff = new Date(deps.now().getTime() - keepMs);
  const filter = { outbox: { $elemMatch: { status: 'sent', sentAt: { $lt: cutoff } } } };
  const update = { $pull: { outbox: { status: 'sent', sentAt: { $lt: cutoff } } } };
  const [tickets, users] = await Promise.all([TicketModel.updateMany(filter, update as never), UserModel.updateMany(filter, update as never)]);
  return tickets.modifiedCount + users.modifiedCount;
}
