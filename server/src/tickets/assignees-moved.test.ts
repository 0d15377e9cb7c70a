// Which attendants' "Meus" counts (their tickets not closed) a change may have moved: the instances
// drop exactly those remembered values (queue.service), so a wrong answer here is a stale count there.
import { describe, expect, it } from 'vitest';
import { assigneesMoved } from './desk-events';

const change = (from: string | null, status: string, fromAssigneeId: string | null, assigneeId: string | null) =>
  ({ from, status, fromAssigneeId, assigneeId, assigneeChanged: fromAssigneeId !== assigneeId });

describe('assigneesMoved', () => {
  it('names nobody for a new ticket, a message or a step that keeps the ticket open with the same attendant', () => {
    expect(assigneesMoved(change(null, 'open', null, null))).toEqual([]);
    expect(assigneesMoved(change('in_progress', 'in_progress', 'b', 'b'))).toEqual([]);
    expect(assigneesMoved(change('in_progress', 'pending_professional', 'b', 'b'))).toEqual([]);
    expect(assigneesMoved(change('awaiting_approval', 'in_progress', 'b', 'b'))).toEqual([]);
    expect(assigneesMoved(change('closed', 'closed', 'b', 'b'))).toEqual([]);
  });

  it('names the attendant who takes a ticket, and the one whose ticket closes', () => {
    expect(assigneesMoved(change('open', 'in_progress', null, 'b'))).toEqual(['b']);
    expect(assigneesMoved(change('awaiting_approval', 'closed', 'b', 'b'))).toEqual(['b']);
    expect(assigneesMoved(change('pending_professional', 'closed', 'c', 'c'))).toEqual(['c']);
  });

  it('names both attendants when a ticket changes hands, and neither for a closed ticket', () => {
    expect(assigneesMoved(change('in_progress', 'in_progress', 'b', 'c'))).toEqual(['b', 'c']);
    expect(assigneesMoved(change('open', 'in_progress', 'b', 'c'))).toEqual(['b', 'c']);
    expect(assigneesMoved(change('in_progress', 'in_progress', 'b', null))).toEqual(['b']);
  });

  it('for an entry stored before the previous assignee was kept: everyone on a change of hands, else the assignee', () => {
    expect(assigneesMoved({ status: 'in_progress', assigneeId: 'c', assigneeChanged: true })).toBe('all');
    expect(assigneesMoved({ status: 'closed', assigneeId: 'b', assigneeChanged: false })).toEqual(['b']);
    expect(assigneesMoved({ status: 'open', assigneeId: null, assigneeChanged: false })).toEqual([]);
  });
});
