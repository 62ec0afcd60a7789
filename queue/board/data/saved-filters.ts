/**
 * Inbox filters a user saved by name (their query string), per user, in Redis: a handler who works
 * "overdue compliance holds of run X" every morning opens it with one click.
 */
import type { Redis } from 'ioredis';

const MAX_FILTERS = 30;
const NAME = /^[\p{L}\p{N} ._-]{1,40}$/u;

export class SavedFilters {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(username: string): string {
    return `${this.prefix}:board:inbox-filters:${username}`;
  }

  async list(username: string): Promise<{ name: string; query: string }[]> {
    const all = await this.redis.hgetall(this.key(username));
    return Object.entries(all)
      .map(([name, query]) => ({ name, query }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Saves (or replaces) a filter; false when the name is not acceptable or the user has too many. */
  async save(username: string, name: string, query: string): Promise<boolean> {
    if (!NAME.test(name)) return false;
    const key = this.key(username);
    if (!(await this.redis.hexists(key, name)) && (await this.redis.hlen(key)) >= MAX_FILTERS) return false;
    await this.redis.hset(key, name, query.slice(0, 1000));
    return true;
  }

  async remove(username: string, name: string): Promise<void> {
    await this.redis.hdel(this.key(username), name);
  }
}
