// ticket:expire-overdue — closes waiting tickets whose deadline has passed.
import { expireOverdue } from '../tickets/expiry.service';
import type { RecurringJob } from './job';

export const ticketExpireJob = (everyMs: number): RecurringJob => ({
  name: 'ticket:expire-overdue',
  everyMs,
  async run(deps, keepAlive) {
    const closed = await expireOverdue(deps, keepAlive);
    if (closed > 0) deps.log.info({ job: 'ticket:expire-overdue', closed }, 'overdue tickets closed');
  },
});
