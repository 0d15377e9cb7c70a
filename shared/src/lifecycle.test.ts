// The ticket lifecycle (SPEC §3), table-driven: every allowed row, every refused pair, the required
// inputs, the deadline rules, allowedEvents against transition(), and purity.
// The expected table below is written from the spec on purpose, independently of LIFECYCLE.

import { describe, expect, it } from 'vitest';
import { CLOSE_REASONS, STATUSES, type CloseReason, type Outcome, type Status } from './labels';
import {
  LIFECYCLE, STATE_TIMEOUTS, TICKET_EVENTS, TURN, acceptsAttachments, actorKind, allowedEvents, isWaiting, transition,
  type ActorKind, type ActorRole, type Effect, type TicketChanges, type TicketCommand, type TicketEvent,
  type TicketSnapshot, type TransitionContext, type TransitionResult,
} from './lifecycle';
import { REASON_MESSAGES } from './reasons';

const NOW = new Date('2026-03-02T13:00:00.000Z');
const HOUR = 3_600_000;
const DEADLINES = {
  pending: new Date('2026-03-09T13:00:00.000Z'),
  approval: new Date('2026-03-10T16:30:00.000Z'),
} as const;
const CTX: TransitionContext = { now: NOW, deadlines: { ...DEADLINES } };
/** A deadline still ahead (the professional may act) and one already passed (the system may expire). */
const FUTURE = new Date(NOW.getTime() + 24 * HOUR);
const PAST = new Date(NOW.getTime() - HOUR);

const ROLES: readonly ActorRole[] = ['professional', 'attendant', 'admin', 'system'];
const ACTOR_IDS: Record<ActorRole, string | null> = { professional: 'pro-1', attendant: 'att-1', admin: 'adm-1', system: null };
const PREVIOUS_ASSIGNEE = 'att-9';

const mail = (template: string) => ({ kind: 'mail', template }) as Effect;
const alert = (kind: string) => ({ kind: 'alert', alert: kind }) as Effect;

/** Valid inputs for every event, so that only the table decides. */
const INPUTS: Record<TicketEvent, Omit<TicketCommand, 'event' | 'actor'>> = {
  create: {},
  take: {},
  assign: { assigneeId: 'att-2' },
  request_info: { message: 'Envie o número do RRT, por favor.' },
  provide_info: { message: 'O número é 1234567.' },
  resolve: { message: 'A anuidade foi recalculada.' },
  approve: { rating: 4, comment: '  Resolvido rapidamente.  ' },
  reject: { message: 'Não entendi: o boleto continua errado.' },
  expire: {},
  close: { closeReason: 'duplicate', message: 'Duplicado do 2026-000041.' },
  note: { message: 'Ligar para o setor de registro.' },
  comment: { message: 'Mais uma informação.' },
};

function command(event: TicketEvent, role: ActorRole, extra: Partial<TicketCommand> = {}): TicketCommand {
  // The system closes only for its own reason (row 15), with no message.
  const inputs = role === 'system' && event === 'close' ? { closeReason: 'account_anonymized' as const } : INPUTS[event];
  return { event, actor: { role, id: ACTOR_IDS[role] }, ...inputs, ...extra };
}

/** A realistic ticket in each state; `deadline` picks a waiting state's deadline. */
function snapshotIn(status: Status, deadline: 'future' | 'past' = 'future', overrides: Partial<TicketSnapshot> = {}): TicketSnapshot {
  const waiting = status === 'pending_professional' || status === 'awaiting_approval';
  const base: Record<Status, TicketSnapshot> = {
    open: { status, assigneeId: null, deadlineAt: null, outcome: null, answered: false },
    in_progress: { status, assigneeId: PREVIOUS_ASSIGNEE, deadlineAt: null, outcome: null, answered: true },
    pending_professional: { status, assigneeId: PREVIOUS_ASSIGNEE, deadlineAt: null, outcome: null, answered: false },
    awaiting_approval: { status, assigneeId: PREVIOUS_ASSIGNEE, deadlineAt: null, outcome: null, answered: false },
    closed: { status, assigneeId: PREVIOUS_ASSIGNEE, deadlineAt: null, outcome: 'approved', answered: false },
  };
  const snap = { ...base[status] };
  if (waiting) snap.deadlineAt = new Date((deadline === 'future' ? FUTURE : PAST).getTime());
  return { ...snap, ...overrides };
}

function expectOk(result: TransitionResult): Extract<TransitionResult, { ok: true }> {
  if (!result.ok) throw new Error(`expected success, got ${result.reason}: ${result.message}`);
  return result;
}

function expectRefused(result: TransitionResult): Extract<TransitionResult, { ok: false }> {
  if (result.ok) throw new Error(`expected a refusal, got ${result.from} → ${result.to}`);
  expect(result).not.toHaveProperty('changes');
  expect(result.message.length).toBeGreaterThan(10);
  return result;
}

// ---------------------------------------------------------------------------------------------
// The table of SPEC §3, with the changes each row makes. `from: null` is a ticket being created.

type From = Status | null;
interface SpecRow {
  n: number;
  actor: ActorKind;
  event: TicketEvent;
  from: readonly From[];
  to: Status | 'same';
  outcome?: Outcome;
  effects: readonly Effect[];
  /** The row's own changes besides status, deadline and closing (which are checked for every row). */
  own: (snap: TicketSnapshot | null, actorId: string | null) => TicketChanges;
}

const WORKING = ['open', 'in_progress'] as const;

const SPEC: readonly SpecRow[] = [
  { n: 1, actor: 'professional', event: 'create', from: [null], to: 'open', effects: [mail('ticket_created'), alert('new_ticket')],
    own: () => ({ assigneeId: null, outcome: null, answered: false, waitingSince: NOW }) },
  { n: 2, actor: 'attendant', event: 'take', from: ['open'], to: 'in_progress', effects: [],
    own: (_s, id) => ({ assigneeId: id }) },
  { n: 3, actor: 'attendant', event: 'request_info', from: WORKING, to: 'pending_professional', effects: [mail('info_requested')],
    own: (s, id) => ({ assigneeId: s!.assigneeId ?? id, answered: false, waitingSince: null }) },
  { n: 4, actor: 'professional', event: 'provide_info', from: ['pending_professional'], to: 'in_progress', effects: [alert('answered')],
    own: () => ({ answered: true, waitingSince: NOW }) },
  { n: 5, actor: 'attendant', event: 'resolve', from: WORKING, to: 'awaiting_approval', effects: [mail('solution_proposed')],
    own: (s, id) => ({ assigneeId: s!.assigneeId ?? id, answered: false, waitingSince: null }) },
  { n: 6, actor: 'professional', event: 'approve', from: ['awaiting_approval'], to: 'closed', outcome: 'approved', effects: [],
    own: () => ({ rating: 4, ratingComment: 'Resolvido rapidamente.' }) },
  { n: 7, actor: 'professional', event: 'reject', from: ['awaiting_approval'], to: 'in_progress', effects: [alert('rejected')],
    own: () => ({ answered: true, waitingSince: NOW }) },
  { n: 8, actor: 'system', event: 'expire', from: ['pending_professional'], to: 'closed', outcome: 'no_response',
    effects: [mail('closed_no_response')], own: () => ({}) },
  { n: 9, actor: 'system', event: 'expire', from: ['awaiting_approval'], to: 'closed', outcome: 'approval_timeout',
    effects: [mail('closed_approval_timeout')], own: () => ({}) },
  { n: 10, actor: 'attendant', event: 'close', from: WORKING, to: 'closed', outcome: 'cancelled', effects: [mail('closed_cancelled')],
    own: () => ({ closeReason: 'duplicate' }) },
  { n: 11, actor: 'attendant', event: 'note', from: ['open', 'in_progress', 'pending_professional', 'awaiting_approval'], to: 'same',
    effects: [], own: () => ({}) },
  { n: 12, actor: 'attendant', event: 'comment', from: WORKING, to: 'same', effects: [mail('desk_comment')],
    own: () => ({ answered: false }) },
  { n: 13, actor: 'professional', event: 'comment', from: WORKING, to: 'same', effects: [alert('commented')],
    own: () => ({ answered: true }) },
  { n: 14, actor: 'attendant', event: 'assign', from: WORKING, to: 'in_progress', effects: [],
    own: () => ({ assigneeId: 'att-2' }) },
  // Not in SPEC §3 (docs/lifecycle.md): anonymising a professional closes whatever is still open, with no mail.
  { n: 15, actor: 'system', event: 'close', from: ['open', 'in_progress', 'pending_professional', 'awaiting_approval'], to: 'closed',
    outcome: 'cancelled', effects: [], own: () => ({ closeReason: 'account_anonymized' }) },
];

const rolesOf = (kind: ActorKind): ActorRole[] => (kind === 'attendant' ? ['attendant', 'admin'] : [kind]);
const specRowFor = (event: TicketEvent, kind: ActorKind, from: From) =>
  SPEC.find((r) => r.event === event && r.actor === kind && r.from.includes(from));

/** Everything a successful step must change, derived from the spec's wording. */
function expectedChanges(row: SpecRow, snap: TicketSnapshot | null, actorId: string | null): TicketChanges {
  const from = snap?.status ?? null;
  const to = row.to === 'same' ? from! : row.to;
  const changes: TicketChanges = { status: to };
  if (to !== from) {
    // Entering a waiting state sets its deadline; any other move clears it.
    changes.deadlineAt = to === 'pending_professional' ? DEADLINES.pending : to === 'awaiting_approval' ? DEADLINES.approval : null;
  }
  if (row.outcome) Object.assign(changes, { outcome: row.outcome, closedAt: NOW, answered: false, waitingSince: null });
  return { ...changes, ...row.own(snap, actorId) };
}

const ALLOWED_CASES = SPEC.flatMap((row) =>
  row.from.flatMap((from) =>
    rolesOf(row.actor).map((role) => ({ label: `#${row.n} ${role} ${row.event} from ${from ?? '(new)'}`, row, from, role })),
  ),
);

describe('LIFECYCLE is the table of SPEC §3', () => {
  it('has exactly the 14 rows of the spec and row 15, with their actors, events, origins and targets', () => {
    expect(LIFECYCLE.map((r) => r.n)).toEqual(SPEC.map((r) => r.n));
    for (const spec of SPEC) {
      const row = LIFECYCLE.find((r) => r.n === spec.n)!;
      expect({ n: row.n, actor: row.actor, event: row.event, from: [...row.from].sort(), to: row.to }).toEqual({
        n: spec.n, actor: spec.actor, event: spec.event, from: spec.from.filter((f) => f !== null).sort(), to: spec.to,
      });
      expect(row.outcome).toBe(spec.outcome);
      expect(row.effects).toEqual(spec.effects);
    }
  });

  it('never lets two rows of the same actor and event share an origin (the step is deterministic)', () => {
    for (const a of LIFECYCLE) {
      for (const b of LIFECYCLE) {
        if (a === b || a.actor !== b.actor || a.event !== b.event) continue;
        expect(a.from.filter((s) => b.from.includes(s)), `rows ${a.n} and ${b.n}`).toEqual([]);
      }
    }
  });

  it('never leaves closed, and every closing row has an outcome', () => {
    for (const row of LIFECYCLE) {
      expect(row.from).not.toContain('closed');
      if (row.to === 'closed') expect(row.outcome).toBeDefined();
      else expect(row.outcome).toBeUndefined();
    }
  });

  it('declares the required inputs of the spec', () => {
    const requires = Object.fromEntries(LIFECYCLE.map((r) => [r.n, [...r.requires].sort()]));
    expect(requires).toEqual({
      1: [], 2: [], 3: ['message'], 4: ['message'], 5: ['message'], 6: ['rating'], 7: ['message'], 8: [], 9: [],
      10: ['close_reason', 'message'], 11: ['message'], 12: ['message'], 13: ['message'], 14: ['assignee'], 15: ['close_reason'],
    });
  });

  it('sends notes to the internal thread only', () => {
    for (const row of LIFECYCLE) expect(row.message === 'internal').toBe(row.event === 'note');
  });

  it('names the timeouts of the two waiting states and whose turn each state is', () => {
    expect(STATE_TIMEOUTS).toEqual({ pending_professional: 'pending', awaiting_approval: 'approval' });
    expect(TURN).toEqual({
      open: 'attendant', in_progress: 'attendant', pending_professional: 'professional', awaiting_approval: 'professional', closed: null,
    });
  });

  it('treats admins as attendants', () => {
    expect(actorKind('admin')).toBe('attendant');
    expect(actorKind('attendant')).toBe('attendant');
    expect(actorKind('professional')).toBe('professional');
    expect(actorKind('system')).toBe('system');
  });
});

describe('(a) every allowed row succeeds with its target, outcome, effects and changes', () => {
  it.each(ALLOWED_CASES)('$label', ({ row, from, role }) => {
    const snap = from === null ? null : snapshotIn(from, role === 'system' ? 'past' : 'future');
    const result = expectOk(transition(snap, command(row.event, role), CTX));
    const to = row.to === 'same' ? from! : row.to;
    expect(result.from).toBe(from);
    expect(result.to).toBe(to);
    expect(result.row.n).toBe(row.n);
    expect(result.effects).toEqual(row.effects);
    expect(result.changes).toEqual(expectedChanges(row, snap, ACTOR_IDS[role]));
  });

  it('covers every row and both staff roles', () => {
    expect(new Set(ALLOWED_CASES.map((c) => c.row.n)).size).toBe(15);
    // Rows × origins, staff rows once as attendant and once as admin: 1+2+4+1+4+1+1+1+1+4+8+4+2+4+4.
    expect(ALLOWED_CASES).toHaveLength(42);
    expect(ALLOWED_CASES.filter((c) => c.role === 'admin')).toHaveLength(15);
  });

  it('sets the pending deadline on request_info and the approval deadline on resolve', () => {
    const asked = expectOk(transition(snapshotIn('open'), command('request_info', 'attendant'), CTX));
    expect(asked.changes.deadlineAt?.getTime()).toBe(DEADLINES.pending.getTime());
    const solved = expectOk(transition(snapshotIn('in_progress'), command('resolve', 'admin'), CTX));
    expect(solved.changes.deadlineAt?.getTime()).toBe(DEADLINES.approval.getTime());
  });

  it('clears the deadline on leaving a waiting state, whatever the way out', () => {
    const exits: Array<[Status, TicketEvent, ActorRole, 'future' | 'past']> = [
      ['pending_professional', 'provide_info', 'professional', 'future'],
      ['awaiting_approval', 'reject', 'professional', 'future'],
      ['awaiting_approval', 'approve', 'professional', 'future'],
      ['pending_professional', 'expire', 'system', 'past'],
      ['awaiting_approval', 'expire', 'system', 'past'],
    ];
    for (const [status, event, role, deadline] of exits) {
      const result = expectOk(transition(snapshotIn(status, deadline), command(event, role), CTX));
      expect(result.changes, `${status} ${event}`).toHaveProperty('deadlineAt', null);
    }
  });

  it('keeps the deadline when a note is written on a waiting ticket', () => {
    const result = expectOk(transition(snapshotIn('pending_professional'), command('note', 'attendant'), CTX));
    expect(result.to).toBe('pending_professional');
    expect(result.changes).not.toHaveProperty('deadlineAt');
  });

  it('gives the ticket to whoever takes it, and to the chosen attendant on assign', () => {
    expect(expectOk(transition(snapshotIn('open'), command('take', 'attendant'), CTX)).changes.assigneeId).toBe('att-1');
    expect(expectOk(transition(snapshotIn('open'), command('take', 'admin'), CTX)).changes.assigneeId).toBe('adm-1');
    const reassigned = expectOk(transition(snapshotIn('in_progress'), command('assign', 'admin', { assigneeId: 'att-7' }), CTX));
    expect(reassigned.changes.assigneeId).toBe('att-7');
    expect(reassigned.to).toBe('in_progress');
  });

  it('moves an open ticket to in_progress on assign (row 14: same, open → in_progress)', () => {
    const result = expectOk(transition(snapshotIn('open'), command('assign', 'attendant'), CTX));
    expect(result.from).toBe('open');
    expect(result.to).toBe('in_progress');
  });

  it('keeps the current assignee when another attendant answers, and assigns the answerer when nobody had it', () => {
    const kept = expectOk(transition(snapshotIn('in_progress'), command('resolve', 'attendant'), CTX));
    expect(kept.changes.assigneeId).toBe(PREVIOUS_ASSIGNEE);
    const claimed = expectOk(transition(snapshotIn('open'), command('request_info', 'attendant'), CTX));
    expect(claimed.changes.assigneeId).toBe('att-1');
  });

  it('flags "respondido" when the professional speaks and clears it when the desk answers', () => {
    const flags: Array<[Status, TicketEvent, ActorRole, boolean]> = [
      ['pending_professional', 'provide_info', 'professional', true],
      ['awaiting_approval', 'reject', 'professional', true],
      ['open', 'comment', 'professional', true],
      ['in_progress', 'comment', 'attendant', false],
      ['in_progress', 'resolve', 'attendant', false],
      ['in_progress', 'request_info', 'admin', false],
      ['in_progress', 'close', 'attendant', false],
    ];
    for (const [status, event, role, answered] of flags) {
      const result = expectOk(transition(snapshotIn(status), command(event, role), CTX));
      expect(result.changes.answered, `${role} ${event} from ${status}`).toBe(answered);
    }
  });

  it('leaves the "respondido" flag alone on an internal note, a take or an assign (nobody answered)', () => {
    for (const event of ['note', 'take', 'assign'] as const) {
      const result = expectOk(transition({ ...snapshotIn('open'), answered: true }, command(event, 'attendant'), CTX));
      expect(result.changes, event).not.toHaveProperty('answered');
    }
  });

  it('records closedAt = now and the outcome on every way to closed', () => {
    const closings: Array<[Status, TicketEvent, ActorRole, 'future' | 'past', Outcome]> = [
      ['awaiting_approval', 'approve', 'professional', 'future', 'approved'],
      ['pending_professional', 'expire', 'system', 'past', 'no_response'],
      ['awaiting_approval', 'expire', 'system', 'past', 'approval_timeout'],
      ['open', 'close', 'attendant', 'future', 'cancelled'],
      ['in_progress', 'close', 'admin', 'future', 'cancelled'],
    ];
    for (const [status, event, role, deadline, outcome] of closings) {
      const result = expectOk(transition(snapshotIn(status, deadline), command(event, role), CTX));
      expect(result.to).toBe('closed');
      expect(result.changes.outcome).toBe(outcome);
      expect(result.changes.closedAt?.getTime()).toBe(NOW.getTime());
    }
  });

  it('keeps the rating and a trimmed comment on approve, or null without a comment', () => {
    const withComment = expectOk(transition(snapshotIn('awaiting_approval'), command('approve', 'professional', { rating: 5 }), CTX));
    expect(withComment.changes).toMatchObject({ rating: 5, ratingComment: 'Resolvido rapidamente.' });
    const bare = expectOk(transition(snapshotIn('awaiting_approval'), command('approve', 'professional', { rating: 1, comment: '   ' }), CTX));
    expect(bare.changes).toMatchObject({ rating: 1, ratingComment: null });
  });

  it.each(CLOSE_REASONS)('records the close reason %s', (closeReason) => {
    const result = expectOk(transition(snapshotIn('open'), command('close', 'attendant', { closeReason }), CTX));
    expect(result.changes.closeReason).toBe(closeReason);
  });
});

// ---------------------------------------------------------------------------------------------

const STATES: readonly From[] = [null, ...STATUSES];

const MATRIX = STATES.flatMap((from) =>
  TICKET_EVENTS.flatMap((event) =>
    ROLES.map((role) => {
      const kind = actorKind(role);
      const hasRows = SPEC.some((r) => r.event === event && r.actor === kind);
      const row = specRowFor(event, kind, from);
      const expected = !hasRows ? 'forbidden' : row ? 'ok' : 'invalid_transition';
      return { label: `${role} ${event} on ${from ?? '(new)'} → ${expected}`, from, event, role, expected };
    }),
  ),
);

describe('(b) every pair outside the table is refused, and nothing else', () => {
  it.each(MATRIX)('$label', ({ from, event, role, expected }) => {
    // Deadlines are ahead for people and passed for the system, so only the table decides.
    const snap = from === null ? null : snapshotIn(from, role === 'system' ? 'past' : 'future');
    const result = transition(snap, command(event, role), CTX);
    if (expected === 'ok') {
      expect(expectOk(result).to).toBeDefined();
      return;
    }
    expect(expectRefused(result).reason).toBe(expected);
  });

  it('covers all statuses × events × roles', () => {
    expect(MATRIX).toHaveLength((STATUSES.length + 1) * TICKET_EVENTS.length * ROLES.length);
    expect(MATRIX.filter((c) => c.expected === 'ok')).toHaveLength(ALLOWED_CASES.length);
    expect(MATRIX.some((c) => c.expected === 'forbidden')).toBe(true);
    expect(MATRIX.some((c) => c.expected === 'invalid_transition')).toBe(true);
  });

  it('uses the stable pt-BR messages for forbidden and invalid transitions', () => {
    const forbidden = expectRefused(transition(snapshotIn('open'), command('take', 'professional'), CTX));
    expect(forbidden.message).toBe(REASON_MESSAGES.forbidden);
    const invalid = expectRefused(transition(snapshotIn('pending_professional'), command('resolve', 'attendant'), CTX));
    expect(invalid.reason).toBe('invalid_transition');
    expect(invalid.message).toBe(REASON_MESSAGES.invalid_transition);
  });

  it('refuses creating a ticket that already exists, and every non-create event on a ticket that does not', () => {
    expect(expectRefused(transition(snapshotIn('open'), command('create', 'professional'), CTX)).reason).toBe('invalid_transition');
    for (const event of TICKET_EVENTS.filter((e) => e !== 'create')) {
      for (const role of ROLES) expect(transition(null, command(event, role), CTX).ok, `${role} ${event}`).toBe(false);
    }
  });

  it('only lets the system expire and close (row 15), and only lets the system expire', () => {
    for (const event of TICKET_EVENTS.filter((e) => e !== 'expire' && e !== 'close')) {
      const result = expectRefused(transition(snapshotIn('pending_professional', 'past'), command(event, 'system'), CTX));
      expect(result.reason).toBe('forbidden');
    }
    for (const role of ['professional', 'attendant', 'admin'] as const) {
      const result = expectRefused(transition(snapshotIn('pending_professional', 'past'), command('expire', role), CTX));
      expect(result.reason).toBe('forbidden');
    }
  });

  describe('closed never reopens', () => {
    it.each(ROLES)('%s can do nothing on a closed ticket, with a message pointing to a new ticket', (role) => {
      for (const closedSnap of [snapshotIn('closed'), snapshotIn('closed', 'past', { deadlineAt: PAST })]) {
        for (const event of TICKET_EVENTS) {
          const result = expectRefused(transition(closedSnap, command(event, role), CTX));
          expect(['forbidden', 'invalid_transition']).toContain(result.reason);
          if (result.reason === 'invalid_transition') expect(result.message).toMatch(/novo chamado/i);
        }
        expect(allowedEvents(closedSnap, role, NOW)).toEqual([]);
      }
    });
  });
});

// ---------------------------------------------------------------------------------------------

describe('(c) missing or invalid required inputs → invalid_input', () => {
  const MESSAGE_CASES: Array<[TicketEvent, ActorRole, Status]> = [
    ['request_info', 'attendant', 'open'],
    ['request_info', 'admin', 'in_progress'],
    ['provide_info', 'professional', 'pending_professional'],
    ['resolve', 'attendant', 'in_progress'],
    ['reject', 'professional', 'awaiting_approval'],
    ['close', 'attendant', 'open'],
    ['note', 'attendant', 'awaiting_approval'],
    ['comment', 'attendant', 'open'],
    ['comment', 'professional', 'in_progress'],
  ];

  describe.each(MESSAGE_CASES)('%s by %s on %s', (event, role, status) => {
    it.each([
      ['without a message', undefined],
      ['with an empty message', ''],
      ['with a blank message', ' \n\t '],
    ])('is refused %s', (_label, message) => {
      const result = expectRefused(transition(snapshotIn(status), command(event, role, { message }), CTX));
      expect(result.reason).toBe('invalid_input');
      expect(result.message).toMatch(/mensagem/i);
    });
  });

  it.each([
    ['missing', undefined],
    ['0', 0],
    ['6', 6],
    ['-1', -1],
    ['2.5', 2.5],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
  ])('refuses approve with rating %s', (_label, rating) => {
    const result = expectRefused(transition(snapshotIn('awaiting_approval'), command('approve', 'professional', { rating }), CTX));
    expect(result.reason).toBe('invalid_input');
    expect(result.message).toMatch(/nota/i);
  });

  it.each([1, 2, 3, 4, 5])('accepts approve with rating %i', (rating) => {
    expect(expectOk(transition(snapshotIn('awaiting_approval'), command('approve', 'professional', { rating }), CTX)).changes.rating).toBe(rating);
  });

  it.each([
    ['missing', undefined],
    ['unknown', 'spam'],
    ['empty', ''],
  ])('refuses close with a %s reason', (_label, closeReason) => {
    const cmd = command('close', 'attendant', { closeReason: closeReason as CloseReason | undefined });
    const result = expectRefused(transition(snapshotIn('in_progress'), cmd, CTX));
    expect(result.reason).toBe('invalid_input');
    expect(result.message).toMatch(/motivo/i);
  });

  it('refuses close with a valid reason but no message', () => {
    const result = expectRefused(transition(snapshotIn('open'), command('close', 'attendant', { message: undefined }), CTX));
    expect(result.reason).toBe('invalid_input');
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
  ])('refuses assign with a %s attendant', (_label, assigneeId) => {
    const result = expectRefused(transition(snapshotIn('open'), command('assign', 'admin', { assigneeId }), CTX));
    expect(result.reason).toBe('invalid_input');
    expect(result.message).toMatch(/atendente/i);
  });

  it('checks permission and state before inputs', () => {
    const noInputs = (event: TicketEvent, role: ActorRole): TicketCommand => ({ event, actor: { role, id: ACTOR_IDS[role] } });
    expect(expectRefused(transition(snapshotIn('open'), noInputs('resolve', 'professional'), CTX)).reason).toBe('forbidden');
    expect(expectRefused(transition(snapshotIn('closed'), noInputs('comment', 'attendant'), CTX)).reason).toBe('invalid_transition');
    expect(expectRefused(transition(snapshotIn('pending_professional'), noInputs('resolve', 'attendant'), CTX)).reason).toBe('invalid_transition');
    expect(expectRefused(transition(snapshotIn('awaiting_approval', 'past'), noInputs('approve', 'professional'), CTX)).reason).toBe('invalid_transition');
  });

  it('needs no input for take, create and expire', () => {
    const bare = (event: TicketEvent, role: ActorRole): TicketCommand => ({ event, actor: { role, id: ACTOR_IDS[role] } });
    expect(transition(snapshotIn('open'), bare('take', 'attendant'), CTX).ok).toBe(true);
    expect(transition(null, bare('create', 'professional'), CTX).ok).toBe(true);
    expect(transition(snapshotIn('pending_professional', 'past'), bare('expire', 'system'), CTX).ok).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------

describe('(d) deadlines', () => {
  const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs);
  const WAITING = ['pending_professional', 'awaiting_approval'] as const;

  describe.each(WAITING)('system expire on %s', (status) => {
    it.each([
      ['a minute before the deadline', 60_000],
      ['1 ms before the deadline', 1],
      ['a day before the deadline', 24 * HOUR],
    ])('is refused %s', (_label, ahead) => {
      const result = expectRefused(transition(snapshotIn(status, 'future', { deadlineAt: at(ahead) }), command('expire', 'system'), CTX));
      expect(result.reason).toBe('invalid_transition');
      expect(result.message).toMatch(/ainda não terminou/);
    });

    it('is refused when the ticket has no deadline at all', () => {
      const result = expectRefused(transition(snapshotIn(status, 'future', { deadlineAt: null }), command('expire', 'system'), CTX));
      expect(result.reason).toBe('invalid_transition');
    });

    it.each([
      ['exactly at the deadline', 0],
      ['1 ms after the deadline', -1],
      ['days after the deadline', -72 * HOUR],
    ])('is accepted %s', (_label, ahead) => {
      const result = expectOk(transition(snapshotIn(status, 'future', { deadlineAt: at(ahead) }), command('expire', 'system'), CTX));
      expect(result.to).toBe('closed');
      expect(result.changes.outcome).toBe(status === 'pending_professional' ? 'no_response' : 'approval_timeout');
    });
  });

  const PROFESSIONAL_ACTIONS: Array<[Status, TicketEvent]> = [
    ['pending_professional', 'provide_info'],
    ['awaiting_approval', 'approve'],
    ['awaiting_approval', 'reject'],
  ];

  describe.each(PROFESSIONAL_ACTIONS)('professional action on %s: %s', (status, event) => {
    it.each([
      ['exactly at the deadline', 0],
      ['1 ms after the deadline', -1],
      ['a day after the deadline', -24 * HOUR],
    ])('is refused %s', (_label, ahead) => {
      const result = expectRefused(transition(snapshotIn(status, 'future', { deadlineAt: at(ahead) }), command(event, 'professional'), CTX));
      expect(result.reason).toBe('invalid_transition');
      expect(result.message).toMatch(/prazo/i);
    });

    it('is accepted 1 ms before the deadline', () => {
      expect(transition(snapshotIn(status, 'future', { deadlineAt: at(1) }), command(event, 'professional'), CTX).ok).toBe(true);
    });
  });

  it('lets staff still write an internal note on an overdue waiting ticket', () => {
    for (const status of WAITING) {
      expect(transition(snapshotIn(status, 'past'), command('note', 'attendant'), CTX).ok).toBe(true);
    }
  });

  it('the expiry wins over a late professional, and the professional wins while in time (one of them, never both)', () => {
    for (const status of WAITING) {
      for (const deadlineAt of [at(-1), at(0), at(1)]) {
        const snap = snapshotIn(status, 'future', { deadlineAt });
        const expire = transition(snap, command('expire', 'system'), CTX).ok;
        const act = transition(snap, command(status === 'pending_professional' ? 'provide_info' : 'approve', 'professional'), CTX).ok;
        expect(expire !== act, `${status} deadline ${deadlineAt.toISOString()}`).toBe(true);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe('(e) allowedEvents matches transition()', () => {
  const SNAPSHOTS: Array<[string, TicketSnapshot]> = [
    ...STATUSES.map((s): [string, TicketSnapshot] => [`${s} (deadline ahead)`, snapshotIn(s, 'future')]),
    ...STATUSES.map((s): [string, TicketSnapshot] => [`${s} (deadline passed)`, snapshotIn(s, 'past')]),
    ['pending_professional (deadline exactly now)', snapshotIn('pending_professional', 'future', { deadlineAt: new Date(NOW) })],
    ['awaiting_approval (no deadline)', snapshotIn('awaiting_approval', 'future', { deadlineAt: null })],
  ];
  const CASES = SNAPSHOTS.flatMap(([label, snap]) => ROLES.map((role) => ({ label: `${role} on ${label}`, snap, role })));

  it.each(CASES)('$label', ({ snap, role }) => {
    const allowed = allowedEvents(snap, role, NOW);
    expect(new Set(allowed).size, 'no duplicates').toBe(allowed.length);
    const accepted = TICKET_EVENTS.filter((event) => transition(snap, command(event, role), CTX).ok);
    expect([...allowed].sort()).toEqual([...accepted].sort());
  });

  it('gives the expected actions for typical screens', () => {
    const sorted = (events: TicketEvent[]) => [...events].sort();
    expect(sorted(allowedEvents(snapshotIn('open'), 'attendant', NOW))).toEqual(
      sorted(['take', 'request_info', 'resolve', 'close', 'note', 'comment', 'assign']),
    );
    expect(sorted(allowedEvents(snapshotIn('in_progress'), 'admin', NOW))).toEqual(
      sorted(['request_info', 'resolve', 'close', 'note', 'comment', 'assign']),
    );
    expect(allowedEvents(snapshotIn('pending_professional'), 'professional', NOW)).toEqual(['provide_info']);
    expect(sorted(allowedEvents(snapshotIn('awaiting_approval'), 'professional', NOW))).toEqual(['approve', 'reject']);
    expect(allowedEvents(snapshotIn('awaiting_approval', 'past'), 'professional', NOW)).toEqual([]);
    expect(allowedEvents(snapshotIn('pending_professional'), 'attendant', NOW)).toEqual(['note']);
    expect(allowedEvents(snapshotIn('pending_professional', 'past'), 'system', NOW)).toEqual(['expire', 'close']);
    expect(allowedEvents(snapshotIn('pending_professional', 'future'), 'system', NOW)).toEqual(['close']);
    expect(allowedEvents(snapshotIn('closed'), 'system', NOW)).toEqual([]);
    expect(allowedEvents(snapshotIn('open'), 'professional', NOW)).toEqual(['comment']);
  });

  it('uses the time it is given, not the clock', () => {
    const snap = snapshotIn('awaiting_approval', 'future');
    expect(allowedEvents(snap, 'professional', NOW).length).toBeGreaterThan(0);
    expect(allowedEvents(snap, 'professional', new Date(FUTURE.getTime()))).toEqual([]);
    expect(allowedEvents(snap, 'system', new Date(FUTURE.getTime()))).toEqual(['expire', 'close']);
  });
});

// ---------------------------------------------------------------------------------------------

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

describe('(f) transition is pure', () => {
  it.each(MATRIX.filter((c) => c.from !== null))('does not touch its inputs: $label', ({ from, event, role }) => {
    const snap = snapshotIn(from!, role === 'system' ? 'past' : 'future');
    const cmd = command(event, role);
    const ctx: TransitionContext = { now: new Date(NOW), deadlines: { pending: new Date(DEADLINES.pending), approval: new Date(DEADLINES.approval) } };
    const before = structuredClone({ snap, cmd, ctx });
    const first = transition(deepFreeze(snap), deepFreeze(cmd), deepFreeze(ctx));
    // Date internals are not covered by freezing: compare them by value.
    expect({ snap, cmd, ctx }).toEqual(before);
    expect(transition(snap, cmd, ctx)).toEqual(first);
  });

  it('does not touch its inputs on create either', () => {
    const cmd = deepFreeze(command('create', 'professional'));
    const ctx = deepFreeze({ now: new Date(NOW), deadlines: { ...DEADLINES } });
    expect(transition(null, cmd, ctx).ok).toBe(true);
    expect(ctx.now.getTime()).toBe(NOW.getTime());
  });

  it('does not change the table while stepping through it', () => {
    const before = structuredClone(LIFECYCLE);
    for (const c of MATRIX) {
      transition(c.from === null ? null : snapshotIn(c.from, c.role === 'system' ? 'past' : 'future'), command(c.event, c.role), CTX);
    }
    expect(LIFECYCLE).toEqual(before);
  });

  it('returns a fresh changes object every time', () => {
    const snap = snapshotIn('open');
    const a = expectOk(transition(snap, command('take', 'attendant'), CTX));
    const b = expectOk(transition(snap, command('take', 'attendant'), CTX));
    expect(a.changes).not.toBe(b.changes);
    expect(a.changes).toEqual(b.changes);
  });
});

describe('the rules beside the table, read from it', () => {
  // SPEC §5: files go with the professional's complement and comments, and with the desk's comments and notes.
  it.each(TICKET_EVENTS.map((event) => [event, ['provide_info', 'comment', 'note'].includes(event)] as const))(
    '%s takes attachments: %s', (event, expected) => {
      expect(acceptsAttachments(event)).toBe(expected);
    },
  );

  // The two states that wait on the professional, each with a deadline (SPEC §3).
  it.each(STATUSES.map((status) => [status, status === 'pending_professional' || status === 'awaiting_approval'] as const))(
    '%s is waiting on the professional: %s', (status, expected) => {
      expect(isWaiting(status)).toBe(expected);
      expect(isWaiting(status)).toBe(STATE_TIMEOUTS[status] !== undefined);
    },
  );
});

describe('row 15: the system closes the tickets of an anonymised professional', () => {
  it.each(['open', 'in_progress', 'pending_professional', 'awaiting_approval'] as const)('from %s, before any deadline, with no mail', (status) => {
    const result = expectOk(transition(snapshotIn(status, 'future'), command('close', 'system'), CTX));
    expect(result.to).toBe('closed');
    expect(result.changes).toMatchObject({ outcome: 'cancelled', closeReason: 'account_anonymized', deadlineAt: null, closedAt: NOW });
    expect(result.effects).toEqual([]);
  });

  it('refuses any reason but its own, and staff cannot give that one', () => {
    expect(expectRefused(transition(snapshotIn('open'), command('close', 'system', { closeReason: 'duplicate' }), CTX)).reason).toBe('invalid_input');
    expect(expectRefused(transition(snapshotIn('open'), command('close', 'system', { closeReason: undefined }), CTX)).reason).toBe('invalid_input');
    expect(expectRefused(transition(snapshotIn('open'), command('close', 'admin', { closeReason: 'account_anonymized' }), CTX)).reason).toBe('invalid_input');
  });
});
