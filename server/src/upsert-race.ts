// Concurrent upserts of one key: one inserts, the others must find its document. MongoDB answers
// the losers with E11000 (or retries them itself); FerretDB v2, on PostgreSQL, can answer
// InternalError "conflicting key value violates exclusion constraint" or "deadlock detected"
// (the latter also when two instances create the same indexes at once). Either way the losing
// write changed nothing, so trying it again is safe.

import { setTimeout as sleep } from 'node:timers/promises';

const POSTGRES_RACE = /conflicting key value violates exclusion constraint|deadlock detected/;

/** Whether `error` is an upsert that lost a race to insert the same key. */
export function lostUpsertRace(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === 11000 || (code === 1 && typeof message === 'string' && POSTGRES_RACE.test(message));
}

/** Runs an upsert (or an index creation), again when it lost such a race (a few times at most). */
export async function retryingLostRaces<T>(write: () => Promise<T>, attempts = 6): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (!lostUpsertRace(error) || attempt >= attempts) throw error;
      // A few milliseconds apart, at random, so that the writers that deadlocked do not meet again.
      await sleep(Math.random() * 5 * attempt);
    }
  }
}

/**
 * PostgreSQL, under FerretDB v2, aborts a statement that deadlocked with another, that could not be
 * serialised, or whose unique key clashed with a write still in flight (DocumentDB's unique indexes
 * are exclusion constraints). FerretDB passes it on as InternalError (code 1), or as a write error. The aborted
 * statement changed nothing: trying it again is what the application would do with a transaction.
 */
const POSTGRES_ABORT = /deadlock detected|could not serialize access|conflicting key value violates exclusion constraint/;

export function abortedByPostgres(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  // Code 1 from commands; inside an insert's write errors the code carries PostgreSQL's SQLSTATE
  // instead (16908292 for a deadlock).
  return typeof code === 'number' && code !== 11000 && typeof message === 'string' && POSTGRES_ABORT.test(message);
}

/**
 * Single-document writes: one statement each in PostgreSQL, all or nothing, so a repeat is safe
 * (an insert keeps the `_id` the driver gave the document; a conditional update keeps its filter).
 * Multi-document writes are not repeated: part of them may have been applied.
 */
const SINGLE_DOCUMENT_WRITES = ['insertOne', 'updateOne', 'replaceOne', 'deleteOne', 'findOneAndUpdate', 'findOneAndReplace', 'findOneAndDelete'] as const;
/**
 * Index creation is idempotent, so it is repeated too: two instances starting at once create the
 * same indexes, and PostgreSQL may answer one with "deadlock detected" (Agenda's own createIndex at
 * connect made an instance exit on it; our models' go through the same wrapper).
 */
const RETRIED = [...SINGLE_DOCUMENT_WRITES, 'createIndex', 'createIndexes'] as const;
/**
 * An upsert that lost the race to insert its key (E11000 on FerretDB v2; MongoDB retries such an
 * upsert itself) is tried again as well: it then finds the document the winner inserted.
 */
const UPSERTS = new Set<string>(['updateOne', 'replaceOne', 'findOneAndUpdate', 'findOneAndReplace']);
const ABORT_ATTEMPTS = 6;
const retrying = new WeakSet<object>();

/**
 * Makes every single-document write through `collectionPrototype` (the driver's Collection, which
 * mongoose and Agenda share) try again, a few times and a few milliseconds apart, when PostgreSQL
 * aborted it, and every single-document upsert when it lost the race to insert its key. Other engines never answer so; their errors pass through untouched.
 */
export function retryWritesAbortedByPostgres(collectionPrototype: object): void {
  if (retrying.has(collectionPrototype)) return;
  retrying.add(collectionPrototype);
  const methods = collectionPrototype as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const name of RETRIED) {
    const write = methods[name];
    if (typeof write !== 'function') continue;
    methods[name] = async function retried(this: unknown, ...args: unknown[]) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await write.apply(this, args);
        } catch (error) {
          const upsert = UPSERTS.has(name) && (args[2] as { upsert?: boolean } | undefined)?.upsert === true;
          const retry = abortedByPostgres(error) || (upsert && lostUpsertRace(error));
          if (!retry || attempt >= ABORT_ATTEMPTS) throw error;
          await sleep(Math.random() * 10 * attempt);
        }
      }
    };
  }
}

/**
 * The field of the unique index a duplicate-key error (E11000) names, or undefined. Read from the
 * key pattern (MongoDB) or the index name (FerretDB v2 writes "Index 'email_1'" and no keyPattern),
 * never from the rest of the message, which quotes the duplicated value.
 */
export function duplicateKeyField(error: unknown): string | undefined {
  if (!(error instanceof Error) || (error as { code?: number }).code !== 11000) return undefined;
  const keyPattern = (error as { keyPattern?: Record<string, unknown> }).keyPattern;
  return keyPattern ? Object.keys(keyPattern)[0] : /\bindex:? '?(\w+?)_-?1\b/i.exec(error.message)?.[1];
}
