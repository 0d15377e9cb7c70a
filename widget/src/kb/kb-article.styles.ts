// An article's body as rendered from Markdown, and the feedback row under it.
import { css } from 'lit';

export const kbArticleStyles = css`
  .body { display: grid; gap: 0.75rem; overflow-wrap: anywhere; }
  .body :is(h1, h2, h3, h4, h5, h6) { font-size: 1.0625rem; margin-top: 0.5rem; }
  .body ul, .body ol { margin: 0; padding-left: 1.5rem; display: grid; gap: 0.25rem; }
  .body blockquote { margin: 0; padding-left: 1rem; border-left: 3px solid var(--_line, #d5dee3); color: var(--_muted, #4d5f6b); }
  .body code { font-family: ui-monospace, monospace; font-size: 0.9em; background: var(--_background, #f3f6f7); padding: 0 0.25rem; border-radius: 4px; }
  .body pre { overflow-x: auto; background: var(--_background, #f3f6f7); padding: 0.75rem; border-radius: 8px; }
  .body table { border-collapse: collapse; }
  .body th, .body td { border: 1px solid var(--_line, #d5dee3); padding: 0.25rem 0.5rem; text-align: left; }
  .feedback { display: grid; gap: 0.5rem; margin-top: 1rem; padding-top: 1rem; border-top: 1px solid var(--_line, #d5dee3); }
  .feedback p { font-weight: 600; }
`;
