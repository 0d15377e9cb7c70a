// admin.serviceLevels.* (SPEC §9): the service-level targets per ticket type. Merged into admin.*.
import { serviceLevelsInput } from '@cau/shared';
import { audit, auditActor } from '../audit/audit.service';
import { getServiceLevels, saveServiceLevels } from '../settings/settings.service';
import { adminProcedure, router } from './trpc';

export const workspaceAdminRouter = router({
  serviceLevels: router({
    get: adminProcedure.query(() => getServiceLevels()),
    update: adminProcedure.input(serviceLevelsInput).mutation(async ({ ctx, input }) => {
      const saved = await saveServiceLevels(input);
      await audit({ at: ctx.deps.now(), actor: auditActor(ctx.user), action: 'settings_changed', subject: { userId: null }, ip: ctx.ip });
      return saved;
    }),
  }),
});
