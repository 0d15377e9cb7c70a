// desk.*: the attendants' queue and actions (SPEC §3 rows 2, 3, 5, 10–14, §4).
import {
  alertsClearInput, assignInput, closeInput, deskEventsInput, deskMessageInput, deskTextInput, presenceInput, protocolInput,
  queueInput, REASON_MESSAGES, revealCpfInput, type DeskEvent,
} from '@cau/shared';
import { TRPCError, tracked } from '@trpc/server';
import { DomainError } from '../errors';
import { sessionStillValid } from '../users/auth.service';
import type { Deps } from '../deps';
import type { Delivered, DeskEvents } from '../tickets/desk-events';
import { clearAlerts, listAlerts } from '../tickets/desk-alerts';
import { eventIdOfSeq, seqOfEventId } from '@cau/shared';
import type { ActionInput } from '../tickets/tickets.service';
import type { AuthedUser } from '../users/auth.service';
import { revealCpf } from '../tickets/tickets.service';
import { listActiveStaff } from '../users/staff.service';
import { deskQueue } from '../tickets/queue.service';
import { attendantProcedure, router } from './trpc';
import { actOnDeskTicket, closeDeskTicket, openDeskTicket, setDeskPresence } from '../tickets/desk-ticket.service';
import { templatesRouter } from './templates.router';

/** A resolver that applies `event` and answers with the desk's view of the ticket, as desk.get does. */
const act = (event: ActionInput['event']) => ({ ctx, input }: { ctx: { deps: Deps; user: AuthedUser }; input: { protocol: string } & Omit<ActionInput, 'event'> }) =>
  actOnDeskTicket(ctx.deps, ctx.user, event, input);

/**
 * desk.events: every ticket event once, in sequence order, each as `tracked(id, event)` so the
 * client resumes after a drop with `lastEventId` and gets exactly what it missed. An id no longer
 * kept (or from another database) starts over with one `reset`, after which the desk refetches.
 * Presence events pass through as they happen, with the last ticket event's id plus `.p<n>`.
 */
async function* deskEvents(events: DeskEvents, lastEventId: string | undefined, signal: AbortSignal | undefined, sessionGone: () => Promise<boolean>) {
  const pending: Delivered[] = [];
  let wake: (() => void) | undefined;
  const unsubscribe = events.subscribe((item) => {
    pending.push(item);
    wake?.();
  });
  let ended = false;
  const end = () => {
    ended = true;
    wake?.();
  };
  signal?.addEventListener('abort', end, { once: true });
  void events.closed.then(end);
  // The stream is not activity, so it cannot keep a session alive: once the session has ended (idle,
  // absolute limit, sign-out elsewhere) the stream ends with UNAUTHORIZED and the desk signs out.
  let expired = false;
  const check = setInterval(() => {
    void sessionGone().then((gone) => {
      if (gone) {
        expired = true;
        end();
      }
    }, () => undefined);
  }, SESSION_CHECK_MS);
  check.unref();
  let presence = 0;
  try {
    let cursor = events.head();
    const from = lastEventId === undefined ? null : seqOfEventId(lastEventId);
    if (lastEventId !== undefined) {
      const backlog = from === null ? null : await events.since(from);
      if (backlog === null) {
        yield tracked(eventIdOfSeq(cursor), { kind: 'reset', at: new Date().toISOString() } as DeskEvent);
      } else {
        cursor = from!;
        for (const item of backlog) {
          if (item.seq! <= cursor) continue;
          cursor = item.seq!;
          yield tracked(eventIdOfSeq(cursor), item.event);
        }
      }
    }
    while (!ended && !signal?.aborted) {
      while (pending.length > 0) {
        const item = pending.shift()!;
        if (item.seq === undefined) {
          yield tracked(`${eventIdOfSeq(cursor)}.p${++presence}`, item.event);
        } else if (item.seq > cursor) {
          cursor = item.seq;
          yield tracked(eventIdOfSeq(cursor), item.event);
        }
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
    if (expired) throw new TRPCError({ code: 'UNAUTHORIZED', message: REASON_MESSAGES.unauthenticated, cause: new DomainError('unauthenticated') });
  } finally {
    clearInterval(check);
    unsubscribe();
  }
}

const SESSION_CHECK_MS = 10_000;

export const deskRouter = router({
  attendants: attendantProcedure.query(({ ctx }) => listActiveStaff(ctx.deps)),
  revealCpf: attendantProcedure.input(revealCpfInput).mutation(({ ctx, input }) => revealCpf(ctx.deps, ctx.user, input.protocol, ctx.ip)),
  events: attendantProcedure.input(deskEventsInput).subscription(({ ctx, input, signal }) => deskEvents(ctx.deps.events, input?.lastEventId, signal,
    async () => !(await sessionStillValid(ctx.deps, ctx.sessionId, ctx.user.role, ctx.deps.now())))),
  presence: attendantProcedure.input(presenceInput).mutation(({ ctx, input }) => setDeskPresence(ctx.deps, ctx.user, input.protocol, input.state)),
  alerts: router({
    list: attendantProcedure.query(({ ctx }) => listAlerts(ctx.user._id)),
    clear: attendantProcedure.input(alertsClearInput).mutation(async ({ ctx, input }) => {
      await clearAlerts(ctx.user._id, input.protocol);
      return {};
    }),
  }),
  queue: attendantProcedure.input(queueInput).query(({ ctx, input }) => deskQueue(ctx.deps.events, ctx.user._id, input, ctx.deps)),
  get: attendantProcedure.input(protocolInput).query(({ ctx, input }) => openDeskTicket(ctx.deps, ctx, input.protocol)),
  take: attendantProcedure.input(protocolInput).mutation(act('take')),
  assign: attendantProcedure.input(assignInput).mutation(({ ctx, input }) =>
    act('assign')({ ctx, input: { protocol: input.protocol, assigneeId: input.attendantId } })),
  comment: attendantProcedure.input(deskMessageInput).mutation(act('comment')),
  note: attendantProcedure.input(deskMessageInput).mutation(act('note')),
  requestInfo: attendantProcedure.input(deskTextInput).mutation(act('request_info')),
  resolve: attendantProcedure.input(deskTextInput).mutation(act('resolve')),
  close: attendantProcedure.input(closeInput).mutation(({ ctx, input }) => closeDeskTicket(ctx.deps, ctx.user, input)),
  // ---- the attendant's workspace (SPEC §9) ----
  templates: templatesRouter,
});
