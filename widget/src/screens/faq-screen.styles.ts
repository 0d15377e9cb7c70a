// The FAQ screen: search row, tema filter chips and the result list.
import { css } from 'lit';

export const faqStyles = css`
  .search-row { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: end; }
  .search-row .field { flex: 1 1 16rem; }
  .topics { display: flex; flex-wrap: wrap; gap: 0.5rem; }
  .topics .button { min-height: 2.25rem; padding: 0.25rem 0.875rem; border-radius: 999px; }
  .topics .button[aria-pressed='true'] { background: var(--_primary, #00666b); color: var(--_on-primary, #fff); }
  .results { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.75rem; }
  .result { display: grid; gap: 0.25rem; padding: 1rem; border: 1px solid var(--_line, #d5dee3); border-radius: 10px; background: var(--_surface, #fff); }
  .result a { font-weight: 700; font-size: 1.0625rem; }
  .result .topic { font-size: 0.8125rem; color: var(--_muted, #4d5f6b); font-weight: 600; }
  .next { display: grid; gap: 0.5rem; justify-items: start; }
`;
