// The tracking screen: counters as a 2×2 grid on phones and a row of four on wider screens, and the
// ticket list as cards whose whole surface follows the subject's link.
import { css } from 'lit';

export const ticketsStyles = css`
  .with-action { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-end; justify-content: space-between; }
  .with-action > div { display: grid; gap: 0.5rem; flex: 1 1 16rem; }
  .counters { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 0.75rem; }
  @container (min-width: 40rem) { .counters { grid-template-columns: repeat(4, minmax(0, 1fr)); } }
  .counter {
    appearance: none;
    font: inherit;
    text-align: left;
    display: grid;
    grid-template-rows: 1fr auto;
    align-items: start;
    gap: 0.25rem;
    padding: 0.875rem 1rem;
    border-radius: var(--_radius, 12px);
    border: 1px solid var(--_line, #d5dee3);
    border-top: 4px solid var(--_tone, #7c8b96);
    background: var(--_surface, #fff);
    color: var(--_ink, #1c2b33);
    cursor: pointer;
    min-height: 5rem;
  }
  .counter:hover { border-color: var(--_tone); }
  .counter[aria-pressed='true'] { background: var(--_tone-bg); border-color: var(--_tone); box-shadow: inset 0 0 0 1px var(--_tone); }
  .counter-label { font-size: 0.875rem; font-weight: 600; color: var(--_muted, #4d5f6b); }
  .counter[aria-pressed='true'] .counter-label { color: var(--_ink, #1c2b33); }
  .count { font-size: 1.75rem; font-weight: 700; line-height: 1.1; }
  .counter.open { --_tone: #1d4f91; --_tone-bg: #e3eefc; }
  .counter.pending_professional { --_tone: #7a3e00; --_tone-bg: #fff1d6; }
  .counter.awaiting_approval { --_tone: #5b2d91; --_tone-bg: #efe8fb; }
  .counter.closed { --_tone: #3d4b55; --_tone-bg: #e8edf0; }

  .toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 0.75rem; }
  .toolbar { align-items: flex-start; }
  .tool { display: grid; gap: 0.375rem; flex: 1 1 12rem; }
  .tool.search { flex: 2 1 16rem; }
  .toolbar select { width: auto; min-width: 12rem; max-width: 20rem; }
  .search-row { display: flex; gap: 0.5rem; }
  .search-row input { flex: 1 1 auto; min-width: 0; }
  .list-title { font-weight: 700; margin: 0.5rem 0 -0.25rem; }
  .outcome { font-size: 0.875rem; font-weight: 600; color: var(--_ink, #1c2b33); }

  .list { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.75rem; }
  .item {
    position: relative;
    display: grid;
    gap: 0.375rem;
    padding: 1rem 1.25rem;
    background: var(--_surface, #fff);
    border: 1px solid var(--_line, #d5dee3);
    border-radius: var(--_radius, 12px);
  }
  .item:hover { border-color: var(--_primary, #00666b); box-shadow: 0 2px 8px rgb(15 42 51 / 8%); }
  .item:focus-within { outline: 3px solid var(--_focus, #0b57d0); outline-offset: 2px; }
  .item a:focus-visible { outline: none; }
  .item.waiting { border-left: 6px solid #7a3e00; background: linear-gradient(90deg, #fffaf0, var(--_surface, #fff) 40%); }
  .item-top { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; justify-content: space-between; }
  .protocol { font-variant-numeric: tabular-nums; font-weight: 700; color: var(--_muted, #4d5f6b); font-size: 0.875rem; }
  .item h3 { font-size: 1.0625rem; overflow-wrap: anywhere; }
  .item h3 a { color: var(--_ink, #1c2b33); text-decoration: none; }
  .item h3 a::after { content: ''; position: absolute; inset: 0; border-radius: inherit; }
  .item:hover h3 a { color: var(--_primary, #00666b); text-decoration: underline; }
  .meta { color: var(--_muted, #4d5f6b); font-size: 0.875rem; }
  .badge.deadline { white-space: normal; }
  .empty { display: grid; gap: 1rem; justify-items: start; }
  .placeholder { display: grid; place-items: center; min-height: 8rem; color: var(--_muted, #4d5f6b); }
  .more { display: flex; justify-content: center; }
`;
