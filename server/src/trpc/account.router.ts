// account.*: the signed-in person's own sessions, password and data export.
import { newPasswordSchema } from '@cau/shared';
import { z } from 'zod';
import { changePassword, exportMyData, listSessions, logoutEverywhere, revokeSession } from '../users/account.service';
import { authedProcedure, professionalProcedure, router } from './trpc';

export const accountRouter = router({
  sessions: authedProcedure.query(({ ctx }) => listSessions(ctx.user._id, ctx.sessionId, ctx.deps.now())),
  revokeSession: authedProcedure
    .input(z.object({ id: z.string().regex(/^[a-f0-9]{24}$/, 'Sessão inválida.') }))
    .mutation(async ({ ctx, input }) => {
      await revokeSession(ctx.user._id, input.id);
      return {};
    }),
  logoutEverywhere: authedProcedure.mutation(async ({ ctx }) => ({ ended: await logoutEverywhere(ctx.user._id) })),
  changePassword: authedProcedure
    .input(z.object({ currentPassword: z.string({ error: 'Informe a senha atual.' }).min(1, 'Informe a senha atual.').max(128, 'Senha inválida.'), newPassword: newPasswordSchema }))
    .mutation(({ ctx, input }) => changePassword(ctx.deps, ctx.user, input, ctx)),
  exportData: professionalProcedure.query(({ ctx }) => exportMyData(ctx.deps, ctx.user)),
});
