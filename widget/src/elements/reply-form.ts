// One of the professional's written actions on a ticket: answering a request for information
// (provide_info), adding a message (comment) — both with attachments — or asking for more
// explanation of a proposed solution (reject). Sends `ticket-updated` with the ticket as it now is.
import { html, nothing } from 'lit';
import { FormController } from '../controllers/form.controller';
import { formAlert, submitButton, textField } from '../fields';
import { msg } from '../messages';
import { messageError } from '../rules';
import { ScreenElement } from '../screens/screen-element';
import { attachmentsToSend } from './attachments-field';
import { actionFormStyles } from './action-form.styles';

export type ReplyAction = 'provide_info' | 'comment' | 'reject';

const TEXT: Record<ReplyAction, { title: string; intro?: string; label: string; submit: string; required: string }> = {
  provide_info: { title: msg.ticket.provideInfoTitle, label: msg.ticket.provideInfoLabel, submit: msg.ticket.provideInfoSubmit, required: msg.ticket.messageRequired },
  comment: { title: msg.ticket.commentTitle, intro: msg.ticket.commentHint, label: msg.ticket.commentLabel, submit: msg.ticket.commentSubmit, required: msg.ticket.messageRequired },
  reject: { title: msg.ticket.rejectTitle, intro: msg.ticket.rejectIntro, label: msg.ticket.rejectLabel, submit: msg.ticket.rejectSubmit, required: msg.ticket.rejectRequired },
};

export class ReplyForm extends ScreenElement {
  static override styles = [...ScreenElement.styles, actionFormStyles];
  static override properties = { ...ScreenElement.properties, protocol: { attribute: false }, action: { attribute: false } };
  declare protocol: string;
  declare action: ReplyAction;

  private readonly form = new FormController<'message'>(this, {
    initial: { message: '' },
    validate: (v) => ({ message: messageError(v.message, TEXT[this.action].required) }),
  });

  private get withFiles(): boolean {
    return this.action !== 'reject';
  }

  override render() {
    const text = TEXT[this.action];
    const f = this.form;
    const p = `${this.action}-`;
    return html`<section class="card action ${this.action}" part="card" aria-labelledby="${p}title">
      <h3 id="${p}title" tabindex="-1">${text.title}</h3>
      ${text.intro ? html`<p class="muted">${text.intro}</p>` : nothing}
      <form novalidate @submit=${this.onSubmit} part="form">
        ${textField(f, 'message', { label: text.label, multiline: true, rows: 5, idPrefix: p })}
        ${this.withFiles ? html`<cau-attachments .api=${this.api} id-prefix=${p} exportparts="button, error"></cau-attachments>` : nothing}
        ${formAlert(f)}
        <div class="actions stretch">${submitButton(text.submit, f.pending)}</div>
      </form>
    </section>`;
  }

  private readonly onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const files = attachmentsToSend(this.renderRoot);
    if (!files) return;
    void this.submitted(async (v) => {
      const message = v.message.trim();
      const attachmentIds = files.ids;
      const protocol = this.protocol;
      const ticket = await this.api.run((t) => {
        if (this.action === 'provide_info') return t.tickets.provideInfo.mutate({ protocol, message, attachmentIds });
        if (this.action === 'comment') return t.tickets.comment.mutate({ protocol, message, attachmentIds });
        return t.tickets.reject.mutate({ protocol, message });
      });
      this.form.reset();
      files.field?.clear();
      this.emit('ticket-updated', { ticket, action: this.action });
    });
  };

  /** Submits; when the ticket changed meanwhile, the ticket screen reloads it and shows what is possible now. */
  private async submitted(action: Parameters<typeof this.form.submit>[0]): Promise<void> {
    await this.form.submit(action);
    if (this.form.reason === 'conflict' || this.form.reason === 'invalid_transition') this.emit('ticket-stale', {});
  }
}
