// "Perguntas frequentes" (SPEC §10): browse the published articles by tema, search them (debounced
// while typing, at once on submit) and read one at `#atendimento/perguntas-frequentes/<slug>`. Works
// without signing in. Loaded lazily by <cau-atendimento> the first time the route is opened.
import { TOPICS, type Topic } from '@cau/shared';
import { html, nothing } from 'lit';
import type { Trpc } from '../api/api-client';
import { LoadController } from '../controllers/load.controller';
import { define } from '../define';
import '../elements/kb-article';
import type { KbArticleElement } from '../elements/kb-article';
import { kbMsg } from '../kb/kb-messages';
import { TOPIC_LABELS } from '../messages';
import { routeHash } from '../routes';
import { faqStyles } from './faq-screen.styles';
import { ScreenElement } from './screen-element';

type Hit = Awaited<ReturnType<Trpc['kb']['search']['query']>>['items'][number];

export const SEARCH_DEBOUNCE_MS = 400;

export class FaqScreen extends ScreenElement {
  static override styles = [...ScreenElement.styles, faqStyles];
  static override properties = {
    ...ScreenElement.properties,
    slug: { attribute: false },
    signedIn: { attribute: false },
    query: { state: true },
    topic: { state: true },
    items: { state: true },
    searched: { state: true },
  };
  /** The article being read, if any. */
  declare slug: string | undefined;
  declare signedIn: boolean;
  declare query: string;
  declare topic: Topic | '';
  declare items: Hit[];
  /** The query the shown items answer. */
  declare searched: string | null;

  private readonly loader = new LoadController(this);
  private timer: ReturnType<typeof setTimeout> | undefined;
  private listRequested = false;

  constructor() {
    super();
    this.slug = undefined;
    this.signedIn = false;
    this.query = '';
    this.topic = '';
    this.items = [];
    this.searched = null;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.timer);
  }

  override willUpdate(): void {
    // The list loads the first time it is shown (at once, or back from an article opened by a link).
    // Not in connectedCallback: a lazily defined element gets its properties only at its first update.
    if (!this.slug && !this.listRequested) {
      this.listRequested = true;
      void this.search();
    }
  }

  override async focusHeading(): Promise<void> {
    await this.updateComplete;
    const article = this.renderRoot.querySelector('cau-kb-article') as KbArticleElement | null;
    if (article) await article.focusHeading();
    else await super.focusHeading();
  }

  async search(): Promise<void> {
    clearTimeout(this.timer);
    const query = this.query.trim();
    const topic = this.topic || undefined;
    const result = await this.loader.run((signal) => this.api.run((t) => t.kb.search.query({ query, topic, context: 'browse' }, { signal })));
    if (!result) return;
    this.items = result.items;
    this.searched = query;
  }

  override render() {
    return this.slug ? this.renderArticle(this.slug) : this.renderList();
  }

  private renderArticle(slug: string) {
    return html`<section class="screen">
      <p><a href=${routeHash({ name: 'faq' })} part="link">${kbMsg.back}</a></p>
      <div class="card" part="card">
        <cau-kb-article .api=${this.api} slug=${slug} context="browse" heading exportparts="heading, button, primary, error"></cau-kb-article>
      </div>
      ${this.renderNext()}
    </section>`;
  }

  private renderNext() {
    return html`<div class="next">
      <p><strong>${kbMsg.stillNeedHelp}</strong></p>
      <a class="button" part="button" href=${routeHash(this.signedIn ? { name: 'new-ticket' } : { name: 'login' })}>
        ${this.signedIn ? kbMsg.openTicket : kbMsg.signInToOpen}</a>
    </div>`;
  }

  private renderList() {
    const loading = this.loader.loading;
    return html`<section class="screen" aria-labelledby="title">
      <div class="screen-head">
        <h2 id="title" tabindex="-1" part="heading">${kbMsg.title}</h2>
        <p class="lead">${kbMsg.intro}</p>
      </div>
      <form role="search" novalidate @submit=${this.onSubmit} part="form">
        <div class="search-row">
          <div class="field">
            <label for="kb-query" part="label">${kbMsg.searchLabel}</label>
            <input id="kb-query" type="search" part="input" maxlength="200" autocomplete="off" .value=${this.query}
              aria-describedby="kb-query-hint" @input=${this.onInput} />
            <p class="hint" id="kb-query-hint">${kbMsg.searchHint}</p>
          </div>
          <button type="submit" class="button primary" part="button primary">${kbMsg.searchButton}</button>
        </div>
        <div role="alert" class="alert" part="error">${this.loader.error
          ? html`<p>${kbMsg.loadError}</p>
              <button type="button" class="button" part="button" @click=${() => void this.search()}>${kbMsg.retry}</button>`
          : nothing}</div>
      </form>
      <div class="topics" role="group" aria-label=${kbMsg.topicsLabel}>
        ${(['', ...TOPICS] as const).map((t) => html`<button type="button" class="button" part="button"
          aria-pressed=${this.topic === t ? 'true' : 'false'} @click=${() => this.pickTopic(t)}>${t ? TOPIC_LABELS[t] : kbMsg.allTopics}</button>`)}
      </div>
      <p role="status" class="muted">${loading ? kbMsg.loading : this.searched === null ? '' : kbMsg.results(this.items.length, this.searched)}</p>
      ${this.items.length
        ? html`<ul class="results">${this.items.map((item) => html`<li class="result">
            <a href=${routeHash({ name: 'faq', slug: item.slug })} part="link">${item.title}</a>
            <span class="topic">${TOPIC_LABELS[item.topic]}</span>
            <p class="muted">${item.excerpt}</p>
          </li>`)}</ul>`
        : this.searched !== null && !loading
          ? html`<p class="callout" part="notice">${kbMsg.noResults}</p>`
          : nothing}
      ${this.searched !== null && !loading ? this.renderNext() : nothing}
    </section>`;
  }

  private readonly onInput = (event: Event) => {
    this.query = (event.target as HTMLInputElement).value;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.search(), SEARCH_DEBOUNCE_MS);
  };

  private readonly onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    void this.search();
  };

  private pickTopic(topic: Topic | ''): void {
    this.topic = topic;
    void this.search();
  }
}

define('cau-faq-screen', FaqScreen);

declare global {
  interface HTMLElementTagNameMap {
    'cau-faq-screen': FaqScreen;
  }
}
