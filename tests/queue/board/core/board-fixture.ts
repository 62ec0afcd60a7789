/** A board app over a test runtime (its own key prefix), with one user per role and cheap password hashes. */
import { generateSignedCookie } from 'hono/cookie';
import { afterAll, beforeAll } from 'vitest';
import { BOTS } from '../../../../bots/registry.js';
import { AuditLog } from '../../../../queue/audit/audit-log.js';
import { createBoardApp, type BoardApp, type BoardOptions } from '../../../../queue/board/app.js';
import { SESSION_COOKIE } from '../../../../queue/board/auth/cookies.js';
import { hashPassword } from '../../../../queue/board/auth/passwords.js';
import { SessionStore } from '../../../../queue/board/auth/sessions.js';
import { ROLES, type Role } from '../../../../queue/board/routes.js';
import { ownKeys } from '../../../../queue/keys.js';
import type { Runtime } from '../../../../queue/runtime.js';
import { LogCapture, testConfig, testRuntime } from '../../../helpers/runtime.js';

export const SESSION_KEY = 'test-session-key-0123456789-abcdefghijklmnop';
/** Cheap scrypt parameters for tests (the hash records them; production uses DEFAULT_SCRYPT). */
export const FAST_SCRYPT = { N: 1024, r: 8, p: 1 };
export const passwordOf = (username: string) => `pw-of-${username}-long-enough`;
/** One user per role, named after it. */
export const ROLE_USERS = ROLES.map((role) => ({ username: role, role }));

export interface BoardFixture {
  app: BoardApp;
  rt: Runtime;
  audit: AuditLog;
  log: LogCapture;
  /** A fresh session for the user, as the Cookie header's value, and its CSRF token. */
  session(username: string): Promise<{ cookie: string; csrf: string }>;
}

export interface FixtureOptions {
  board?: Record<string, unknown>;
  app?: Partial<BoardOptions>;
}

/** Registers beforeAll/afterAll; the getters work inside tests. */
export function useBoard(options: FixtureOptions = {}): BoardFixture {
  let state: Omit<BoardFixture, 'session'> | undefined;
  let sessions: SessionStore | undefined;
  beforeAll(async () => {
    const users = await Promise.all(
      ROLE_USERS.map(async (u) => ({ username: u.username, roles: [u.role] as Role[], passwordHash: await hashPassword(passwordOf(u.username), FAST_SCRYPT) })),
    );
    const config = testConfig({ log: { level: 'warn' }, board: { users, ...options.board } });
    const log = new LogCapture();
    const rt = testRuntime({ bots: BOTS, config, log });
    const audit = new AuditLog(rt.redis, ownKeys(rt.prefix));
    const app = createBoardApp({ rt, config, log: rt.log, audit }, { sessionKey: SESSION_KEY, ...options.app });
    sessions = new SessionStore(rt.redis, ownKeys(rt.prefix), { idleMs: 60_000, maxAgeMs: 3_600_000 });
    state = { app, rt, audit, log };
  });
  afterAll(async () => {
    await state?.rt.close();
  });
  const need = () => {
    if (!state) throw new Error('the board fixture is only available inside tests');
    return state;
  };
  return {
    get app() {
      return need().app;
    },
    get rt() {
      return need().rt;
    },
    get audit() {
      return need().audit;
    },
    get log() {
      return need().log;
    },
    async session(username: string) {
      const s = await sessions!.create(username);
      const cookie = (await generateSignedCookie(SESSION_COOKIE, s.id, SESSION_KEY)).split(';')[0]!;
      return { cookie, csrf: s.csrfToken };
    },
  };
}

/** The cookies a response sets, by name (value only). */
export function setCookies(res: Response): Map<string, string> {
  return new Map(
    res.headers.getSetCookie().map((c) => {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      return [pair!.slice(0, eq), pair!.slice(eq + 1)];
    }),
  );
}

/** Signs in through the form (GET /signin for its token, then POST), as a browser would. */
export async function signIn(app: BoardApp, username: string, password: string, next = '/audit', from?: string): Promise<Response> {
  // As @hono/node-server would pass it: the connection's remote address.
  const env = from ? { incoming: { socket: { remoteAddress: from, remotePort: 40000, remoteFamily: 'IPv4' } } } : undefined;
  const form = await app.request(`/signin?next=${encodeURIComponent(next)}`, {}, env);
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  const cookie = [...setCookies(form)].map(([k, v]) => `${k}=${v}`).join('; ');
  return app.request(
    '/signin',
    {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: token ?? '', username, password, next }).toString(),
    },
    env,
  );
}

/** A refusal that sends the browser to sign in first. */
export const isSignInRedirect = (res: Response) => res.status === 303 && (res.headers.get('location') ?? '').startsWith('/signin?next=');
