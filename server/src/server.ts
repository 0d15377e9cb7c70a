// Composition root: builds the dependencies, the HTTP app and the lifecycle (start, graceful stop).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connectDatabase, type Database } from './db';
import type { Deps } from './deps';
import type { Config } from './env';
import { createApp } from './http/app';
import { createLogger, type Logger } from './log';
import { createSettingsStore, loadServerSecret } from './settings/settings.service';
import { migrateAlerts } from './tickets/desk-alerts';
import { createDeskEvents } from './tickets/desk-events';
import { warmDeskCounts, warmQueueWindows } from './tickets/queue.service';
import { createPresence } from './tickets/presence';
import { createTicketRepository } from './tickets/ticket.repository';
import { createUserRepository } from './users/user.repository';
import { backfillProfessionalTokens } from './users/professionals.service';
import { createRateLimitIndexes, createRateLimits } from './limits/rate-limits';
import mongoose from 'mongoose';
import { ensureFirstAdmin } from './users/staff.service';
import { createLoginThrottle } from './users/throttle';
import { attachmentsCleanupJob } from './jobs/attachments-cleanup.job';
import { ticketExpireJob } from './jobs/ticket-expire.job';
import { ticketRemindJob } from './jobs/ticket-remind.job';
import { mailSendJob } from './jobs/mail-send.job';
import { mailPruneJob } from './jobs/mail-prune.job';
import { reportRollupJob } from './jobs/report-rollup.job';
import { startScheduler } from './jobs/scheduler';
import { expireOverdue } from './tickets/expiry.service';

export interface RunningServer {
  deps: Deps;
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function startServer(config: Config, options: { log?: Logger; now?: () => Date } = {}): Promise<RunningServer> {
  const log = options.log ?? createLogger(config.logLevel);
  const db: Database = await connectDatabase(config, log);
  await createRateLimitIndexes(mongoose.connection.db!);
  const users = createUserRepository();
  await users.migrateLoginRealms();
  await backfillProfessionalTokens({ users });
  await migrateAlerts(mongoose.connection);
  const tickets = createTicketRepository();
  const events = await createDeskEvents(log, { tickets, users });
  const now = options.now ?? (() => new Date());
  const deps: Deps = {
    config,
    log,
    now,
    settings: createSettingsStore(config, now),
    secret: await loadServerSecret(),
    tickets,
    users,
    events,
    presence: createPresence(events, log),
    limits: createRateLimits(mongoose.connection.db!, config.rateLimitMultiplier),
    loginThrottle: createLoginThrottle(mongoose.connection.db!),
    publicUrl: config.publicUrl ?? '',
  };
  await ensureFirstAdmin(deps);
  // The desk's global counts, counted now rather than when the first attendant asks.
  const countsWarmed = warmDeskCounts(events, tickets, now);
  // And where the oldest-first views' time windows start, once those are counted (one sort at a time).
  const windowsWarmed = countsWarmed.then(() => warmQueueWindows(tickets, config.sortWindowsFrom));
  // Tickets that passed their deadline while no instance was running close right away.
  const catchUp = expireOverdue(deps).catch((error: Error) => log.error({ err: error }, 'catch-up expiry failed'));
  const scheduler = await startScheduler(deps, [
    ticketExpireJob(config.jobsEveryMs),
    ticketRemindJob(config.jobsEveryMs),
    attachmentsCleanupJob,
    mailPruneJob,
    reportRollupJob,
    mailSendJob(config.jobsEveryMs),
  ]);

  const app = createApp(deps);
  const http: Server = await new Promise((resolve, reject) => {
    const server = app.listen(config.port, config.host, () => resolve(server));
    server.once('error', reject);
  });
  const port = (http.address() as AddressInfo).port;
  const reachable = ['0.0.0.0', '::'].includes(config.host) ? '127.0.0.1' : config.host.includes(':') ? `[${config.host}]` : config.host;
  deps.publicUrl = config.publicUrl ?? `http://${reachable}:${port}`;
  log.info({ host: config.host, port, publicUrl: deps.publicUrl }, 'server listening');

  let stopping: Promise<void> | undefined;
  return {
    deps,
    port,
    url: `http://${reachable}:${port}`,
    stop() {
      stopping ??= (async () => {
        log.info('shutting down');
        const closed = new Promise<void>((resolve) => http.close(() => resolve()));
        // Ends the live event streams, which would otherwise hold the port open until forced.
        deps.presence.stop();
        const eventsStopped = deps.events.stop();
        http.closeIdleConnections();
        const forced = setTimeout(() => http.closeAllConnections(), 5_000);
        await closed;
        clearTimeout(forced);
        await catchUp;
        await countsWarmed;
        await windowsWarmed;
        await scheduler.stop();
        await eventsStopped;
        await db.stop();
        log.info('stopped');
      })();
      return stopping;
    },
  };
}
