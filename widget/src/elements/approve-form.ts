// Approving a proposed solution (SPEC §3 row 6): a rating from 1 to 5 (native radios, so arrow keys
// and screen readers work as expected) and an optional comment.
import { html } from 'lit';
import { FormController } from '../controllers/form.controller';
import { formAlert, submitButton, textField } from '../fields';
import { msg } from '../messages';
import { LIMITS } from '../rules';
import { ScreenElement } from '../screens/screen-element';
import { actionFormStyles } from './action-form.styles';

type Field = 'rating' | 'comment';

export class ApproveForm extends ScreenElement {
  static override styles = [...ScreenElement.styles, actionFormStyles];
  static override properties = { ...ScreenElement.properties, protocol: { attribute: false } };
  declare protocol: string;

  private readonly form = new FormController<Field>(this, {
    initial: { rating: '', comment: '' },
    validate: (v) => ({
      rating: /^[1-5]$/.test(v.rating) ? undefined : msg.ticket.ratingRequired,
      comment: v.comment.trim().length > LIMITS.commentMax ? msg.ticket.approveCommentLong : undefined,
    }),
    selector: (name) => (name === 'rating' ? 'input[name="rating"]' : `[name="${name}"]`),
  });

  override render() {
    const f = this.form;
    return html`<section class="card action approve" part="card" aria-labelledby="approve-title">
      <h3 id="approve-title" tabindex="-1">${msg.ticket.approveTitle}</h3>
      <p class="muted">${msg.ticket.approveIntro}</p>
      <form novalidate @submit=${this.onSubmit} part="form">
        <fieldset class=${f.errors.rating ? 'invalid' : ''} aria-describedby="rating-error">
          <legend>${msg.ticket.ratingLegend}</legend>
          <div class="rating">
            ${msg.ticket.ratingLabels.map((label, i) => {
              const value = String(i + 1);
              const [number, word] = label.split(' — ');
              return html`<label class="star" for="rating-${value}">
                <input type="radio" id="rating-${value}" name="rating" value=${value} required
                  .checked=${f.values.rating === value} @change=${f.onInput} />
                <span class="star-number" aria-hidden="true">${number}</span>
                <span class="star-word"><span class="visually-hidden">${number} — </span>${word}</span>
              </label>`;
            })}
          </div>
          <p class="error" id="rating-error" part="error" aria-live="polite">${f.errors.rating ?? ''}</p>
        </fieldset>
        ${textField(f, 'comment', { label: msg.ticket.approveComment, optional: true, multiline: true, rows: 3, idPrefix: 'approve-' })}
        ${formAlert(f)}
        <div class="actions stretch">${submitButton(msg.ticket.approveSubmit, f.pending)}</div>
      </form>
    </section>`;
  }

  private readonly onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    void this.submitted(async (v) => {
      const comment = v.comment.trim() || undefined;
      const ticket = await this.api.run((t) => t.tickets.approve.mutate({ protocol: this.protocol, rating: Number(v.rating), comment }));
      this.emit('ticket-updated', { ticket, action: 'approve' });
    });
  };

  /** Submits; when the ticket changed meanwhile, the ticket screen reloads it and shows what is possible now. */
  private async submitted(action: Parameters<typeof this.form.submit>[0]): Promise<void> {
    await this.form.submit(action);
    if (this.form.reason === 'conflict' || this.form.reason === 'invalid_transition') this.emit('ticket-stale', {});
  }
}
