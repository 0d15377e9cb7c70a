// admin.serviceLevels.* (SPEC §9): the service-level targets per ticket type; admin.reportDetails:
// the supervisor's report (its CSV is GET /admin/reports.csv). Merged into admin.*.
import { serviceLevelsInput, supervisorReportInput } from '@cau/shared';
import { supervisorReport } from '../reports/supervisor.service';
import { updateServiceLevels } from '../settings/settings-admin.service';
import { adminProcedure, router } from './trpc';

export const workspaceAdminRouter = router({
  serviceLevels: router({
    get: adminProcedure.query(({ ctx }) => ctx.deps.settings.serviceLevels()),
    update: adminProcedure.input(serviceLevelsInput).mutation(({ ctx, input }) => updateServiceLevels(ctx.deps, ctx, input)),
  }),
  reportDetails: adminProcedure.input(supervisorReportInput).query(({ ctx, input }) => {
    const to = input.to ? new Date(input.to) : ctx.deps.now();
    const from = input.from ? new Date(input.from) : new Date(to.getTime() - 30 * 86_400_000);
    return supervisorReport(ctx.deps, { from, to, granularity: input.granularity });
  }),
});
