/**
 * The contract between the board's core (sign-in, roles, CSRF, audit: `app.ts`) and its pages
 * (`pages/`): every page is a `RouteSpec` that declares the roles it allows. The core mounts each
 * spec behind the session check, the role check and (for POST) the CSRF check, so a page cannot
 * forget them, and the tests enumerate the routes from the router itself.
 */
import type { Context } from 'hono';
import type { Logger } from 'pino';
import { BOARD_ROLES } from '../../config/board.js';
import type { Config } from '../../config/schema.js';
import type { Runtime } from '../runtime.js';

/** The roles, least to most (defined beside the config's `board.users`, which names them). */
export const ROLES = BOARD_ROLES;
export type Role = (typeof ROLES)[number];

/** The signed-in user, as the pages see it (never a password hash). */
export interface BoardUser {
  username: string;
  roles: readonly Role[];
}

/** Something that happened, for the audit trail (the core's `AuditLog` chains and stores it). */
export interface AuditEvent {
  actor: string;
  /** e.g. 'sign-in', 'sign-in-failed', 'dispatch', 'retry', 'pause', 'resume', 'decision', 'edit', 'assign', 'comment'. */
  action: string;
  /** What it was done to: an item id, an exception id, a queue, a run. */
  target?: string;
  details?: Record<string, unknown>;
}

/** What a page handler may use. */
export interface BoardServices {
  rt: Runtime;
  config: Config;
  log: Logger;
  audit: { append(event: AuditEvent): Promise<unknown> };
}

export interface BoardEnv {
  Variables: {
    user: BoardUser;
    /** This session's CSRF token: every form carries it as the field `_csrf` (or a request as the header `x-csrf-token`). */
    csrfToken: string;
    services: BoardServices;
  };
}

export interface RouteSpec {
  method: 'GET' | 'POST';
  /** Hono path syntax, e.g. '/items/:id'. */
  path: string;
  /** Roles allowed (admin is always allowed as well). */
  roles: readonly Role[];
  handler: (c: Context<BoardEnv>) => Response | Promise<Response>;
}
