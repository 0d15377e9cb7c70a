// desk.*: the attendants' queue and actions (SPEC §3 rows 2, 3, 5, 10–14, §4).
import { assignInput, closeInput, deskMessageInput, deskTextInput, protocolInput, queueInput } from '@cau/shared';
import type { ActionInput } from '../tickets/tickets.service';
import { actOnTicket, actorOf, getTicket } from '../tickets/tickets.service';
import { deskQueue } from '../tickets/queue.service';
import { deskView } from '../tickets/ticket.views';
import { attendantProcedure, router } from './trpc';

const act = (event: ActionInput['event']) =>
  ({ ctx, input }: { ctx: { deps: import('../deps').Deps; user: import('../users/auth.service').AuthedUser }; input: { protocol: string } & Omit<ActionInput, 'event'> }) =>
    actOnTicket(ctx.deps, actorOf(ctx.user), input.protocol, { ...input, event }).then((t) => deskView(t, ctx.user.role, ctx.deps.now()));

export const deskRouter = router({
  queue: attendantProcedure.input(queueInput).query(({ ctx, input }) => deskQueue(ctx.user._id, input)),
  get: attendantProcedure.input(protocolInput).query(async ({ ctx, input }) =>
    deskView(await getTicket(actorOf(ctx.user), input.protocol), ctx.user.role, ctx.deps.now())),
  take: attendantProcedure.input(protocolInput).mutation(act('take')),
  assign: attendantProcedure.input(assignInput).mutation(({ ctx, input }) =>
    act('assign')({ ctx, input: { protocol: input.protocol, assigneeId: input.attendantId } })),
  comment: attendantProcedure.input(deskMessageInput).mutation(act('comment')),
  note: attendantProcedure.input(deskMessageInput).mutation(act('note')),
  requestInfo: attendantProcedure.input(deskTextInput).mutation(act('request_info')),
  resolve: attendantProcedure.input(deskTextInput).mutation(act('resolve')),
  close: attendantProcedure.input(closeInput).mutation(({ ctx, input }) =>
    act('close')({ ctx, input: { protocol: input.protocol, message: input.message, closeReason: input.reason } })),
});
