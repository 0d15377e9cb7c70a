// Hash routing: follows `#atendimento/...` fragments (links, the back button, e-mail links) and
// leaves any other fragment to the host page. Navigating writes the fragment, so every screen has an
// address and the browser's history works.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { parseHash, routeHash, type Route } from '../routes';

export class RouterController implements ReactiveController {
  route: Route;
  /** Whether the current route came from the address the page was opened with. */
  fromStart: boolean;
  /** Bumped on every route change, so the host can tell a new screen from a re-render. */
  version = 0;

  constructor(private readonly host: ReactiveControllerHost, fallback: () => Route) {
    host.addController(this);
    const initial = parseHash(globalThis.location?.hash ?? '');
    this.route = initial ?? fallback();
    this.fromStart = initial !== null;
  }

  hostConnected(): void {
    globalThis.addEventListener('hashchange', this.onHashChange);
  }

  hostDisconnected(): void {
    globalThis.removeEventListener('hashchange', this.onHashChange);
  }

  /** Shows `route` and writes its fragment; `replace` keeps it out of the history (one-time links). */
  navigate(route: Route, options: { replace?: boolean } = {}): void {
    const hash = routeHash(route);
    if (location.hash !== hash) {
      if (options.replace) history.replaceState(history.state, '', hash);
      else location.hash = hash;
    }
    this.set(route);
  }

  /**
   * Records a change of address made by the screen itself (a list's filter): the fragment is replaced
   * in place and the route follows, without a new screen (the version stays, so focus stays too).
   */
  sync(route: Route): void {
    const hash = routeHash(route);
    if (location.hash !== hash) history.replaceState(history.state, '', hash);
    this.route = route;
    this.host.requestUpdate();
  }

  private set(route: Route): void {
    this.route = route;
    this.fromStart = false;
    this.version++;
    this.host.requestUpdate();
  }

  private readonly onHashChange = () => {
    const route = parseHash(location.hash);
    if (route && routeHash(route) !== routeHash(this.route)) this.set(route);
  };
}
