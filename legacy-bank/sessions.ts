/**
 * Sessions: one active session per user (a new login ends the old one), an idle timeout,
 * an optional maximum age (a session ends that long after its login, however active), and a memory of ended sessions so their cookie gets the right page
 * ("SESSION TERMINATED" after another login, "YOUR SESSION HAS EXPIRED" otherwise).
 */
import { randomBytes } from 'node:crypto';
import type { StateTokenRecord } from './state-token.js';

export interface Session {
  id: string;
  username: string;
  createdAt: number;
  lastSeenAt: number;
  /** State tokens issued to this session and not yet used (see state-token.ts). */
  tokens: Map<string, StateTokenRecord>;
}

export type EndReason = 'terminated' | 'expired' | 'logout';

export interface EndedSession {
  username: string;
  reason: EndReason;
  at: number;
}

export type SessionLookup =
  | { kind: 'active'; session: Session }
  | { kind: 'ended'; reason: EndReason; username: string }
  | { kind: 'unknown' };

export interface UserSessionStats {
  active: number;
  logins: number;
  terminations: number;
  expirations: number;
}

const ENDED_MEMORY = 10_000;

export class SessionStore {
  private readonly active = new Map<string, Session>();
  private readonly byUser = new Map<string, string>();
  private readonly ended = new Map<string, EndedSession>();
  private readonly stats = new Map<string, UserSessionStats>();

  /**
   * @param idleTimeoutMs idle time after which a session expires
   * @param maxAgeMs age (since login) after which a session expires however active it is; 0 = no limit
   */
  constructor(
    private readonly idleTimeoutMs: () => number,
    private readonly maxAgeMs: () => number = () => 0,
  ) {}

  /** Idle too long, or older than the maximum age. */
  private isStale(session: Session, now: number): boolean {
    if (now - session.lastSeenAt > this.idleTimeoutMs()) return true;
    const maxAge = this.maxAgeMs();
    return maxAge > 0 && now - session.createdAt > maxAge;
  }

  private statsOf(username: string): UserSessionStats {
    let s = this.stats.get(username);
    if (!s) {
      s = { active: 0, logins: 0, terminations: 0, expirations: 0 };
      this.stats.set(username, s);
    }
    return s;
  }

  /** Starts a session for `username`, ending the user's previous one. Returns the new and the ended session. */
  login(username: string, now: number): { session: Session; replaced?: Session } {
    const previousId = this.byUser.get(username);
    let replaced: Session | undefined;
    if (previousId) {
      replaced = this.active.get(previousId);
      this.end(previousId, 'terminated', now);
    }
    const session: Session = {
      id: randomBytes(18).toString('base64url'),
      username,
      createdAt: now,
      lastSeenAt: now,
      tokens: new Map(),
    };
    this.active.set(session.id, session);
    this.byUser.set(username, session.id);
    this.statsOf(username).logins++;
    return replaced ? { session, replaced } : { session };
  }

  /** Finds the session of a cookie; ages it out if idle too long; touches it if active. */
  lookup(id: string | undefined, now: number): SessionLookup {
    if (!id) return { kind: 'unknown' };
    const session = this.active.get(id);
    if (session) {
      if (this.isStale(session, now)) {
        this.end(id, 'expired', now);
        return { kind: 'ended', reason: 'expired', username: session.username };
      }
      session.lastSeenAt = now;
      return { kind: 'active', session };
    }
    const ended = this.ended.get(id);
    if (ended) return { kind: 'ended', reason: ended.reason, username: ended.username };
    return { kind: 'unknown' };
  }

  end(id: string, reason: EndReason, now: number): void {
    const session = this.active.get(id);
    if (!session) return;
    this.active.delete(id);
    if (this.byUser.get(session.username) === id) this.byUser.delete(session.username);
    session.tokens.clear();
    const st = this.statsOf(session.username);
    if (reason === 'terminated') st.terminations++;
    if (reason === 'expired') st.expirations++;
    this.ended.set(id, { username: session.username, reason, at: now });
    if (this.ended.size > ENDED_MEMORY) {
      const oldest = this.ended.keys().next().value;
      if (oldest !== undefined) this.ended.delete(oldest);
    }
  }

  /** Ends every session idle for longer than the timeout or older than the maximum age. */
  sweep(now: number): void {
    for (const [id, s] of this.active) {
      if (this.isStale(s, now)) this.end(id, 'expired', now);
    }
  }

  /** Active sessions (after a sweep). */
  list(now: number): Session[] {
    this.sweep(now);
    return [...this.active.values()];
  }

  /** Per user: active sessions, logins, terminations (ended by another login), expirations. */
  userStats(now: number): Record<string, UserSessionStats> {
    this.sweep(now);
    const out: Record<string, UserSessionStats> = {};
    for (const [user, s] of this.stats) {
      out[user] = { ...s, active: this.byUser.has(user) ? 1 : 0 };
    }
    return out;
  }
}
