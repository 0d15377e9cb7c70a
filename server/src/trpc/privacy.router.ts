// Privacy and security administration (LGPD, ASVS): the audit trail, anonymisation on request,
// security settings; and the public privacy notice the widget shows at signup. The steps, their
// input schemas and their audit entries live in users/privacy.service.ts.
import { parseDuration, type DeadlineSettings } from '@cau/shared';
import {
  anonymizeProfessionalAudited, auditListInput, exportProfessionalAudited, listAuditEntries, professionalIdInput, professionalSearchInput,
  searchProfessionalsAudited, securitySettingsInput, updateSecuritySettings,
} from '../users/privacy.service';
import { adminProcedure, publicProcedure, router } from './trpc';

export const adminPrivacyRouter = router({
  professionals: router({
    search: adminProcedure.input(professionalSearchInput).query(({ ctx, input }) => searchProfessionalsAudited(ctx.deps, ctx, input)),
    /** Everything held about one professional, for a data-access request (LGPD art. 18, II), as they would export it themselves. */
    export: adminProcedure.input(professionalIdInput).query(({ ctx, input }) => exportProfessionalAudited(ctx.deps, ctx, input)),
    /** Anonymises a professional on request; their tickets not yet closed are closed (docs/lifecycle.md, row 15). */
    anonymize: adminProcedure.input(professionalIdInput).mutation(({ ctx, input }) => anonymizeProfessionalAudited(ctx.deps, ctx, input)),
  }),
  audit: router({
    list: adminProcedure.input(auditListInput).query(({ input }) => listAuditEntries(input)),
  }),
  security: router({
    get: adminProcedure.query(({ ctx }) => ctx.deps.settings.security()),
    update: adminProcedure.input(securitySettingsInput).mutation(({ ctx, input }) => updateSecuritySettings(ctx.deps, ctx, input)),
  }),
});

/** A deadline as the portal says it: "5 dias corridos", "3 dias úteis", "12 horas". */
function deadlineText(iso: string, mode: DeadlineSettings['mode']): string {
  const d = parseDuration(iso);
  if (!d) return iso;
  const unit = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const days = d.days ? unit(d.days, 'dia', 'dias') + (mode === 'business' ? (d.days === 1 ? ' útil' : ' úteis') : (d.days === 1 ? ' corrido' : ' corridos')) : '';
  return [days, d.hours ? unit(d.hours, 'hora', 'horas') : '', d.minutes ? unit(d.minutes, 'minuto', 'minutos') : '', d.seconds ? unit(d.seconds, 'segundo', 'segundos') : '']
    .filter(Boolean).join(' e ');
}

export const portalRouter = router({
  /** Who controls the data and how to reach the DPO, for the signup screen's privacy notice. */
  privacy: publicProcedure.query(async ({ ctx }) => (await ctx.deps.settings.security()).privacy),
  /** The deadlines now in force, in words, for pages that tell professionals how long they have. */
  deadlines: publicProcedure.query(async ({ ctx }) => {
    const settings = await ctx.deps.settings.deadlines();
    return { pending: deadlineText(settings.pending, settings.mode), approval: deadlineText(settings.approval, settings.mode) };
  }),
});
