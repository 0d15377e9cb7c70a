// <cau-kb-suggestions>: while a professional writes a new ticket, up to three published articles that
// may answer it, looked up from the subject, the description and the tema (debounced), each readable
// inline. "Isso resolveu minha dúvida" records a deflection (kb.feedback helped, context new_ticket)
// and leaves the draft as it is; "Não resolveu" drops that suggestion and the professional goes on.
// Loaded lazily by the new-ticket screen.
import type { Topic } from '@cau/shared';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import type { ApiClient, Trpc } from '../api/api-client';
import { define } from '../define';
import { kbMsg } from '../kb/kb-messages';
import { baseStyles } from '../styles/base.styles';
import './kb-article';
import type { KbAnsweredDetail } from './kb-article';

type Hit = Awaited<ReturnType<Trpc['kb']['search']['query']>>['items'][number];

export const SUGGEST_DEBOUNCE_MS = 400;
const MIN_CHARS = 4;
const QUERY_MAX = 200;

/** The words sent to the search: the subject first, then the start of the description. */
export function suggestionQuery(subject: string, description: string): string {
  const text = `${subject} ${description}`.replace(/\s+/g, ' ').trim();
  return text.length <= QUERY_MAX ? text : text.slice(0, QUERY_MAX + 1).replace(/\s*\S*$/, '');
}

export class KbSuggestions extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host { display: block; }
      .box { display: grid; gap: 0.75rem; padding: 1rem; border-radius: 10px; background: var(--_accent, #e3f2f1); }
      ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.5rem; }
      li { background: var(--_surface, #fff); border-radius: 8px; border: 1px solid var(--_line, #d5dee3); }
      .toggle { width: 100%; justify-content: space-between; border: 0; text-align: left; }
      .excerpt { padding: 0 1rem 0.75rem; }
      .reader { padding: 0 1rem 1rem; }
    `,
  ];
  static override properties = {
    api: { attribute: false },
    subject: { attribute: false },
    description: { attribute: false },
    topic: { attribute: false },
    items: { state: true },
    open: { state: true },
    deflected: { state: true },
    dismissedNote: { state: true },
  };
  declare api: ApiClient;
  declare subject: string;
  declare description: string;
  declare topic: Topic | '';
  declare items: Hit[];
  /** The suggestion being read inline. */
  declare open: string | null;
  declare deflected: boolean;
  declare dismissedNote: boolean;

  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastQuery = '';
  private readonly dismissed = new Set<string>();
  private readonly reported = new Set<string>();
  private request = 0;

  constructor() {
    super();
    this.subject = '';
    this.description = '';
    this.topic = '';
    this.items = [];
    this.open = null;
    this.deflected = false;
    this.dismissedNote = false;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.timer);
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('subject') || changed.has('description') || changed.has('topic')) {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.lookUp(), SUGGEST_DEBOUNCE_MS);
    }
  }

  private async lookUp(): Promise<void> {
    const query = suggestionQuery(this.subject, this.description);
    const key = `${this.topic}|${query}`;
    if (!this.api || key === this.lastQuery) return;
    this.lastQuery = key;
    if (query.length < MIN_CHARS) {
      this.items = [];
      return;
    }
    const request = ++this.request;
    try {
      const { items } = await this.api.run((t) => t.kb.search.query({ query, topic: this.topic || undefined, context: 'new_ticket', limit: 6 }));
      if (request !== this.request) return;
      // The article being read stays, wherever the new results put it.
      const kept = items.filter((i) => !this.dismissed.has(i.slug)).slice(0, 3);
      const open = this.open ? this.items.find((i) => i.slug === this.open) : undefined;
      this.items = open && !kept.some((i) => i.slug === open.slug) ? [open, ...kept.slice(0, 2)] : kept;
      const fresh = this.items.map((i) => i.slug).filter((slug) => !this.reported.has(slug));
      fresh.forEach((slug) => this.reported.add(slug));
      if (fresh.length) this.api.run((t) => t.kb.track.mutate({ event: 'suggested', slugs: fresh, context: 'new_ticket' })).catch(() => undefined);
    } catch {
      // Suggestions are a help, not part of the form: a failed lookup shows nothing.
    }
  }

  override render() {
    if (this.deflected) {
      return html`<div class="box" part="notice"><p role="status" class="ok">${kbMsg.deflected}</p></div>`;
    }
    return html`<div role="status" class="visually-hidden">${this.items.length ? `${kbMsg.suggestionsTitle}: ${this.items.length}` : ''}</div>
      ${this.dismissedNote && !this.items.length ? html`<p class="hint">${kbMsg.notHelpedNote}</p>` : nothing}
      ${this.items.length
        ? html`<section class="box" part="notice" aria-labelledby="kb-suggestions-title">
            <div>
              <h3 id="kb-suggestions-title">${kbMsg.suggestionsTitle}</h3>
              <p class="hint">${kbMsg.suggestionsIntro}</p>
            </div>
            <ul>${this.items.map((item) => {
              const open = this.open === item.slug;
              return html`<li>
                <button type="button" class="button quiet toggle" part="button" aria-expanded=${open ? 'true' : 'false'}
                  aria-controls="kb-${item.slug}" @click=${() => this.toggle(item.slug)}>
                  <span>${item.title}</span><span class="hint">${open ? kbMsg.hide : kbMsg.read}</span>
                </button>
                <div id="kb-${item.slug}">
                  ${open
                    ? html`<div class="reader"><cau-kb-article .api=${this.api} slug=${item.slug} context="new_ticket"
                        @kb-answered=${this.onAnswered}></cau-kb-article></div>`
                    : html`<p class="excerpt hint">${item.excerpt}</p>`}
                </div>
              </li>`;
            })}</ul>
          </section>`
        : nothing}`;
  }

  private toggle(slug: string): void {
    this.open = this.open === slug ? null : slug;
  }

  private readonly onAnswered = async (event: CustomEvent<KbAnsweredDetail>) => {
    event.stopPropagation();
    const { slug, helped } = event.detail;
    if (helped) {
      this.deflected = true;
      return;
    }
    this.dismissed.add(slug);
    const index = this.items.findIndex((i) => i.slug === slug);
    this.items = this.items.filter((i) => i.slug !== slug);
    this.open = null;
    this.dismissedNote = true;
    // Focus goes on to the next suggestion, or back to the form's next field by the normal tab order.
    await this.updateComplete;
    const buttons = this.renderRoot.querySelectorAll<HTMLButtonElement>('button.toggle');
    (buttons[Math.min(index, buttons.length - 1)] as HTMLButtonElement | undefined)?.focus();
  };
}

define('cau-kb-suggestions', KbSuggestions);

declare global {
  interface HTMLElementTagNameMap {
    'cau-kb-suggestions': KbSuggestions;
  }
}
