// Acompanhamento (SPEC §2.5): the four counters (Aberto, Pendente Profissional, Homologando, Fechado)
// that also filter, a filter with every status (Em andamento included), and the list, newest change
// first, with keyset "carregar mais", and a search by protocolo or subject. Tickets waiting on the
// professional come first ("Aguardando você", soonest deadline first) with their deadline; closed ones
// say how they ended. The filter and the search live in the address (`?situacao=…&busca=…`), written
// in place, so a reload or the back button shows the same list. The list refreshes itself (focus,
// visibility, a light poll, just after the next deadline), so a deadline that passed shows without a
// reload.
import { COUNTED_STATUSES, STATUSES, formatDateTime, isWaiting, type Status } from '@cau/shared';
import { html, nothing } from 'lit';
import { BACKGROUND, type MineOutput, type TicketSummary } from '../api/api-client';
import { LoadController } from '../controllers/load.controller';
import { RefreshController } from '../controllers/refresh.controller';
import { OUTCOME_LABELS, STATUS_LABELS, TOPIC_LABELS, TYPE_LABELS, msg } from '../messages';
import { routeHash } from '../routes';
import { ScreenElement } from './screen-element';
import { ticketsStyles } from './tickets-screen.styles';

/** The deadline badge of a ticket waiting on the professional, or null. */
export function waitingDeadline(ticket: Pick<TicketSummary, 'status' | 'deadlineAt'>): string | null {
  return isWaiting(ticket.status) && ticket.deadlineAt ? formatDateTime(ticket.deadlineAt) : null;
}

export class TicketsScreen extends ScreenElement {
  static override styles = [...ScreenElement.styles, ticketsStyles];
  static override properties = {
    ...ScreenElement.properties,
    status: { attribute: false },
    search: { attribute: false },
    draft: { state: true },
    counts: { state: true },
    items: { state: true },
    waiting: { state: true },
    nextCursor: { state: true },
  };
  /** The filter and the search in force, from the address; changed here, they are written back to it. */
  declare status: Status | '';
  declare search: string;
  /** The search box as typed; applied 400 ms after the last keystroke or with "Buscar". */
  declare draft: string;
  declare counts: MineOutput['counts'] | null;
  declare items: TicketSummary[];
  /** The tickets of this filter and search waiting on the professional, shown first. */
  declare waiting: TicketSummary[];
  declare nextCursor: string | null;
  private typing: ReturnType<typeof setTimeout> | undefined;

  private readonly loader = new LoadController(this);
  private readonly refresher = new RefreshController(this, () => void this.refresh());
  private loadedOnce = false;
  private refreshing = false;

  constructor() {
    super();
    this.status = '';
    this.search = '';
    this.draft = '';
    this.counts = null;
    this.items = [];
    this.waiting = [];
    this.nextCursor = null;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.typing);
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    // The first render and every change of filter or search (from here or from the address) load anew.
    if (changed.has('status') || changed.has('search')) {
      this.status ??= '';
      this.search ??= '';
      if (changed.has('search')) this.draft = this.search;
      this.items = [];
      this.waiting = [];
      this.nextCursor = null;
      void this.load(false);
    }
  }

  /** Loads the first page (or, with `more`, the next one) for the current filter. */
  async load(more: boolean): Promise<void> {
    const status = this.status || undefined;
    const search = this.search || undefined;
    const cursor = more ? this.nextCursor ?? undefined : undefined;
    const page = await this.loader.run((signal) => this.api.run((t) => t.tickets.mine.query({ status, search, cursor }, { signal })));
    if (!page) return;
    const before = this.items.length;
    this.counts = page.counts;
    this.items = more ? [...this.items, ...page.items] : page.items;
    if (!more) this.waiting = page.waiting;
    this.nextCursor = page.nextCursor;
    this.loadedOnce = true;
    this.watchDeadlines();
    if (more) {
      // Keyboard users continue where the new items start.
      await this.updateComplete;
      (this.renderRoot.querySelectorAll('.item a')[before] as HTMLElement | undefined)?.focus();
    }
  }

  /**
   * Reads the first page again in the background and puts it in place, keeping the pages loaded
   * after it. Silent: a failed refresh leaves the list as it was, and the next one tries again.
   */
  async refresh(): Promise<void> {
    if (this.refreshing || this.loader.loading || !this.loadedOnce) return;
    this.refreshing = true;
    const { status, search } = this;
    try {
      const page = await this.api.background((t) => t.tickets.mine.query({ status: status || undefined, search: search || undefined }, BACKGROUND));
      if (status !== this.status || search !== this.search || this.loader.loading) return;
      this.waiting = page.waiting;
      const fresh = new Set(page.items.map((i) => i.protocol));
      const firstPage = this.items.length <= page.items.length;
      this.counts = page.counts;
      this.items = firstPage ? page.items : [...page.items, ...this.items.slice(page.items.length).filter((i) => !fresh.has(i.protocol))];
      if (firstPage) this.nextCursor = page.nextCursor;
      this.watchDeadlines();
    } catch {
      // Offline for a moment: the next refresh catches up.
    } finally {
      this.refreshing = false;
    }
  }

  /** Asks for a refresh just after the soonest deadline shown passes. */
  private watchDeadlines(): void {
    const now = Date.now();
    const next = [...this.waiting, ...this.items]
      .filter((t) => waitingDeadline(t) && Date.parse(t.deadlineAt!) > now - 2 * 60_000)
      .map((t) => t.deadlineAt!)
      .sort()[0];
    this.refresher.at(next ?? null);
  }

  private filter(status: Status | ''): void {
    if (status === this.status) return;
    this.status = status;
    this.writeAddress();
  }

  private applySearch(): void {
    clearTimeout(this.typing);
    const search = this.draft.trim().slice(0, 100);
    if (search === this.search) return;
    this.search = search;
    this.writeAddress();
  }

  /** Puts the filter and the search in the address, in place: no new screen, no history entry. */
  private writeAddress(): void {
    this.emit('address', { route: { name: 'tickets', ...(this.status ? { status: this.status } : {}), ...(this.search ? { search: this.search } : {}) } });
  }

  private readonly onSearchInput = (event: Event) => {
    this.draft = (event.target as HTMLInputElement).value;
    clearTimeout(this.typing);
    this.typing = setTimeout(() => this.applySearch(), 400);
  };

  private readonly onSearchKey = (event: KeyboardEvent) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    this.applySearch();
  };

  protected override updated(): void {
    // A <select> rendered before its options can miss the filter taken from the address.
    const select = this.renderRoot.querySelector<HTMLSelectElement>('#status');
    if (select && select.value !== this.status) select.value = this.status;
  }

  override render() {
    const loading = this.loader.loading;
    return html`<section class="screen" aria-labelledby="title">
      <div class="screen-head with-action">
        <div>
          <h2 id="title" tabindex="-1" part="heading">${msg.tickets.title}</h2>
          <p class="lead">${msg.tickets.intro}</p>
        </div>
        <a class="button primary" part="button primary" href=${routeHash({ name: 'new-ticket' })}>${msg.app.newTicket}</a>
      </div>
      ${this.renderCounters()}
      <div class="toolbar">
        <div class="tool">
          <label for="status">${msg.tickets.filter}</label>
          <select id="status" part="input" @change=${(e: Event) => this.filter((e.target as HTMLSelectElement).value as Status | '')}>
            <option value="" ?selected=${this.status === ''}>${msg.tickets.all}</option>
            ${STATUSES.map((s) => html`<option value=${s} ?selected=${this.status === s}>${STATUS_LABELS[s]}</option>`)}
          </select>
        </div>
        <div class="tool search" role="search">
          <label for="search">${msg.tickets.search}</label>
          <span class="search-row">
            <input id="search" type="search" part="input" maxlength="100" autocomplete="off" .value=${this.draft}
              aria-describedby="search-hint" @input=${this.onSearchInput} @keydown=${this.onSearchKey} />
            <button class="button" part="button" type="button" @click=${() => this.applySearch()}>${msg.tickets.searchSubmit}</button>
          </span>
          <span class="hint" id="search-hint">${msg.tickets.searchHint}</span>
        </div>
      </div>
      <p class="visually-hidden" role="status">${loading ? msg.app.loading : this.loadedOnce ? msg.tickets.showing(this.items.length) : ''}</p>
      ${this.loader.error
        ? html`<div class="alert" role="alert" part="error"><p>${this.loader.error.network ? msg.app.loadError : this.loader.error.message}</p>
            <button class="button" part="button" type="button" @click=${() => this.load(false)}>${msg.app.retry}</button></div>`
        : nothing}
      ${this.renderList(loading)}
      ${this.nextCursor
        ? html`<div class="more"><button class="button" part="button" type="button" aria-disabled=${loading ? 'true' : 'false'}
            @click=${() => !loading && this.load(true)}>${loading ? msg.app.loading : msg.tickets.loadMore}</button></div>`
        : nothing}
    </section>`;
  }

  private renderCounters() {
    return html`<div class="counters" role="group" aria-label=${msg.tickets.counters}>
      ${COUNTED_STATUSES.map((s) => {
        const count = this.counts ? this.counts[s] : null;
        return html`<button type="button" class="counter ${s}" part="counter" aria-pressed=${this.status === s ? 'true' : 'false'}
          @click=${() => this.filter(this.status === s ? '' : s)}>
          <span class="counter-label">${STATUS_LABELS[s]}</span>
          <span class="count">${count ?? '–'}</span>
        </button>`;
      })}
    </div>`;
  }

  private renderList(loading: boolean) {
    const first = new Set(this.waiting.map((t) => t.protocol));
    const rest = this.items.filter((t) => !first.has(t.protocol));
    if (this.waiting.length === 0 && rest.length === 0) {
      if (loading || !this.loadedOnce) return html`<div class="card placeholder" aria-hidden="true"><span class="spinner"></span></div>`;
      const narrowed = Boolean(this.status || this.search);
      return html`<div class="card empty" part="card">
        <p>${this.search ? msg.tickets.emptySearch(this.search) : this.status ? msg.tickets.emptyFiltered : msg.tickets.empty}</p>
        ${narrowed ? nothing : html`<a class="button primary" part="button primary" href=${routeHash({ name: 'new-ticket' })}>${msg.app.newTicket}</a>`}
      </div>`;
    }
    return html`${this.waiting.length
      ? html`<p class="list-title" id="waiting-title">${msg.tickets.waitingTitle(this.waiting.length)}</p>
        <ul class="list" aria-labelledby="waiting-title" aria-busy=${loading ? 'true' : 'false'}>
          ${this.waiting.map((t) => this.renderItem(t))}
        </ul>`
      : nothing}
    ${rest.length
      ? html`${this.waiting.length ? html`<p class="list-title" id="others-title">${msg.tickets.others}</p>` : nothing}
        <ul class="list" aria-label=${this.waiting.length ? nothing : msg.tickets.list} aria-labelledby=${this.waiting.length ? 'others-title' : nothing}
          aria-busy=${loading ? 'true' : 'false'}>
          ${rest.map((t) => this.renderItem(t))}
        </ul>`
      : nothing}`;
  }

  private renderItem(t: TicketSummary) {
    const deadline = waitingDeadline(t);
    const meta = [TYPE_LABELS[t.type], t.topic ? TOPIC_LABELS[t.topic] : null].filter(Boolean).join(' · ');
    return html`<li class="item ${deadline ? 'waiting' : ''}" part="ticket-item">
      <div class="item-top">
        <span class="protocol">${t.protocol}</span>
        <span class="badge ${t.status}" part="badge">${STATUS_LABELS[t.status]}</span>
      </div>
      <h3><a href=${routeHash({ name: 'ticket', protocol: t.protocol })}>${t.subject}</a></h3>
      <p class="meta">${meta} · ${msg.tickets.updatedAt(formatDateTime(t.updatedAt))}</p>
      ${deadline ? html`<p><span class="badge deadline" part="badge deadline">${msg.tickets.waiting} · ${msg.tickets.answerBy(deadline)}</span></p>` : nothing}
      ${t.status === 'closed' && t.outcome ? html`<p class="outcome ${t.outcome}">${msg.tickets.outcome(OUTCOME_LABELS[t.outcome])}</p>` : nothing}
    </li>`;
  }
}
