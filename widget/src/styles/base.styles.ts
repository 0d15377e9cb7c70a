// The look every screen shares: type scale, links, buttons, form fields, callouts, badges and focus.
// Colours come from private custom properties (`--_primary`, …) that <cau-atendimento> derives from
// its public `--cau-*` properties; the fallbacks here keep a screen readable on its own.
import { css } from 'lit';

export const baseStyles = css`
  :host {
    display: block;
    color: var(--_ink, #1c2b33);
    font-family: var(--_font, inherit);
    line-height: 1.5;
  }
  *, *::before, *::after { box-sizing: border-box; }
  [hidden] { display: none !important; }

  h2, h3, h4 { margin: 0; line-height: 1.25; color: var(--_ink, #1c2b33); }
  h2 { font-size: 1.5rem; font-weight: 700; letter-spacing: -0.01em; }
  h3 { font-size: 1.125rem; font-weight: 700; }
  h4 { font-size: 1rem; font-weight: 700; }
  p { margin: 0; }
  h2:focus, h3:focus { outline: none; }
  h2:focus-visible, h3:focus-visible { outline: 3px solid var(--_focus, #0b57d0); outline-offset: 4px; border-radius: 2px; }

  a { color: var(--_primary, #00666b); text-decoration: underline; text-underline-offset: 0.15em; }
  a:hover { color: var(--_primary-hover, #004f53); text-decoration-thickness: 2px; }
  :focus-visible { outline: 3px solid var(--_focus, #0b57d0); outline-offset: 2px; }

  /* Margins, not grid gaps: empty live regions (kept in the page so they announce) take no room. */
  .screen > * + * { margin-top: 1.5rem; }
  .screen > :empty { margin-top: 0; }
  .screen-head { display: grid; gap: 0.5rem; }
  .lead { color: var(--_muted, #4d5f6b); }
  .eyebrow { color: var(--_primary, #00666b); font-weight: 700; font-size: 0.8125rem; letter-spacing: 0.06em; text-transform: uppercase; }

  .card {
    background: var(--_surface, #fff);
    border: 1px solid var(--_line, #d5dee3);
    border-radius: var(--_radius, 12px);
    padding: 1rem;
    box-shadow: 0 1px 2px rgb(15 42 51 / 6%), 0 4px 16px rgb(15 42 51 / 4%);
  }
  @container (min-width: 30rem) { .card { padding: 1.25rem 1.5rem; } }
  @container (min-width: 40rem) { .card { padding: 1.75rem 2rem; } }

  form { display: grid; gap: 1.25rem; }
  .field { display: grid; gap: 0.375rem; min-width: 0; }
  label, legend { font-weight: 600; color: var(--_ink, #1c2b33); }
  .optional { font-weight: 400; color: var(--_muted, #4d5f6b); }
  .hint { color: var(--_muted, #4d5f6b); font-size: 0.875rem; }
  input:not([type='checkbox']):not([type='radio']):not([type='file']), select, textarea {
    font: inherit;
    color: var(--_ink, #1c2b33);
    background: var(--_surface, #fff);
    border: 1px solid var(--_border, #7c8b96);
    border-radius: 8px;
    min-height: 2.75rem;
    padding: 0.5625rem 0.75rem;
    width: 100%;
    max-width: 100%;
  }
  textarea { min-height: 8rem; resize: vertical; }
  input:hover, select:hover, textarea:hover { border-color: var(--_ink, #1c2b33); }
  input:focus-visible, select:focus-visible, textarea:focus-visible { outline-offset: 0; border-color: var(--_focus, #0b57d0); }
  [aria-invalid='true'] { border-color: var(--_danger, #b42318) !important; box-shadow: 0 0 0 1px var(--_danger, #b42318); }
  .narrow { max-width: 20rem !important; }
  fieldset { border: 0; margin: 0; padding: 0; min-width: 0; display: grid; gap: 0.5rem; }
  .check { display: flex; gap: 0.625rem; align-items: flex-start; font-weight: 400; cursor: pointer; }
  .check input { width: 1.25rem; height: 1.25rem; margin: 0.125rem 0 0; accent-color: var(--_primary, #00666b); flex: none; }

  .error { color: var(--_danger, #b42318); font-size: 0.875rem; font-weight: 600; }
  .error:not(:empty)::before { content: ''; display: inline-block; width: 0.5rem; height: 0.5rem; margin-right: 0.375rem; border-radius: 50%; background: currentColor; vertical-align: 0.1em; }
  .ok { color: var(--_success, #1b6e3c); font-size: 0.875rem; font-weight: 600; }

  .alert:not(:empty), .callout {
    border-radius: 8px;
    padding: 0.875rem 1rem;
    border-left: 4px solid currentColor;
  }
  .alert:not(:empty) { background: var(--_danger-bg, #fdecea); color: var(--_danger, #b42318); font-weight: 600; display: grid; gap: 0.75rem; justify-items: start; }
  .alert p { color: var(--_danger, #b42318); }
  .callout { background: var(--_accent, #e3f2f1); color: var(--_ink, #1c2b33); border-left-color: var(--_primary, #00666b); display: grid; gap: 0.5rem; }
  .callout.warning { background: var(--_warning-bg, #fff4e0); border-left-color: var(--_warning, #8a4b00); }
  .callout.warning strong { color: var(--_warning, #8a4b00); }
  .callout.success { background: var(--_success-bg, #e8f5ec); border-left-color: var(--_success, #1b6e3c); }
  .status:empty { display: contents; }

  .actions { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: center; }
  .button {
    appearance: none;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.5rem;
    min-height: 2.75rem;
    padding: 0.5rem 1.25rem;
    border-radius: 8px;
    border: 1px solid var(--_primary, #00666b);
    background: var(--_surface, #fff);
    color: var(--_primary, #00666b);
    font: inherit;
    font-weight: 600;
    line-height: 1.25;
    text-align: center;
    text-decoration: none;
    cursor: pointer;
  }
  .button:hover { background: var(--_accent, #e3f2f1); color: var(--_primary-hover, #004f53); text-decoration: none; }
  .button.primary { background: var(--_primary, #00666b); color: var(--_on-primary, #fff); }
  .button.primary:hover { background: var(--_primary-hover, #004f53); border-color: var(--_primary-hover, #004f53); }
  .button[aria-disabled='true'] { opacity: 0.7; cursor: progress; }
  .button.quiet { border-color: transparent; background: transparent; padding-inline: 0.5rem; }
  .button.quiet:hover { background: var(--_accent, #e3f2f1); }
  @container (max-width: 29.99rem) { .actions.stretch > .button { flex: 1 1 100%; } }
  .link-button { appearance: none; background: none; border: 0; padding: 0; font: inherit; color: var(--_primary, #00666b); text-decoration: underline; cursor: pointer; text-align: left; }

  .badge {
    display: inline-flex;
    align-items: center;
    gap: 0.375rem;
    padding: 0.125rem 0.625rem;
    border-radius: 999px;
    font-size: 0.8125rem;
    font-weight: 700;
    white-space: nowrap;
    background: #e8edf0;
    color: #33434d;
  }
  .badge::before { content: ''; width: 0.5rem; height: 0.5rem; border-radius: 50%; background: currentColor; }
  .badge.open { background: #e3eefc; color: #1d4f91; }
  .badge.in_progress { background: #e3f2f1; color: #00585c; }
  .badge.pending_professional { background: #fff1d6; color: #7a3e00; }
  .badge.awaiting_approval { background: #efe8fb; color: #5b2d91; }
  .badge.closed { background: #e8edf0; color: #3d4b55; }
  .badge.deadline { background: #7a3e00; color: #fff; }
  .badge.deadline::before { display: none; }

  .visually-hidden {
    position: absolute !important;
    width: 1px; height: 1px;
    padding: 0; margin: -1px;
    overflow: hidden; clip: rect(0 0 0 0);
    white-space: nowrap; border: 0;
  }
  .muted { color: var(--_muted, #4d5f6b); }
  .prewrap { white-space: pre-wrap; overflow-wrap: anywhere; }
  .spinner { width: 1rem; height: 1rem; border-radius: 50%; border: 2px solid currentColor; border-right-color: transparent; animation: spin 0.8s linear infinite; flex: none; }
  @keyframes spin { to { transform: rotate(360deg); } }
  @media (prefers-reduced-motion: reduce) { .spinner { animation-duration: 2.4s; } }
`;
