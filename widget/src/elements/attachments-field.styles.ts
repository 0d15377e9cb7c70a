// The attachments field: a dashed drop zone with the picker button, and one row per file.
import { css } from 'lit';

export const attachmentsStyles = css`
  .dropzone {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: center;
    gap: 0.5rem 0.75rem;
    padding: 1.25rem 1rem;
    border: 2px dashed var(--_border, #7c8b96);
    border-radius: var(--_radius, 12px);
    background: var(--_bg, #f3f6f7);
    color: var(--_muted, #4d5f6b);
    text-align: center;
  }
  .dropzone.dragging { border-color: var(--_primary, #00666b); background: var(--_accent, #e3f2f1); color: var(--_ink, #1c2b33); }
  .dropzone svg { color: var(--_primary, #00666b); }
  input[type='file']:focus-visible + label { outline: 3px solid var(--_focus, #0b57d0); outline-offset: 2px; }
  .files { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.5rem; }
  .file {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    align-items: center;
    gap: 0.25rem 0.75rem;
    padding: 0.5rem 0.5rem 0.5rem 0.875rem;
    border: 1px solid var(--_line, #d5dee3);
    border-radius: 8px;
    background: var(--_surface, #fff);
  }
  .file.failed { border-color: var(--_danger, #b42318); background: var(--_danger-bg, #fdecea); }
  .file-name { font-weight: 600; overflow-wrap: anywhere; }
  .file-size { color: var(--_muted, #4d5f6b); font-size: 0.875rem; }
  .file progress, .file-state { grid-column: 1; }
  .file button { grid-column: 2; grid-row: 1 / span 3; }
  progress { width: 100%; height: 0.5rem; accent-color: var(--_primary, #00666b); }
  .file-state { font-size: 0.875rem; }
  .file-state.failed { color: var(--_danger, #b42318); font-weight: 600; }
`;
