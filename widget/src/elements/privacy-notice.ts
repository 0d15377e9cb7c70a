// "Aviso de privacidade" (LGPD arts. 9 and 18), shown where the personal data is asked for (signup
// step 1): what is collected and why, who controls it and how to reach the DPO (portal.privacy, so
// the council edits it in the admin area), and the data subject's rights.
import { html, LitElement } from 'lit';
import type { ApiClient, Privacy } from '../api/api-client';
import { LoadController } from '../controllers/load.controller';
import { msg } from '../messages';
import { baseStyles } from '../styles/base.styles';
import { privacyNoticeStyles } from './privacy-notice.styles';

const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+$/;

/** The DPO's e-mail as a mailto link (as plain text if it is not an address). */
export function dpoEmailLink(email: string) {
  return EMAIL.test(email) ? html`<a href="mailto:${email}" part="link">${email}</a>` : email;
}

/**
 * @csspart notice - the notice's box
 * @csspart link - the DPO's e-mail link
 */
export class PrivacyNotice extends LitElement {
  static override styles = [baseStyles, privacyNoticeStyles];
  static override properties = { api: { attribute: false }, privacy: { state: true } };
  declare api: ApiClient;
  declare privacy: Privacy | null;

  private readonly loader = new LoadController(this);

  constructor() {
    super();
    this.privacy = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.privacy) void this.load();
  }

  async load(): Promise<void> {
    const privacy = await this.loader.run((signal) => this.api.run((t) => t.portal.privacy.query(undefined, { signal })));
    if (privacy) this.privacy = privacy;
  }

  override render() {
    const p = this.privacy;
    return html`<section class="notice" part="notice" aria-labelledby="privacy-title" aria-busy=${this.loader.loading ? 'true' : 'false'}>
      <h3 id="privacy-title">${msg.privacy.title}</h3>
      <p>${msg.privacy.purpose}</p>
      ${p
        ? html`<dl>
            <dt>${msg.privacy.controller}</dt><dd>${p.controller}</dd>
            <dt>${msg.privacy.dpo}</dt><dd>${p.dpoName} · ${dpoEmailLink(p.dpoEmail)}</dd>
          </dl>`
        : this.loader.error
          ? html`<p class="muted">${msg.privacy.loadError}
              <button type="button" class="link-button" @click=${() => this.load()}>${msg.app.retry}</button></p>`
          : html`<p class="muted">${msg.privacy.loading}</p>`}
      <p>${msg.privacy.rights}</p>
    </section>`;
  }
}
