// A job pass longer than its lock's lifetime (at 1 000 000 tickets on FerretDB v2 one step of the
// report roll-up or of the mail pass took longer than the 15 s lifetime, and Agenda cancelled those
// passes every time). Two schedulers on one database play two instances, with the lifetime and the
// heartbeat made short: every pass runs to its end and none is cancelled. (Two instances may still
// run one pass side by side: Agenda releases a lock its own processor took ahead of time, which the
// heartbeat cannot prevent; the passes allow it: conditional closes and mail claims, the roll-up's
// own lease.)
import { describe, expect, it } from 'vitest';
import { startScheduler } from '../../server/src/jobs/scheduler';
import type { RecurringJob } from '../../server/src/jobs/job';
import { serverForBlock, type TestServer } from '../support/harness';
import { sleep } from '../support/process';

const LOCK_LIFETIME_MS = 1_000;
const PASS_MS = 3_000;

describe('a job pass longer than its lock', () => {
  let server: TestServer;
  serverForBlock((s) => (server = s));

  it('keeps its lock alive while it runs: no pass is cancelled', async () => {
    const passes: Array<{ by: string; start: number; end: number }> = [];
    const failures: string[] = [];
    const job = (by: string): RecurringJob => ({
      name: 'test:long-pass',
      everyMs: 1_000,
      async run(_deps, keepAlive) {
        const start = Date.now();
        try {
          // No keepAlive between the start and the end: one long step, like a summary of 20 000 tickets.
          await sleep(PASS_MS);
          await keepAlive();
          passes.push({ by, start, end: Date.now() });
        } catch (error) {
          failures.push(`${by}: ${(error as Error).message}`);
        }
      },
    });
    const options = { lockLifetimeMs: LOCK_LIFETIME_MS, heartbeatMs: 250 };
    const a = await startScheduler(server.deps, [job('A')], options);
    const b = await startScheduler(server.deps, [job('B')], options);
    try {
      await sleep(3 * PASS_MS + 1_500);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    expect(failures).toEqual([]);
    expect(passes.length).toBeGreaterThanOrEqual(2);
    for (const pass of passes) expect(pass.end - pass.start).toBeGreaterThanOrEqual(PASS_MS);
  }, 30_000);
});
