/**
 * Session guard for the screens behind the login, and the state-token check for their forms and links.
 * - no session cookie → redirect to the login page
 * - cookie of a session ended by another login → "SESSION TERMINATED" (HTTP 200)
 * - cookie of an expired, logged-out or unknown session → "YOUR SESSION HAS EXPIRED" (HTTP 200)
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { SESSION_COOKIE, type BankEnv } from './app-env.js';
import { consumeToken, type TokenContext } from './state-token.js';
import { expiredPage, terminatedPage } from './screens/system-pages.js';

export const requireSession: MiddlewareHandler<BankEnv> = async (c, next) => {
  const bank = c.var.bank;
  const id = getCookie(c, SESSION_COOKIE);
  if (!id) return c.redirect('/login', 302);
  const found = bank.sessions.lookup(id, bank.nowMs());
  if (found.kind === 'active') {
    c.set('session', found.session);
    await next();
    return;
  }
  if (found.kind === 'ended' && found.reason === 'terminated') return terminatedPage(c, bank.now());
  if (found.kind === 'ended' && found.reason === 'expired') {
    bank.logger.info({ username: found.username }, 'legacy-bank: request on an expired session');
  }
  return expiredPage(c, bank.now());
};

/**
 * Uses the request's state token: its context, or null after sending the expired page has been arranged.
 * Usage: `const ctx = useStateToken(c, token); if (!ctx) return expiredPage(c, bank.now());`
 */
export function useStateToken(c: Context<BankEnv>, token: string | undefined, screen?: string): TokenContext | null {
  const session = c.var.session;
  const context = consumeToken(session, token);
  if (!context || (screen !== undefined && context.screen !== screen)) {
    c.var.bank.logger.info({ username: session.username, path: c.req.path, token: token ? 'stale' : 'missing' }, 'legacy-bank: rejected state token');
    return null;
  }
  return context;
}

/** A form field as a string ('' when absent or a file). */
export function field(body: Record<string, unknown>, name: string): string {
  const v = body[name];
  return typeof v === 'string' ? v : '';
}
