// Moving through a picker's options with the arrow keys: down after the last comes back to the
// first, up before the first goes to the last.

/** The next active index for an arrow key, or null when `key` is not one. */
export function arrowStep(key: string, active: number, count: number): number | null {
  if (key === 'ArrowDown') return count ? (active + 1) % count : 0;
  if (key === 'ArrowUp') return count ? (active - 1 + count) % count : 0;
  return null;
}
