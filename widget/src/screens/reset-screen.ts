// Password reset from the e-mailed link `#atendimento/redefinir-senha/<token>` (SPEC §2.3). On success
// the link leaves the address bar and history (it is single-use) and the login screen takes over.
// The link is checked first (`auth.checkResetToken`): a used or expired one says so and offers a new
// one instead of a form that could only fail after a password was typed.
import { html, nothing } from 'lit';
import { FormController } from '../controllers/form.controller';
import { formAlert, newPasswordField, submitButton } from '../fields';
import { msg } from '../messages';
import { routeHash } from '../routes';
import { newPasswordError } from '../rules';
import { passwordStyles } from '../styles/password.styles';
import { authStyles } from './auth.styles';
import { ScreenElement } from './screen-element';

export class ResetScreen extends ScreenElement {
  static override styles = [...ScreenElement.styles, authStyles, passwordStyles];
  static override properties = {
    ...ScreenElement.properties, token: { attribute: false }, showPassword: { state: true }, link: { state: true },
  };
  declare token: string;
  declare showPassword: boolean;
  /** What `auth.checkResetToken` said of the link; a check that could not be made shows the form. */
  declare link: 'checking' | 'valid' | 'spent';

  private readonly form = new FormController<'password'>(this, {
    initial: { password: '' },
    validate: (v) => ({ password: newPasswordError(v.password, {}) }),
  });

  constructor() {
    super();
    this.showPassword = false;
    this.link = 'checking';
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('token') && this.token) void this.checkLink(this.token);
  }

  private async checkLink(token: string): Promise<void> {
    this.link = 'checking';
    let valid = true;
    try {
      ({ valid } = await this.api.run((t) => t.auth.checkResetToken.mutate({ resetToken: token })));
    } catch {
      // Not known: the form shows, and auth.resetPassword checks the link again.
    }
    if (token === this.token) this.link = valid ? 'valid' : 'spent';
  }

  override render() {
    return html`<section class="screen" aria-labelledby="title">
      <div class="screen-head">
        <h2 id="title" tabindex="-1" part="heading">${msg.reset.title}</h2>
        <p class="lead">${msg.reset.intro}</p>
      </div>
      <div role="status">${this.link === 'checking'
        ? html`<p class="hint">${msg.reset.checking}</p>`
        : this.link === 'spent'
          ? html`<p class="callout warning" part="notice">${msg.reset.spent}</p>
              <p><a href=${routeHash({ name: 'forgot' })} part="link">${msg.reset.requestNew}</a></p>`
          : nothing}</div>
      ${this.link === 'valid' ? this.renderForm() : nothing}
    </section>`;
  }

  private renderForm() {
    const f = this.form;
    return html`<p class="callout warning" part="notice"><strong>${msg.signup.siccauNote}</strong></p>
      <div class="card" part="card">
        <form novalidate @submit=${this.onSubmit} part="form">
          ${newPasswordField(f, 'password', { label: msg.reset.password, shown: this.showPassword, onToggle: (shown) => (this.showPassword = shown) })}
          ${formAlert(f)}
          ${f.reason === 'reset_invalid'
            ? html`<p><a href=${routeHash({ name: 'forgot' })} part="link">${msg.reset.requestNew}</a></p>`
            : nothing}
          <div class="actions stretch">${submitButton(msg.reset.submit, f.pending)}</div>
        </form>
      </div>`;
  }

  private readonly onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    void this.form.submit(async (v) => {
      await this.api.run((t) => t.auth.resetPassword.mutate({ resetToken: this.token, password: v.password }));
      this.emit('navigate', { route: { name: 'login' }, replace: true, flash: { text: msg.login.passwordChanged, tone: 'success' } });
    });
  };
}
