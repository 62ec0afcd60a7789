/**
 * The hidden state token (`__VIEWSTATE`) that every form and every state-changing link carries.
 * Each rendered form gets a fresh token bound to the session; a token is accepted once, only by the
 * session it was issued to, and dies with the session. Missing, reused, foreign or old tokens are stale:
 * the caller shows "YOUR SESSION HAS EXPIRED" (HTTP 200, as the real thing does).
 *
 * The login form, shown before there is a session, gets an anonymous token that expires after the idle timeout.
 *
 * A token can carry a screen context (e.g. which account a history link is for), like a real view state.
 */
import { randomBytes } from 'node:crypto';
import type { Session } from './sessions.js';

export const STATE_TOKEN_FIELD = '__VIEWSTATE';

export type TokenContext = Record<string, string | number | boolean>;

export interface StateTokenRecord {
  issuedAt: number;
  context: TokenContext;
}

/** Tokens kept per session; older unused ones are dropped (the server's page-state cache is finite). */
export const MAX_TOKENS_PER_SESSION = 64;
const MAX_ANONYMOUS_TOKENS = 10_000;

function newToken(): string {
  // looks like an ASP.NET view state; contains + / = so it must be URL-encoded in links
  return '/wEPDw' + randomBytes(30).toString('base64');
}

export function issueToken(session: Session, now: number, context: TokenContext = {}): string {
  const token = newToken();
  session.tokens.set(token, { issuedAt: now, context });
  while (session.tokens.size > MAX_TOKENS_PER_SESSION) {
    const oldest = session.tokens.keys().next().value;
    if (oldest === undefined) break;
    session.tokens.delete(oldest);
  }
  return token;
}

/** Uses a token: its context if it was issued to this session and not used yet, otherwise null (stale). */
export function consumeToken(session: Session, token: string | undefined | null): TokenContext | null {
  if (!token) return null;
  const record = session.tokens.get(token);
  if (!record) return null;
  session.tokens.delete(token);
  return record.context;
}

/** Tokens for forms shown before login. */
export class AnonymousTokens {
  private readonly tokens = new Map<string, number>();
  constructor(private readonly maxAgeMs: () => number) {}

  issue(now: number): string {
    const token = newToken();
    this.tokens.set(token, now);
    while (this.tokens.size > MAX_ANONYMOUS_TOKENS) {
      const oldest = this.tokens.keys().next().value;
      if (oldest === undefined) break;
      this.tokens.delete(oldest);
    }
    return token;
  }

  consume(token: string | undefined | null, now: number): boolean {
    if (!token) return false;
    const issuedAt = this.tokens.get(token);
    if (issuedAt === undefined) return false;
    this.tokens.delete(token);
    return now - issuedAt <= this.maxAgeMs();
  }
}
