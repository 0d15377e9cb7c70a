// Minha conta (LGPD art. 18; SPEC §7): the professional's data with "Baixar meus dados", the password
// change (which ends every other session and hands this one a new token), and the devices signed in,
// each of which can be ended, or all at once.
import { formatCpf, formatDateTime } from '@cau/shared';
import { html, nothing } from 'lit';
import type { AccountSession, Privacy, User } from '../api/api-client';
import { toApiError, type ApiError } from '../api/api-error';
import { FormController } from '../controllers/form.controller';
import { LoadController } from '../controllers/load.controller';
import { describeDevice, displayIp } from '../devices';
import { dpoEmailLink } from '../elements/privacy-notice';
import { formAlert, newPasswordField, submitButton, textField } from '../fields';
import { msg } from '../messages';
import { newPasswordError } from '../rules';
import { passwordStyles } from '../styles/password.styles';
import { accountStyles } from './account-screen.styles';
import { ScreenElement } from './screen-element';

type Field = 'currentPassword' | 'newPassword';

/** Offers `data` to the browser as a JSON file called `name` (a Blob URL on a download link). */
export function downloadJson(root: ParentNode & Node, name: string, data: unknown): void {
  const url = URL.createObjectURL(new Blob([`${JSON.stringify(data, null, 2)}\n`], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  root.appendChild(link);
  link.click();
  link.remove();
  // The download has started from the URL by now; give slow browsers a moment before freeing it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function failureText(error: ApiError): string {
  return error.network ? msg.app.networkError : error.message;
}

export class AccountScreen extends ScreenElement {
  static override styles = [...ScreenElement.styles, passwordStyles, accountStyles];
  static override properties = {
    ...ScreenElement.properties,
    user: { attribute: false },
    sessions: { state: true },
    privacy: { state: true },
    showPassword: { state: true },
    passwordChanged: { state: true },
    exporting: { state: true },
    exported: { state: true },
    exportError: { state: true },
    busySession: { state: true },
    sessionsNote: { state: true },
    sessionsError: { state: true },
  };
  /** The signed-in professional (kept in step with auth.me by the root). */
  declare user: User;
  declare sessions: AccountSession[] | null;
  declare privacy: Privacy | null;
  declare showPassword: boolean;
  declare passwordChanged: boolean;
  declare exporting: boolean;
  declare exported: string;
  declare exportError: string;
  /** The session being ended ('*' for all of them). */
  declare busySession: string;
  declare sessionsNote: string;
  declare sessionsError: string;

  private readonly sessionsLoader = new LoadController(this);
  private readonly privacyLoader = new LoadController(this);
  private readonly form = new FormController<Field>(this, {
    initial: { currentPassword: '', newPassword: '' },
    validate: (v) => ({
      currentPassword: v.currentPassword ? undefined : msg.account.currentRequired,
      newPassword: v.newPassword ? newPasswordError(v.newPassword, { login: this.user.login, cpf: this.user.cpf }) : msg.account.newRequired,
    }),
    // The strength rules answer on `password`, the input's own schema on `newPassword`.
    fieldOf: (path) => (path === 'currentPassword' ? 'currentPassword' : path === 'newPassword' || path === 'password' ? 'newPassword' : undefined),
  });

  constructor() {
    super();
    this.sessions = null;
    this.privacy = null;
    this.showPassword = false;
    this.passwordChanged = false;
    this.exporting = false;
    this.exported = '';
    this.exportError = '';
    this.busySession = '';
    this.sessionsNote = '';
    this.sessionsError = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadSessions();
    void this.privacyLoader.run((signal) => this.api.run((t) => t.portal.privacy.query(undefined, { signal })))
      .then((privacy) => privacy && (this.privacy = privacy));
  }

  async loadSessions(): Promise<void> {
    const sessions = await this.sessionsLoader.run((signal) => this.api.run((t) => t.account.sessions.query(undefined, { signal })));
    if (sessions) this.sessions = sessions;
  }

  override render() {
    return html`<section class="screen" aria-labelledby="title">
      <div class="screen-head">
        <h2 id="title" tabindex="-1" part="heading">${msg.account.title}</h2>
        <p class="lead">${msg.account.intro}</p>
      </div>
      <div class="layout">
        <div class="column">${this.renderData()}${this.renderPassword()}</div>
        ${this.renderSessions()}
      </div>
    </section>`;
  }

  private renderData() {
    const u = this.user;
    const cpf = u.cpf && /^\d{11}$/.test(u.cpf) ? formatCpf(u.cpf) : u.cpf;
    return html`<section class="card" part="card" aria-labelledby="data-title">
      <h3 id="data-title">${msg.account.data}</h3>
      <dl class="facts">
        <div><dt>${msg.account.name}</dt><dd>${u.name}</dd></div>
        <div><dt>${msg.account.cpf}</dt><dd>${cpf ?? '—'}</dd></div>
        <div><dt>${msg.account.email}</dt><dd>${u.email}</dd></div>
        <div><dt>${msg.account.login}</dt><dd>${u.login}</dd></div>
      </dl>
      ${this.privacy ? html`<p class="hint">${msg.account.correction} ${dpoEmailLink(this.privacy.dpoEmail)}</p>` : nothing}
      <div class="export">
        <p id="export-hint">${msg.account.exportIntro}</p>
        <div class="actions">
          <button type="button" class="button" part="button" aria-describedby="export-hint"
            aria-disabled=${this.exporting ? 'true' : 'false'} @click=${this.exportData}>
            ${this.exporting ? html`<span class="spinner" aria-hidden="true"></span>${msg.account.exporting}` : msg.account.export}
          </button>
        </div>
        <div role="status">${this.exported ? html`<p class="ok">${this.exported}</p>` : nothing}</div>
        <div role="alert">${this.exportError ? html`<p class="alert" part="error">${this.exportError}</p>` : nothing}</div>
      </div>
    </section>`;
  }

  private renderPassword() {
    const f = this.form;
    return html`<section class="card" part="card" aria-labelledby="password-title">
      <h3 id="password-title">${msg.account.password}</h3>
      <p class="hint">${msg.account.passwordIntro}</p>
      <p class="callout warning" part="notice"><strong>${msg.signup.siccauNote}</strong></p>
      <div role="status">${this.passwordChanged
        ? html`<p class="callout success" part="notice">${msg.account.passwordChanged}</p>`
        : nothing}</div>
      <form novalidate @submit=${this.onChangePassword} part="form">
        ${textField(f, 'currentPassword', {
          label: msg.account.currentPassword,
          type: this.showPassword ? 'text' : 'password',
          autocomplete: 'current-password',
          maxlength: 128,
        })}
        ${newPasswordField(f, 'newPassword', { label: msg.account.newPassword, shown: this.showPassword, onToggle: (shown) => (this.showPassword = shown) })}
        ${formAlert(f)}
        <div class="actions stretch">${submitButton(msg.account.passwordSubmit, f.pending)}</div>
      </form>
    </section>`;
  }

  private renderSessions() {
    // This device first, then the others as the server orders them (most recently used first).
    const sessions = this.sessions && [...this.sessions].sort((a, b) => Number(b.current) - Number(a.current));
    const loadError = this.sessionsLoader.error;
    const others = sessions?.filter((s) => !s.current) ?? [];
    return html`<section class="card sessions-card" part="card" aria-labelledby="sessions-title">
      <h3 id="sessions-title" tabindex="-1">${msg.account.sessions}</h3>
      <p class="hint">${msg.account.sessionsIntro}</p>
      <div role="status" class="visually-hidden">${this.sessionsNote}</div>
      <div role="alert">${this.sessionsError || (loadError && !sessions)
        ? html`<div class="alert" part="error"><p>${this.sessionsError || failureText(loadError!)}</p>
            ${loadError && !sessions ? html`<button class="button" part="button" type="button" @click=${() => this.loadSessions()}>${msg.app.retry}</button>` : nothing}</div>`
        : nothing}</div>
      ${sessions
        ? html`<ul class="sessions" aria-label=${msg.account.sessions} aria-busy=${this.sessionsLoader.loading ? 'true' : 'false'}>
            ${sessions.map((s) => this.renderSession(s))}
          </ul>
          ${others.length === 0 ? html`<p class="muted">${msg.account.onlyThis}</p>` : nothing}`
        : loadError
          ? nothing
          : html`<p class="placeholder"><span class="spinner" aria-hidden="true"></span>${msg.app.loading}</p>`}
      <div class="everywhere">
        <p class="hint" id="everywhere-hint">${msg.account.everywhereHint}</p>
        <button type="button" class="button danger" part="button" aria-describedby="everywhere-hint"
          aria-disabled=${this.busySession === '*' ? 'true' : 'false'} @click=${this.logoutEverywhere}>
          ${this.busySession === '*' ? html`<span class="spinner" aria-hidden="true"></span>${msg.app.sending}` : msg.account.everywhere}
        </button>
      </div>
    </section>`;
  }

  private renderSession(s: AccountSession) {
    const device = describeDevice(s.userAgent);
    const lastSeen = formatDateTime(s.lastSeenAt);
    const busy = this.busySession === s.id;
    return html`<li class="session ${s.current ? 'current' : ''}" data-id=${s.id}>
      <div class="session-head">
        <strong class="device">${device}</strong>
        ${s.current ? html`<span class="badge this-device" part="badge">${msg.account.thisDevice}</span>` : nothing}
      </div>
      <dl class="session-facts">
        <div><dt>${msg.account.ip}</dt><dd>${displayIp(s.ip) ?? msg.account.noIp}</dd></div>
        <div><dt>${msg.account.lastSeen}</dt><dd><time datetime=${s.lastSeenAt}>${lastSeen}</time></dd></div>
        <div><dt>${msg.account.since}</dt><dd><time datetime=${s.createdAt}>${formatDateTime(s.createdAt)}</time></dd></div>
      </dl>
      ${s.current
        ? nothing
        : html`<button type="button" class="button revoke" part="button" aria-label=${msg.account.revokeLabel(device, lastSeen)}
            aria-disabled=${busy ? 'true' : 'false'} @click=${() => this.revoke(s)}>${busy ? msg.app.sending : msg.account.revoke}</button>`}
    </li>`;
  }

  private readonly exportData = async () => {
    if (this.exporting) return;
    this.exporting = true;
    this.exported = '';
    this.exportError = '';
    try {
      const data = await this.api.run((t) => t.account.exportData.query());
      const name = msg.account.fileName(this.user.login);
      downloadJson(this.renderRoot, name, data);
      this.exported = msg.account.exported(name);
    } catch (error) {
      const failure = toApiError(error);
      if (failure.reason !== 'aborted') this.exportError = failureText(failure);
    } finally {
      this.exporting = false;
    }
  };

  private readonly onChangePassword = (event: SubmitEvent) => {
    event.preventDefault();
    this.passwordChanged = false;
    void this.form.submit(async (v) => {
      const { token } = await this.api.run((t) =>
        t.account.changePassword.mutate({ currentPassword: v.currentPassword, newPassword: v.newPassword }));
      // Every session of the account ended with the change, this one too: the root switches to the
      // new token before anything else is asked of the server.
      this.emit('session-renewed', { token });
      this.form.reset();
      this.showPassword = false;
      this.passwordChanged = true;
      void this.loadSessions();
    });
  };

  private async revoke(session: AccountSession): Promise<void> {
    if (this.busySession) return;
    const device = describeDevice(session.userAgent);
    const others = (this.sessions ?? []).filter((s) => !s.current);
    const index = others.findIndex((s) => s.id === session.id);
    this.busySession = session.id;
    this.sessionsError = '';
    this.sessionsNote = '';
    try {
      await this.api.run((t) => t.account.revokeSession.mutate({ id: session.id }));
    } catch (error) {
      const failure = toApiError(error);
      // Already gone (it expired, or was ended elsewhere): the list just catches up.
      if (failure.reason !== 'not_found') {
        this.sessionsError = failureText(failure);
        this.busySession = '';
        return;
      }
    }
    this.sessions = (this.sessions ?? []).filter((s) => s.id !== session.id);
    this.sessionsNote = msg.account.revoked(device);
    this.busySession = '';
    // The button that had focus is gone: keyboard users go on from the next session, or the list.
    await this.updateComplete;
    const buttons = [...this.renderRoot.querySelectorAll<HTMLElement>('.revoke')];
    (buttons[Math.min(index, buttons.length - 1)] ?? this.renderRoot.querySelector<HTMLElement>('#sessions-title'))?.focus();
  }

  private readonly logoutEverywhere = async () => {
    if (this.busySession) return;
    this.busySession = '*';
    this.sessionsError = '';
    try {
      await this.api.run((t) => t.account.logoutEverywhere.mutate());
      this.emit('signed-out', { flash: { text: msg.account.loggedOutEverywhere, tone: 'info' } });
    } catch (error) {
      const failure = toApiError(error);
      if (failure.reason !== 'aborted') this.sessionsError = failureText(failure);
    } finally {
      this.busySession = '';
    }
  };
}
