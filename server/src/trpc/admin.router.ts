// admin.*: staff accounts, deadline settings, reports and failed mail. The services audit what
// changes accounts and settings; this file parses, authorizes (adminProcedure) and calls one each.
import {
  correctProfessionalEmailInput, createStaffInput, deadlineSettingsInput, reportInput, resetStaffPasswordInput, retryMailInput, staffIdInput,
} from '@cau/shared';
import { listFailedMail, retryFailedMail } from '../mail/delivery.service';
import { ticketReport } from '../reports/reports.service';
import { updateDeadlines } from '../settings/settings-admin.service';
import { resetMfa } from '../users/mfa.service';
import { correctProfessionalEmail } from '../users/professionals.service';
import { createStaff, disableStaff, enableStaff, listStaff, resetStaffPassword } from '../users/staff.service';
import { adminProcedure, router } from './trpc';

export const adminRouter = router({
  attendants: router({
    list: adminProcedure.query(({ ctx }) => listStaff(ctx.deps)),
    create: adminProcedure.input(createStaffInput).mutation(({ ctx, input }) => createStaff(ctx.deps, ctx, input)),
    disable: adminProcedure.input(staffIdInput).mutation(({ ctx, input }) => disableStaff(ctx.deps, ctx, input.id)),
    enable: adminProcedure.input(staffIdInput).mutation(({ ctx, input }) => enableStaff(ctx.deps, ctx, input.id)),
    resetMfa: adminProcedure.input(staffIdInput).mutation(async ({ ctx, input }) => {
      await resetMfa(ctx.deps, ctx, input.id);
      return {};
    }),
    resetPassword: adminProcedure.input(resetStaffPasswordInput).mutation(({ ctx, input }) => resetStaffPassword(ctx.deps, ctx, input.id, input.password)),
  }),
  settings: router({
    get: adminProcedure.query(({ ctx }) => ctx.deps.settings.deadlines()),
    update: adminProcedure.input(deadlineSettingsInput).mutation(({ ctx, input }) => updateDeadlines(ctx.deps, ctx, input)),
  }),
  mail: router({
    /** Outbox entries the mail server refused for good, for an admin to look into. */
    failed: adminProcedure.query(({ ctx }) => listFailedMail(ctx.deps)),
    retry: adminProcedure.input(retryMailInput).mutation(({ ctx, input }) => retryFailedMail(ctx.deps, ctx, input.entryId)),
    /** Corrects a professional's e-mail (audited before → after); their failed mail goes again, to it. */
    correctEmail: adminProcedure
      .input(correctProfessionalEmailInput)
      .mutation(({ ctx, input }) => correctProfessionalEmail(ctx.deps, ctx, input.professionalId, input.email)),
  }),
  reports: adminProcedure.input(reportInput).query(({ ctx, input }) =>
    ticketReport(ctx.deps, { from: input.from ? new Date(input.from) : undefined, to: input.to ? new Date(input.to) : undefined })),
});
