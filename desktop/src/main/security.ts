// What the desk's window may load and run: the app's own origin (plus the dev server while
// developing), a strict Content-Security-Policy, and the system browser for everything else.
import { APP_HOST, APP_SCHEME } from '../shared/contract';

/** The renderer's own pages: app://desk/… in a packaged run, the dev server in `npm run dev`. */
export function isAppUrl(url: string, devOrigin: string | null): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  // Node gives non-special schemes an opaque origin, so compare scheme and host.
  if (parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST) return true;
  return devOrigin !== null && parsed.origin === devOrigin;
}

/**
 * The policy for the renderer. Scripts and styles come only from the app; the only network peer is
 * the desk's server (`connect`). No plugins, frames, forms posting elsewhere or <base> tricks.
 */
export function contentSecurityPolicy(connect: readonly string[], options: { dev?: boolean } = {}): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'none'"],
    'script-src': ["'self'"],
    // Vite injects component styles as <style> elements while developing; the build emits a file.
    'style-src': options.dev ? ["'self'", "'unsafe-inline'"] : ["'self'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'", ...connect],
    'object-src': ["'none'"],
    'frame-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
  };
  return Object.entries(directives).map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
}

/** The origin of the desk's server, for connect-src (paths do not belong in a CSP source). */
export function originOf(url: string): string {
  return new URL(url).origin;
}
