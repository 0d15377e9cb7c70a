// <cau-atendimento>: the root of the widget. It owns the session, the API client and the routing,
// picks the screen for the current route, and tells the host page what happened through composed
// events. Screens talk back to it with internal events that never leave its shadow root.
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { ApiClient, type SessionClock, type Ticket, type User } from './api/api-client';
import { IdleController } from './controllers/idle.controller';
import { RouterController } from './controllers/router.controller';
import { SessionController } from './controllers/session.controller';
import { rootStyles } from './cau-atendimento.styles';
import { ticketOpened } from './kb/kb-session';
import { msg } from './messages';
import { requiresSession, routeHash, visitorsOnly, type Route } from './routes';
import type { Flash, ScreenElement, ScreenEventMap, SignupDraft } from './screens/screen-element';
import { baseStyles } from './styles/base.styles';

export interface CauLoginDetail {
  /** The professional who signed in (never the session token). */
  user: User;
}
export interface CauLogoutDetail {
  /**
   * `user`: "Sair" or "Sair de todos os dispositivos"; `expired`: the server refused the session;
   * `elsewhere`: another tab signed out; `idle`: nobody used the widget for the session's idle limit.
   */
  reason: 'user' | 'expired' | 'elsewhere' | 'idle';
}
export interface CauTicketCreatedDetail {
  protocol: string;
  ticket: Ticket;
}

/** The origin this module was served from: the default API server. */
function moduleOrigin(): string {
  try {
    const url = new URL(import.meta.url);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
  } catch {
    // not loaded from a URL (tests)
  }
  return globalThis.location?.origin ?? '';
}

const PARTS = 'heading, card, form, label, input, button, primary, link, error, notice, counter, badge, deadline, ticket-item, message, strength';

/**
 * The Atendimento CAU/SP portal for professionals: signup, login, new tickets, tracking and answers,
 * and "Minha conta" (their data and its export, password, signed-in devices).
 *
 * ```html
 * <script type="module" src="https://atendimento.example/widget/cau-atendimento.js"></script>
 * <cau-atendimento api="https://atendimento.example"></cau-atendimento>
 * ```
 *
 * @attr api - Base URL of the Atendimento server. Defaults to the origin the module was loaded from.
 *   Sessions are stored per API URL, so widgets for different servers never share one.
 *
 * @fires cau-login - CustomEvent<{ user }>: a professional signed in or finished signing up.
 * @fires cau-logout - CustomEvent<{ reason: 'user' | 'expired' | 'elsewhere' }>: the session ended.
 * @fires cau-ticket-created - CustomEvent<{ protocol, ticket }>: a ticket was opened.
 *   All three bubble and are composed, so the host page can listen on the element or on document.
 *
 * @cssprop --cau-color-primary - Buttons, links, focus of choices (default #00666b, teal).
 * @cssprop --cau-color-primary-hover - Hover of primary buttons (default #004f53).
 * @cssprop --cau-color-on-primary - Text on primary buttons (default #ffffff).
 * @cssprop --cau-color-accent - Tinted surfaces: info callouts, selected choices (default #e3f2f1).
 * @cssprop --cau-color-header - Background of the widget's header band (default #0f2a33).
 * @cssprop --cau-color-text - Body text (default #1c2b33).
 * @cssprop --cau-color-muted - Secondary text (default #4d5f6b).
 * @cssprop --cau-color-border - Borders of form controls, 3:1 against the surface (default #7c8b96).
 * @cssprop --cau-color-divider - Borders of cards (default #d5dee3).
 * @cssprop --cau-color-surface - Cards and controls (default #ffffff).
 * @cssprop --cau-color-background - Behind the cards (default #f3f6f7).
 * @cssprop --cau-color-danger - Errors (default #b42318).
 * @cssprop --cau-color-warning - Deadlines and warnings (default #8a4b00).
 * @cssprop --cau-color-success - Confirmations (default #1b6e3c).
 * @cssprop --cau-color-focus - Focus ring (default #0b57d0).
 * @cssprop --cau-font-family - Font (default: inherited from the page).
 * @cssprop --cau-radius - Corner radius of cards (default 12px).
 * @cssprop --cau-max-width - Maximum width of the widget (default 72rem).
 *
 * @csspart base - The widget's outer box.
 * @csspart header - The header band (title, navigation, "Sair").
 * @csspart nav - The navigation links of a signed-in professional.
 * @csspart flash - The confirmation shown after an action (ticket opened, password changed…).
 * @csspart heading - Each screen's title.
 * @csspart card - Cards holding forms and ticket sections.
 * @csspart form - Every form.
 * @csspart label - Field labels.
 * @csspart input - Text fields, selects and text areas.
 * @csspart button - Every button (also `primary` on the main button of a form).
 * @csspart primary - The main button of each form.
 * @csspart link - Secondary links (forgot password, back to the list…).
 * @csspart error - Error messages, beside fields and for a whole form.
 * @csspart notice - Callouts (SICCAU password note, deadlines, closed ticket).
 * @csspart counter - The four status counters of the tracking screen.
 * @csspart badge - Status badges (also `deadline` on the "responda até" badge).
 * @csspart deadline - The "responda até dd/mm/aaaa hh:mm" badge.
 * @csspart ticket-item - One ticket of the list.
 * @csspart message - One message of a ticket's thread.
 * @csspart strength - The password strength meter.
 */
export class CauAtendimento extends LitElement {
  static override styles = [baseStyles, rootStyles];
  static override properties = {
    api: { type: String },
    flash: { state: true },
    signupDraft: { state: true },
  };
  declare api: string;
  declare flash: (Flash & { version: number }) | null;
  declare signupDraft: SignupDraft | null;

  private client: ApiClient | null = null;
  private readonly session = new SessionController(this, () => this.endedElsewhere());
  private readonly router = new RouterController(this, () => ({ name: 'tickets' }));
  private readonly idle = new IdleController(this, {
    ping: async () => {
      const me = (await this.client!.run((t) => t.auth.me.query())) as User & { session?: SessionClock };
      return me.session;
    },
    expired: () => this.idleSignOut(),
  });
  private shownScreen: string | null = null;

  constructor() {
    super();
    this.api = '';
    this.flash = null;
    this.signupDraft = null;
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('api') || !this.client) this.connectApi();
    // The idle clock runs while someone is signed in (and the widget is on the page: an answer
    // arriving after it was removed must not start a clock nobody stops).
    if (this.session.session && this.isConnected) this.idle.start();
    else this.idle.stop();
  }

  private connectApi(): void {
    const base = this.api || moduleOrigin();
    this.client = new ApiClient(base, { token: () => this.session.token, expired: () => this.sessionExpired() });
    this.session.load(this.client.base);
    if (this.session.session) {
      const client = this.client;
      // Confirms a stored session is still alive (a refused one leads to the login, keeping the route).
      // (The session clock some servers add to auth.me is not part of the stored user.)
      client.run((t) => t.auth.me.query()).then(
        (answer) => {
          const { session: _clock, ...user } = answer as User & { session?: SessionClock };
          if (client === this.client) this.session.refreshUser(user as User);
        },
        () => undefined,
      );
    }
  }

  override render() {
    const user = this.session.session?.user ?? null;
    const route = this.router.route;
    const flash = this.flash && this.flash.version === this.router.version ? this.flash : null;
    return html`<div class="base" part="base">
      <header class="header" part="header">
        <div class="brand">
          <span class="mark" aria-hidden="true">CAU<span>SP</span></span>
          <span class="brand-text"><span class="brand-title">${msg.app.title}</span><span class="brand-sub">${msg.app.subtitle}</span></span>
        </div>
        ${user
          ? html`<nav class="nav" part="nav" aria-label=${msg.app.navLabel}>
              <span class="who">${msg.app.greeting(user.name)}</span>
              <a href=${routeHash({ name: 'tickets' })} aria-current=${route.name === 'tickets' ? 'page' : 'false'}>${msg.app.myTickets}</a>
              <a href=${routeHash({ name: 'new-ticket' })} aria-current=${route.name === 'new-ticket' ? 'page' : 'false'}>${msg.app.newTicket}</a>
              <a href=${routeHash({ name: 'account' })} aria-current=${route.name === 'account' ? 'page' : 'false'}>${msg.app.account}</a>
              <a href=${routeHash({ name: 'faq' })} aria-current=${route.name === 'faq' ? 'page' : 'false'}>${msg.app.faq}</a>
              <button type="button" class="logout" @click=${this.logout}>${msg.app.logout}</button>
            </nav>`
          : html`<div class="nav">
              <a href=${routeHash({ name: 'faq' })} aria-current=${route.name === 'faq' ? 'page' : 'false'}>${msg.app.faq}</a>
            </div>`}
      </header>
      <div class="body">
        ${this.idle.warning
          ? html`<div class="callout warning idle-warning" role="alert" part="notice">
              <p>${msg.login.idleWarning(this.idle.remainingSeconds)}</p>
              <p><button type="button" class="button" part="button" @click=${this.idle.activity}>${msg.login.stayConnected}</button></p>
            </div>`
          : nothing}
        <div role="status" class="flash-region">${flash
          ? html`<p class="callout flash ${flash.tone}" part="flash">${flash.text}</p>`
          : nothing}</div>
        <div class="screen-host" @navigate=${this.onNavigate} @signed-in=${this.onSignedIn}
          @signup-draft=${this.onSignupDraft} @ticket-created=${this.onTicketCreated}
          @session-renewed=${this.onSessionRenewed} @signed-out=${this.onSignedOut}
          @flash-dismiss=${this.onFlashDismiss} @address=${this.onAddress}>${this.renderScreen(route, Boolean(user))}</div>
      </div>
    </div>`;
  }

  /** The screen for `route`: visitors asking for a signed-in route get the login in its place. */
  private screenFor(route: Route, signedIn: boolean): Route {
    if (!signedIn && requiresSession(route)) return { name: 'login' };
    if (signedIn && visitorsOnly(route)) return { name: 'tickets' };
    if (route.name === 'signup-access' && !this.signupDraft) return { name: 'signup' };
    return route;
  }

  private renderScreen(route: Route, signedIn: boolean) {
    const api = this.client!;
    const screen = this.screenFor(route, signedIn);
    switch (screen.name) {
      case 'login': {
        const notice = route.name === 'ticket' ? msg.login.deepLink(route.protocol) : '';
        return html`<cau-login-screen .api=${api} .notice=${notice} exportparts=${PARTS}></cau-login-screen>`;
      }
      case 'signup':
        return html`<cau-signup-screen .api=${api} .draft=${this.signupDraft} exportparts=${PARTS}></cau-signup-screen>`;
      case 'signup-access':
        return html`<cau-signup-access-screen .api=${api} .draft=${this.signupDraft} exportparts=${PARTS}></cau-signup-access-screen>`;
      case 'forgot':
        return html`<cau-forgot-screen .api=${api} exportparts=${PARTS}></cau-forgot-screen>`;
      case 'reset':
        return html`<cau-reset-screen .api=${api} .token=${screen.token} exportparts=${PARTS}></cau-reset-screen>`;
      case 'tickets':
        return html`<cau-tickets-screen .api=${api} .status=${screen.status ?? ''} .search=${screen.search ?? ''} exportparts=${PARTS}></cau-tickets-screen>`;
      case 'new-ticket':
        return html`<cau-new-ticket-screen .api=${api} .related=${screen.related} exportparts=${PARTS}></cau-new-ticket-screen>`;
      case 'ticket':
        return html`<cau-ticket-screen .api=${api} .protocol=${screen.protocol} exportparts=${PARTS}></cau-ticket-screen>`;
      case 'account':
        return html`<cau-account-screen .api=${api} .user=${this.session.session!.user} exportparts=${PARTS}></cau-account-screen>`;
      case 'faq':
        // The FAQ screen and its Markdown renderer load on first use, outside the widget's first bytes.
        void import('./kb/lazy');
        return html`<cau-faq-screen .api=${api} .slug=${screen.slug} .signedIn=${signedIn} exportparts=${PARTS}></cau-faq-screen>`;
    }
  }

  override updated(): void {
    // Step 2 of signup without step 1 (the page was reloaded): back to step 1 at its own address,
    // saying why, rather than an empty step 1 under the address of step 2.
    if (this.router.route.name === 'signup-access' && !this.signupDraft && !this.session.session) {
      this.go({ name: 'signup' }, { replace: true, flash: { text: msg.signup.restart, tone: 'info' } });
      return;
    }
    // A new screen takes focus on its heading, so keyboard and screen-reader users start there. The
    // first screen does only when the page was opened on a widget address (an e-mail link).
    const route = this.screenFor(this.router.route, Boolean(this.session.session));
    // A list's own filter in the address (`?situacao=…`) is the same screen: focus stays where it is.
    const key = `${route.name}:${routeHash(route).split('?')[0]}:${this.router.version}`;
    if (key === this.shownScreen) return;
    const first = this.shownScreen === null;
    this.shownScreen = key;
    if (first && !this.router.fromStart) return;
    const screen = this.renderRoot.querySelector('.screen-host > *') as ScreenElement | null;
    // A lazily loaded screen (the FAQ) takes focus once its module has defined it.
    if (screen) void customElements.whenDefined(screen.localName).then(() => screen.focusHeading?.());
  }

  private go(route: Route, options: { replace?: boolean; flash?: Flash } = {}): void {
    this.router.navigate(route, { replace: options.replace });
    this.flash = options.flash ? { ...options.flash, version: this.router.version } : null;
  }

  private emitPublic<T>(type: string, detail: T): void {
    this.dispatchEvent(new CustomEvent<T>(type, { detail, bubbles: true, composed: true }));
  }

  private readonly onNavigate = (event: CustomEvent<ScreenEventMap['navigate']>) => {
    event.stopPropagation();
    this.go(event.detail.route, event.detail);
  };

  private readonly onSignedIn = (event: CustomEvent<ScreenEventMap['signed-in']>) => {
    event.stopPropagation();
    const { session, remember, flash } = event.detail;
    this.session.start(session, remember);
    this.signupDraft = null;
    this.emitPublic<CauLoginDetail>('cau-login', { user: session.user });
    const route = this.router.route;
    // Signed in on the way to a ticket (a deep link): straight to it. Otherwise, to the list.
    if (requiresSession(route)) this.flash = flash ? { ...flash, version: this.router.version } : null;
    else this.go({ name: 'tickets' }, { replace: route.name === 'reset', flash });
  };

  private readonly onSignupDraft = (event: CustomEvent<ScreenEventMap['signup-draft']>) => {
    event.stopPropagation();
    this.signupDraft = event.detail;
    this.go({ name: 'signup-access' });
  };

  private readonly onTicketCreated = (event: CustomEvent<ScreenEventMap['ticket-created']>) => {
    event.stopPropagation();
    const { ticket } = event.detail;
    ticketOpened(this.client!, ticket.protocol);
    this.emitPublic<CauTicketCreatedDetail>('cau-ticket-created', { protocol: ticket.protocol, ticket });
    this.go({ name: 'ticket', protocol: ticket.protocol }, { flash: { text: msg.newTicket.created(ticket.protocol), tone: 'success' } });
  };

  private readonly onAddress = (event: CustomEvent<ScreenEventMap['address']>) => {
    event.stopPropagation();
    this.router.sync(event.detail.route);
  };

  private readonly onFlashDismiss = (event: Event) => {
    event.stopPropagation();
    this.flash = null;
  };

  private readonly onSessionRenewed = (event: CustomEvent<ScreenEventMap['session-renewed']>) => {
    event.stopPropagation();
    const current = this.session.session;
    if (current) this.session.start({ ...current, token: event.detail.token }, this.session.persistent);
  };

  private readonly onSignedOut = (event: CustomEvent<ScreenEventMap['signed-out']>) => {
    event.stopPropagation();
    this.session.end();
    this.emitPublic<CauLogoutDetail>('cau-logout', { reason: 'user' });
    this.go({ name: 'login' }, { flash: event.detail.flash });
  };

  private readonly logout = () => {
    const token = this.session.token;
    const base = this.client!.base;
    this.session.end();
    // The local session is gone at once; the server is told in the background.
    if (token) new ApiClient(base, { token: () => token, expired: () => undefined }).run((t) => t.auth.logout.mutate()).catch(() => undefined);
    this.emitPublic<CauLogoutDetail>('cau-logout', { reason: 'user' });
    this.go({ name: 'login' }, { flash: { text: msg.login.loggedOut, tone: 'info' } });
  };

  /** Nobody used the widget for the idle limit: the session ends here and on the server. */
  private idleSignOut(): void {
    const token = this.session.token;
    if (!token) return;
    const base = this.client!.base;
    this.session.end();
    new ApiClient(base, { token: () => token, expired: () => undefined }).run((t) => t.auth.logout.mutate()).catch(() => undefined);
    this.emitPublic<CauLogoutDetail>('cau-logout', { reason: 'idle' });
    this.go({ name: 'login' }, { flash: { text: msg.login.idleEnded, tone: 'warning' } });
  }

  private sessionExpired(): void {
    if (!this.session.session) return;
    this.session.end();
    this.flash = { text: msg.login.expired, tone: 'warning', version: this.router.version };
    this.emitPublic<CauLogoutDetail>('cau-logout', { reason: 'expired' });
  }

  private endedElsewhere(): void {
    this.emitPublic<CauLogoutDetail>('cau-logout', { reason: 'elsewhere' });
    this.flash = { text: msg.login.loggedOut, tone: 'info', version: this.router.version };
  }
}
