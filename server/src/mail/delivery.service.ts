// Delivers the outbox (SPEC §7 "No e-mail is lost"): finds due entries in tickets and users, claims
// each one atomically, sends it and records the outcome; plus the admin's view of failed mail. The
// stored entries change only through the repositories' outboxes (outbox.repository.ts).
import { Types } from 'mongoose';
import { auditBy, type ActedBy } from '../audit/audit.service';
import type { Deps } from '../deps';
import { DomainError } from '../errors';
import type { StoredOutboxEntry } from './outbox';
import type { OutboxRepository, OutboxSource } from './outbox.repository';
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

/**
 * The two outboxes, users first: a password-reset link is the mail someone is waiting for, and a
 * backlog of ticket notices must not hold it up.
 */
function sources(deps: Pick<Deps, 'users' | 'tickets'>): OutboxRepository[] {
  return [deps.users.outbox, deps.tickets.outbox];
}

export interface PassResult {
  sent: number;
  retried: number;
  failed: number;
}

type Outcome = keyof PassResult | 'skipped' | 'unreachable';

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
    for (const source of sources(deps)) {
      if (budget <= 0) break;
      const docs = await source.due(deps.now(), budget);
      for (const doc of docs) {
        // In array order, so a ticket's notices go out in the order they happened.
        for (const entry of doc.outbox ?? []) {
          if (budget <= 0 || !isDue(entry, deps.now())) continue;
          budget -= 1;
          const outcome = await deliverEntry(deps, mailer, source, doc._id, entry);
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
async function deliverEntry(deps: Deps, mailer: Mailer, source: OutboxRepository, docId: Types.ObjectId, entry: StoredOutboxEntry): Promise<Outcome> {
  const claimedAt = deps.now();
  const lease = new Date(claimedAt.getTime() + LEASE_MS);
  const attempts = (entry.attempts ?? 0) + 1;
  const seen = entry.status === 'pending'
    ? { status: 'pending' as const, attempts: entry.attempts, dueBy: claimedAt }
    : { status: 'sending' as const, attempts: entry.attempts, leaseUntil: entry.leaseUntil };
  if (!(await source.claim(docId, entry._id, seen, lease, attempts))) return 'skipped';
  const entryId = String(entry._id);
  const context = { entryId, template: entry.template, source: source.source, attempts };
  if (entry.status === 'sending') deps.log.warn(context, 'mail claim had lapsed (instance stopped mid-send?); sending again');

  // Only our claim (same lease) may record the outcome.
  const record = async (set: Record<string, unknown>) => {
    if (!(await source.record(docId, entry._id, lease, set))) {
      deps.log.warn(context, 'mail outcome not recorded: the claim lapsed before the send ended');
    }
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
  source: OutboxSource;
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
export async function listFailedMail(deps: Pick<Deps, 'users' | 'tickets'>, limit = 200): Promise<FailedMail[]> {
  const rows: FailedMail[] = [];
  for (const source of sources(deps)) {
    const docs = await source.withFailed(limit);
    for (const doc of docs) {
      for (const entry of doc.outbox ?? []) {
        if (entry.status !== 'failed') continue;
        const protocol = typeof doc.protocol === 'string' ? doc.protocol : typeof entry.data?.protocol === 'string' ? entry.data.protocol : null;
        const professional = doc.professional as { id: Types.ObjectId; email: string } | undefined;
        const professionalId = source.source === 'user'
          ? (doc.role === 'professional' ? String(doc._id) : null)
          : (professional?.email === entry.to.address ? String(professional.id) : null);
        rows.push({
          id: String(entry._id),
          source: source.source,
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
export async function undeliverableMailFor(deps: Pick<Deps, 'users' | 'tickets'>, professionalId: Types.ObjectId): Promise<{ address: string; lastError: string | null; at: string } | null> {
  const docs = await Promise.all(sources(deps).map((source) => source.latestFailedOf(professionalId)));
  const failed = docs.flatMap((doc) => doc?.outbox ?? [])
    .filter((e) => e.status === 'failed')
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const last = failed[0];
  return last ? { address: last.to.address, lastError: last.lastError ?? null, at: last.createdAt.toISOString() } : null;
}

/** An admin puts a failed entry back in line, due now (audited). */
export async function retryFailedMail(deps: Deps, by: ActedBy, entryId: string): Promise<{ id: string; status: 'pending' }> {
  if (!Types.ObjectId.isValid(entryId) || !/^[a-f0-9]{24}$/i.test(entryId)) throw new DomainError('not_found');
  const _id = new Types.ObjectId(entryId);
  for (const source of sources(deps)) {
    if (await source.requeueFailed(_id, deps.now())) {
      deps.log.info({ entryId, source: source.source }, 'failed mail put back in line');
      await auditBy(by, deps.now(), 'mail_retried');
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
  let count = 0;
  for (const source of sources(deps)) count += await source.redirectFailed(professionalId, oldAddress, newAddress, deps.now());
  deps.log.info({ professionalId: String(professionalId), count }, 'failed mail put back in line to a corrected address');
  return count;
}

/** Drops sent entries older than `keepMs` from outbox arrays, so documents do not grow forever. */
export async function pruneSentMail(deps: Deps, keepMs = 30 * 86_400_000): Promise<number> {
  const cutoff = new Date(deps.now().getTime() - keepMs);
  const pruned = await Promise.all(sources(deps).map((source) => source.pruneSent(cutoff)));
  return pruned.reduce((a, b) => a + b, 0);
}
