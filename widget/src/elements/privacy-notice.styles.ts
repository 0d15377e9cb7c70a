// The privacy notice: a quiet tinted box in small type, so it informs without crowding the form.
import { css } from 'lit';

export const privacyNoticeStyles = css`
  .notice {
    display: grid;
    gap: 0.5rem;
    padding: 0.875rem 1rem;
    border-radius: 8px;
    border: 1px solid var(--_line, #d5dee3);
    background: var(--_bg, #f3f6f7);
    font-size: 0.875rem;
  }
  h3 { font-size: 1rem; }
  dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 0.25rem 0.75rem; margin: 0; }
  @container (max-width: 29.99rem) { dl { grid-template-columns: minmax(0, 1fr); } dd + dt { margin-top: 0.375rem; } }
  dt { font-weight: 600; }
  dd { margin: 0; overflow-wrap: anywhere; }
`;
