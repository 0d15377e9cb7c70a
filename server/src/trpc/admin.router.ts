// admin.*: staff accounts (settings and reports join here as they arrive).
import { createStaffInput, staffIdInput } from '@cau/shared';
import { createStaff, disableStaff, listStaff } from '../users/staff.service';
import { adminProcedure, router } from './trpc';

export const adminRouter = router({
  attendants: router({
    list: adminProcedure.query(() => listStaff()),
    create: adminProcedure.input(createStaffInput).mutation(({ ctx, input }) => createStaff(ctx.deps, input)),
    disable: adminProcedure.input(staffIdInput).mutation(({ ctx, input }) => disableStaff(ctx.deps, String(ctx.user._id), input.id)),
  }),
});
