// mail:send — delivers due outbox entries (pending, or claimed by an instance that died mid-send).
import { deliverDueMail } from '../mail/delivery.service';
import { createMailer, type Mailer } from '../mail/transport';
import type { RecurringJob } from './job';

/** Mail should not wait for the slower expiry cadence: at most 5 s between passes. */
export const MAIL_EVERY_MAX_MS = 5_000;

export const mailSendJob = (jobsEveryMs: number): RecurringJob => {
  // One transport for the life of the server, not a new one every pass.
  let mailer: Mailer | undefined;
  return {
    name: 'mail:send',
    everyMs: Math.min(MAIL_EVERY_MAX_MS, jobsEveryMs),
    async run(deps, keepAlive) {
      mailer ??= createMailer(deps.config, deps.log);
      const { sent, retried, failed } = await deliverDueMail(deps, keepAlive, mailer);
      if (sent + retried + failed > 0) deps.log.info({ job: 'mail:send', sent, retried, failed }, 'mail pass');
    },
    stop() {
      mailer?.close();
      mailer = undefined;
    },
  };
};
