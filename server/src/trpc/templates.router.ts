// desk.templates.*: answer templates (SPEC §9), mounted under desk.
import { templateIdInput, templateListInput, templateSaveInput, templateUsedInput } from '@cau/shared';
import { listTemplates, removeTemplate, saveTemplate, templateUsed } from '../templates/templates.service';
import { attendantProcedure, router } from './trpc';

export const templatesRouter = router({
  list: attendantProcedure.input(templateListInput).query(({ ctx, input }) => listTemplates(ctx.user, input)),
  save: attendantProcedure.input(templateSaveInput).mutation(({ ctx, input }) => saveTemplate(ctx.user, input, ctx.deps.now())),
  remove: attendantProcedure.input(templateIdInput).mutation(({ ctx, input }) => removeTemplate(ctx.user, input.id)),
  /** Called by the desk after a message built from a template was sent. */
  used: attendantProcedure.input(templateUsedInput).mutation(({ ctx, input }) => templateUsed(ctx.user, input.id, input.protocol, ctx.deps.now())),
});
