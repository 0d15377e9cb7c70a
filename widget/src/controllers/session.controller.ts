// The professional's session: the bearer token and user, kept in sessionStorage (this tab only) or,
// with "manter conectado neste computador", in localStorage. Keys are namespaced by the API's URL so
// widgets talking to different servers never share a session. Storage that the browser refuses
// (private modes, blocked third-party storage) degrades to a session held in memory.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Session } from '../api/api-client';

type Kind = 'localStorage' | 'sessionStorage';

function storage(kind: Kind): Storage | null {
  try {
    const store = globalThis[kind];
    store.getItem('cau-atendimento');
    return store;
  } catch {
    return null;
  }
}

function isSession(value: unknown): value is Session {
  const v = value as Session | null;
  return typeof v?.token === 'string' && typeof v.user?.id === 'string' && typeof v.user.name === 'string';
}

export function sessionKey(apiBase: string): string {
  return `cau-atendimento:session:${apiBase}`;
}

export class SessionController implements ReactiveController {
  session: Session | null = null;
  /** Whether the session lives in localStorage ("manter conectado"). */
  persistent = false;
  private key = '';

  constructor(
    private readonly host: ReactiveControllerHost,
    /** Another tab of this site signed out of a kept ("manter conectado") session. */
    private readonly onEndedElsewhere: () => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    globalThis.addEventListener('storage', this.onStorage);
  }

  hostDisconnected(): void {
    globalThis.removeEventListener('storage', this.onStorage);
  }

  get token(): string | null {
    return this.session?.token ?? null;
  }

  /** Reads the session stored for this API (again when the `api` attribute changes). */
  load(apiBase: string): void {
    this.key = sessionKey(apiBase);
    const fromTab = this.read('sessionStorage');
    const kept = fromTab ? null : this.read('localStorage');
    this.session = fromTab ?? kept;
    this.persistent = Boolean(kept);
    this.host.requestUpdate();
  }

  start(session: Session, remember: boolean): void {
    // Only the other storage is cleared: removing and re-adding in the kept one would look, to the
    // other tabs sharing it, like a sign-out.
    this.remove(remember ? 'sessionStorage' : 'localStorage');
    this.session = session;
    this.persistent = remember;
    try {
      storage(remember ? 'localStorage' : 'sessionStorage')?.setItem(this.key, JSON.stringify(session));
    } catch {
      // Storage full or refused: the session still lasts as long as the page.
    }
    this.host.requestUpdate();
  }

  /** Keeps the stored user in step with `auth.me`. */
  refreshUser(user: Session['user']): void {
    if (!this.session || JSON.stringify(user) === JSON.stringify(this.session.user)) return;
    this.start({ ...this.session, user }, this.persistent);
  }

  end(): void {
    this.remove('sessionStorage');
    this.remove('localStorage');
    this.session = null;
    this.persistent = false;
    this.host.requestUpdate();
  }

  private read(kind: Kind): Session | null {
    try {
      return this.parse(storage(kind)?.getItem(this.key) ?? null);
    } catch {
      return null;
    }
  }

  private parse(raw: string | null): Session | null {
    try {
      const parsed: unknown = raw ? JSON.parse(raw) : null;
      return isSession(parsed) ? parsed : null;
    } catch {
      return null;
    }
  }

  private remove(kind: Kind): void {
    try {
      storage(kind)?.removeItem(this.key);
    } catch {
      // nothing stored there
    }
  }

  private readonly onStorage = (event: StorageEvent) => {
    if (event.key !== this.key || !this.persistent || !this.session) return;
    if (event.newValue === null) {
      this.session = null;
      this.persistent = false;
      this.host.requestUpdate();
      this.onEndedElsewhere();
      return;
    }
    // The password was changed in another tab: the server ended this token too, and the kept
    // session now holds the new one.
    const next = this.parse(event.newValue);
    if (next && next.user.id === this.session.user.id && next.token !== this.session.token) {
      this.session = next;
      this.host.requestUpdate();
    }
  };
}
