// "Esqueci minha senha" (SPEC §2.3): asks for a reset link by login or e-mail. The answer is the
// same whether or not the account exists, and so is what the screen says.
import { html } from 'lit';
import { FormController } from '../controllers/form.controller';
import { formAlert, submitButton, textField } from '../fields';
import { msg } from '../messages';
import { routeHash } from '../routes';
import { authStyles } from './auth.styles';
import { ScreenElement } from './screen-element';

export class ForgotScreen extends ScreenElement {
  static override styles = [...ScreenElement.styles, authStyles];
  static override properties = { ...ScreenElement.properties, sent: { state: true } };
  declare sent: boolean;

  private readonly form = new FormController<'loginOrEmail'>(this, {
    initial: { loginOrEmail: '' },
    validate: (v) => ({ loginOrEmail: v.loginOrEmail.trim() ? undefined : msg.forgot.required }),
  });

  constructor() {
    super();
    this.sent = false;
  }

  override render() {
    const f = this.form;
    return html`<section class="screen" aria-labelledby="title">
      <div class="screen-head">
        <h2 id="title" tabindex="-1" part="heading">${msg.forgot.title}</h2>
        <p class="lead">${msg.forgot.intro}</p>
      </div>
      <div role="status">${this.sent ? html`<p class="callout success" part="notice">${msg.forgot.sent}</p>` : ''}</div>
      <div class="card" part="card" ?hidden=${this.sent}>
        <form novalidate @submit=${this.onSubmit} part="form">
          ${textField(f, 'loginOrEmail', { label: msg.forgot.field, autocomplete: 'username', maxlength: 254 })}
          ${formAlert(f)}
          <div class="actions stretch">${submitButton(msg.forgot.submit, f.pending)}</div>
        </form>
      </div>
      <p class="switch"><a href=${routeHash({ name: 'login' })} part="link">${msg.forgot.back}</a></p>
    </section>`;
  }

  private readonly onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    void this.form.submit(async (v) => {
      await this.api.run((t) => t.auth.requestPasswordReset.mutate({ loginOrEmail: v.loginOrEmail.trim() }));
      this.sent = true;
    });
  };
}
