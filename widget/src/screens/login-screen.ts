// Login with identificação and senha, "manter conectado neste computador", and the ways out to
// signup and password recovery. Staff accounts are turned away: they work in the desk app.
import { html, nothing } from 'lit';
import { ApiClient } from '../api/api-client';
import { ApiError } from '../api/api-error';
import { FormController } from '../controllers/form.controller';
import { formAlert, showPasswordToggle, submitButton, textField } from '../fields';
import { msg } from '../messages';
import { routeHash } from '../routes';
import { ScreenElement } from './screen-element';
import { authStyles } from './auth.styles';

type Field = 'login' | 'password' | 'remember';

/**
 * Device tokens by login: this browser is a trusted device for the logins that signed in on it, so
 * someone else's wrong guesses at the login slow down other devices, not this one (OWASP device cookies).
 */
const DEVICE_KEY = 'cau-atendimento:devices';

function deviceTokens(): Record<string, string> {
  try {
    const parsed = JSON.parse(localStorage.getItem(DEVICE_KEY) ?? '{}') as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

function readDeviceToken(login: string): string | undefined {
  const token = deviceTokens()[login];
  return typeof token === 'string' && token.length <= 1000 ? token : undefined;
}

function keepDeviceToken(login: string, token: string): void {
  try {
    localStorage.setItem(DEVICE_KEY, JSON.stringify({ ...deviceTokens(), [login]: token }));
  } catch {
    // Storage may be full or blocked; the login still works, only without the trusted-device benefit.
  }
}

export class LoginScreen extends ScreenElement {
  static override styles = [...ScreenElement.styles, authStyles];
  static override properties = {
    ...ScreenElement.properties,
    notice: { attribute: false },
    showPassword: { state: true },
  };
  /** Why the visitor is here (session expired, a ticket link), shown above the form. */
  declare notice: string;
  declare showPassword: boolean;

  private readonly form = new FormController<Field>(this, {
    initial: { login: '', password: '', remember: '' },
    validate: (v) => ({
      login: v.login.trim() ? undefined : msg.login.loginRequired,
      password: v.password ? undefined : msg.login.passwordRequired,
    }),
  });

  constructor() {
    super();
    this.notice = '';
    this.showPassword = false;
  }

  override render() {
    const f = this.form;
    return html`<section class="screen" aria-labelledby="title">
      <div class="screen-head">
        <h2 id="title" tabindex="-1" part="heading">${msg.login.title}</h2>
        <p class="lead">${msg.login.intro}</p>
      </div>
      <div role="status">${this.notice ? html`<p class="callout" part="notice">${this.notice}</p>` : nothing}</div>
      <div class="card" part="card">
        <form novalidate @submit=${this.onSubmit} part="form">
          ${textField(f, 'login', { label: msg.login.login, autocomplete: 'username' })}
          ${textField(f, 'password', {
            label: msg.login.password,
            type: this.showPassword ? 'text' : 'password',
            autocomplete: 'current-password',
            after: showPasswordToggle(this.showPassword, (e) => (this.showPassword = (e.target as HTMLInputElement).checked)),
          })}
          <div class="field">
            <label class="check" for="remember">
              <input id="remember" name="remember" type="checkbox" .checked=${f.values.remember === 'on'}
                aria-describedby="remember-hint" @change=${f.onInput} />${msg.login.remember}
            </label>
            <p class="hint" id="remember-hint">${msg.login.rememberHint}</p>
          </div>
          ${formAlert(f)}
          <div class="actions stretch">
            ${submitButton(msg.login.submit, f.pending)}
            <a href=${routeHash({ name: 'forgot' })} part="link">${msg.login.forgot}</a>
          </div>
        </form>
      </div>
      <p class="switch">${msg.login.noAccount} <a href=${routeHash({ name: 'signup' })} part="link">${msg.login.signup}</a></p>
    </section>`;
  }

  private readonly onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    // "Você saiu…" (or any earlier confirmation) must not sit above this attempt's answer.
    this.emit('flash-dismiss', {});
    void this.submit();
  };

  private async submit(): Promise<void> {
    const ok = await this.form.submit(async (v) => {
      const login = v.login.trim().toLowerCase();
      const session = await this.api.run((t) => t.auth.login.mutate({ login, password: v.password, deviceToken: readDeviceToken(login) }));
      if (session.deviceToken) keepDeviceToken(login, session.deviceToken);
      if (session.user.role !== 'professional') {
        // Close the session just opened: this portal is for professionals only.
        const staff = new ApiClient(this.api.base, { token: () => session.token, expired: () => undefined });
        await staff.run((t) => t.auth.logout.mutate()).catch(() => undefined);
        throw new ApiError('forbidden', msg.login.staffOnly);
      }
      this.emit('signed-in', { session, remember: v.remember === 'on' });
    });
    if (!ok && this.form.reason === 'bad_credentials') {
      // A refused password is not left in the field to be sent again: the next attempt starts empty.
      this.form.values = { ...this.form.values, password: '' };
      this.requestUpdate();
      await this.updateComplete;
      this.form.focus('password');
    }
  }
}
