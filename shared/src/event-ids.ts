// Desk event ids, made by the server and read by the server (a resume's `lastEventId`) and the desk
// (which of two counts is newer): the sequence number, zero-padded so ids sort in delivery order. A
// presence event carries the id of the last ticket event before it plus `.p<n>`, so a resume from it
// starts there.
export const eventIdOfSeq = (seq: number) => String(seq).padStart(12, '0');

const EVENT_ID = /^(\d{1,15})(\.p\d+)?$/;

/** Where a resume from this id starts: the sequence number in any id the server hands out, or null for anything else. */
export function seqOfEventId(id: string | undefined): number | null {
  const match = EVENT_ID.exec(id ?? '');
  return match ? Number(match[1]) : null;
}

/** A ticket event's own place in the sequence, or null (a presence event's id repeats a ticket event's number). */
export function seqOfTicketEventId(id: string | undefined): number | null {
  const match = EVENT_ID.exec(id ?? '');
  return match && !match[2] ? Number(match[1]) : null;
}
