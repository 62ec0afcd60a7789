/**
 * The checks every board route goes through, in this order: the session cookie (on every
 * request, `loadSession`), a signed-in user (`requireUser`: else GET goes to the sign-in page
 * and anything else gets 401), the route's roles (`requireRoles`: 403 naming the roles needed),
 * and for POST the session's CSRF token (`requireCsrf`: 403). `app.ts` puts them in front of
 * every `RouteSpec`, so a page cannot forget one.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { BoardEnv, BoardUser, Role } from '../routes.js';
import { hasRole } from '../views/layout.js';
import { forbiddenPage, signInFirstPage } from '../core-pages/errors.js';
import type { BoardCookies } from './cookies.js';
import { csrfTokenOf, sameSecret } from './csrf.js';
import type { SessionStore } from './sessions.js';
import type { UserDirectory } from './users.js';

/** The board's own context: the page contract's variables, and the session id for signing out. */
export interface CoreEnv {
  Variables: BoardEnv['Variables'] & { sessionId: string };
}

export interface SessionDeps {
  users: UserDirectory;
  sessions: SessionStore;
  cookies: BoardCookies;
}

/** Sets `user`, `csrfToken` and `sessionId` when the request has a live session of a user who still exists. */
export function loadSession(deps: SessionDeps): MiddlewareHandler<CoreEnv> {
  return async (c, next) => {
    const id = await deps.cookies.sessionId(c);
    const session = id ? await deps.sessions.touch(id) : undefined;
    const user = session ? deps.users.find(session.username) : undefined;
    if (session && user) {
      c.set('user', user);
      c.set('csrfToken', session.csrfToken);
      c.set('sessionId', session.id);
    } else if (session) {
      await deps.sessions.delete(session.id); // the user was removed from the config
    }
    await next();
  };
}

export function signedInUser(c: Context): BoardUser | undefined {
  return (c as Context<CoreEnv>).get('user');
}

/** Where to go after signing in: a path on this board only (no other origin, no scheme-relative `//host`). */
export function safeNext(next: string | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || /[\u0000-\u001f\\]/.test(next)) return '/';
  return next.startsWith('/signin') ? '/' : next;
}

export function refuseWithoutUser(c: Context): Response | Promise<Response> {
  if (c.req.method === 'GET' || c.req.method === 'HEAD') {
    const url = new URL(c.req.url);
    return c.redirect(`/signin?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
  }
  return signInFirstPage(c);
}

export const requireUser: MiddlewareHandler<CoreEnv> = async (c, next) => {
  if (!signedInUser(c)) return refuseWithoutUser(c);
  await next();
};

export function requireRoles(roles: readonly Role[]): MiddlewareHandler<CoreEnv> {
  return async (c, next) => {
    const user = signedInUser(c);
    if (!hasRole(user, roles)) return forbiddenPage(c, `This page is for: ${[...roles, 'admin'].filter((r, i, a) => a.indexOf(r) === i).join(', ')}. You are signed in as ${user?.username ?? '?'} with: ${user?.roles.join(', ') ?? 'no roles'}.`);
    await next();
  };
}

export const requireCsrf: MiddlewareHandler<CoreEnv> = async (c, next) => {
  const expected = c.get('csrfToken');
  const given = await csrfTokenOf(c);
  if (!expected || !given || !sameSecret(given, expected)) {
    return forbiddenPage(c, 'The form was not sent from this board (its security token is missing or out of date). Go back, reload the page and try again.');
  }
  await next();
};
