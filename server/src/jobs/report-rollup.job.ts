// reports:rollup — counts the days whose tickets changed into the report roll-up
// (tickets/report-rollup.ts) every minute, so that a report finds little left to count; after an
// upgrade, or on a database filled by other means, its first pass counts every day in the
// background instead of the first report waiting for it. When another instance is counting, the
// pass is skipped.
import type { RecurringJob } from './job';

export const reportRollupJob: RecurringJob = {
  name: 'reports:rollup',
  everyMs: 60_000,
  async run(deps, keepAlive) {
    await deps.tickets.rollup.refresh({ wait: false, keepAlive });
  },
};
