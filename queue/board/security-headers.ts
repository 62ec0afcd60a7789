/**
 * Headers on every board response: a strict Content-Security-Policy (scripts and styles only from
 * the board itself, no inline script, no framing), no MIME sniffing, no referrer to other sites,
 * and no caching of pages. bull-board's page keeps inline styles for its loading screen, so
 * `/queues` also allows inline style (never inline script).
 */
import type { MiddlewareHandler } from 'hono';

const BASE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
];

export const BOARD_CSP = [...BASE_CSP, "style-src 'self'"].join('; ');
export const BULL_BOARD_CSP = [...BASE_CSP, "style-src 'self' 'unsafe-inline'"].join('; ');

export function securityHeaders(options: { secure: boolean; relaxedStylePrefix: string }): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    const relaxed = c.req.path === options.relaxedStylePrefix || c.req.path.startsWith(`${options.relaxedStylePrefix}/`);
    h.set('Content-Security-Policy', relaxed ? BULL_BOARD_CSP : BOARD_CSP);
    h.set('X-Content-Type-Options', 'nosniff');
    h.set('X-Frame-Options', 'DENY');
    h.set('Referrer-Policy', 'same-origin');
    h.set('Cross-Origin-Opener-Policy', 'same-origin');
    h.set('Cross-Origin-Resource-Policy', 'same-origin');
    h.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
    if (options.secure) h.set('Strict-Transport-Security', 'max-age=31536000');
    if (!h.has('Cache-Control')) h.set('Cache-Control', 'no-store');
  };
}
