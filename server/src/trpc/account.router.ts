// account.*: the signed-in person's own sessions, password and data export.
import { mfaCodeSchema, newPasswordSchema } from '@cau/shared';
import { z } from 'zod';
import { audit, auditActor } from '../audit/audit.service';
import { changePassword, exportMyData, listSessions, logoutEverywhere, revokeSession } from '../users/account.service';
import { beginEnrolment, confirmEnrolment, disableMfa, mfaStatus } from '../users/mfa.service';
import { authedProcedure, professionalProcedure, router } from './trpc';

export const accountRouter = router({
  sessions: authedProcedure.query(({ ctx }) => listSessions(ctx.user._id, ctx.sessionId, ctx.deps.now())),
  revokeSession: authedProcedure
    .input(z.object({ id: z.string({ error: 'Sessão inválida.' }).regex(/^[a-f0-9]{24}$/, 'Sessão inválida.') }))
    .mutation(async ({ ctx, input }) => {
      await revokeSession(ctx.user._id, input.id);
      return {};
    }),
  logoutEverywhere: authedProcedure.mutation(async ({ ctx }) => ({ ended: await logoutEverywhere(ctx.user._id) })),
  changePassword: authedProcedure
    .input(z.object({ currentPassword: z.string({ error: 'Informe a senha atual.' }).min(1, 'Informe a senha atual.').max(128, 'Senha inválida.'), newPassword: newPasswordSchema }))
    .mutation(({ ctx, input }) => changePassword(ctx.deps, ctx.user, input, ctx)),
  mfa: router({
    status: authedProcedure.query(({ ctx }) => mfaStatus(ctx.user)),
    begin: authedProcedure
      .input(z.object({ code: mfaCodeSchema.optional() }).default({}))
      .mutation(({ ctx, input }) => beginEnrolment(ctx.deps, ctx.user, input.code)),
    confirm: authedProcedure.input(z.object({ code: mfaCodeSchema })).mutation(async ({ ctx, input }) => {
      const result = await confirmEnrolment(ctx.deps, ctx.user, input.code);
      if (ctx.user.role !== 'professional') await audit({ at: ctx.deps.now(), actor: auditActor(ctx.user), action: 'mfa_enrolled', subject: { userId: ctx.user._id }, ip: ctx.ip });
      return result;
    }),
    disable: authedProcedure.input(z.object({ code: mfaCodeSchema })).mutation(async ({ ctx, input }) => {
      const result = await disableMfa(ctx.deps, ctx.user, input.code);
      if (ctx.user.role !== 'professional') await audit({ at: ctx.deps.now(), actor: auditActor(ctx.user), action: 'mfa_disabled', subject: { userId: ctx.user._id }, ip: ctx.ip });
      return result;
    }),
  }),
  exportData: professionalProcedure.query(async ({ ctx }) => {
    // The trail keeps no personal data of the people it is about: the professional is named by id
    // only, so nothing of them is left behind once their account is anonymised.
    await audit({ at: ctx.deps.now(), actor: { id: ctx.user._id, role: ctx.user.role, name: 'Profissional' }, action: 'data_exported', subject: { userId: ctx.user._id }, ip: ctx.ip });
    return exportMyData(ctx.deps, ctx.user);
  }),
});
