/**
 * The board: a Hono app, server-rendered. `createBoardApp(services, options)` mounts every
 * `RouteSpec` (the core's: sign-out, the audit trail; and the pages' `pageRoutes`) behind the
 * same checks, in this order: session cookie → signed-in user → the route's roles → for POST the
 * CSRF token → the handler. bull-board is at `/queues` for admins, behind the same sign-in.
 * Only `/signin` and the two static assets answer without a session; any other path, known or
 * not, sends a visitor without one to the sign-in page (so the routes are not revealed).
 *
 * `app.access(method, path)` says who may use a route as it was registered (for the tests,
 * which enumerate `app.routes`).
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AuditLog } from '../audit/audit-log.js';
import { ownKeys } from '../keys.js';
import { BoardCookies, WeakSessionKey } from './auth/cookies.js';
import { loadSession, refuseWithoutUser, requireCsrf, requireRoles, requireUser, signedInUser, type CoreEnv } from './auth/guard.js';
import { SignInThrottle } from './auth/sign-in-throttle.js';
import { SessionStore } from './auth/sessions.js';
import { registerSignIn, signOutRoute } from './auth/sign-in-routes.js';
import { UserDirectory } from './auth/users.js';
import { BULL_BOARD_PATH, bullBoardApp } from './bull-board.js';
import { auditRoutes } from './core-pages/audit.js';
import { notFoundPage, serverErrorPage } from './core-pages/errors.js';
import { pageRoutes } from './pages/index.js';
import type { BoardServices, Role, RouteSpec } from './routes.js';
import { checkMetricsAccess, collectMetrics, CONTENT_TYPE, exposition, metricsToken } from '../metrics/index.js';
import { securityHeaders } from './security-headers.js';
import { registerStaticAssets, STATIC_PATHS } from './static-assets.js';

export interface BoardOptions {
  /** The value of the secret `board.sessionKeySecret`: signs the cookies (at least 32 characters). */
  sessionKey: string;
  /** Secure cookies (with the `__Host-` prefix) and HSTS. Default: `board.secureCookies`, else whether `board.tls` is set. */
  secureCookies?: boolean;
  /** The page routes; default `pageRoutes` from `pages/`. */
  routes?: readonly RouteSpec[];
  /** Mount bull-board at `/queues` (default true). */
  bullBoard?: boolean;
  now?: () => number;
}

/** Who may use a route: everyone (sign-in and static assets only), or the roles it declares (admin always). */
export type RouteAccess = { public: true } | { public: false; roles: readonly Role[] } | { public: false; token: 'metrics' };

export type BoardApp = Hono<CoreEnv> & {
  /** The access rule of a registered route (method and path exactly as registered), or undefined for none. */
  access(method: string, path: string): RouteAccess | undefined;
};

const MIN_SESSION_KEY = 32;

/** Admins' bull-board requests that change something must come from the board's own pages (its UI sends no CSRF token). */
const sameOriginWrites: MiddlewareHandler<CoreEnv> = async (c, next) => {
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
    const origin = c.req.header('origin');
    const site = c.req.header('sec-fetch-site');
    const sameOrigin = origin ? origin === new URL(c.req.url).origin : site === 'same-origin';
    if (!sameOrigin) return c.text('Refused: this request did not come from the board.', 403);
    await next();
    if (c.res.status < 400) {
      await c.var.services.audit.append({ actor: c.var.user.username, action: 'queue-admin', target: c.req.path, details: { method: c.req.method } });
    }
    return;
  }
  await next();
};

export function createBoardApp(services: BoardServices & { audit: AuditLog }, options: BoardOptions): BoardApp {
  const board = services.config.board;
  if (options.sessionKey.length < MIN_SESSION_KEY) throw new WeakSessionKey(board.sessionKeySecret);
  const secure = options.secureCookies ?? board.secureCookies ?? board.tls !== undefined;
  const keyPrefix = ownKeys(services.config.redis.prefix);
  const deps = {
    users: new UserDirectory(board.users),
    sessions: new SessionStore(services.rt.redis, keyPrefix, { idleMs: board.session.idleMinutes * 60_000, maxAgeMs: board.session.maxAgeHours * 3_600_000 }, options.now),
    throttle: new SignInThrottle(services.rt.redis, keyPrefix, {
      freeFailures: board.signInThrottle.freeFailures,
      addressFreeFailures: board.signInThrottle.addressFreeFailures,
      baseDelayMs: board.signInThrottle.baseDelaySeconds * 1000,
      maxDelayMs: board.signInThrottle.maxDelayMinutes * 60_000,
      windowMs: board.signInThrottle.windowMinutes * 60_000,
    }),
    cookies: new BoardCookies(options.sessionKey, secure, Math.ceil(board.session.maxAgeHours * 3600)),
    audit: services.audit,
  };

  // Not strict: `/queues/` (bull-board's own base) is `/queues`, and so on for every path.
  const app = new Hono<CoreEnv>({ strict: false });
  const access = new Map<string, RouteAccess>();
  const declare = (method: string, path: string, rule: RouteAccess) => {
    const key = `${method} ${path}`;
    if (access.has(key)) throw new Error(`board: two routes for ${key}`);
    access.set(key, rule);
  };

  app.use('*', securityHeaders({ secure, relaxedStylePrefix: BULL_BOARD_PATH }));
  app.use('*', async (c, next) => {
    c.set('services', services);
    await next();
  });
  app.use('*', loadSession(deps));

  registerStaticAssets(app);
  for (const path of STATIC_PATHS) declare('GET', path, { public: true });
  registerSignIn(app, deps);
  declare('GET', '/signin', { public: true });
  declare('POST', '/signin', { public: true });

  // Prometheus: behind its own bearer token, not a session (a scraper does not sign in).
  const metricsTokenValue = metricsToken(services.config, services.rt.secrets);
  app.get('/metrics', async (c) => {
    const access = checkMetricsAccess(c.req.header('authorization'), metricsTokenValue, services.config.metrics.tokenSecret);
    if (!access.ok) return c.text(access.text, access.status, { 'www-authenticate': 'Bearer' });
    return c.body(exposition(await collectMetrics(services.rt)), 200, { 'content-type': CONTENT_TYPE });
  });
  declare('GET', '/metrics', { public: false, token: 'metrics' });

  const specs: RouteSpec[] = [signOutRoute(deps), ...auditRoutes(services.audit), ...(options.routes ?? pageRoutes)];
  for (const spec of specs) {
    declare(spec.method, spec.path, { public: false, roles: spec.roles });
    const checks: MiddlewareHandler<CoreEnv>[] = [requireUser, requireRoles(spec.roles)];
    if (spec.method === 'POST') checks.push(bodyLimit({ maxSize: board.maxBodyBytes, onError: (c) => c.text('The request is too large.', 413) }), requireCsrf);
    app.on(spec.method, [spec.path], ...checks, spec.handler as unknown as MiddlewareHandler<CoreEnv>);
  }

  if (options.bullBoard ?? true) {
    const admin = [requireUser, requireRoles(['admin']), sameOriginWrites];
    app.use(BULL_BOARD_PATH, ...admin);
    app.use(`${BULL_BOARD_PATH}/*`, ...admin);
    app.route(BULL_BOARD_PATH, bullBoardApp(services.rt, BULL_BOARD_PATH));
  }

  app.notFound((c: Context) => (signedInUser(c) ? notFoundPage(c) : refuseWithoutUser(c)));
  app.onError((err, c) => {
    services.log.error({ err: { message: err.message, stack: err.stack }, method: c.req.method, path: c.req.path }, 'board: request failed');
    return serverErrorPage(c);
  });

  const bullBoardRule: RouteAccess = { public: false, roles: ['admin'] };
  return Object.assign(app, {
    access: (method: string, path: string) =>
      access.get(`${method} ${path}`) ?? (path === BULL_BOARD_PATH || path.startsWith(`${BULL_BOARD_PATH}/`) ? bullBoardRule : undefined),
  });
}
