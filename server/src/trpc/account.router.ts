// account.*: the signed-in person's own sessions, password and data export.
import { changePasswordInput, mfaBeginInput, mfaCodeInput, revokeSessionInput } from '@cau/shared';
import { changePassword, exportMyData, listSessions, logoutEverywhere, revokeSession } from '../users/account.service';
import { beginEnrolment, confirmEnrolment, disableMfa, mfaStatus } from '../users/mfa.service';
import { authedProcedure, professionalProcedure, router } from './trpc';

export const accountRouter = router({
  sessions: authedProcedure.query(({ ctx }) => listSessions(ctx.user._id, ctx.sessionId, ctx.deps.now())),
  revokeSession: authedProcedure
    .input(revokeSessionInput)
    .mutation(async ({ ctx, input }) => {
      await revokeSession(ctx.user._id, input.id);
      return {};
    }),
  logoutEverywhere: authedProcedure.mutation(async ({ ctx }) => ({ ended: await logoutEverywhere(ctx.user._id) })),
  changePassword: authedProcedure
    .input(changePasswordInput)
    .mutation(({ ctx, input }) => changePassword(ctx.deps, ctx.user, input, ctx)),
  mfa: router({
    status: authedProcedure.query(({ ctx }) => mfaStatus(ctx.deps, ctx.user)),
    begin: authedProcedure
      .input(mfaBeginInput)
      .mutation(({ ctx, input }) => beginEnrolment(ctx.deps, ctx.user, input.code)),
    // Staff enrolment and removal of the second factor go in the audit trail (mfa.service).
    confirm: authedProcedure.input(mfaCodeInput).mutation(({ ctx, input }) => confirmEnrolment(ctx.deps, ctx, input.code)),
    disable: authedProcedure.input(mfaCodeInput).mutation(({ ctx, input }) => disableMfa(ctx.deps, ctx, input.code)),
  }),
  exportData: professionalProcedure.query(({ ctx }) => exportMyData(ctx.deps, ctx.user, ctx.ip)),
});
