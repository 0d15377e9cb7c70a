// tickets.*: what a professional does with their own tickets (SPEC §2.4–2.6, §3 rows 1, 4, 6, 7, 13).
import { approveInput, createTicketInput, messageInput, mineInput, protocolInput, rejectInput } from '@cau/shared';
import { listMine } from '../tickets/queue.service';
import { actOnTicket, actorOf, createTicket, getTicket } from '../tickets/tickets.service';
import { professionalView } from '../tickets/ticket.views';
import { professionalProcedure, router } from './trpc';

/** Comments, answers and rejections: limited per account and per ticket (floods alert every attendant). */
const messageProcedure = professionalProcedure.use(async ({ ctx, getRawInput, next }) => {
  const raw = (await getRawInput()) as { protocol?: unknown } | null;
  // Keyed with the account too: only the owner can write on a ticket, and nobody else must be able
  // to spend its points by naming its protocol.
  const protocol = typeof raw?.protocol === 'string' ? raw.protocol.trim().slice(0, 20) : '';
  const account = String(ctx.user._id);
  await ctx.deps.limits.consume('ticket_message', { ip: ctx.ip, account, ticket: `${account}:${protocol}` });
  return next();
});

export const ticketsRouter = router({
  create: professionalProcedure.input(createTicketInput).mutation(async ({ ctx, input }) => {
    // The rate limit is counted beside the create's own checks; nothing is written unless it passes.
    const allowed = ctx.deps.limits.consume('ticket_create', { ip: ctx.ip, account: String(ctx.user._id) });
    return professionalView(await createTicket(ctx.deps, ctx.user, input, allowed), ctx.deps.now());
  }),
  mine: professionalProcedure.input(mineInput).query(({ ctx, input }) => listMine(ctx.deps, ctx.user._id, input)),
  get: professionalProcedure.input(protocolInput).query(async ({ ctx, input }) =>
    professionalView(await getTicket(ctx.deps, actorOf(ctx.user), input.protocol), ctx.deps.now())),
  comment: messageProcedure.input(messageInput).mutation(async ({ ctx, input }) =>
    professionalView(await actOnTicket(ctx.deps, actorOf(ctx.user), input.protocol, { event: 'comment', ...input }), ctx.deps.now())),
  provideInfo: messageProcedure.input(messageInput).mutation(async ({ ctx, input }) =>
    professionalView(await actOnTicket(ctx.deps, actorOf(ctx.user), input.protocol, { event: 'provide_info', ...input }), ctx.deps.now())),
  approve: professionalProcedure.input(approveInput).mutation(async ({ ctx, input }) =>
    professionalView(await actOnTicket(ctx.deps, actorOf(ctx.user), input.protocol, { event: 'approve', rating: input.rating, comment: input.comment }), ctx.deps.now())),
  reject: messageProcedure.input(rejectInput).mutation(async ({ ctx, input }) =>
    professionalView(await actOnTicket(ctx.deps, actorOf(ctx.user), input.protocol, { event: 'reject', message: input.message }), ctx.deps.now())),
});
