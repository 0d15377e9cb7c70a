// Concurrent upserts of one key: one inserts, the others must find its document. MongoDB answers
// the losers with E11000 (or retries them itself); FerretDB v2, on PostgreSQL, can answer
// InternalError "conflicting key value violates exclusion constraint" or "deadlock detected".
// Either way the losing write changed nothing, so trying it again is safe.

const POSTGRES_RACE = /conflicting key value violates exclusion constraint|deadlock detected/;

/** Whether `error` is an upsert that lost a race to insert the same key. */
export function lostUpsertRace(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === 11000 || (code === 1 && typeof message === 'string' && POSTGRES_RACE.test(message));
}

/** Runs an upsert, again when it lost such a race (a few times at most). */
export async function upsertRetryingRaces<T>(write: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (!lostUpsertRace(error) || attempt >= attempts) throw error;
    }
  }
}
