// Password reset from the e-mailed link `#atendimento/redefinir-senha/<token>` (SPEC §2.3). On success
// the link leaves the address bar and history (it is single-use) and the login screen takes over.
import { passwordStrength } from '@cau/shared';
import { html, nothing } from 'lit';
import { FormController } from '../controllers/form.controller';
import { formAlert, showPasswordToggle, strengthMeter, submitButton, textField } from '../fields';
import { msg } from '../messages';
import { routeHash } from '../routes';
import { newPasswordError } from '../rules';
import { passwordStyles } from '../styles/password.styles';
import { authStyles } from './auth.styles';
import { ScreenElement } from './screen-element';

export class ResetScreen extends ScreenElement {
  static override styles = [...ScreenElement.styles, authStyles, passwordStyles];
  static override properties = { ...ScreenElement.properties, token: { attribute: false }, showPassword: { state: true } };
  declare token: string;
  declare showPassword: boolean;

  private readonly form = new FormController<'password'>(this, {
    initial: { password: '' },
    validate: (v) => ({ password: newPasswordError(v.password, {}) }),
  });

  constructor() {
    super();
    this.showPassword = false;
  }

  override render() {
    const f = this.form;
    return html`<section class="screen" aria-labelledby="title">
      <div class="screen-head">
        <h2 id="title" tabindex="-1" part="heading">${msg.reset.title}</h2>
        <p class="lead">${msg.reset.intro}</p>
      </div>
      <p class="callout warning" part="notice"><strong>${msg.signup.siccauNote}</strong></p>
      <div class="card" part="card">
        <form novalidate @submit=${this.onSubmit} part="form">
          ${textField(f, 'password', {
            label: msg.reset.password,
            hint: msg.signup.passwordHint,
            type: this.showPassword ? 'text' : 'password',
            autocomplete: 'new-password',
            maxlength: 128,
            after: html`${strengthMeter(f.values.password, passwordStrength(f.values.password))}
              ${showPasswordToggle(this.showPassword, (e) => (this.showPassword = (e.target as HTMLInputElement).checked))}`,
          })}
          ${formAlert(f)}
          ${f.reason === 'reset_invalid'
            ? html`<p><a href=${routeHash({ name: 'forgot' })} part="link">${msg.reset.requestNew}</a></p>`
            : nothing}
          <div class="actions stretch">${submitButton(msg.reset.submit, f.pending)}</div>
        </form>
      </div>
    </section>`;
  }

  private readonly onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    void this.form.submit(async (v) => {
      await this.api.run((t) => t.auth.resetPassword.mutate({ resetToken: this.token, password: v.password }));
      this.emit('navigate', { route: { name: 'login' }, replace: true, flash: { text: msg.login.passwordChanged, tone: 'success' } });
    });
  };
}
