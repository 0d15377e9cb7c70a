// Chamado (SPEC §2.6): the description, the whole public thread with attachments, the history, and
// only the actions the server lists in `ticket.actions`. A closed ticket offers to open a new one
// that refers to it. The ticket refreshes itself (focus, visibility, a light poll, just after its
// deadline), and after an action loses to a change made meanwhile it reloads and says so.
import { formatDateTime, isWaiting, type TicketEvent } from '@cau/shared';
import { html, nothing } from 'lit';
import { BACKGROUND, type Attachment, type Ticket } from '../api/api-client';
import { toApiError } from '../api/api-error';
import { LoadController } from '../controllers/load.controller';
import { RefreshController } from '../controllers/refresh.controller';
import { EVENT_LABELS, OUTCOME_LABELS, STATUS_LABELS, TOPIC_LABELS, TYPE_LABELS, formatBytes, msg } from '../messages';
import { routeHash } from '../routes';
import { ScreenElement, type ScreenEventMap } from './screen-element';
import { ticketStyles } from './ticket-screen.styles';

type Message = Ticket['messages'][number];
type Done = ScreenEventMap['ticket-updated']['action'];

/** Who closed a ticket nobody had taken (an attendant cancelling it straight from the queue). */
function closedBy(t: Ticket): string | null {
  if (t.status !== 'closed') return null;
  const close = [...t.history].reverse().find((h) => h.to === 'closed');
  return close && close.actor.role !== 'professional' && close.actor.role !== 'system' ? close.actor.name : null;
}

/** The label a message gets from the history entry that wrote it (a request, a solution…). */
const MESSAGE_TAGS: Partial<Record<TicketEvent, string>> = {
  request_info: EVENT_LABELS.request_info,
  provide_info: EVENT_LABELS.provide_info,
  resolve: EVENT_LABELS.resolve,
  reject: EVENT_LABELS.reject,
  close: EVENT_LABELS.close,
};

export class TicketScreen extends ScreenElement {
  static override styles = [...ScreenElement.styles, ticketStyles];
  static override properties = {
    ...ScreenElement.properties,
    protocol: { attribute: false },
    ticket: { state: true },
    done: { state: true },
    downloadError: { state: true },
    stale: { state: true },
  };
  declare protocol: string;
  declare ticket: Ticket | null;
  /** What the last action did, announced and shown above the ticket. */
  declare done: Done | null;
  declare downloadError: string;
  /** An action lost to a change made meanwhile: the ticket shown is the reloaded one. */
  declare stale: boolean;

  private readonly loader = new LoadController(this);
  private readonly refresher = new RefreshController(this, () => void this.refresh());
  private refreshing = false;
  /** Bumped whenever a newer ticket is shown, so a refresh started before it cannot bring back the old one. */
  private shown = 0;

  constructor() {
    super();
    this.ticket = null;
    this.done = null;
    this.downloadError = '';
    this.stale = false;
  }


  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('protocol') && this.ticket?.protocol !== this.protocol) {
      this.ticket = null;
      this.done = null;
      this.stale = false;
      void this.load();
    }
  }

  async load(): Promise<void> {
    const protocol = this.protocol;
    const ticket = await this.loader.run((signal) => this.api.run((t) => t.tickets.get.query({ protocol }, { signal })));
    if (ticket && ticket.protocol === this.protocol) this.show(ticket);
    if (this.focusOnLoad && this.ticket) {
      this.focusOnLoad = false;
      await super.focusHeading();
    }
  }

  /** Set when focus was asked for before the ticket arrived: the loaded view replaces the heading. */
  private focusOnLoad = false;

  override async focusHeading(): Promise<void> {
    if (!this.ticket) this.focusOnLoad = true;
    await super.focusHeading();
  }

  private show(ticket: Ticket): void {
    this.shown++;
    this.ticket = ticket;
    this.refresher.at(isWaiting(ticket.status) ? ticket.deadlineAt : null);
  }

  /**
   * The ticket as it is now, read in the background and put in place only when it changed (forms
   * being filled in are not redrawn for nothing). Silent on failure: the next refresh tries again.
   */
  async refresh(): Promise<void> {
    const protocol = this.protocol;
    if (this.refreshing || this.loader.loading || !this.ticket || this.ticket.protocol !== protocol) return;
    this.refreshing = true;
    const shown = this.shown;
    try {
      const ticket = await this.api.background((t) => t.tickets.get.query({ protocol }, BACKGROUND));
      const current = shown === this.shown && ticket.protocol === this.protocol && !this.loader.loading;
      if (current && JSON.stringify(ticket) !== JSON.stringify(this.ticket)) this.show(ticket);
    } catch {
      // Offline for a moment, or the ticket is gone: the next refresh or a reload says so.
    } finally {
      this.refreshing = false;
    }
  }

  /** A form's action lost to a change made meanwhile: show the ticket as it is now, and say why. */
  private readonly onStale = (event: Event) => {
    event.stopPropagation();
    this.done = null;
    this.stale = true;
    void this.load();
  };

  override render() {
    const t = this.ticket;
    if (!t) return this.renderPending();
    return html`<section class="screen" aria-labelledby="title">
      <div class="screen-head">
        <p><a href=${routeHash({ name: 'tickets' })} part="link">${msg.ticket.back}</a></p>
        <h2 id="title" tabindex="-1" part="heading">
          <span class="eyebrow">${msg.ticket.title(t.protocol)}</span>
          <span class="subject">${t.subject}</span>
        </h2>
        <div class="status-row">
          <span class="badge ${t.status}" part="badge">${STATUS_LABELS[t.status]}</span>
          <button type="button" class="button quiet" part="button" aria-disabled=${this.loader.loading ? 'true' : 'false'}
            @click=${this.reload}>${this.loader.loading ? msg.app.loading : msg.app.reload}</button>
        </div>
      </div>
      <div role="status">${this.done
        ? html`<p class="callout success done" tabindex="-1" part="notice">${msg.ticket.done[this.done]}</p>`
        : nothing}</div>
      <div role="alert">${this.loader.error || this.downloadError
        ? html`<p class="alert" part="error">${this.downloadError || this.errorText()}</p>`
        : this.stale ? html`<p class="callout warning stale" part="notice">${msg.ticket.changed}</p>` : nothing}</div>
      ${this.renderCallout(t)}
      <div class="layout">
        <div class="main">
          <section class="card" part="card" aria-labelledby="description-title">
            <h3 id="description-title">${msg.ticket.description}</h3>
            <p class="prewrap">${t.description}</p>
            ${this.renderFiles(t.attachments)}
          </section>
          <section class="thread-section" aria-labelledby="thread-title">
            <h3 id="thread-title">${msg.ticket.thread}</h3>
            ${t.messages.length === 0
              ? html`<p class="muted">${msg.ticket.noMessages}</p>`
              : html`<ol class="thread">${t.messages.map((m) => this.renderMessage(t, m))}</ol>`}
          </section>
          ${this.renderActions(t)}
        </div>
        <aside class="side" aria-label=${msg.ticket.details}>
          ${this.renderDetails(t)}
          ${this.renderHistory(t)}
        </aside>
      </div>
    </section>`;
  }

  private errorText(): string {
    const error = this.loader.error;
    if (!error) return '';
    return error.network ? msg.app.loadError : error.message;
  }

  private renderPending() {
    const error = this.loader.error;
    return html`<section class="screen" aria-labelledby="title">
      <div class="screen-head">
        <p><a href=${routeHash({ name: 'tickets' })} part="link">${msg.ticket.back}</a></p>
        <h2 id="title" tabindex="-1" part="heading">${msg.ticket.title(this.protocol)}</h2>
      </div>
      ${error
        ? html`<div class="alert" role="alert" part="error"><p>${this.errorText()}</p>
            ${error.reason === 'not_found'
              ? nothing
              : html`<button class="button" part="button" type="button" @click=${() => this.load()}>${msg.app.retry}</button>`}</div>`
        : html`<div class="card placeholder" role="status"><span class="spinner" aria-hidden="true"></span>${msg.app.loading}</div>`}
    </section>`;
  }

  private renderCallout(t: Ticket) {
    const waiting = isWaiting(t.status);
    if (waiting && t.deadlineAt) {
      const when = formatDateTime(t.deadlineAt);
      const canAct = t.actions.length > 0;
      return html`<div class="callout warning" part="notice"><strong>${msg.tickets.waiting} · ${msg.tickets.answerBy(when)}</strong>
        <p>${t.status === 'pending_professional' ? msg.ticket.pendingCallout(when) : msg.ticket.approvalCallout(when)}</p>
        ${canAct ? html`<p><button type="button" class="button primary" part="button primary" @click=${this.toActions}>${msg.ticket.act}</button></p>` : nothing}
      </div>`;
    }
    if (t.status === 'closed') {
      return html`<div class="callout closed" part="notice">
        <strong>${msg.ticket.closedTitle}${t.outcome ? html` — ${OUTCOME_LABELS[t.outcome]}` : nothing}</strong>
        ${t.rating ? html`<p>${msg.ticket.rating(t.rating)}${t.ratingComment ? html` — “${t.ratingComment}”` : nothing}</p>` : nothing}
        <p>${msg.ticket.closedText}</p>
        <p><a class="button primary" part="button primary" href=${routeHash({ name: 'new-ticket', related: t.protocol })}>${msg.ticket.reopen}</a></p>
      </div>`;
    }
    return nothing;
  }

  private renderActions(t: Ticket) {
    const can = (event: TicketEvent) => t.actions.includes(event);
    const forms = [];
    if (can('provide_info')) {
      forms.push(html`<cau-reply-form .api=${this.api} .protocol=${t.protocol} .action=${'provide_info'}
        exportparts="card, button, primary, input, label, error, form" @ticket-updated=${this.onUpdated} @ticket-stale=${this.onStale}></cau-reply-form>`);
    }
    if (can('approve') || can('reject')) {
      forms.push(html`<div class="decision">
        ${can('approve') ? html`<cau-approve-form .api=${this.api} .protocol=${t.protocol}
          exportparts="card, button, primary, input, label, error, form" @ticket-updated=${this.onUpdated} @ticket-stale=${this.onStale}></cau-approve-form>` : nothing}
        ${can('reject') ? html`<cau-reply-form .api=${this.api} .protocol=${t.protocol} .action=${'reject'}
          exportparts="card, button, primary, input, label, error, form" @ticket-updated=${this.onUpdated} @ticket-stale=${this.onStale}></cau-reply-form>` : nothing}
      </div>`);
    }
    if (can('comment')) {
      forms.push(html`<cau-reply-form .api=${this.api} .protocol=${t.protocol} .action=${'comment'}
        exportparts="card, button, primary, input, label, error, form" @ticket-updated=${this.onUpdated} @ticket-stale=${this.onStale}></cau-reply-form>`);
    }
    return forms;
  }

  private renderMessage(t: Ticket, m: Message) {
    const mine = m.author.role === 'professional';
    const who = mine ? msg.ticket.you : m.author.role === 'system' ? msg.ticket.system : msg.ticket.desk(m.author.name);
    const event = t.history.find((h) => h.messageId === m.id)?.event;
    const tag = event ? MESSAGE_TAGS[event] : undefined;
    return html`<li class="message ${mine ? 'mine' : m.author.role === 'system' ? 'system' : 'desk'} ${event ?? ''}" part="message">
      <div class="message-head">
        <strong>${who}</strong>
        ${tag ? html`<span class="tag">${tag}</span>` : nothing}
        <time datetime=${m.at}>${formatDateTime(m.at)}</time>
      </div>
      <p class="prewrap">${m.body}</p>
      ${this.renderFiles(m.attachments)}
    </li>`;
  }

  private renderFiles(files: readonly Attachment[]) {
    if (files.length === 0) return nothing;
    return html`<ul class="files" aria-label=${msg.attachments.list}>
      ${files.map((a) => html`<li><button type="button" class="file-link" part="button" @click=${() => this.download(a)}>
        <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18"><path fill="currentColor"
          d="M6 2h8l6 6v14H6V2zm7 1.5V9h5.5L13 3.5zM12 11v6.2l-2.6-2.6-1.4 1.4 5 5 5-5-1.4-1.4-2.6 2.6V11h-2z"/></svg>
        <span><span class="visually-hidden">${msg.attachments.downloadPrefix} </span><span class="file-name">${a.name}</span>
        <span class="file-size">(${formatBytes(a.size)})</span></span>
      </button></li>`)}
    </ul>`;
  }

  private renderDetails(t: Ticket) {
    const row = (label: string, value: unknown) => html`<div class="pair"><dt>${label}</dt><dd>${value}</dd></div>`;
    return html`<section class="card details" part="card" aria-labelledby="details-title">
      <h3 id="details-title">${msg.ticket.details}</h3>
      <dl>
        ${row(msg.ticket.status, STATUS_LABELS[t.status])}
        ${row(msg.ticket.type, TYPE_LABELS[t.type])}
        ${t.topic ? row(msg.ticket.topic, TOPIC_LABELS[t.topic]) : nothing}
        ${t.rrtNumber ? row(msg.ticket.rrtNumber, t.rrtNumber) : nothing}
        ${t.annuityYear ? row(msg.ticket.annuityYear, t.annuityYear) : nothing}
        ${row(msg.ticket.createdAt, formatDateTime(t.createdAt))}
        ${row(msg.ticket.updatedAt, formatDateTime(t.updatedAt))}
        ${row(msg.ticket.assignee, t.assignee?.name ?? closedBy(t) ?? msg.ticket.noAssignee)}
        ${t.relatedProtocol
          ? row(msg.ticket.related, html`<a href=${routeHash({ name: 'ticket', protocol: t.relatedProtocol })}>${t.relatedProtocol}</a>`)
          : nothing}
      </dl>
    </section>`;
  }

  private renderHistory(t: Ticket) {
    const actor = (h: Ticket['history'][number]) =>
      h.actor.role === 'professional' ? msg.ticket.you : h.actor.role === 'system' ? msg.ticket.system : h.actor.name;
    return html`<details class="card history" part="card">
      <summary>${msg.ticket.history} <span class="muted">(${t.history.length})</span></summary>
      <ol>
        ${t.history.map((h) => html`<li>
          <time datetime=${h.at}>${formatDateTime(h.at)}</time>
          <span><strong>${EVENT_LABELS[h.event]}</strong> — ${actor(h)}</span>
          ${h.from && h.from !== h.to ? html`<span class="muted">${msg.ticket.moved(STATUS_LABELS[h.from], STATUS_LABELS[h.to])}</span>` : nothing}
        </li>`)}
      </ol>
    </details>`;
  }

  /** "Atualizar": the ticket as it is now; the last confirmation is no longer news. */
  private readonly reload = () => {
    if (this.loader.loading) return;
    this.done = null;
    this.stale = false;
    this.downloadError = '';
    void this.load();
  };

  /** "Responder agora": to the first action form, past a long thread. */
  private readonly toActions = () => {
    const form = this.renderRoot.querySelector('cau-reply-form, cau-approve-form') as ScreenElement | null;
    void form?.focusHeading();
  };

  private readonly onUpdated = async (event: CustomEvent<ScreenEventMap['ticket-updated']>) => {
    this.show(event.detail.ticket);
    this.done = event.detail.action;
    this.stale = false;
    this.downloadError = '';
    await this.updateComplete;
    (this.renderRoot.querySelector('.done') as HTMLElement | null)?.focus();
  };

  private async download(a: Attachment): Promise<void> {
    this.downloadError = '';
    try {
      const url = await this.api.attachmentLink(a.id);
      const link = document.createElement('a');
      link.href = url;
      link.download = a.name;
      link.rel = 'noopener';
      link.click();
    } catch (error) {
      const failure = toApiError(error);
      if (failure.reason === 'aborted') return;
      this.downloadError = failure.reason === 'not_found' ? msg.attachments.downloadUnavailable : failure.message;
    }
  }
}
