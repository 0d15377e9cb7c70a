// Reads the settings every instance shares: the deadline rules (admin-editable, falling back to the
// environment), security and service levels (cached per server, in `Deps`), and the server secret
// that signs signup and download tokens.
import { randomBytes } from 'node:crypto';
import {
  DEFAULT_DEADLINE_SETTINGS, DEFAULT_SECURITY_SETTINGS, DEFAULT_SERVICE_LEVELS, type DeadlineSettings, type SecuritySettings,
  type ServiceLevelSettings,
} from '@cau/shared';
import type { Config } from '../env';
import { SettingModel } from './settings.model';
import { retryingLostRaces } from '../upsert-race';

/** How long an instance keeps a stored setting; a change made on another instance shows within it. */
const CACHE_MS = 15_000;

/**
 * A stored setting read on many requests, cached for CACHE_MS. A read that began before a save must
 * not put the old value back once the save has dropped it (the saving instance would then serve the
 * old settings for CACHE_MS): every drop starts a new generation, and only a read that began in the
 * current one is kept.
 */
function cachedSetting<T>(read: () => Promise<T>) {
  let cached: { at: number; value: T } | undefined;
  let generation = 0;
  return {
    async get(now: number): Promise<T> {
      if (cached && now - cached.at < CACHE_MS) return cached.value;
      const began = generation;
      const value = await read();
      if (began === generation) cached = { at: now, value };
      return value;
    },
    drop(): void {
      cached = undefined;
      generation += 1;
    },
  };
}

/** The stored settings, cached per server (in `Deps`), aged by the server's clock. */
export interface SettingsStore {
  /** The deadline rules now in force: the admin's stored ones, falling back to the environment. */
  deadlines(): Promise<DeadlineSettings>;
  /** Security settings, read on every authenticated request. */
  security(): Promise<SecuritySettings>;
  /** The service-level targets per ticket type (SPEC §9), read by every queue page. */
  serviceLevels(): Promise<ServiceLevelSettings>;
  /** Stores the admin's deadline rules; they apply to deadlines set from now on. */
  saveDeadlines(settings: DeadlineSettings): Promise<DeadlineSettings>;
  saveSecurity(settings: SecuritySettings): Promise<SecuritySettings>;
  saveServiceLevels(settings: ServiceLevelSettings): Promise<ServiceLevelSettings>;
}

export function createSettingsStore(config: Config, now: () => Date): SettingsStore {
  const storedDeadlines = cachedSetting(async () =>
    ((await SettingModel.findById('deadlines').lean())?.value ?? {}) as Partial<DeadlineSettings>);
  const storedSecurity = cachedSetting(async (): Promise<SecuritySettings> => ({
    ...DEFAULT_SECURITY_SETTINGS,
    ...(((await SettingModel.findById('security').lean())?.value ?? {}) as Partial<SecuritySettings>),
  }));
  const storedServiceLevels = cachedSetting(async (): Promise<ServiceLevelSettings> => {
    const value = ((await SettingModel.findById('service-levels').lean())?.value ?? {}) as Partial<ServiceLevelSettings>;
    return { mode: value.mode ?? DEFAULT_SERVICE_LEVELS.mode, targets: { ...DEFAULT_SERVICE_LEVELS.targets, ...value.targets } };
  });
  const save = async <T>(id: string, settings: T, cache: { drop(): void }): Promise<T> => {
    await SettingModel.updateOne({ _id: id }, { $set: { value: settings } }, { upsert: true });
    cache.drop();
    return settings;
  };
  return {
    async deadlines() {
      const value = await storedDeadlines.get(now().getTime());
      return {
        pending: value.pending ?? config.deadlinePending,
        approval: value.approval ?? config.deadlineApproval,
        mode: value.mode ?? DEFAULT_DEADLINE_SETTINGS.mode,
        holidays: value.holidays ?? DEFAULT_DEADLINE_SETTINGS.holidays,
      };
    },
    security: () => storedSecurity.get(now().getTime()),
    serviceLevels: () => storedServiceLevels.get(now().getTime()),
    saveDeadlines: (settings) => save('deadlines', settings, storedDeadlines),
    saveSecurity: (settings) => save('security', settings, storedSecurity),
    saveServiceLevels: (settings) => save('service-levels', settings, storedServiceLevels),
  };
}

/**
 * The HMAC key for signed tokens. The first instance to start creates it; every other instance
 * reads the same one, so a token signed by one instance is accepted by all.
 */
export async function loadServerSecret(): Promise<Buffer> {
  await retryingLostRaces(() =>
    SettingModel.updateOne({ _id: 'server-secret' }, { $setOnInsert: { value: randomBytes(32).toString('base64') } }, { upsert: true }),
  );
  const doc = await SettingModel.findById('server-secret').lean();
  return Buffer.from(String(doc!.value), 'base64');
}
