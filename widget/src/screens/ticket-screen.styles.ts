// The ticket screen: the thread beside the details on wide screens, one column on phones; messages
// from the desk and from the professional told apart by colour and side rule, not colour alone.
import { css } from 'lit';

export const ticketStyles = css`
  h2 { display: grid; gap: 0.25rem; }
  h2 .subject { overflow-wrap: anywhere; }
  .status-row { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; }
  .layout { display: grid; gap: 1.5rem; }
  @container (min-width: 56rem) { .layout { grid-template-columns: minmax(0, 2fr) minmax(15rem, 1fr); align-items: start; } }
  .main, .side { display: grid; gap: 1.25rem; min-width: 0; }
  .decision { display: grid; gap: 1.25rem; }
  @container (min-width: 40rem) { .decision { grid-template-columns: repeat(auto-fit, minmax(17rem, 1fr)); align-items: start; } }
  .card > h3, .thread-section > h3 { margin-bottom: 0.75rem; }
  .thread-section { display: grid; }
  .thread { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.75rem; }
  .message {
    display: grid;
    gap: 0.5rem;
    padding: 1rem 1.25rem;
    border-radius: var(--_radius, 12px);
    border: 1px solid var(--_line, #d5dee3);
    border-left: 4px solid var(--_primary, #00666b);
    background: var(--_surface, #fff);
  }
  .message.mine { border-left-color: #5a6b77; background: #f7f9fa; }
  @container (min-width: 40rem) { .message.mine { margin-left: 2.5rem; } .message.desk { margin-right: 2.5rem; } }
  .message.resolve { border-left-color: var(--_success, #1b6e3c); }
  .message.request_info { border-left-color: #7a3e00; }
  .message-head { display: flex; flex-wrap: wrap; gap: 0.25rem 0.75rem; align-items: baseline; }
  .message-head time { color: var(--_muted, #4d5f6b); font-size: 0.875rem; margin-left: auto; }
  .tag { font-size: 0.75rem; font-weight: 700; text-transform: uppercase; letter-spacing: 0.04em; color: var(--_primary, #00666b); }
  .files { list-style: none; margin: 0.75rem 0 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.5rem; }
  .file-link {
    appearance: none;
    display: inline-flex;
    align-items: center;
    gap: 0.5rem;
    min-height: 2.75rem;
    max-width: 100%;
    padding: 0.375rem 0.75rem;
    border: 1px solid var(--_border, #7c8b96);
    border-radius: 8px;
    background: var(--_surface, #fff);
    color: var(--_primary, #00666b);
    font: inherit;
    cursor: pointer;
    text-align: left;
  }
  .file-link:hover { background: var(--_accent, #e3f2f1); }
  .file-name { font-weight: 600; text-decoration: underline; overflow-wrap: anywhere; }
  .file-size { color: var(--_muted, #4d5f6b); font-size: 0.875rem; white-space: nowrap; }
  .details dl { display: grid; grid-template-columns: repeat(auto-fill, minmax(8.5rem, 1fr)); gap: 0.875rem 1rem; margin: 0; }
  .details dt { color: var(--_muted, #4d5f6b); font-size: 0.8125rem; }
  .details dd { margin: 0; font-weight: 600; overflow-wrap: break-word; }
  .history summary { cursor: pointer; font-weight: 700; font-size: 1.0625rem; min-height: 2.75rem; display: flex; align-items: center; gap: 0.375rem; }
  .history ol { list-style: none; margin: 0.75rem 0 0; padding: 0; display: grid; gap: 0.75rem; }
  .history li { display: grid; gap: 0.125rem; padding-left: 0.875rem; border-left: 2px solid var(--_line, #d5dee3); font-size: 0.9375rem; }
  .history time { color: var(--_muted, #4d5f6b); font-size: 0.8125rem; }
  .callout.closed { background: #eef2f4; border-left-color: #3d4b55; }
  .callout .button { margin-top: 0.25rem; }
  .placeholder { display: flex; gap: 0.75rem; align-items: center; justify-content: center; min-height: 8rem; color: var(--_muted, #4d5f6b); }
  .done:focus { outline: none; }
  .done:focus-visible { outline: 3px solid var(--_focus, #0b57d0); }
`;
