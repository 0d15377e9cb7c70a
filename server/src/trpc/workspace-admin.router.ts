// admin.serviceLevels.* (SPEC §9): the service-level targets per ticket type; admin.reportDetails:
// the supervisor's report (its CSV is GET /admin/reports.csv). Merged into admin.*.
import { serviceLevelsInput, supervisorReportInput } from '@cau/shared';
import { supervisorReport } from '../reports/supervisor.service';
import { audit, auditActor, settingsChanges } from '../audit/audit.service';
import { adminProcedure, router } from './trpc';

export const workspaceAdminRouter = router({
  serviceLevels: router({
    get: adminProcedure.query(({ ctx }) => ctx.deps.settings.serviceLevels()),
    update: adminProcedure.input(serviceLevelsInput).mutation(async ({ ctx, input }) => {
      const before = await ctx.deps.settings.serviceLevels();
      const saved = await ctx.deps.settings.saveServiceLevels(input);
      await audit({
        at: ctx.deps.now(), actor: auditActor(ctx.user), action: 'settings_changed', subject: { userId: null }, ip: ctx.ip,
        changes: settingsChanges({ serviceLevels: before }, { serviceLevels: saved }),
      });
      return saved;
    }),
  }),
  reportDetails: adminProcedure.input(supervisorReportInput).query(({ ctx, input }) => {
    const to = input.to ? new Date(input.to) : ctx.deps.now();
    const from = input.from ? new Date(input.from) : new Date(to.getTime() - 30 * 86_400_000);
    return supervisorReport(ctx.deps, { from, to, granularity: input.granularity });
  }),
});
