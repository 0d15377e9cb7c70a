// Novo chamado (SPEC §2.4): tipo, tema (which reveals Número do RRT, Ano da anuidade or the hint to
// attach a print of SICCAU), assunto, descrição and attachments, sent with tickets.create. Opened
// from a closed ticket, it carries that ticket's protocol as relatedProtocol.
import { TICKET_TYPES, TOPICS, localYear, type TicketType, type Topic } from '@cau/shared';
import { html, nothing } from 'lit';
import type { Trpc } from '../api/api-client';
import type { ApiError } from '../api/api-error';
import { FormController } from '../controllers/form.controller';
import { attachmentsToSend } from '../elements/attachments-field';
import { formAlert, labelText, submitButton, textField } from '../fields';
import { TOPIC_LABELS, TYPE_LABELS, msg } from '../messages';
import { routeHash } from '../routes';
import { LIMITS, ticketErrors, type TicketDraft } from '../rules';
import { newTicketStyles } from './new-ticket-screen.styles';
import { ScreenElement } from './screen-element';

type Field = keyof TicketDraft;
type CreateInput = Parameters<Trpc['tickets']['create']['mutate']>[0];

/** Waits before the retries of a create whose connection failed (the server may have stored it). */
const RETRY_DELAYS_MS = [1_000, 3_000];

/** A random UUID (v4); crypto.randomUUID is missing on pages not served over HTTPS. */
function newUuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export class NewTicketScreen extends ScreenElement {
  static override styles = [...ScreenElement.styles, newTicketStyles];
  static override properties = { ...ScreenElement.properties, related: { attribute: false } };
  /** The closed ticket this one follows, if any. */
  declare related: string | undefined;

  /** Injectable clock for the "not in the future" check. */
  now: () => Date = () => new Date();

  /** One key per form: a create retried after a dropped connection cannot open a second ticket. */
  private idempotencyKey = newUuid();
  /** Injectable wait between retries (tests make it instant). */
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  override connectedCallback(): void {
    super.connectedCallback();
    // Article suggestions load on their own, after the form is on screen.
    void import('../kb/lazy');
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('related') && this.related) void this.prefill(this.related);
  }

  /**
   * "Abrir novo chamado a partir deste": the closed ticket's type, tema (with its RRT number or year)
   * and subject fill the form, unless something was typed meanwhile. Silent when it cannot be read:
   * the form stays empty and still carries the protocol.
   */
  private async prefill(protocol: string): Promise<void> {
    let earlier;
    try {
      earlier = await this.api.run((t) => t.tickets.get.query({ protocol }));
    } catch {
      return;
    }
    const untouched = Object.values(this.form.values).every((v) => v === '');
    if (!untouched || protocol !== this.related) return;
    this.form.reset({
      type: earlier.type,
      topic: earlier.topic ?? '',
      rrtNumber: earlier.topic === 'rrt' ? earlier.rrtNumber ?? '' : '',
      annuityYear: earlier.topic === 'annuity' && earlier.annuityYear ? String(earlier.annuityYear) : '',
      subject: earlier.subject,
    });
  }

  private readonly form = new FormController<Field>(this, {
    initial: { type: '', topic: '', rrtNumber: '', annuityYear: '', subject: '', description: '' },
    validate: (v) => ticketErrors(v, this.now()),
    selector: (name) => (name === 'type' ? 'input[name="type"]' : `[name="${name}"]`),
  });

  override render() {
    const f = this.form;
    const topic = f.values.topic as Topic | '';
    const year = localYear(this.now());
    const length = f.values.description.trim().length;
    return html`<section class="screen" aria-labelledby="title">
      <div class="screen-head">
        <p><a href=${routeHash({ name: 'tickets' })} part="link">${msg.ticket.back}</a></p>
        <h2 id="title" tabindex="-1" part="heading">${msg.newTicket.title}</h2>
        <p class="lead">${msg.newTicket.intro}</p>
      </div>
      ${this.related ? html`<p class="callout" part="notice">${msg.newTicket.related(this.related)}</p>` : nothing}
      <div class="card" part="card">
        <form novalidate @submit=${this.onSubmit} part="form">
          <fieldset class="types ${f.errors.type ? 'invalid' : ''}" aria-describedby="type-error">
            <legend>${msg.newTicket.type}</legend>
            <div class="choices">
              ${TICKET_TYPES.map((t) => html`<label class="choice" for="kind-${t}">
                <input type="radio" id="kind-${t}" name="type" value=${t} required .checked=${f.values.type === t}
                  aria-labelledby="kind-${t}-label" aria-describedby="kind-${t}-hint type-error" @change=${f.onInput} />
                <span><strong id="kind-${t}-label">${TYPE_LABELS[t]}</strong><span class="hint" id="kind-${t}-hint">${msg.newTicket.typeHints[t]}</span></span>
              </label>`)}
            </div>
            <p class="error" id="type-error" part="error" aria-live="polite">${f.errors.type ?? ''}</p>
          </fieldset>

          <div class="field">
            <label for="topic" part="label">${labelText(msg.newTicket.topic, true)}</label>
            <select id="topic" name="topic" part="input" class="narrow" aria-describedby="topic-hint" @change=${f.onInput}>
              <option value="" ?selected=${topic === ''}>${msg.newTicket.topicNone}</option>
              ${TOPICS.map((t) => html`<option value=${t} ?selected=${topic === t}>${TOPIC_LABELS[t]}</option>`)}
            </select>
          </div>
          ${topic === 'rrt'
            ? textField(f, 'rrtNumber', { label: msg.newTicket.rrtNumber, maxlength: 30, narrow: true, autocomplete: 'off' })
            : nothing}
          ${topic === 'annuity'
            ? textField(f, 'annuityYear', {
                label: msg.newTicket.annuityYear, hint: msg.newTicket.annuityHint(year), inputmode: 'numeric', maxlength: 4, narrow: true, autocomplete: 'off',
              })
            : nothing}
          <div class="status" id="topic-hint" aria-live="polite">${topic === 'registration'
            ? html`<p class="callout">${msg.newTicket.registrationHint}</p>`
            : nothing}</div>

          ${textField(f, 'subject', { label: msg.newTicket.subject, hint: msg.newTicket.subjectHint, maxlength: LIMITS.subjectMax })}
          ${textField(f, 'description', {
            label: msg.newTicket.description,
            hint: msg.newTicket.descriptionHint,
            multiline: true,
            rows: 8,
            describedBy: 'description-count',
            after: html`<p class="hint counter ${length > LIMITS.descriptionMax ? 'over' : ''}" id="description-count">
              ${msg.newTicket.counter(length, LIMITS.descriptionMax)}</p>`,
          })}
          <cau-kb-suggestions .api=${this.api} .subject=${f.values.subject} .description=${f.values.description} .topic=${topic}></cau-kb-suggestions>
          <cau-attachments .api=${this.api} exportparts="button, error"
            .hint=${topic === 'registration' ? msg.newTicket.registrationHint : ''}></cau-attachments>
          ${formAlert(f)}
          ${f.reason === 'too_many_open_tickets'
            ? html`<p><a href=${routeHash({ name: 'tickets' })} part="link">${msg.newTicket.seeOpen}</a></p>`
            : nothing}
          <div class="actions stretch">
            ${submitButton(msg.newTicket.submit, f.pending)}
            <a class="button" part="button" href=${routeHash({ name: 'tickets' })}>${msg.newTicket.cancel}</a>
          </div>
        </form>
      </div>
    </section>`;
  }

  private async createWithRetries(input: CreateInput) {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.api.run((t) => t.tickets.create.mutate(input));
      } catch (error) {
        if (!(error as ApiError).network || attempt >= RETRY_DELAYS_MS.length) throw error;
        await this.sleep(RETRY_DELAYS_MS[attempt]!);
      }
    }
  }

  private readonly onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const files = attachmentsToSend(this.renderRoot);
    if (!files) return;
    void this.form.submit(async (v) => {
      const topic = (v.topic || undefined) as Topic | undefined;
      const input = {
        type: v.type as TicketType,
        topic,
        subject: v.subject.trim(),
        description: v.description.trim(),
        rrtNumber: topic === 'rrt' ? v.rrtNumber.trim() : undefined,
        annuityYear: topic === 'annuity' ? Number(v.annuityYear) : undefined,
        attachmentIds: files.ids,
        relatedProtocol: this.related,
        idempotencyKey: this.idempotencyKey,
      };
      const ticket = await this.createWithRetries(input);
      this.idempotencyKey = newUuid();
      this.emit('ticket-created', { ticket });
    });
  };
}
