// What every screen of the widget shares: the API client handed down by <cau-atendimento>, the
// internal events it sends up (never composed: they stop at the root), and focus on arrival.
import { LitElement } from 'lit';
import type { ApiClient, Session, Ticket } from '../api/api-client';
import type { Route } from '../routes';
import { baseStyles } from '../styles/base.styles';

export interface Flash {
  text: string;
  tone: 'success' | 'info' | 'warning';
}

export interface SignupDraft {
  name: string;
  cpf: string;
  email: string;
  signupToken: string;
}

/** Internal events from a screen to the root. */
export interface ScreenEventMap {
  navigate: { route: Route; replace?: boolean; flash?: Flash };
  'signed-in': { session: Session; remember: boolean; flash?: Flash };
  'signup-draft': SignupDraft;
  'ticket-created': { ticket: Ticket };
  'ticket-updated': { ticket: Ticket; action: 'provide_info' | 'comment' | 'approve' | 'reject' };
  /** An action was refused because the ticket changed meanwhile (conflict, invalid transition). */
  'ticket-stale': Record<string, never>;
  /** The password changed: the server ended every session and opened this one under a new token. */
  'session-renewed': { token: string };
  /** The server already ended the session ("sair de todos os dispositivos"). */
  'signed-out': { flash: Flash };
  /** The screen's own state (a list's filter) changed its address: written in place, same screen, focus stays. */
  address: { route: Route };
  /** The confirmation above the screen no longer applies (a new attempt on its form). */
  'flash-dismiss': Record<string, never>;
}

export abstract class ScreenElement extends LitElement {
  static override styles = [baseStyles];
  static override properties = { api: { attribute: false } };
  declare api: ApiClient;

  /** Moves focus to the screen's heading (tabindex=-1), as the root does after each navigation. */
  async focusHeading(): Promise<void> {
    await this.updateComplete;
    (this.renderRoot.querySelector('h2[tabindex], h3[tabindex]') as HTMLElement | null)?.focus();
  }

  protected emit<K extends keyof ScreenEventMap>(type: K, detail: ScreenEventMap[K]): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true }));
  }
}
