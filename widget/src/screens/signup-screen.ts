// Cadastro, step 1 (SPEC §2.1): nome, CPF (masked as typed, check digits verified live) and e-mail,
// checked by auth.checkSignup. Nothing is stored yet; the signup token carries them to step 2. The
// privacy notice (SPEC §7, LGPD) sits right above "Continuar", where the data is handed over.
import { formatCpfPartial } from '@cau/shared';
import { html, nothing } from 'lit';
import { FormController } from '../controllers/form.controller';
import { formAlert, submitButton, textField } from '../fields';
import { msg } from '../messages';
import { routeHash } from '../routes';
import { cpfError, emailError, nameError } from '../rules';
import { authStyles } from './auth.styles';
import { ScreenElement, type SignupDraft } from './screen-element';

type Field = 'name' | 'cpf' | 'email';

export function signupSteps(current: 1 | 2) {
  const step = (n: 1 | 2, label: string) => html`<li class=${n < current ? 'done' : ''} aria-current=${n === current ? 'step' : 'false'}>
    <span class="dot" aria-hidden="true">${n}</span><span><span class="visually-hidden">${msg.signup.step(n)}: </span>${label}</span>
  </li>`;
  return html`<ol class="steps" aria-label=${msg.signup.title}>${step(1, msg.signup.step1)}${step(2, msg.signup.step2)}</ol>`;
}

export class SignupScreen extends ScreenElement {
  static override styles = [...ScreenElement.styles, authStyles];
  static override properties = { ...ScreenElement.properties, draft: { attribute: false }, notice: { attribute: false } };
  /** What was typed before (back from step 2, or an expired step 2). */
  declare draft: SignupDraft | null;
  declare notice: string;

  private readonly form = new FormController<Field>(this, {
    initial: { name: '', cpf: '', email: '' },
    validate: (v) => ({ name: nameError(v.name), cpf: cpfError(v.cpf, true), email: emailError(v.email) }),
  });

  constructor() {
    super();
    this.draft = null;
    this.notice = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.draft) this.form.reset({ name: this.draft.name, cpf: this.draft.cpf, email: this.draft.email });
  }

  override render() {
    const f = this.form;
    const cpfOk = !f.errors.cpf && f.values.cpf.replace(/\D/g, '').length === 11 && !cpfError(f.values.cpf, true);
    const taken = f.reason === 'cpf_taken' || f.reason === 'email_taken';
    return html`<section class="screen" aria-labelledby="title">
      <div class="screen-head">
        <p class="eyebrow">${msg.signup.step(1)}</p>
        <h2 id="title" tabindex="-1" part="heading">${msg.signup.title}: ${msg.signup.step1.toLowerCase()}</h2>
        <p class="lead">${msg.signup.intro}</p>
        ${signupSteps(1)}
      </div>
      <div role="status">${this.notice ? html`<p class="callout warning" part="notice">${this.notice}</p>` : nothing}</div>
      <div class="card" part="card">
        <form novalidate @submit=${this.onSubmit} part="form">
          ${textField(f, 'name', { label: msg.signup.name, autocomplete: 'name', maxlength: 120 })}
          ${textField(f, 'cpf', {
            label: msg.signup.cpf,
            hint: msg.signup.cpfHint,
            inputmode: 'numeric',
            autocomplete: 'off',
            maxlength: 14,
            narrow: true,
            onInput: this.onCpfInput,
            onBlur: this.onCpfBlur,
            after: html`<p class="ok" aria-live="polite">${cpfOk ? msg.signup.cpfValid : ''}</p>`,
          })}
          ${textField(f, 'email', { label: msg.signup.email, hint: msg.signup.emailHint, type: 'email', autocomplete: 'email', maxlength: 254 })}
          <cau-privacy-notice .api=${this.api} exportparts="notice, link"></cau-privacy-notice>
          ${formAlert(f)}
          ${taken
            ? html`<p class="actions"><a href=${routeHash({ name: 'login' })}>${msg.login.title}</a>
                <a href=${routeHash({ name: 'forgot' })}>${msg.login.forgot}</a></p>`
            : nothing}
          <div class="actions stretch">${submitButton(msg.signup.continue, f.pending)}</div>
        </form>
      </div>
      <p class="switch">${msg.signup.haveAccount} <a href=${routeHash({ name: 'login' })} part="link">${msg.signup.login}</a></p>
    </section>`;
  }

  /** Formats as typed (`123.456.789-09`), keeps the caret after the same digit, and judges 11 digits at once. */
  private readonly onCpfInput = (event: Event) => {
    const input = event.target as HTMLInputElement;
    const caret = input.selectionStart ?? input.value.length;
    const digitsBefore = input.value.slice(0, caret).replace(/\D/g, '').length;
    const formatted = formatCpfPartial(input.value);
    input.value = formatted;
    let position = 0;
    for (let seen = 0; position < formatted.length && seen < digitsBefore; position++) {
      if (/\d/.test(formatted[position]!)) seen++;
    }
    input.setSelectionRange?.(position, position);
    this.form.set('cpf', formatted);
    this.form.setError('cpf', cpfError(formatted, false) ?? (this.form.errors.cpf && cpfError(formatted, true)) ?? undefined);
  };

  private readonly onCpfBlur = () => {
    if (this.form.values.cpf) this.form.setError('cpf', cpfError(this.form.values.cpf, true));
  };

  private readonly onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    void this.form.submit(async (v) => {
      const input = { name: v.name.trim(), cpf: v.cpf.trim(), email: v.email.trim() };
      const { signupToken } = await this.api.run((t) => t.auth.checkSignup.mutate(input));
      this.emit('signup-draft', { ...input, signupToken });
    });
  };
}
