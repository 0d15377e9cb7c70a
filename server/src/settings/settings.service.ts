// Reads the settings every instance shares: the deadline rules (admin-editable, falling back to the
// environment) and the server secret that signs signup and download tokens.
import { randomBytes } from 'node:crypto';
import {
  DEFAULT_DEADLINE_SETTINGS, DEFAULT_SECURITY_SETTINGS, type DeadlineSettings, type SecuritySettings,
} from '@cau/shared';
import type { Config } from '../env';
import { SettingModel } from './settings.model';

let deadlineCache: { at: number; value: Partial<DeadlineSettings> } | undefined;

/** The deadline rules now in force (stored ones cached for 15 s, like the security settings). */
export async function getDeadlineSettings(config: Config, now = Date.now()): Promise<DeadlineSettings> {
  if (!deadlineCache || now - deadlineCache.at >= 15_000) {
    const stored = await SettingModel.findById('deadlines').lean();
    deadlineCache = { at: now, value: (stored?.value ?? {}) as Partial<DeadlineSettings> };
  }
  const value = deadlineCache.value;
  return {
    pending: value.pending ?? config.deadlinePending,
    approval: value.approval ?? config.deadlineApproval,
    mode: value.mode ?? DEFAULT_DEADLINE_SETTINGS.mode,
    holidays: value.holidays ?? DEFAULT_DEADLINE_SETTINGS.holidays,
  };
}

/**
 * The HMAC key for signed tokens. The first instance to start creates it; every other instance
 * reads the same one, so a token signed by one instance is accepted by all.
 */
export async function loadServerSecret(): Promise<Buffer> {
  await SettingModel.updateOne(
    { _id: 'server-secret' },
    { $setOnInsert: { value: randomBytes(32).toString('base64') } },
    { upsert: true },
  );
  const doc = await SettingModel.findById('server-secret').lean();
  return Buffer.from(String(doc!.value), 'base64');
}

/** Stores the admin's deadline rules; they apply to deadlines set from now on. */
export async function saveDeadlineSettings(settings: DeadlineSettings): Promise<DeadlineSettings> {
  await SettingModel.updateOne({ _id: 'deadlines' }, { $set: { value: settings } }, { upsert: true });
  deadlineCache = undefined;
  return settings;
}

const CACHE_MS = 15_000;
let securityCache: { at: number; value: SecuritySettings } | undefined;

/**
 * Security settings, read on every authenticated request, so cached briefly: a change made on one
 * instance reaches the others within CACHE_MS.
 */
export async function getSecuritySettings(now = Date.now()): Promise<SecuritySettings> {
  if (securityCache && now - securityCache.at < CACHE_MS) return securityCache.value;
  const stored = await SettingModel.findById('security').lean();
  const value = { ...DEFAULT_SECURITY_SETTINGS, ...((stored?.value ?? {}) as Partial<SecuritySettings>) };
  securityCache = { at: now, value };
  return value;
}

export async function saveSecuritySettings(settings: SecuritySettings): Promise<SecuritySettings> {
  await SettingModel.updateOne({ _id: 'security' }, { $set: { value: settings } }, { upsert: true });
  securityCache = undefined;
  return settings;
}

/** Forgets cached settings (a server starting in a process that ran another one, as tests do). */
export function resetSettingsCaches(): void {
  securityCache = undefined;
  deadlineCache = undefined;
}
