// ticket:remind — queues the "será encerrado amanhã" e-mail once per deadline.
import { queueReminders } from '../tickets/expiry.service';
import type { RecurringJob } from './job';

export const ticketRemindJob = (everyMs: number): RecurringJob => ({
  name: 'ticket:remind',
  everyMs,
  async run(deps) {
    const queued = await queueReminders(deps);
    if (queued > 0) deps.log.info({ job: 'ticket:remind', queued }, 'reminders queued');
  },
});
