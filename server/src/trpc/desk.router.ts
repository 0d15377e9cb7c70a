// desk.*: the attendants' queue and actions (SPEC §3 rows 2, 3, 5, 10–14, §4).
import { assignInput, closeInput, deskMessageInput, deskTextInput, protocolInput, queueInput, revealCpfInput } from '@cau/shared';
import { auditOnce, auditActor } from '../audit/audit.service';
import type { Deps } from '../deps';
import type { DeskEvent } from '../tickets/desk-events';
import type { ActionInput } from '../tickets/tickets.service';
import type { AuthedUser } from '../users/auth.service';
import { actOnTicket, actorOf, getTicket, revealCpf } from '../tickets/tickets.service';
import { listActiveStaff } from '../users/staff.service';
import { deskQueue } from '../tickets/queue.service';
import { deskView } from '../tickets/ticket.views';
import { attendantProcedure, router } from './trpc';
import { checkDuplicateOf, linkDuplicate, withRelated } from '../tickets/related.service';
import { templatesRouter } from './templates.router';

type ActionContext = { ctx: { deps: Deps; user: AuthedUser }; input: { protocol: string } & Omit<ActionInput, 'event'> };

/** A resolver that applies `event` and answers with the desk's view of the ticket. */
const act = (event: ActionInput['event']) => async ({ ctx, input }: ActionContext) =>
  deskView(await actOnTicket(ctx.deps, actorOf(ctx.user), input.protocol, { ...input, event }), ctx.user.role, ctx.deps.now());

/** Events as they happen, for alerts and live counts; ends when the client goes away. */
async function* deskEvents(events: Deps['events'], signal: AbortSignal | undefined): AsyncGenerator<DeskEvent> {
  const queue: DeskEvent[] = [];
  let wake: (() => void) | undefined;
  const unsubscribe = events.subscribe((event) => {
    queue.push(event);
    wake?.();
  });
  let ended = false;
  const end = () => {
    ended = true;
    wake?.();
  };
  signal?.addEventListener('abort', end, { once: true });
  void events.closed.then(end);
  try {
    while (!ended && !signal?.aborted) {
      while (queue.length > 0) yield queue.shift()!;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    unsubscribe();
  }
}

export const deskRouter = router({
  attendants: attendantProcedure.query(() => listActiveStaff()),
  revealCpf: attendantProcedure.input(revealCpfInput).mutation(({ ctx, input }) => revealCpf(ctx.deps, ctx.user, input.protocol, ctx.ip)),
  events: attendantProcedure.subscription(({ ctx, signal }) => deskEvents(ctx.deps.events, signal)),
  queue: attendantProcedure.input(queueInput).query(({ ctx, input }) => deskQueue(ctx.deps.events, ctx.user._id, input, ctx.deps)),
  get: attendantProcedure.input(protocolInput).query(async ({ ctx, input }) => {
    const ticket = await getTicket(actorOf(ctx.user), input.protocol);
    // Opening a ticket shows the professional's personal data: every access is on the record
    // (a live reload of the ticket already open within the last minutes is the same access).
    await auditOnce(ctx.deps.now(), 5 * 60_000, {
      at: ctx.deps.now(),
      actor: auditActor(ctx.user),
      action: 'ticket_viewed',
      subject: { userId: ticket.professional.id, protocol: ticket.protocol },
      ip: ctx.ip,
    });
    return withRelated(deskView(ticket, ctx.user.role, ctx.deps.now()), ticket);
  }),
  take: attendantProcedure.input(protocolInput).mutation(act('take')),
  assign: attendantProcedure.input(assignInput).mutation(({ ctx, input }) =>
    act('assign')({ ctx, input: { protocol: input.protocol, assigneeId: input.attendantId } })),
  comment: attendantProcedure.input(deskMessageInput).mutation(act('comment')),
  note: attendantProcedure.input(deskMessageInput).mutation(act('note')),
  requestInfo: attendantProcedure.input(deskTextInput).mutation(act('request_info')),
  resolve: attendantProcedure.input(deskTextInput).mutation(act('resolve')),
  close: attendantProcedure.input(closeInput).mutation(async ({ ctx, input }) => {
    const original = await checkDuplicateOf(input.protocol, input);
    const closed = await act('close')({ ctx, input: { protocol: input.protocol, message: input.message, closeReason: input.reason } });
    if (original) await linkDuplicate(input.protocol, original);
    return original ? { ...closed, duplicateOf: original } : closed;
  }),
  // ---- the attendant's workspace (SPEC §9) ----
  templates: templatesRouter,
});
