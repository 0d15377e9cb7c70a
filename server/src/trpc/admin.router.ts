// admin.*: staff accounts, deadline settings, reports and failed mail. Changes to accounts are audited.
import {
  correctProfessionalEmailInput, createStaffInput, deadlineSettingsInput, objectIdSchema, reportInput, resetStaffPasswordInput, staffIdInput,
} from '@cau/shared';
import { Types } from 'mongoose';
import { z } from 'zod';
import { audit, auditActor, settingsChanges, type AuditAction, type AuditChange } from '../audit/audit.service';
import { listFailedMail, retryFailedMail } from '../mail/delivery.service';
import { correctProfessionalEmail } from '../users/professionals.service';
import { ticketReport } from '../reports/reports.service';
import type { AuthedUser } from '../users/auth.service';
import { createStaff, disableStaff, enableStaff, listStaff, resetStaffPassword } from '../users/staff.service';
import { resetMfa } from '../users/mfa.service';
import { adminProcedure, router } from './trpc';

type Ctx = { deps: { now: () => Date }; user: AuthedUser; ip: string };

function record(ctx: Ctx, action: AuditAction, userId?: string, changes?: AuditChange[]) {
  return audit({
    at: ctx.deps.now(),
    actor: auditActor(ctx.user),
    action,
    subject: { userId: userId ? new Types.ObjectId(userId) : null },
    ip: ctx.ip,
    changes,
  });
}

export const adminRouter = router({
  attendants: router({
    list: adminProcedure.query(() => listStaff()),
    create: adminProcedure.input(createStaffInput).mutation(async ({ ctx, input }) => {
      const staff = await createStaff(ctx.deps, input);
      await record(ctx, 'staff_created', staff.id);
      return staff;
    }),
    disable: adminProcedure.input(staffIdInput).mutation(async ({ ctx, input }) => {
      const staff = await disableStaff(ctx.deps, String(ctx.user._id), input.id);
      await record(ctx, 'staff_disabled', staff.id);
      return staff;
    }),
    enable: adminProcedure.input(staffIdInput).mutation(async ({ ctx, input }) => {
      const staff = await enableStaff(ctx.deps, String(ctx.user._id), input.id);
      await record(ctx, 'staff_enabled', staff.id);
      return staff;
    }),
    resetMfa: adminProcedure.input(staffIdInput).mutation(async ({ ctx, input }) => {
      await resetMfa(ctx.deps, input.id);
      await record(ctx, 'staff_mfa_reset', input.id);
      return {};
    }),
    resetPassword: adminProcedure.input(resetStaffPasswordInput).mutation(async ({ ctx, input }) => {
      const staff = await resetStaffPassword(ctx.deps, String(ctx.user._id), input.id, input.password);
      await record(ctx, 'staff_password_reset', staff.id);
      return staff;
    }),
  }),
  settings: router({
    get: adminProcedure.query(({ ctx }) => ctx.deps.settings.deadlines()),
    update: adminProcedure.input(deadlineSettingsInput).mutation(async ({ ctx, input }) => {
      const before = await ctx.deps.settings.deadlines();
      const saved = await ctx.deps.settings.saveDeadlines(input);
      await record(ctx, 'settings_changed', undefined, settingsChanges({ deadlines: before }, { deadlines: saved }));
      return saved;
    }),
  }),
  mail: router({
    /** Outbox entries the mail server refused for good, for an admin to look into. */
    failed: adminProcedure.query(() => listFailedMail()),
    retry: adminProcedure
      .input(z.object({ entryId: objectIdSchema }))
      .mutation(async ({ ctx, input }) => {
        const result = await retryFailedMail(ctx.deps, input.entryId);
        await record(ctx, 'mail_retried');
        return result;
      }),
    /** Corrects a professional's e-mail (audited before → after); their failed mail goes again, to it. */
    correctEmail: adminProcedure
      .input(correctProfessionalEmailInput)
      .mutation(async ({ ctx, input }) => {
        const result = await correctProfessionalEmail(ctx.deps, input.professionalId, input.email);
        await record(ctx, 'professional_email_changed', input.professionalId, settingsChanges({ email: result.before }, { email: result.after }));
        return { email: result.after, retried: result.retried };
      }),
  }),
  reports: adminProcedure.input(reportInput).query(({ ctx, input }) =>
    ticketReport(ctx.deps, { from: input.from ? new Date(input.from) : undefined, to: input.to ? new Date(input.to) : undefined })),
});
