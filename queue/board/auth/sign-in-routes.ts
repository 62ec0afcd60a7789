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
import type { SignInLockout } from './lockout.js';
import { randomToken, type SessionStore } from './sessions.js';
import type { UserDirectory } from './users.js';

export const UNKNOWN_USER = '(unknown user)';

export interface SignInDeps {
  users: UserDirectory;
  sessions: SessionStore;
  lockout: SignInLockout;
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

async function showForm(c: Context, deps: SignInDeps, next: string, status: 200 | 401 | 403 = 200, error?: string, username?: string) {
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
    if (await deps.lockout.isLocked(username)) {
      await deps.audit.append({ actor, action: 'sign-in-refused', details: { reason: 'locked out', ip } });
      return showForm(c, deps, next, 401, SIGNIN_FAILED, username);
    }
    const user = await deps.users.authenticate(username, field('password'));
    if (!user) {
      const { failures, lockedNow } = await deps.lockout.recordFailure(username);
      await deps.audit.append({ actor, action: 'sign-in-failed', details: { failures, ip } });
      if (lockedNow) await deps.audit.append({ actor, action: 'lock-out', details: { failures, ip } });
      return showForm(c, deps, next, 401, SIGNIN_FAILED, username);
    }
    await deps.lockout.clear(username);
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
