// Security headers on every response (OWASP ASVS V14): nosniff, referrer policy, no framing,
// HSTS when the request came over HTTPS, and a strict CSP for the pages this server serves.
import type { NextFunction, Request, Response } from 'express';

/** For the demo page and the desk: only this server's own scripts, styles, images and API. */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // Lit and Vue set inline style attributes; no inline script is ever allowed.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** For API answers and downloads: nothing may run, load or frame them. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox";

export function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
  if (req.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  const page = req.method === 'GET' && (req.path === '/' || req.path.startsWith('/desk') || req.path.endsWith('.html'));
  res.setHeader('Content-Security-Policy', page ? PAGE_CSP : API_CSP);
  next();
}
