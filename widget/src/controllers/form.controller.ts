// Form state and validity for one form of a screen: the values typed (kept through failures), the
// message of each field, a message for the whole form, and the submission in flight. Errors from the
// server land beside the field named in `data.fields`; others, and network failures, on the form.
import type { LitElement, ReactiveController } from 'lit';
import { toApiError, type ApiError } from '../api/api-error';
import { msg } from '../messages';

export type Values<F extends string> = Record<F, string>;
export type FieldErrors<F extends string> = Partial<Record<F, string>>;

export interface FormOptions<F extends string> {
  initial: Values<F>;
  /** Client-side checks: the message of each invalid field. */
  validate?: (values: Values<F>) => FieldErrors<F>;
  /** Maps an input path of the server's `data.fields` to a field of this form. */
  fieldOf?: (path: string) => F | undefined;
  /** Where field `name` lives in the host's shadow root, for focusing it; `[name=…]` by default. */
  selector?: (name: F) => string;
}

export class FormController<F extends string> implements ReactiveController {
  values: Values<F>;
  errors: FieldErrors<F> = {};
  /** A message for the whole form. */
  formError = '';
  /** The last failure was the network: offer to try again. */
  network = false;
  /** The server's `data.reason` of the last failure, for screens that offer a way out. */
  reason = '';
  pending = false;
  private attempted = false;
  /** formError is the client-side "fix N fields" summary, kept in step as fields are fixed. */
  private summary = false;

  constructor(private readonly host: LitElement, private readonly options: FormOptions<F>) {
    this.values = { ...options.initial };
    host.addController(this);
  }

  hostConnected(): void {}

  /** An `@input`/`@change` handler for controls whose `name` is a field. */
  readonly onInput = (event: Event) => {
    const target = event.target as HTMLInputElement;
    this.set(target.name as F, target.type === 'checkbox' ? (target.checked ? 'on' : '') : target.value);
  };

  set(name: F, value: string): void {
    this.values = { ...this.values, [name]: value };
    // Once a field shows an error (or a submit was tried), it is re-checked as the user types.
    if (this.attempted || this.errors[name]) this.errors = { ...this.errors, [name]: this.check()[name] };
    this.updateSummary();
    this.host.requestUpdate();
  }

  private updateSummary(): void {
    if (!this.summary) return;
    const invalid = this.invalidFields().length;
    this.formError = invalid > 0 ? msg.app.fixFields(invalid) : '';
    this.summary = invalid > 0;
  }

  /** Shows (or clears) one field's message now, as for live checks while typing. */
  setError(name: F, message: string | undefined): void {
    this.errors = { ...this.errors, [name]: message };
    this.updateSummary();
    this.host.requestUpdate();
  }

  reset(values: Partial<Values<F>> = {}): void {
    this.values = { ...this.options.initial, ...values };
    this.errors = {};
    this.formError = '';
    this.network = false;
    this.reason = '';
    this.summary = false;
    this.attempted = false;
    this.host.requestUpdate();
  }

  /**
   * Checks the form and, when it is valid, runs `action`. Returns whether the action succeeded. The
   * first invalid field is focused, so its message (linked by aria-describedby) is read out.
   */
  async submit(action: (values: Values<F>) => Promise<void>, extraErrors: FieldErrors<F> = {}): Promise<boolean> {
    if (this.pending) return false;
    this.attempted = true;
    this.errors = { ...this.check(), ...extraErrors };
    this.formError = '';
    this.network = false;
    this.reason = '';
    const invalid = this.invalidFields();
    this.summary = invalid.length > 0;
    if (invalid.length > 0) {
      this.formError = msg.app.fixFields(invalid.length);
      this.host.requestUpdate();
      await this.host.updateComplete;
      this.focus(invalid[0]!);
      return false;
    }
    this.pending = true;
    this.host.requestUpdate();
    try {
      await action(this.values);
      return true;
    } catch (error) {
      await this.fail(toApiError(error));
      return false;
    } finally {
      this.pending = false;
      this.host.requestUpdate();
    }
  }

  /** Shows a server answer: field messages beside their fields, the message on the form. */
  async fail(error: ApiError): Promise<void> {
    if (error.reason === 'aborted') return;
    const errors: FieldErrors<F> = {};
    for (const [path, message] of Object.entries(error.fields)) {
      const field = this.options.fieldOf ? this.options.fieldOf(path) : (path as F);
      if (field && field in this.values && !errors[field]) errors[field] = message;
    }
    this.errors = errors;
    this.summary = false;
    this.reason = error.reason;
    this.network = error.network;
    this.formError = error.message;
    this.host.requestUpdate();
    await this.host.updateComplete;
    const first = this.invalidFields()[0];
    if (first) this.focus(first);
  }

  invalidFields(): F[] {
    return (Object.keys(this.errors) as F[]).filter((name) => this.errors[name]);
  }

  focus(name: F): void {
    const selector = this.options.selector?.(name) ?? `[name="${name}"]`;
    (this.host.renderRoot.querySelector(selector) as HTMLElement | null)?.focus();
  }

  private check(): FieldErrors<F> {
    return this.options.validate?.(this.values) ?? {};
  }
}
