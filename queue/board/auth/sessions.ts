/**
 * Board sessions, kept in Redis (so any board process can serve any request, and signing out
 * ends the session everywhere): id → user name, CSRF token, created, last seen. A session ends
 * after `idleMs` without a request (its key's TTL, renewed on use) and `maxAgeMs` after sign-in
 * however busy. The id is random (256 bits) and travels only in the signed, HttpOnly cookie.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface Session {
  id: string;
  username: string;
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
}

export interface SessionLimits {
  idleMs: number;
  maxAgeMs: number;
}

export const randomToken = () => randomBytes(32).toString('base64url');

export class SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly limits: SessionLimits,
    private readonly now: () => number = Date.now,
  ) {}

  private key(id: string): string {
    return `${this.keyPrefix}:board:session:${id}`;
  }

  async create(username: string): Promise<Session> {
    const at = this.now();
    const session: Session = { id: randomToken(), username, csrfToken: randomToken(), createdAt: at, lastSeenAt: at };
    await this.redis
      .multi()
      .hset(this.key(session.id), { username, csrfToken: session.csrfToken, createdAt: String(at), lastSeenAt: String(at) })
      .pexpire(this.key(session.id), Math.min(this.limits.idleMs, this.limits.maxAgeMs))
      .exec();
    return session;
  }

  /** The live session with this id (and marks it used), or undefined when there is none, it was idle too long or is too old. */
  async touch(id: string): Promise<Session | undefined> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return undefined;
    const key = this.key(id);
    const h = await this.redis.hgetall(key);
    if (!h.username || !h.csrfToken) return undefined;
    const at = this.now();
    const createdAt = Number(h.createdAt);
    const lastSeenAt = Number(h.lastSeenAt);
    if (at - createdAt >= this.limits.maxAgeMs || at - lastSeenAt >= this.limits.idleMs) {
      await this.redis.del(key);
      return undefined;
    }
    const ttl = Math.min(this.limits.idleMs, this.limits.maxAgeMs - (at - createdAt));
    await this.redis.multi().hset(key, 'lastSeenAt', String(at)).pexpire(key, Math.max(1, ttl)).exec();
    return { id, username: h.username, csrfToken: h.csrfToken, createdAt, lastSeenAt: at };
  }

  async delete(id: string): Promise<void> {
    await this.redis.del(this.key(id));
  }
}
