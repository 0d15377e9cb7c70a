// tickets.*: what a professional does with their own tickets (SPEC §2.4–2.6, §3 rows 1, 4, 6, 7, 13).
import { approveInput, createTicketInput, messageInput, mineInput, protocolInput, rejectInput } from '@cau/shared';
import { listMine } from '../tickets/queue.service';
import { actOnTicket, actorOf, createTicket, getTicket } from '../tickets/tickets.service';
import { professionalView } from '../tickets/ticket.views';
import { professionalProcedure, router } from './trpc';

export const ticketsRouter = router({
  create: professionalProcedure.input(createTicketInput).mutation(async ({ ctx, input }) => {
    await ctx.deps.limits.consume('ticket_create', { ip: ctx.ip, account: String(ctx.user._id) });
    return professionalView(await createTicket(ctx.deps, ctx.user, input), ctx.deps.now());
  }),
  mine: professionalProcedure.input(mineInput).query(({ ctx, input }) => listMine(ctx.user._id, input)),
  get: professionalProcedure.input(protocolInput).query(async ({ ctx, input }) =>
    professionalView(await getTicket(actorOf(ctx.user), input.protocol), ctx.deps.now())),
  comment: professionalProcedure.input(messageInput).mutation(async ({ ctx, input }) =>
    professionalView(await actOnTicket(ctx.deps, actorOf(ctx.user), input.protocol, { event: 'comment', ...input }), ctx.deps.now())),
  provideInfo: professionalProcedure.input(messageInput).mutation(async ({ ctx, input }) =>
    professionalView(await actOnTicket(ctx.deps, actorOf(ctx.user), input.protocol, { event: 'provide_info', ...input }), ctx.deps.now())),
  approve: professionalProcedure.input(approveInput).mutation(async ({ ctx, input }) =>
    professionalView(await actOnTicket(ctx.deps, actorOf(ctx.user), input.protocol, { event: 'approve', rating: input.rating, comment: input.comment }), ctx.deps.now())),
  reject: professionalProcedure.input(rejectInput).mutation(async ({ ctx, input }) =>
    professionalView(await actOnTicket(ctx.deps, actorOf(ctx.user), input.protocol, { event: 'reject', message: input.message }), ctx.deps.now())),
});
