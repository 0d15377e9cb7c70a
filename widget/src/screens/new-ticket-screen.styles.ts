// The new-ticket form: the three types as large choice cards, and the description's counter.
import { css } from 'lit';

export const newTicketStyles = css`
  .choices { display: grid; gap: 0.625rem; }
  @container (min-width: 40rem) { .choices { grid-template-columns: repeat(3, minmax(0, 1fr)); } }
  .choice {
    display: flex;
    gap: 0.75rem;
    align-items: flex-start;
    padding: 0.875rem 1rem;
    border: 1px solid var(--_border, #7c8b96);
    border-radius: 10px;
    font-weight: 400;
    cursor: pointer;
    background: var(--_surface, #fff);
  }
  .choice:hover { border-color: var(--_primary, #00666b); }
  .choice:has(input:checked) { border-color: var(--_primary, #00666b); background: var(--_accent, #e3f2f1); box-shadow: inset 0 0 0 1px var(--_primary, #00666b); }
  .choice:has(input:focus-visible) { outline: 3px solid var(--_focus, #0b57d0); outline-offset: 2px; }
  .choice input { width: 1.25rem; height: 1.25rem; margin: 0.125rem 0 0; accent-color: var(--_primary, #00666b); flex: none; }
  .choice input:focus-visible { outline: none; }
  .choice > span { display: grid; gap: 0.125rem; }
  fieldset.invalid .choice { border-color: var(--_danger, #b42318); }
  .counter { text-align: right; font-variant-numeric: tabular-nums; }
  .counter.over { color: var(--_danger, #b42318); font-weight: 600; }
`;
