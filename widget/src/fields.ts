// Render helpers for form fields, so every field of every screen carries the same accessible wiring:
// a <label>, an optional hint, the control with aria-invalid and aria-describedby, and its error in a
// polite live region right below it.
import { passwordStrength } from '@cau/shared';
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { FormController } from './controllers/form.controller';
import { msg } from './messages';

export interface FieldOptions {
  label: string;
  hint?: string | TemplateResult;
  type?: string;
  autocomplete?: string;
  inputmode?: string;
  optional?: boolean;
  maxlength?: number;
  multiline?: boolean;
  rows?: number;
  narrow?: boolean;
  /** Shown under the control, before the error (a counter, a strength meter…). */
  after?: TemplateResult | typeof nothing;
  /** Replaces the form's own input handler (masks). */
  onInput?: (event: Event) => void;
  onBlur?: (event: Event) => void;
  /** Extra ids for aria-describedby. */
  describedBy?: string;
  /** A prefix that keeps ids unique when one shadow root holds several forms. */
  idPrefix?: string;
}

export function labelText(label: string, optional?: boolean): TemplateResult {
  return html`${label}${optional ? html` <span class="optional">${msg.app.optional}</span>` : nothing}`;
}

export function textField<F extends string>(form: FormController<F>, name: F, o: FieldOptions): TemplateResult {
  const id = `${o.idPrefix ?? ''}${name}`;
  const error = form.errors[name];
  const describedBy = [o.hint ? `${id}-hint` : '', o.describedBy ?? '', `${id}-error`].filter(Boolean).join(' ');
  const onInput = o.onInput ?? form.onInput;
  const control = o.multiline
    ? html`<textarea
        id=${id}
        name=${name}
        part="input"
        rows=${o.rows ?? 6}
        .value=${form.values[name]}
        ?required=${!o.optional}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${describedBy}
        @input=${onInput}
        @blur=${o.onBlur}
      ></textarea>`
    : html`<input
        id=${id}
        name=${name}
        part="input"
        class=${o.narrow ? 'narrow' : ''}
        type=${o.type ?? 'text'}
        .value=${form.values[name]}
        autocomplete=${ifDefined(o.autocomplete)}
        inputmode=${ifDefined(o.inputmode)}
        maxlength=${ifDefined(o.maxlength)}
        spellcheck=${o.type === 'password' || o.autocomplete === 'username' ? 'false' : nothing}
        autocapitalize=${o.type === 'email' || o.autocomplete === 'username' || o.type === 'password' ? 'off' : nothing}
        ?required=${!o.optional}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${describedBy}
        @input=${onInput}
        @blur=${o.onBlur}
      />`;
  return html`<div class="field">
    <label for=${id} part="label">${labelText(o.label, o.optional)}</label>
    ${o.hint ? html`<p class="hint" id="${id}-hint">${o.hint}</p>` : nothing}
    ${control}
    ${o.after ?? nothing}
    <p class="error" id="${id}-error" part="error" aria-live="polite">${error ?? ''}</p>
  </div>`;
}

/** The form-level message (role=alert), with "Tentar novamente" after a network failure. */
export function formAlert(form: Pick<FormController<string>, 'formError' | 'network'>): TemplateResult {
  return html`<div class="alert" role="alert" part="error">${form.formError
    ? html`<p>${form.formError}</p>${form.network
        ? html`<button class="button" part="button" type="submit">${msg.app.retry}</button>`
        : nothing}`
    : nothing}</div>`;
}

/** The submit button: stays focusable while busy (aria-disabled), so keyboard users keep their place. */
export function submitButton(label: string, pending: boolean): TemplateResult {
  return html`<button class="button primary" part="button primary" type="submit" aria-disabled=${pending ? 'true' : 'false'}>
    ${pending ? html`<span class="spinner" aria-hidden="true"></span>${msg.app.sending}` : label}
  </button>`;
}

/** The strength hint under a new password: a bar of four steps and its word, announced politely. */
export function strengthMeter(password: string, score: 0 | 1 | 2 | 3 | 4): TemplateResult {
  const label = msg.signup.strengthLabels[score];
  return html`<div class="strength" data-score=${password ? score : 0} part="strength">
    <span class="bars" aria-hidden="true"><span></span><span></span><span></span><span></span></span>
    <span class="hint" aria-live="polite">${password ? `${msg.signup.strength}: ${label}` : ''}</span>
  </div>`;
}

/**
 * The one new-password block (signup step 2, reset, "Alterar senha"): the field with the password
 * rules as its hint, the strength meter and "Mostrar senha". The screen keeps `shown` (the toggle
 * also reveals a current-password field beside it) and re-renders on `onToggle`.
 */
export function newPasswordField<F extends string>(
  form: FormController<F>,
  name: F,
  o: { label: string; shown: boolean; onToggle: (shown: boolean) => void },
): TemplateResult {
  const value = form.values[name];
  return textField(form, name, {
    label: o.label,
    hint: msg.signup.passwordHint,
    type: o.shown ? 'text' : 'password',
    autocomplete: 'new-password',
    maxlength: 128,
    after: html`${strengthMeter(value, passwordStrength(value))}
      ${showPasswordToggle(o.shown, (e) => o.onToggle((e.target as HTMLInputElement).checked))}`,
  });
}

/** "Mostrar senha": a checkbox, so its state is announced and it works from the keyboard. */
export function showPasswordToggle(checked: boolean, onChange: (event: Event) => void, id = 'show-password'): TemplateResult {
  return html`<label class="check" for=${id}>
    <input id=${id} type="checkbox" .checked=${checked} @change=${onChange} />${msg.app.showPassword}
  </label>`;
}
