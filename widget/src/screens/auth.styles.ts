// Layout of the visitor screens (login, signup, password recovery): one narrow column.
import { css } from 'lit';

export const authStyles = css`
  .screen { max-width: 34rem; margin-inline: auto; }
  .switch { text-align: center; }
  .steps { display: flex; gap: 0.5rem; align-items: center; font-size: 0.875rem; color: var(--_muted, #4d5f6b); margin: 0; padding: 0; list-style: none; }
  .steps li { display: flex; align-items: center; gap: 0.5rem; }
  .steps li + li::before { content: ''; width: 1.5rem; height: 2px; background: var(--_line, #d5dee3); }
  .steps .dot { display: inline-grid; place-items: center; width: 1.75rem; height: 1.75rem; border-radius: 50%; border: 2px solid var(--_border, #7c8b96); font-weight: 700; }
  .steps [aria-current='step'] { color: var(--_ink, #1c2b33); font-weight: 700; }
  .steps [aria-current='step'] .dot { background: var(--_primary, #00666b); border-color: var(--_primary, #00666b); color: var(--_on-primary, #fff); }
  .steps .done .dot { border-color: var(--_primary, #00666b); color: var(--_primary, #00666b); }
  .summary { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0; }
  .summary dt { color: var(--_muted, #4d5f6b); }
  .summary dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
  .siccau { font-size: 1.0625rem; }
`;
