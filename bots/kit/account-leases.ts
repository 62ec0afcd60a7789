import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { TargetUnavailable } from './errors.js';
import { holdKey } from './held-key.js';

/** Every bot account of the target is leased by someone else: the item waits (TargetUnavailable, no breaker). */
export class NoFreeAccount extends TargetUnavailable {
  override readonly countsForBreaker = false;
  constructor(target: string, accounts: number, waitedMs: number) {
    super(target, `all ${accounts} bot accounts are leased (waited ${waitedMs} ms)`);
  }
}

export interface Lease {
  target: string;
  username: string;
  holder: string;
  /** Set when a renewal found the lease gone (expired while this process was stalled). */
  readonly lost: boolean;
  release(): Promise<void>;
}

/**
 * Bot accounts leased from Redis, so that no two workers in any process on any machine
 * hold the same account. A lease has a TTL renewed while held; a dead holder's lease expires.
 */
export class AccountLeases {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  key(target: string, username: string): string {
    return `${this.prefix}:lease:${target}:${username}`;
  }

  async holderOf(target: string, username: string): Promise<string | null> {
    return this.redis.get(this.key(target, username));
  }

  async acquire(
    target: string,
    usernames: string[],
    options: { ttlMs: number; waitMs: number; prefer?: string[]; signal?: AbortSignal; holder?: string },
  ): Promise<Lease> {
    const holder = options.holder ?? `${hostname()}:${process.pid}:${randomUUID()}`;
    const preferred = options.prefer ?? [];
    const order = [...usernames.filter((u) => preferred.includes(u)), ...usernames.filter((u) => !preferred.includes(u))];
    const started = Date.now();
    for (;;) {
      for (const username of order) {
        const ok = await this.redis.set(this.key(target, username), holder, 'PX', options.ttlMs, 'NX');
        if (ok === 'OK') return this.holdLease(target, username, holder, options.ttlMs);
      }
      const waited = Date.now() - started;
      if (waited >= options.waitMs || options.signal?.aborted) throw new NoFreeAccount(target, usernames.length, waited);
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 100));
    }
  }

  private holdLease(target: string, username: string, holder: string, ttlMs: number): Lease {
    const held = holdKey(this.redis, this.key(target, username), holder, ttlMs);
    return {
      target,
      username,
      holder,
      get lost() {
        return held.lost;
      },
      release: () => held.release(),
    };
  }
}
