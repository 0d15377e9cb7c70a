// auth.*: signup in two steps, login, logout, me and password reset (SPEC §2.2–2.3, §5). The rate
// limits are the services' (auth.service), as the login's throttle is.
import {
  checkResetTokenInput, checkSignupInput, loginInput, requestPasswordResetInput, resetPasswordInput, signupInput,
} from '@cau/shared';
import { DomainError } from '../errors';
import * as auth from '../users/auth.service';
import { authedProcedure, publicProcedure, router } from './trpc';

export const authRouter = router({
  checkSignup: publicProcedure.input(checkSignupInput).mutation(({ ctx, input }) => auth.checkSignup(ctx.deps, input, ctx)),
  signup: publicProcedure.input(signupInput).mutation(({ ctx, input }) => auth.signup(ctx.deps, input, ctx)),
  login: publicProcedure.input(loginInput).mutation(({ ctx, input }) => auth.login(ctx.deps, input, ctx)),
  logout: authedProcedure.mutation(async ({ ctx }) => {
    await auth.logout(ctx.sessionId);
    return {};
  }),
  /**
   * A 5-minute access token bound to this session (the desk's main process asks for it with the
   * session token and hands only it to its page). An access token cannot ask for another one, so a
   * stolen one ends within minutes; ending the session ends it at once.
   */
  accessToken: authedProcedure.mutation(({ ctx }) => {
    if (ctx.credential !== 'session') {
      throw new DomainError('forbidden', 'Um token de acesso não pode gerar outro: use o token da sessão.');
    }
    return auth.issueAccessToken(ctx.deps, { id: ctx.sessionId, expiresAt: ctx.session!.expiresAt });
  }),
  me: authedProcedure.query(({ ctx }) => auth.me(ctx.user, ctx.session!)),
  requestPasswordReset: publicProcedure.input(requestPasswordResetInput).mutation(async ({ ctx, input }) => {
    await auth.requestPasswordReset(ctx.deps, input, ctx);
    return {};
  }),
  checkResetToken: publicProcedure.input(checkResetTokenInput).mutation(({ ctx, input }) => auth.checkResetToken(ctx.deps, input, ctx)),
  resetPassword: publicProcedure.input(resetPasswordInput).mutation(async ({ ctx, input }) => {
    await auth.resetPassword(ctx.deps, input);
    return {};
  }),
});
