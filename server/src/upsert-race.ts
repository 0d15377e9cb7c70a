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
