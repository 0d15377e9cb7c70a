// auth.*: signup in two steps, login, logout, me and password reset (SPEC §2.2–2.3, §5).
import {
  checkResetTokenInput, checkSignupInput, loginInput, requestPasswordResetInput, resetPasswordInput, signupInput,
} from '@cau/shared';
import { DomainError } from '../errors';
import * as auth from '../users/auth.service';
import { userView } from '../users/user.views';
import { authedProcedure, publicProcedure, router } from './trpc';

export const authRouter = router({
  checkSignup: publicProcedure.input(checkSignupInput).mutation(async ({ ctx, input }) => {
    // Also slows down probing which CPFs and e-mails are registered.
    await ctx.deps.limits.consume('signup', { ip: ctx.ip });
    return auth.checkSignup(ctx.deps, input);
  }),
  signup: publicProcedure.input(signupInput).mutation(async ({ ctx, input }) => {
    await ctx.deps.limits.consume('signup', { ip: ctx.ip });
    return auth.signup(ctx.deps, input, ctx);
  }),
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
  me: authedProcedure.query(({ ctx }) => {
    // When the session signs out by itself unless the person does something (the desk's and the
    // widget's one-minute warning); never later than the absolute limit.
    const session = ctx.session!;
    const idleEnd = Math.min(session.lastSeenAt.getTime() + session.idleMs, session.expiresAt.getTime());
    return { ...userView(ctx.user), session: { idleMs: session.idleMs, idleExpiresAt: new Date(idleEnd).toISOString() } };
  }),
  requestPasswordReset: publicProcedure.input(requestPasswordResetInput).mutation(async ({ ctx, input }) => {
    await ctx.deps.limits.consume('password_reset', { ip: ctx.ip, account: input.loginOrEmail.toLowerCase() });
    await auth.requestPasswordReset(ctx.deps, input);
    return {};
  }),
  checkResetToken: publicProcedure.input(checkResetTokenInput).mutation(async ({ ctx, input }) => {
    // Tokens are 256-bit random, so this is no oracle; the address limit only keeps it cheap.
    await ctx.deps.limits.consume('password_reset_check', { ip: ctx.ip });
    return auth.checkResetToken(ctx.deps, input);
  }),
  resetPassword: publicProcedure.input(resetPasswordInput).mutation(async ({ ctx, input }) => {
    await auth.resetPassword(ctx.deps, input);
    return {};
  }),
});
