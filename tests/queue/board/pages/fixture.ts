/**
 * The board with the pages over a test runtime with the bots a test brings (and, if asked, a worker
 * host for some of them); users by role (and two more handlers and approvers for four-eyes), and
 * requests made as one of them with their session cookie and CSRF token.
 */
import { generateSignedCookie } from 'hono/cookie';
import { afterAll, beforeAll } from 'vitest';
import type { AnyBot } from '../../../../bots/kit/define-bot.js';
import type { TargetAdapter } from '../../../../bots/kit/target.js';
import { AuditLog } from '../../../../queue/audit/audit-log.js';
import { createBoardApp, type BoardApp } from '../../../../queue/board/app.js';
import { SESSION_COOKIE } from '../../../../queue/board/auth/cookies.js';
import { hashPassword } from '../../../../queue/board/auth/passwords.js';
import { SessionStore } from '../../../../queue/board/auth/sessions.js';
import { ROLES, type Role } from '../../../../queue/board/routes.js';
import { ownKeys } from '../../../../queue/keys.js';
import type { Runtime } from '../../../../queue/runtime.js';
import { WorkerHost } from '../../../../queue/worker-host.js';
import { LogCapture, testConfig, testRuntime } from '../../../helpers/runtime.js';
import { FAST_SCRYPT, passwordOf, SESSION_KEY } from '../core/board-fixture.js';

export { passwordOf, SESSION_KEY };

/** One user per role named after it, and a second handler and approver (four eyes). */
export const PAGE_USERS: { username: string; roles: Role[] }[] = [
  ...ROLES.map((r) => ({ username: r, roles: [r] })),
  { username: 'handler2', roles: ['handler'] },
  { username: 'approver2', roles: ['approver'] },
];

export async function boardUsers() {
  return Promise.all(PAGE_USERS.map(async (u) => ({ ...u, passwordHash: await hashPassword(passwordOf(u.username), FAST_SCRYPT) })));
}

export interface PagesBoard {
  app: BoardApp;
  rt: Runtime;
  audit: AuditLog;
  /** A request as a user (their session cookie), the response as it is (for bodies that are not text). */
  request(path: string, username: string, init?: RequestInit): Promise<Response>;
  /** GET as a user: status, body text and headers. */
  get(path: string, username: string): Promise<{ status: number; text: string; headers: Headers }>;
  /** POST a form as a user (with their CSRF token unless `csrf: false`). */
  post(path: string, username: string, fields?: Record<string, string>, options?: { csrf?: boolean }): Promise<{ status: number; text: string; location: string | null }>;
  /** POST a multipart form (a file upload) as a user. */
  postMultipart(path: string, username: string, form: FormData): Promise<{ status: number; text: string; location: string | null }>;
}

/**
 * `over`: the board of a runtime the test made itself (e.g. with `useBankWorker`, its config's board
 * users from `boardUsers()`); it is not closed here. Else a runtime of `bots`, closed after the file.
 */
export function usePagesBoard(options: { bots: AnyBot[]; adapters?: TargetAdapter[]; workerBots?: string[]; config?: Record<string, unknown> } | { over: () => Runtime }): PagesBoard {
  let state: { app: BoardApp; rt: Runtime; audit: AuditLog; sessions: SessionStore; host?: WorkerHost; own: boolean } | undefined;
  const cached = new Map<string, { cookie: string; csrf: string }>();
  beforeAll(async () => {
    if ('over' in options) {
      const rt = options.over();
      const audit = new AuditLog(rt.redis, ownKeys(rt.prefix));
      const app = createBoardApp({ rt, config: rt.config, log: rt.log, audit }, { sessionKey: SESSION_KEY, bullBoard: false });
      state = { app, rt, audit, sessions: new SessionStore(rt.redis, ownKeys(rt.prefix), { idleMs: 600_000, maxAgeMs: 3_600_000 }), own: false };
      return;
    }
    const { board: boardConfig, ...rest } = options.config ?? {};
    const config = testConfig({ log: { level: 'info' }, ...rest, board: { ...(boardConfig as object | undefined), users: await boardUsers() } });
    const rt = testRuntime({ bots: options.bots, adapters: options.adapters, config, log: new LogCapture() });
    const audit = new AuditLog(rt.redis, ownKeys(rt.prefix));
    const app = createBoardApp({ rt, config, log: rt.log, audit }, { sessionKey: SESSION_KEY, bullBoard: false });
    const sessions = new SessionStore(rt.redis, ownKeys(rt.prefix), { idleMs: 600_000, maxAgeMs: 3_600_000 });
    let host: WorkerHost | undefined;
    if (options.workerBots?.length) {
      host = new WorkerHost(rt, options.workerBots);
      await host.start();
    }
    state = { app, rt, audit, sessions, host, own: true };
  });
  afterAll(async () => {
    if (!state?.own) return;
    await state.host?.shutdown(1_000);
    await state.rt.close();
  });
  const need = () => {
    if (!state) throw new Error('the pages board is only available inside tests');
    return state;
  };
  const session = async (username: string) => {
    let s = cached.get(username);
    if (!s) {
      const created = await need().sessions.create(username);
      s = { cookie: (await generateSignedCookie(SESSION_COOKIE, created.id, SESSION_KEY)).split(';')[0]!, csrf: created.csrfToken };
      cached.set(username, s);
    }
    return s;
  };
  const request = async (path: string, username: string, init: RequestInit & { headers?: Record<string, string> } = {}) => {
    const { cookie } = await session(username);
    return need().app.request(path, { ...init, headers: { cookie, origin: 'http://localhost', ...init.headers } });
  };
  const send = async (path: string, username: string, init: RequestInit & { headers?: Record<string, string> }) => {
    const res = await request(path, username, init);
    return { status: res.status, text: await res.text(), location: res.headers.get('location'), headers: res.headers };
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
    request: (path, username, init) => request(path, username, init as RequestInit & { headers?: Record<string, string> }),
    get: (path, username) => send(path, username, { method: 'GET' }),
    async post(path, username, fields = {}, opts = {}) {
      const { csrf } = await session(username);
      const body = new URLSearchParams(opts.csrf === false ? fields : { _csrf: csrf, ...fields }).toString();
      return send(path, username, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    },
    async postMultipart(path, username, form) {
      const { csrf } = await session(username);
      form.set('_csrf', csrf);
      return send(path, username, { method: 'POST', body: form });
    },
  };
}
