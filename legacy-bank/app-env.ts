/** Types shared by the app and its screens. */
import type { Hono } from 'hono';
import type { Session } from './sessions.js';
import type { BankState } from './state.js';

export type BankEnv = {
  Variables: {
    bank: BankState;
    /** Set by `requireSession` on protected routes. */
    session: Session;
  };
};

export type BankApp = Hono<BankEnv>;

export const SESSION_COOKIE = 'LBSESSIONID';
