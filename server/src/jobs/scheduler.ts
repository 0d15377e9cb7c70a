// Runs the recurring jobs through Agenda on the server's own MongoDB, so that with several
// instances each job runs on one of them at a time, and a job locked by a crashed instance is
// picked up by another once its short lock expires.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { hostname } from 'node:os';
import { MongoBackend } from '@agendajs/mongo-backend';
import { Agenda } from 'agenda';
import mongoose from 'mongoose';
import type { Deps } from '../deps';
import type { RecurringJob } from './job';
import { retryingLostRaces } from '../upsert-race';

/**
 * Short, so that a crashed instance's lock is soon taken over (the SPEC's minute holds after a
 * crash). A running pass extends it every HEARTBEAT_MS while its process lives, and the long passes
 * (expiry, mail) also after every batch: at 1 000 000 tickets on FerretDB v2 one step of a pass (a
 * batch of due mail, a day range of the report roll-up) outlasted the lifetime, and Agenda cancelled
 * those passes every time, so the roll-up's first count never finished. Should one still outlive it,
 * two instances running the same pass is safe: every close and every mail claim is conditional, and
 * the roll-up has its own lease.
 */
const LOCK_LIFETIME_MS = 15_000;
const HEARTBEAT_MS = 5_000;

export interface Scheduler {
  stop(): Promise<void>;
}

function everyText(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000} minutes` : `${Math.max(1, Math.round(ms / 1000))} seconds`;
}

const COLLECTION = 'agendaJobs';

export interface SchedulerOptions {
  /** LOCK_LIFETIME_MS and HEARTBEAT_MS, shorter in tests. */
  lockLifetimeMs?: number;
  heartbeatMs?: number;
}

export async function startScheduler(deps: Deps, jobs: RecurringJob[], options: SchedulerOptions = {}): Promise<Scheduler> {
  const lockLifetime = options.lockLifetimeMs ?? LOCK_LIFETIME_MS;
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
  // Agenda records this name as `lastModifiedBy` on the jobs it locks, which tells our locks apart.
  const instance = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const agenda = new Agenda({
    name: instance,
    backend: new MongoBackend({ mongo: mongoose.connection.db as never, collection: COLLECTION }),
    processEvery: Math.min(1_000, ...jobs.map((j) => j.everyMs)),
    defaultLockLifetime: lockLifetime,
  });
  agenda.on('error', (error: Error) => deps.log.warn({ err: error.message }, 'agenda error'));

  for (const job of jobs) {
    agenda.define(
      job.name,
      async (agendaJob: { touch(): Promise<unknown> }) => {
        const started = Date.now();
        const heartbeat = setInterval(() => void agendaJob.touch().catch(() => undefined), heartbeatMs);
        heartbeat.unref();
        try {
          await job.run(deps, async () => {
            await agendaJob.touch();
          });
        } catch (error) {
          deps.log.error({ job: job.name, err: error as Error }, 'job failed');
          throw error;
        } finally {
          clearInterval(heartbeat);
          deps.log.debug({ job: job.name, ms: Date.now() - started }, 'job ran');
        }
      },
      { lockLifetime, concurrency: 1 },
    );
  }
  // Every job here is a recurring one: one document per name. Agenda's every() upserts it, and two
  // instances starting at once can both insert it where upserts are not serialised (FerretDB v2),
  // which runs that job twice. A unique index makes the second insert lose, and it is tried again.
  await retryingLostRaces(() => mongoose.connection.db!.collection(COLLECTION).createIndex({ name: 1 }, { unique: true, name: 'name_unique' })).catch(
    (error: Error) => deps.log.warn({ err: error.message }, 'agenda jobs: no unique index on name (duplicate job documents?)'),
  );
  // Scheduling before start avoids two starting instances both running the first pass at once.
  for (const job of jobs) await retryingLostRaces(() => agenda.every(everyText(job.everyMs), job.name));
  await agenda.start();
  deps.log.info({ jobs: jobs.map((j) => j.name) }, 'jobs scheduled');
  return {
    async stop() {
      // Let a running pass finish (it is bounded), then release the locks. drain() leaves the jobs
      // this instance locked ahead of their run time locked (and stop() after drain() does nothing),
      // so they are released here; otherwise the other instances wait out LOCK_LIFETIME_MS.
      await agenda.drain({ timeout: 10_000 });
      // A lock query Agenda had in flight when drain() resolved can land after the release (seen
      // on FerretDB v2: `ticket:remind` locked 0.3 s after its last run): released again until
      // none is left, a few times at most.
      const mine = { name: { $in: jobs.map((j) => j.name) }, lastModifiedBy: instance, lockedAt: { $ne: null } };
      const collection = mongoose.connection.db!.collection(COLLECTION);
      for (let attempt = 0; attempt < 5; attempt++) {
        await collection.updateMany(mine, { $unset: { lockedAt: true } });
        await sleep(100);
        if ((await collection.countDocuments(mine)) === 0) break;
      }
      for (const job of jobs) job.stop?.();
    },
  };
}
