// The action cards of a ticket (answer, comment, approve, reject) and the 1–5 rating.
import { css } from 'lit';

export const actionFormStyles = css`
  /* The card is its own size container: the rating lays out by the card's width, wherever it sits. */
  .action { display: grid; gap: 1rem; container-type: inline-size; }
  .action.approve { border-top: 4px solid var(--_success, #1b6e3c); }
  .action.reject { border-top: 4px solid var(--_warning, #8a4b00); }
  .action.provide_info { border-top: 4px solid #7a3e00; }
  .rating { display: grid; gap: 0.375rem; }
  .star {
    position: relative;
    display: flex;
    align-items: center;
    gap: 0.75rem;
    min-height: 2.75rem;
    padding: 0.375rem 0.75rem;
    border: 1px solid var(--_border, #7c8b96);
    border-radius: 10px;
    cursor: pointer;
    font-weight: 400;
    text-align: center;
    background: var(--_surface, #fff);
  }
  .star input { position: absolute; opacity: 0; width: 1px; height: 1px; }
  .star:hover { border-color: var(--_primary, #00666b); }
  .star:has(input:checked) { background: var(--_primary, #00666b); border-color: var(--_primary, #00666b); color: var(--_on-primary, #fff); }
  .star:has(input:focus-visible) { outline: 3px solid var(--_focus, #0b57d0); outline-offset: 2px; }
  .star-number { font-size: 1.25rem; font-weight: 700; line-height: 1.2; }
  .star-word { font-size: 0.875rem; line-height: 1.2; }
  @container (min-width: 36rem) {
    .rating { grid-template-columns: repeat(5, minmax(0, 1fr)); }
    .star { flex-direction: column; justify-content: center; gap: 0.125rem; padding: 0.5rem 0.25rem; text-align: center; }
    .star-word { font-size: 0.75rem; }
  }
  fieldset.invalid .star { border-color: var(--_danger, #b42318); }
`;
