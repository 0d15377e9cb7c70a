// attachments.*: upload (multipart FormData with a `file` field) and short-lived download links.
import { attachmentLinkInput, attachmentUploadInput } from '@cau/shared';
import { attachmentLink, uploadAttachment } from '../attachments/attachments.service';
import { authedProcedure, router } from './trpc';

export const attachmentsRouter = router({
  upload: authedProcedure.input(attachmentUploadInput).mutation(({ ctx, input }) => uploadAttachment(ctx.deps, ctx, input)),
  link: authedProcedure
    .input(attachmentLinkInput)
    .mutation(({ ctx, input }) => attachmentLink(ctx.deps, ctx.user, input.id, ctx.deps.publicUrl)),
});
