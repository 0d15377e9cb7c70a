// <cau-kb-article>: one published article of the knowledge base, fetched by slug, its Markdown body
// rendered safely (Lit templates, no HTML strings), and "Isso resolveu minha dúvida" / "Não resolveu" under it. Reading it is reported
// (kb.track viewed) and remembered for "ticket opened after reading"; the answer goes to kb.feedback
// and up as a `kb-answered` event ({ slug, helped }) for the screen holding it.
import { formatDateTime, type KbContext } from '@cau/shared';
import { html, LitElement, nothing } from 'lit';
import type { ApiClient, Trpc } from '../api/api-client';
import { LoadController } from '../controllers/load.controller';
import { define } from '../define';
import { kbMsg } from '../kb/kb-messages';
import { kbArticleStyles } from '../kb/kb-article.styles';
import { markRead } from '../kb/kb-session';
import { renderMarkdown } from '../kb/markdown';
import { baseStyles } from '../styles/base.styles';

export type KbArticle = Awaited<ReturnType<Trpc['kb']['get']['query']>>;

export interface KbAnsweredDetail {
  slug: string;
  helped: boolean;
}

export class KbArticleElement extends LitElement {
  static override styles = [baseStyles, kbArticleStyles];
  static override properties = {
    api: { attribute: false },
    slug: { type: String },
    context: { type: String },
    heading: { type: Boolean },
    article: { state: true },
    answered: { state: true },
  };
  declare api: ApiClient;
  declare slug: string;
  declare context: KbContext;
  /** Shows the title as the screen's heading (the FAQ screen); inline suggestions show only the body. */
  declare heading: boolean;
  declare article: KbArticle | null;
  declare answered: boolean | null;

  /** Set by a screen that wanted focus on the title before the article had arrived. */
  focusOnLoad = false;
  private readonly loader = new LoadController(this);
  private loadedSlug = '';

  constructor() {
    super();
    this.slug = '';
    this.context = 'browse';
    this.heading = false;
    this.article = null;
    this.answered = null;
  }

  override willUpdate(): void {
    if (this.api && this.slug && this.slug !== this.loadedSlug) {
      this.loadedSlug = this.slug;
      this.article = null;
      this.answered = null;
      void this.load();
    }
  }

  private async load(): Promise<void> {
    const slug = this.slug;
    const article = await this.loader.run((signal) => this.api.run((t) => t.kb.get.query({ slug }, { signal })));
    if (!article || slug !== this.slug) return;
    this.article = article;
    markRead(slug);
    if (this.focusOnLoad) {
      this.focusOnLoad = false;
      void this.focusHeading();
    }
    this.api.run((t) => t.kb.track.mutate({ event: 'viewed', slugs: [slug], context: this.context })).catch(() => undefined);
  }

  /** Focuses the title (FAQ screen) once the article is shown. */
  async focusHeading(): Promise<void> {
    await this.updateComplete;
    const title = this.renderRoot.querySelector('h2[tabindex]') as HTMLElement | null;
    if (title) title.focus();
    else this.focusOnLoad = true;
  }

  override render() {
    const a = this.article;
    if (this.loader.error) {
      const gone = this.loader.error.reason === 'not_found';
      return html`<div role="alert" class="alert" part="error"><p>${gone ? kbMsg.notFound : kbMsg.loadError}</p>
        ${gone ? nothing : html`<button type="button" class="button" part="button" @click=${() => void this.load()}>${kbMsg.retry}</button>`}</div>`;
    }
    if (!a) return html`<p class="muted" role="status">${this.loader.loading ? kbMsg.loading : ''}</p>`;
    return html`<article aria-labelledby=${this.heading ? 'kb-title' : nothing}>
      ${this.heading
        ? html`<h2 id="kb-title" tabindex="-1" part="heading">${a.title}</h2>
            <p class="muted">${kbMsg.updated(formatDateTime(a.updatedAt).slice(0, 10))}</p>`
        : nothing}
      <div class="body" part="article">${renderMarkdown(a.body)}</div>
      <div class="feedback">
        ${this.answered === null
          ? html`<p id="helped-q">${kbMsg.helpedQuestion}</p>
              <div class="actions" role="group" aria-labelledby="helped-q">
                <button type="button" class="button primary" part="button primary" @click=${() => this.answer(true)}>${kbMsg.helpedYes}</button>
                <button type="button" class="button" part="button" @click=${() => this.answer(false)}>${kbMsg.helpedNo}</button>
              </div>`
          : html`<p role="status" class="ok">${kbMsg.thanks}</p>`}
      </div>
    </article>`;
  }

  private answer(helped: boolean): void {
    const slug = this.slug;
    this.answered = helped;
    this.api.run((t) => t.kb.feedback.mutate({ slug, helped, context: this.context })).catch(() => undefined);
    this.dispatchEvent(new CustomEvent<KbAnsweredDetail>('kb-answered', { detail: { slug, helped }, bubbles: true }));
  }
}

define('cau-kb-article', KbArticleElement);

declare global {
  interface HTMLElementTagNameMap {
    'cau-kb-article': KbArticleElement;
  }
}
