// Privacy and security administration (LGPD, ASVS): the audit trail, anonymisation on request,
// security settings; and the public privacy notice the widget shows at signup.
import { objectIdSchema, parseDuration, securitySettingsInput, type DeadlineSettings } from '@cau/shared';
import { Types } from 'mongoose';
import { z } from 'zod';
import { listAudit } from '../audit/audit-list.service';
import { audit, auditActor, settingsChanges, AUDIT_ACTIONS } from '../audit/audit.service';
import { anonymizeProfessional } from '../users/anonymize.service';
import { exportProfessionalData, searchProfessionals } from '../users/professionals.service';
import { adminProcedure, publicProcedure, router } from './trpc';

const isoDate = z.iso.datetime({ offset: true, error: 'Data inválida.' });

export const adminPrivacyRouter = router({
  professionals: router({
    search: adminProcedure
      .input(z.object({ query: z.string({ error: 'Informe o que buscar.' }).trim().min(2, 'Digite ao menos 2 caracteres.').max(100, 'Busca longa demais.') }))
      .query(async ({ ctx, input }) => {
        await audit({ at: ctx.deps.now(), actor: auditActor(ctx.user), action: 'professionals_searched', ip: ctx.ip });
        return searchProfessionals(ctx.deps, input.query);
      }),
    /** Everything held about one professional, for a data-access request (LGPD art. 18, II), as they would export it themselves. */
    export: adminProcedure.input(z.object({ id: objectIdSchema })).query(async ({ ctx, input }) => {
      const data = await exportProfessionalData(ctx.deps, input.id);
      await audit({ at: ctx.deps.now(), actor: auditActor(ctx.user), action: 'professional_data_exported', subject: { userId: new Types.ObjectId(input.id) }, ip: ctx.ip });
      return data;
    }),
    anonymize: adminProcedure.input(z.object({ id: objectIdSchema })).mutation(async ({ ctx, input }) => {
      const result = await anonymizeProfessional(ctx.deps, input.id);
      await audit({
        at: ctx.deps.now(),
        actor: auditActor(ctx.user),
        action: 'professional_anonymized',
        subject: { userId: new Types.ObjectId(input.id) },
        ip: ctx.ip,
      });
      return result;
    }),
  }),
  audit: router({
    list: adminProcedure
      .input(
        z
          .object({
            actorId: objectIdSchema.optional(),
            subjectUserId: objectIdSchema.optional(),
            action: z.enum(AUDIT_ACTIONS, { error: 'Ação inválida.' }).optional(),
            from: isoDate.optional(),
            to: isoDate.optional(),
            cursor: z.string({ error: 'Cursor inválido.' }).max(40, 'Cursor inválido.').optional(),
          })
          .default({}),
      )
      .query(({ input }) =>
        listAudit({ ...input, from: input.from ? new Date(input.from) : undefined, to: input.to ? new Date(input.to) : undefined })),
  }),
  security: router({
    get: adminProcedure.query(({ ctx }) => ctx.deps.settings.security()),
    update: adminProcedure.input(securitySettingsInput).mutation(async ({ ctx, input }) => {
      const before = await ctx.deps.settings.security();
      const saved = await ctx.deps.settings.saveSecurity(input);
      await audit({
        at: ctx.deps.now(), actor: auditActor(ctx.user), action: 'settings_changed', ip: ctx.ip,
        changes: settingsChanges({ security: before }, { security: saved }),
      });
      return saved;
    }),
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
