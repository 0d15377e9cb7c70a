// Minha conta: data and password in one column, the devices beside them on wide widgets; each
// device a row whose facts wrap under its name on phones.
import { css } from 'lit';

export const accountStyles = css`
  .layout { display: grid; gap: 1.25rem; }
  @container (min-width: 56rem) { .layout { grid-template-columns: minmax(0, 3fr) minmax(18rem, 2fr); align-items: start; } }
  .column { display: grid; gap: 1.25rem; min-width: 0; }
  .card { display: grid; gap: 1rem; align-content: start; min-width: 0; }
  .facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr)); gap: 0.875rem 1rem; margin: 0; }
  .facts dt, .session-facts dt { color: var(--_muted, #4d5f6b); font-size: 0.8125rem; }
  .facts dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
  .export { display: grid; gap: 0.75rem; padding-top: 1rem; border-top: 1px solid var(--_line, #d5dee3); }
  .export .alert { margin: 0; }
  .callout.warning { font-size: 0.9375rem; }
  .sessions { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.75rem; }
  .session {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    gap: 0.5rem 1rem;
    align-items: center;
    padding: 0.875rem 1rem;
    border: 1px solid var(--_line, #d5dee3);
    border-radius: 8px;
  }
  .session.current { border-color: var(--_primary, #00666b); background: var(--_accent, #e3f2f1); }
  .session-head, .session-facts { grid-column: 1; }
  .session-head { display: flex; flex-wrap: wrap; gap: 0.25rem 0.625rem; align-items: center; }
  .device { overflow-wrap: anywhere; }
  .badge.this-device { background: var(--_primary, #00666b); color: var(--_on-primary, #fff); }
  .session-facts { display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; margin: 0; font-size: 0.875rem; }
  .session-facts dd { margin: 0; }
  .revoke { grid-column: 2; grid-row: 1 / span 2; }
  @container (max-width: 29.99rem) {
    .session { grid-template-columns: minmax(0, 1fr); }
    .revoke { grid-column: 1; grid-row: auto; justify-self: start; }
  }
  .everywhere { display: grid; gap: 0.5rem; justify-items: start; padding-top: 1rem; border-top: 1px solid var(--_line, #d5dee3); }
  .button.danger { border-color: var(--_danger, #b42318); color: var(--_danger, #b42318); }
  .button.danger:hover { background: var(--_danger-bg, #fdecea); color: var(--_danger, #b42318); }
  .placeholder { display: flex; gap: 0.75rem; align-items: center; color: var(--_muted, #4d5f6b); }
`;
