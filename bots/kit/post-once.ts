import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { TargetUnavailable, RpaError } from './errors.js';
import { holdKey } from './held-key.js';

/** What the target shows for a posting: its confirmation number, and anything else worth keeping. */
export interface Posted {
  confirmation: string;
  [detail: string]: unknown;
}

export interface PostSteps {
  /** Looks the key up on the target (search by reference); the posting if it is there. */
  check(): Promise<Posted | null>;
  /** Enters the posting. May return the confirmation it showed. */
  write(): Promise<Posted | void>;
  /** Reads the posting back from the target after the write; null if it is not there. */
  readBack(): Promise<Posted | null>;
}

export interface PostResult {
  outcome: 'posted' | 'already-posted';
  posted: Posted;
}

/** Another worker is posting the same key right now (a stalled item picked up twice): wait. */
export class PostingInProgress extends TargetUnavailable {
  /** Says nothing about the target's health: only this item waits. */
  override readonly countsForBreaker = false;
  constructor(target: string, key: string) {
    super(target, `another worker is posting ${key} right now`, 2_000);
  }
}

/** The write went through without error but the posting cannot be read back. */
export class PostingNotFoundAfterWrite extends RpaError {
  readonly whatNext: string;
  constructor(key: string) {
    super(`posting ${key} was written but could not be read back`);
    this.whatNext = `Look the reference up on the target by hand before anything else: the next attempt searches first and never writes if it is there.`;
  }
}

type JournalState = 'intent' | 'writing' | 'written' | 'confirmed';


/**
 * Every write to a target goes through postOnce (DESIGN.md, "Exactly once"): journal the
 * intent in Redis, check the target for the key, write only if it is not there, read back,
 * record the confirmation. One worker at a time per key (a lock with a renewed TTL), so
 * that a stalled item picked up again while its first worker still runs cannot write twice.
 * A worker killed at any instant leaves a journal whose next attempt searches the target
 * first: the target is the truth about what was posted.
 */
export class PostingJournal {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    /** Renewed while the write runs; a dead worker's lock outlives it by at most this long. */
    private readonly lockTtlMs = 15_000,
  ) {}

  private journalKey(target: string, key: string): string {
    return `${this.prefix}:post:${target}:${key}`;
  }

  async state(target: string, key: string): Promise<Record<string, string>> {
    return this.redis.hgetall(this.journalKey(target, key));
  }

  async postOnce(target: string, key: string, steps: PostSteps, meta: { itemId: string; attempt: number }): Promise<PostResult> {
    const jk = this.journalKey(target, key);
    const known = await this.redis.hgetall(jk);
    // The journal answers only for the item that posted: another item with the same key is checked on the target.
    if (known.state === 'confirmed' && known.posted && known.itemId === meta.itemId) {
      return { outcome: 'already-posted', posted: JSON.parse(known.posted) as Posted };
    }
    const lockKey = `${jk}:lock`;
    const holder = `${meta.itemId}#${meta.attempt}#${randomUUID()}`;
    if ((await this.redis.set(lockKey, holder, 'PX', this.lockTtlMs, 'NX')) !== 'OK') throw new PostingInProgress(target, key);
    const lock = holdKey(this.redis, lockKey, holder, this.lockTtlMs);
    const mark = (state: JournalState, extra: Record<string, string> = {}) =>
      this.redis.hset(jk, { state, itemId: meta.itemId, attempt: String(meta.attempt), [`${state}At`]: new Date().toISOString(), ...extra });
    try {
      if (!known.state || known.itemId !== meta.itemId) await mark('intent');
      const found = await steps.check();
      if (found) {
        await mark('confirmed', { posted: JSON.stringify(found), foundBy: 'check' });
        return { outcome: 'already-posted', posted: found };
      }
      await mark('writing');
      const shown = await steps.write();
      await mark('written', shown ? { shown: JSON.stringify(shown) } : {});
      const read = await steps.readBack();
      if (!read) throw new PostingNotFoundAfterWrite(key);
      await mark('confirmed', { posted: JSON.stringify(read), foundBy: 'readBack' });
      return { outcome: 'posted', posted: read };
    } finally {
      await lock.release().catch(() => undefined);
    }
  }
}
