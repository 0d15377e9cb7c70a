// The widget's frame and theme: public --cau-* custom properties become the private --_* ones every
// screen reads (custom properties inherit through shadow roots). The host is a size container, so
// layouts follow the widget's own width, not the window's, wherever the site places it.
import { css } from 'lit';

export const rootStyles = css`
  :host {
    --_primary: var(--cau-color-primary, #00666b);
    --_primary-hover: var(--cau-color-primary-hover, #004f53);
    --_on-primary: var(--cau-color-on-primary, #ffffff);
    --_accent: var(--cau-color-accent, #e3f2f1);
    --_header: var(--cau-color-header, #0f2a33);
    --_ink: var(--cau-color-text, #1c2b33);
    --_muted: var(--cau-color-muted, #4d5f6b);
    --_border: var(--cau-color-border, #7c8b96);
    --_line: var(--cau-color-divider, #d5dee3);
    --_surface: var(--cau-color-surface, #ffffff);
    --_bg: var(--cau-color-background, #f3f6f7);
    --_danger: var(--cau-color-danger, #b42318);
    --_danger-bg: #fdecea;
    --_warning: var(--cau-color-warning, #8a4b00);
    --_warning-bg: #fff4e0;
    --_success: var(--cau-color-success, #1b6e3c);
    --_success-bg: #e8f5ec;
    --_focus: var(--cau-color-focus, #0b57d0);
    --_radius: var(--cau-radius, 12px);
    --_font: var(--cau-font-family, inherit);
    display: block;
    container-type: inline-size;
    max-width: var(--cau-max-width, 72rem);
    margin-inline: auto;
    font-size: 1rem;
    text-align: left;
  }
  .base {
    background: var(--_bg);
    border: 1px solid var(--_line);
    border-radius: var(--_radius);
    overflow: hidden;
  }
  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.75rem 1.5rem;
    padding: 0.875rem 1rem;
    background: var(--_header);
    color: #ffffff;
  }
  @container (min-width: 40rem) { .header { padding: 1rem 2rem; } }
  .header :focus-visible { outline-color: #ffffff; }
  .brand { display: flex; align-items: center; gap: 0.75rem; }
  .mark {
    display: inline-grid;
    place-items: center;
    width: 2.75rem;
    height: 2.75rem;
    border-radius: 10px;
    background: linear-gradient(135deg, #0a8f8a, #00666b);
    font-weight: 800;
    font-size: 0.8125rem;
    line-height: 1;
    letter-spacing: 0.02em;
    flex: none;
  }
  .mark span { display: block; font-size: 0.625rem; font-weight: 700; opacity: 0.9; }
  .brand-text { display: grid; }
  .brand-title { font-weight: 700; font-size: 1.0625rem; line-height: 1.3; }
  .brand-sub { font-size: 0.8125rem; color: #c3dadd; }
  .nav { display: flex; flex-wrap: wrap; align-items: center; gap: 0.25rem 0.5rem; }
  .who { color: #c3dadd; font-size: 0.875rem; margin-right: 0.5rem; }
  .nav a, .logout {
    display: inline-flex;
    align-items: center;
    min-height: 2.75rem;
    padding: 0.25rem 0.75rem;
    border-radius: 8px;
    color: #ffffff;
    font: inherit;
    font-weight: 600;
    text-decoration: none;
  }
  .nav a:hover { background: rgb(255 255 255 / 12%); color: #ffffff; }
  .nav a[aria-current='page'] { background: rgb(255 255 255 / 14%); box-shadow: inset 0 -3px 0 #5fd0c8; }
  .logout { appearance: none; background: transparent; border: 1px solid rgb(255 255 255 / 70%); cursor: pointer; }
  .logout:hover { background: #ffffff; color: var(--_header); }
  .body { padding: 1.25rem 1rem 2rem; }
  @container (min-width: 40rem) { .body { padding: 2rem 2rem 2.5rem; } }
  .flash { margin-bottom: 1.25rem; }
  .flash.info { background: var(--_accent); }
`;
