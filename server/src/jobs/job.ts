// The shape of a recurring job: a name `<domain>:<verb>`, how often it runs, and a thin body that
// calls the same services the API calls. Bodies must be idempotent: two instances, or a run
// repeated after a crash, must not change the outcome.
import type { Deps } from '../deps';

export interface RecurringJob {
  name: string;
  everyMs: number;
  /** Runs one pass; `keepAlive` extends the job's lock during long passes. */
  run(deps: Deps, keepAlive: () => Promise<void>): Promise<void>;
  /** Releases what the job keeps between passes (e.g. its mail transport), when the server stops. */
  stop?(): void;
}
