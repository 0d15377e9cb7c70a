// kb.*: the knowledge base ("Perguntas frequentes", SPEC §10). Search, reading and feedback are public
// (rate-limited per address); writing is for attendants, removing for admins.
import {
  kbFeedbackInput, kbGetInput, kbIdInput, kbListInput, kbRemoveInput, kbReportInput, kbSaveInput, kbSearchInput, kbTrackInput,
} from '@cau/shared';
import { kbReport } from '../kb/kb-report.service';
import * as kb from '../kb/kb.service';
import type { LimitedAction } from '../limits/rate-limits';
import { adminProcedure, attendantProcedure, publicProcedure, router } from './trpc';

const limited = (action: LimitedAction) =>
  publicProcedure.use(async ({ ctx, next }) => {
    await ctx.deps.limits.consume(action, { ip: ctx.ip });
    return next();
  });

export const kbRouter = router({
  search: limited('kb_search').input(kbSearchInput).query(({ ctx, input }) => kb.search(input, ctx.deps.now())),
  get: limited('kb_search').input(kbGetInput).query(({ input }) => kb.getPublished(input.slug)),
  feedback: limited('kb_feedback').input(kbFeedbackInput).mutation(({ ctx, input }) => kb.feedback(input, ctx.deps.now())),
  /** Usage the widget reports: an article read, suggestions shown, a ticket opened after reading. */
  track: limited('kb_feedback').input(kbTrackInput).mutation(({ ctx, input }) => kb.track(input, ctx.deps.now())),
  list: attendantProcedure.input(kbListInput).query(({ ctx, input }) => kb.list(input, ctx.deps.config.portalUrl)),
  /** One article with its body and revisions, drafts included (the desk's editor). */
  article: attendantProcedure.input(kbIdInput).query(({ ctx, input }) => kb.getForStaff(input.id, ctx.deps.config.portalUrl)),
  save: attendantProcedure.input(kbSaveInput).mutation(({ ctx, input }) => kb.save(input, ctx.user, ctx.deps.now(), ctx.deps.config.portalUrl)),
  remove: adminProcedure.input(kbRemoveInput).mutation(({ ctx, input }) => kb.remove(input.id, ctx.deps.now())),
  report: adminProcedure.input(kbReportInput).query(({ input }) =>
    kbReport({ from: input.from ? new Date(input.from) : undefined, to: input.to ? new Date(input.to) : undefined })),
});
