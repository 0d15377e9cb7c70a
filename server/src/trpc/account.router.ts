// account.*: the signed-in person's own sessions, password and data export.
import { mfaCodeSchema, newPasswordSchema } from '@cau/shared';
import { z } from 'zod';
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
    status: authedProcedure.query(({ ctx }) => mfaStatus(ctx.deps, ctx.user)),
    begin: authedProcedure
      .input(z.object({ code: mfaCodeSchema.optional() }).default({}))
      .mutation(({ ctx, input }) => beginEnrolment(ctx.deps, ctx.user, input.code)),
    confirm: authedProcedure.input(z.object({ code: mfaCodeSchema })).mutation(({ ctx, input }) => confirmEnrolment(ctx.deps, ctx.user, input.code)),
    disable: authedProcedure.input(z.object({ code: mfaCodeSchema })).mutation(({ ctx, input }) => disableMfa(ctx.deps, ctx.user, input.code)),
  }),
  exportData: professionalProcedure.query(({ ctx }) => exportMyData(ctx.deps, ctx.user, ctx.ip)),
});
