// Desk event ids: the sequence number, zero-padded so ids sort in delivery order. A presence event
// carries the id of the last ticket event before it plus `.p<n>`, so a resume from it starts there.
export const eventIdOfSeq = (seq: number) => String(seq).padStart(12, '0');

/** The sequence number in an id this server handed out, or null for anything else. */
export function seqOfEventId(id: string | undefined): number | null {
  const match = /^(\d{1,15})(\.p\d+)?$/.exec(id ?? '');
  return match ? Number(match[1]) : null;
}
