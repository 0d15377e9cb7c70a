// Acompanhamento (SPEC §2.5): the four counters (Aberto, Pendente Profissional, Homologando, Fechado)
// that also filter, a filter with every status (Em andamento included), and the list, newest change
// first, with keyset "carregar mais". Tickets waiting on the professional show their deadline. The
// list refreshes itself (focus, visibility, a light poll, just after the next deadline), so a
// deadline that passed shows without a reload.
import { COUNTED_STATUSES, STATUSES, formatDateTime, isWaiting, type Status } from '@cau/shared';
import { html, nothing } from 'lit';
import { BACKGROUND, type MineOutput, type TicketSummary } from '../api/api-client';
import { LoadController } from '../controllers/load.controller';
import { RefreshController } from '../controllers/refresh.controller';
import { STATUS_LABELS, TOPIC_LABELS, TYPE_LABELS, msg } from '../messages';
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
    status: { state: true },
    counts: { state: true },
    items: { state: true },
    nextCursor: { state: true },
  };
  declare status: Status | '';
  declare counts: MineOutput['counts'] | null;
  declare items: TicketSummary[];
  declare nextCursor: string | null;

  private readonly loader = new LoadController(this);
  private readonly refresher = new RefreshController(this, () => void this.refresh());
  private loadedOnce = false;
  private refreshing = false;

  constructor() {
    super();
    this.status = '';
    this.counts = null;
    this.items = [];
    this.nextCursor = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load(false);
  }

  /** Loads the first page (or, with `more`, the next one) for the current filter. */
  async load(more: boolean): Promise<void> {
    const status = this.status || undefined;
    const cursor = more ? this.nextCursor ?? undefined : undefined;
    const page = await this.loader.run((signal) => this.api.run((t) => t.tickets.mine.query({ status, cursor }, { signal })));
    if (!page) return;
    const before = this.items.length;
    this.counts = page.counts;
    this.items = more ? [...this.items, ...page.items] : page.items;
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
    const status = this.status;
    try {
      const page = await this.api.background((t) => t.tickets.mine.query({ status: status || undefined }, BACKGROUND));
      if (status !== this.status || this.loader.loading) return;
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
    const next = this.items
      .filter((t) => waitingDeadline(t) && Date.parse(t.deadlineAt!) > now - 2 * 60_000)
      .map((t) => t.deadlineAt!)
      .sort()[0];
    this.refresher.at(next ?? null);
  }

  private filter(status: Status | ''): void {
    if (status === this.status) return;
    this.status = status;
    this.items = [];
    this.nextCursor = null;
    void this.load(false);
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
        <label for="status">${msg.tickets.filter}</label>
        <select id="status" part="input" @change=${(e: Event) => this.filter((e.target as HTMLSelectElement).value as Status | '')}>
          <option value="" ?selected=${this.status === ''}>${msg.tickets.all}</option>
          ${STATUSES.map((s) => html`<option value=${s} ?selected=${this.status === s}>${STATUS_LABELS[s]}</option>`)}
        </select>
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
    if (this.items.length === 0) {
      if (loading || !this.loadedOnce) return html`<div class="card placeholder" aria-hidden="true"><span class="spinner"></span></div>`;
      return html`<div class="card empty" part="card">
        <p>${this.status ? msg.tickets.emptyFiltered : msg.tickets.empty}</p>
        ${this.status ? nothing : html`<a class="button primary" part="button primary" href=${routeHash({ name: 'new-ticket' })}>${msg.app.newTicket}</a>`}
      </div>`;
    }
    return html`<ul class="list" aria-label=${msg.tickets.list} aria-busy=${loading ? 'true' : 'false'}>
      ${this.items.map((t) => this.renderItem(t))}
    </ul>`;
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
    </li>`;
  }
}
