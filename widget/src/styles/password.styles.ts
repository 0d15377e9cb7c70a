// The new-password strength meter (signup step 2 and password reset).
import { css } from 'lit';

export const passwordStyles = css`
  .strength { display: flex; align-items: center; gap: 0.75rem; min-height: 1.5rem; }
  .bars { display: grid; grid-template-columns: repeat(4, 2rem); gap: 0.25rem; }
  .bars span { height: 0.375rem; border-radius: 999px; background: var(--_line, #d5dee3); }
  .strength[data-score='1'] .bars span:nth-child(-n + 1) { background: var(--_danger, #b42318); }
  .strength[data-score='2'] .bars span:nth-child(-n + 2) { background: var(--_warning, #8a4b00); }
  .strength[data-score='3'] .bars span:nth-child(-n + 3) { background: var(--_primary, #00666b); }
  .strength[data-score='4'] .bars span:nth-child(-n + 4) { background: var(--_success, #1b6e3c); }
`;
