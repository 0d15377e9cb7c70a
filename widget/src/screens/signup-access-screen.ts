// Cadastro, step 2 (SPEC §2.2), on its own screen: the login and the password of the portal, with the
// strength hint and the reminder that it is not the SICCAU password. Only now is the account created.
import { html } from 'lit';
import { FormController } from '../controllers/form.controller';
import { formAlert, newPasswordField, submitButton, textField } from '../fields';
import { msg } from '../messages';
import { routeHash } from '../routes';
import { loginError, newPasswordError } from '../rules';
import { passwordStyles } from '../styles/password.styles';
import { authStyles } from './auth.styles';
import { ScreenElement, type SignupDraft } from './screen-element';
import { signupSteps } from './signup-screen';

type Field = 'login' | 'password';

export class SignupAccessScreen extends ScreenElement {
  static override styles = [...ScreenElement.styles, authStyles, passwordStyles];
  static override properties = { ...ScreenElement.properties, draft: { attribute: false }, showPassword: { state: true } };
  declare draft: SignupDraft;
  declare showPassword: boolean;

  private readonly form = new FormController<Field>(this, {
    initial: { login: '', password: '' },
    validate: (v) => ({
      login: loginError(v.login),
      password: newPasswordError(v.password, { login: v.login, cpf: this.draft?.cpf }),
    }),
  });

  constructor() {
    super();
    this.showPassword = false;
  }

  override render() {
    const f = this.form;
    const d = this.draft;
    return html`<section class="screen" aria-labelledby="title">
      <div class="screen-head">
        <p class="eyebrow">${msg.signup.step(2)}</p>
        <h2 id="title" tabindex="-1" part="heading">${msg.signup.title}: ${msg.signup.step2.toLowerCase()}</h2>
        ${signupSteps(2)}
      </div>
      <div class="callout warning siccau" part="notice">
        <strong>${msg.signup.siccauNote}</strong>
        <p>${msg.signup.siccauDetail}</p>
      </div>
      <div class="card" part="card">
        <form novalidate @submit=${this.onSubmit} part="form">
          <div class="field">
            <h3 class="visually-hidden">${msg.signup.summary}</h3>
            <dl class="summary">
              <dt>${msg.signup.name}</dt><dd>${d.name}</dd>
              <dt>${msg.signup.cpf}</dt><dd>${d.cpf}</dd>
              <dt>${msg.signup.email}</dt><dd>${d.email}</dd>
            </dl>
            <a href=${routeHash({ name: 'signup' })} part="link">${msg.signup.change}</a>
          </div>
          ${textField(f, 'login', { label: msg.signup.loginField, hint: msg.signup.loginHint, autocomplete: 'username', maxlength: 32 })}
          ${newPasswordField(f, 'password', { label: msg.signup.password, shown: this.showPassword, onToggle: (shown) => (this.showPassword = shown) })}
          ${formAlert(f)}
          <div class="actions stretch">${submitButton(msg.signup.submit, f.pending)}</div>
        </form>
      </div>
    </section>`;
  }

  private readonly onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    void this.form.submit(async (v) => {
      try {
        const session = await this.api.run((t) =>
          t.auth.signup.mutate({ signupToken: this.draft.signupToken, login: v.login.trim().toLowerCase(), password: v.password }));
        this.emit('signed-in', { session, remember: false, flash: { text: msg.signup.welcome(session.user.name), tone: 'success' } });
      } catch (error) {
        // The step-1 token lasts 30 minutes: past that, step 1 again, with what was typed.
        if ((error as { reason?: string }).reason === 'signup_expired') {
          this.emit('navigate', { route: { name: 'signup' }, flash: { text: (error as Error).message, tone: 'warning' } });
          return;
        }
        throw error;
      }
    });
  };
}
