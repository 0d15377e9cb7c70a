// The whole API. Clients import only `type AppRouter` from here.
import { accountRouter } from './account.router';
import { adminRouter } from './admin.router';
import { attachmentsRouter } from './attachments.router';
import { authRouter } from './auth.router';
import { deskRouter } from './desk.router';
import { kbRouter } from './kb.router';
import { ticketsRouter } from './tickets.router';
import { adminPrivacyRouter, portalRouter } from './privacy.router';
import { mergeRouters, router } from './trpc';
import { workspaceAdminRouter } from './workspace-admin.router';

export const appRouter = router({
  auth: authRouter,
  account: accountRouter,
  tickets: ticketsRouter,
  desk: deskRouter,
  admin: mergeRouters(adminRouter, adminPrivacyRouter, workspaceAdminRouter),
  portal: portalRouter,
  attachments: attachmentsRouter,
  kb: kbRouter,
});

export type AppRouter = typeof appRouter;
