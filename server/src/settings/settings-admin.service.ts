// An admin changes stored settings: the change is saved and goes in the audit trail, field by field
// (before → after). The settings themselves, and their cache, are deps.settings (settings.service).
import type { DeadlineSettings, ServiceLevelSettings } from '@cau/shared';
import { auditBy, settingsChanges, type ActedBy } from '../audit/audit.service';
import type { Deps } from '../deps';

export async function updateDeadlines(deps: Pick<Deps, 'settings' | 'now'>, by: ActedBy, input: DeadlineSettings): Promise<DeadlineSettings> {
  const before = await deps.settings.deadlines();
  const saved = await deps.settings.saveDeadlines(input);
  await auditBy(by, deps.now(), 'settings_changed', undefined, settingsChanges({ deadlines: before }, { deadlines: saved }));
  return saved;
}

export async function updateServiceLevels(deps: Pick<Deps, 'settings' | 'now'>, by: ActedBy, input: ServiceLevelSettings): Promise<ServiceLevelSettings> {
  const before = await deps.settings.serviceLevels();
  const saved = await deps.settings.saveServiceLevels(input);
  await auditBy(by, deps.now(), 'settings_changed', undefined, settingsChanges({ serviceLevels: before }, { serviceLevels: saved }));
  return saved;
}
