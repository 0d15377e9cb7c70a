// The admin's privacy work (LGPD, ASVS) as the privacy router calls it: finding professionals,
// exporting or anonymising one on request, reading the audit trail, changing the security
// settings. The inputs are validated here and every step that must be audited is audited here, so
// the router only wires procedures to these functions.
import { objectIdSchema, securitySettingsInput, type SecuritySettings } from '@cau/shared';
import { Types } from 'mongoose';
import { z } from 'zod';
import { listAudit } from '../audit/audit-list.service';
import { audit, auditActor, settingsChanges, AUDIT_ACTIONS } from '../audit/audit.service';
import type { Deps } from '../deps';
import { anonymizeProfessional } from './anonymize.service';
import type { AuthedUser } from './auth.service';
import { exportProfessionalData, searchProfessionals } from './professionals.service';

/** Who asks and from where, for the audit trail. */
export interface PrivacyCaller {
  user: AuthedUser;
  ip: string;
}

const isoDate = z.iso.datetime({ offset: true, error: 'Data inválida.' });

export const professionalSearchInput = z.object({
  query: z.string({ error: 'Informe o que buscar.' }).trim().min(2, 'Digite ao menos 2 caracteres.').max(100, 'Busca longa demais.'),
});
export const professionalIdInput = z.object({ id: objectIdSchema });
export const auditListInput = z
  .object({
    actorId: objectIdSchema.optional(),
    subjectUserId: objectIdSchema.optional(),
    action: z.enum(AUDIT_ACTIONS, { error: 'Ação inválida.' }).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    cursor: z.string({ error: 'Cursor inválido.' }).max(40, 'Cursor inválido.').optional(),
  })
  .default({});
export { securitySettingsInput };

/** Professionals matching the query (CPF masked, open tickets counted); every search is audited. */
export async function searchProfessionalsAudited(deps: Deps, caller: PrivacyCaller, input: z.infer<typeof professionalSearchInput>) {
  await audit({ at: deps.now(), actor: auditActor(caller.user), action: 'professionals_searched', ip: caller.ip });
  return searchProfessionals(deps, input.query);
}

/** Everything held about one professional, for a data-access request (LGPD art. 18, II), as they would export it themselves. */
export async function exportProfessionalAudited(deps: Deps, caller: PrivacyCaller, input: z.infer<typeof professionalIdInput>) {
  const data = await exportProfessionalData(deps, input.id);
  await audit({
    at: deps.now(), actor: auditActor(caller.user), action: 'professional_data_exported', subject: { userId: new Types.ObjectId(input.id) }, ip: caller.ip,
  });
  return data;
}

/** Anonymises a professional on request (their open tickets close); audited once it is done. */
export async function anonymizeProfessionalAudited(deps: Deps, caller: PrivacyCaller, input: z.infer<typeof professionalIdInput>) {
  const result = await anonymizeProfessional(deps, input.id);
  await audit({
    at: deps.now(), actor: auditActor(caller.user), action: 'professional_anonymized', subject: { userId: new Types.ObjectId(input.id) }, ip: caller.ip,
  });
  return result;
}

export function listAuditEntries(input: z.infer<typeof auditListInput>) {
  return listAudit({ ...input, from: input.from ? new Date(input.from) : undefined, to: input.to ? new Date(input.to) : undefined });
}

/** Saves the security settings; the audit entry says what changed, before → after. */
export async function updateSecuritySettings(deps: Deps, caller: PrivacyCaller, input: SecuritySettings) {
  const before = await deps.settings.security();
  const saved = await deps.settings.saveSecurity(input);
  await audit({
    at: deps.now(), actor: auditActor(caller.user), action: 'settings_changed', ip: caller.ip,
    changes: settingsChanges({ security: before }, { security: saved }),
  });
  return saved;
}
