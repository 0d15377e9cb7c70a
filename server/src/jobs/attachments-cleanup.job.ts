// attachments:remove-orphans — deletes uploads that were never attached, a day after upload.
import { removeOrphans } from '../attachments/attachments.service';
import type { RecurringJob } from './job';

export const attachmentsCleanupJob: RecurringJob = {
  name: 'attachments:remove-orphans',
  everyMs: 3_600_000,
  async run(deps) {
    const removed = await removeOrphans(deps);
    if (removed > 0) deps.log.info({ job: 'attachments:remove-orphans', removed }, 'orphan uploads removed');
  },
};
