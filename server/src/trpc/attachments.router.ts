// attachments.*: upload (multipart FormData with a `file` field) and short-lived download links.
import { objectIdSchema } from '@cau/shared';
import { z } from 'zod';
import { attachmentLink, uploadAttachment } from '../attachments/attachments.service';
import { DomainError } from '../errors';
import { authedProcedure, router } from './trpc';

const uploadInput = z.instanceof(FormData, { message: 'Envie o arquivo como formulário (multipart/form-data) no campo "file".' });

export const attachmentsRouter = router({
  upload: authedProcedure.input(uploadInput).mutation(async ({ ctx, input }) => {
    await ctx.deps.limits.consume('upload', { ip: ctx.ip, account: String(ctx.user._id) });
    const file = input.get('file');
    if (!(file instanceof File)) throw new DomainError('invalid_input', 'Envie o arquivo no campo "file".', { file: 'Escolha um arquivo.' });
    return uploadAttachment(ctx.deps, ctx.user._id, file);
  }),
  link: authedProcedure
    .input(z.object({ id: objectIdSchema }))
    .mutation(({ ctx, input }) => attachmentLink(ctx.deps, ctx.user, input.id, ctx.deps.publicUrl)),
});
