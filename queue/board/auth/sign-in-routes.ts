/**
 * Signing in and out. GET /signin shows the form with a one-off token (also in a signed cookie:
 * there is no session yet to hold it); POST /signin checks it, the lock-out, then the password,
 * and starts a new session. Every sign-in, failure, lock-out and sign-out goes to the audit trail.
 * A name that is no user is audited as "(unknown user)": people type passwords into the wrong field.
 */
import type { Context, Hono } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { AuditEventInput } from '../../audit/audit-log.js';
import { SIGNIN_FAILED, signInPage } from '../core-pages/signin.js';
import { ROLES, type RouteSpec } from '../routes.js';
import type { BoardCookies } from './cookies.js';
import { sameSecret } from './csrf.js';
import { safeNext, signedInUser, type CoreEnv } from './guard.js';
import type { SignInThrottle } from './sign-in-throttle.js';
import { randomToken, type SessionStore } from './sessions.js';
import type { UserDirectory } from './users.js';

export const UNKNOWN_USER = '(unknown user)';

export interface SignInDeps {
  users: UserDirectory;
  sessions: SessionStore;
  throttle: SignInThrottle;
  cookies: BoardCookies;
  audit: { append(event: AuditEventInput): Promise<unknown> };
}

function clientAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined; // not served by @hono/node-server (e.g. app.request in tests)
  }
}

/** What a throttled attempt is told: when to try again, the same whether the name is a user or not. */
function throttledMessage(waitMs: number): string {
  const s = Math.ceil(waitMs / 1000);
  const when = s < 90 ? `${s} second${s === 1 ? '' : 's'}` : `${Math.ceil(s / 60)} minutes`;
  return `Too many failed sign-ins for this name from your address. Try again in ${when}.`;
}

async function showForm(c: Context, deps: SignInDeps, next: string, status: 200 | 401 | 403 | 429 = 200, error?: string, username?: string) {
  // The token of a form still open is kept: a request the browser makes on its own (a favicon, a
  // prefetch) is sent to this page too, and must not expire the form the user is filling in.
  // It is one-off all the same: after a sign-in attempt (a POST) the form gets a new one.
  const token = (c.req.method === 'GET' ? await deps.cookies.signInToken(c) : undefined) ?? randomToken();
  await deps.cookies.setSignInToken(c, token);
  return signInPage(c, { token, next, error, username }, status);
}

/** GET and POST /signin: open to everyone (the only pages that are). */
export function registerSignIn(app: Hono<CoreEnv>, deps: SignInDeps): void {
  app.get('/signin', async (c) => {
    const next = safeNext(c.req.query('next'));
    if (signedInUser(c)) return c.redirect(next, 303);
    return showForm(c, deps, next);
  });

  app.post('/signin', async (c) => {
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const field = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : '');
    const next = safeNext(field('next'));
    const expected = await deps.cookies.signInToken(c);
    if (!expected || !sameSecret(field('_csrf'), expected)) return showForm(c, deps, next, 403, 'The sign-in form had expired. Please sign in again.');
    deps.cookies.clearSignInToken(c);

    const username = field('username').trim().slice(0, 64);
    const ip = clientAddress(c);
    const known = deps.users.find(username) !== undefined;
    const actor = known ? username : UNKNOWN_USER;
    const waitMs = await deps.throttle.waitMs(username, ip);
    if (waitMs > 0) {
      await deps.audit.append({ actor, action: 'sign-in-refused', details: { reason: 'throttled', waitSeconds: Math.ceil(waitMs / 1000), ip } });
      c.header('Retry-After', String(Math.ceil(waitMs / 1000)));
      return showForm(c, deps, next, 429, throttledMessage(waitMs), username);
    }
    const user = await deps.users.authenticate(username, field('password'));
    if (!user) {
      const { failures, addressFailures, waitMs: wait } = await deps.throttle.recordFailure(username, ip);
      await deps.audit.append({ actor, action: 'sign-in-failed', details: { failures, addressFailures, ...(wait > 0 ? { waitSeconds: Math.ceil(wait / 1000) } : {}), ip } });
      return showForm(c, deps, next, 401, SIGNIN_FAILED, username);
    }
    await deps.throttle.clear(username, ip);
    const previous = c.get('sessionId');
    if (previous) await deps.sessions.delete(previous);
    const session = await deps.sessions.create(user.username);
    await deps.audit.append({ actor: user.username, action: 'sign-in', details: { roles: user.roles, ip } });
    await deps.cookies.setSession(c, session.id);
    return c.redirect(next, 303);
  });
}

/** POST /signout: a page route like any other (signed in, CSRF token), open to every role. */
export function signOutRoute(deps: SignInDeps): RouteSpec {
  return {
    method: 'POST',
    path: '/signout',
    roles: ROLES,
    handler: async (c) => {
      const id = (c as unknown as Context<CoreEnv>).get('sessionId');
      if (id) await deps.sessions.delete(id);
      await deps.audit.append({ actor: c.var.user.username, action: 'sign-out' });
      deps.cookies.clearSession(c);
      return c.redirect('/signin', 303);
    },
  };
}
