// Desk event ids: they sort in delivery order as strings, and only ids this server made parse.
import { describe, expect, it } from 'vitest';
import { eventIdOfSeq, seqOfEventId, seqOfTicketEventId } from './event-ids';

describe('desk event ids', () => {
  it('sort as strings in sequence order, presence ids between their ticket event and the next', () => {
    const ids = [eventIdOfSeq(9), eventIdOfSeq(10), `${eventIdOfSeq(10)}.p1`, `${eventIdOfSeq(10)}.p2`, eventIdOfSeq(11), eventIdOfSeq(100_000)];
    expect([...ids].sort()).toEqual(ids);
  });

  it.each([
    ['000000000042', 42],
    ['000000000042.p7', 42],
    ['0', 0],
  ])('%s is event %i', (id, seq) => expect(seqOfEventId(id)).toBe(seq));

  it('only a ticket event\'s own id has a place of its own', () => {
    expect(seqOfTicketEventId('000000000042')).toBe(42);
    expect(seqOfTicketEventId('000000000042.p7')).toBeNull();
  });

  it.each([undefined, '', 'abc', '-1', '42.x', '1e3', '0000000000000000042', ' 42', '42 ', '42.p'])('%j is not an id of ours', (id) => {
    expect(seqOfEventId(id)).toBeNull();
    expect(seqOfTicketEventId(id)).toBeNull();
  });
});
