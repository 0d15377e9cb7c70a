// CORS for the routes a browser page calls with a bearer header (no cookies anywhere): an allowed
// origin gets its own origin echoed with the headers and methods the route takes; any other origin
// gets no CORS headers, and its preflight is refused with 403. Every answer varies on Origin.
import type { NextFunction, Request, Response } from 'express';

/** The desktop app loads its pages from app://desk (desktop/src/main); its calls carry a bearer token, no cookie. */
export const DESK_APP_ORIGIN = 'app://desk';

export interface CorsPolicy {
  /** Origins whose pages may call the route. */
  origins: readonly string[];
  /** Request headers the page may send. */
  headers: readonly string[];
  methods: readonly string[];
  /** Response headers the page may read (beyond the CORS-safelisted ones). */
  expose?: readonly string[];
}

export function cors(policy: CorsPolicy) {
  const allowed = new Set(policy.origins);
  return (req: Request, res: Response, next: NextFunction): void => {
    const origin = req.headers.origin;
    const ok = origin !== undefined && allowed.has(origin);
    if (ok) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Headers', policy.headers.join(', '));
      res.setHeader('Access-Control-Allow-Methods', policy.methods.join(', '));
      if (policy.expose?.length) res.setHeader('Access-Control-Expose-Headers', policy.expose.join(', '));
      res.setHeader('Access-Control-Max-Age', '600');
    }
    res.setHeader('Vary', 'Origin');
    if (req.method === 'OPTIONS') {
      res.status(ok ? 204 : 403).end();
      return;
    }
    next();
  };
}
