// mail:prune-sent — removes sent outbox entries after 30 days; failed and pending ones stay.
import { pruneSentMail } from '../mail/delivery.service';
import type { RecurringJob } from './job';

export const mailPruneJob: RecurringJob = {
  name: 'mail:prune-sent',
  everyMs: 3_600_000,
  async run(deps) {
    const pruned = await pruneSentMail(deps);
    if (pruned > 0) deps.log.info({ job: 'mail:prune-sent', documents: pruned }, 'sent mail pruned');
  },
};
