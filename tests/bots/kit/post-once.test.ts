import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { PostingInProgress, PostingJournal, PostingNotFoundAfterWrite, type Posted, type PostSteps } from '../../../bots/kit/post-once.js';
import { createRedis } from '../../../queue/redis.js';

const redis = createRedis(inject('redisUrl'));
afterAll(() => redis.quit());
const journal = new PostingJournal(redis, `t-post-${randomUUID()}`, 2_000);
const meta = { itemId: 'item-1', attempt: 1 };

/** A stand-in target: a list of postings, searchable by reference, that posts duplicates without complaint. */
function fakeTarget(options: { failAfterCommit?: number; slowWriteMs?: number } = {}) {
  const postings: { ref: string; confirmation: string }[] = [];
  let failures = options.failAfterCommit ?? 0;
  const calls = { check: 0, write: 0, readBack: 0 };
  const find = (ref: string): Posted | null => {
    const p = postings.find((x) => x.ref === ref);
    return p ? { confirmation: p.confirmation } : null;
  };
  const steps = (ref: string): PostSteps => ({
    check: async () => (calls.check++, find(ref)),
    write: async () => {
      calls.write++;
      if (options.slowWriteMs) await new Promise((r) => setTimeout(r, options.slowWriteMs));
      postings.push({ ref, confirmation: `TX${postings.length + 1}` });
      if (failures-- > 0) throw new Error('HTTP 500 after the posting was committed');
    },
    readBack: async () => (calls.readBack++, find(ref)),
  });
  return { postings, calls, steps };
}

describe('postOnce', () => {
  it('checks, writes only when absent, reads back and records the confirmation', async () => {
    const t = fakeTarget();
    const r = await journal.postOnce('sim', 'REF-1', t.steps('REF-1'), meta);
    expect(r).toEqual({ outcome: 'posted', posted: { confirmation: 'TX1' } });
    expect(t.calls).toEqual({ check: 1, write: 1, readBack: 1 });
    expect(await journal.state('sim', 'REF-1')).toMatchObject({ state: 'confirmed', foundBy: 'readBack', itemId: 'item-1' });
  });

  it('once confirmed, answers from the journal without touching the target', async () => {
    const t = fakeTarget();
    await journal.postOnce('sim', 'REF-2', t.steps('REF-2'), meta);
    const again = await journal.postOnce('sim', 'REF-2', t.steps('REF-2'), { itemId: 'item-1', attempt: 2 });
    expect(again).toEqual({ outcome: 'already-posted', posted: { confirmation: 'TX1' } });
    expect(t.calls.write).toBe(1);
    expect(t.calls.check).toBe(1);
  });

  it('a posting already on the target (entered by hand, or by a worker that died before recording it) is not written again', async () => {
    const t = fakeTarget();
    t.postings.push({ ref: 'REF-3', confirmation: 'HAND-1' });
    const r = await journal.postOnce('sim', 'REF-3', t.steps('REF-3'), meta);
    expect(r).toEqual({ outcome: 'already-posted', posted: { confirmation: 'HAND-1' } });
    expect(t.calls.write).toBe(0);
  });

  it('an error after the target committed: the next attempt finds the posting and does not post twice', async () => {
    const t = fakeTarget({ failAfterCommit: 1 });
    await expect(journal.postOnce('sim', 'REF-4', t.steps('REF-4'), meta)).rejects.toThrow(/after the posting was committed/);
    expect(await journal.state('sim', 'REF-4')).toMatchObject({ state: 'writing' });
    const r = await journal.postOnce('sim', 'REF-4', t.steps('REF-4'), { itemId: 'item-1', attempt: 2 });
    expect(r.outcome).toBe('already-posted');
    expect(t.postings.filter((p) => p.ref === 'REF-4')).toHaveLength(1);
  });

  it('two workers on the same key at once (a stalled item picked up twice): one posts, the other waits', async () => {
    const t = fakeTarget({ slowWriteMs: 200 });
    const results = await Promise.allSettled([
      journal.postOnce('sim', 'REF-5', t.steps('REF-5'), { itemId: 'item-5', attempt: 1 }),
      journal.postOnce('sim', 'REF-5', t.steps('REF-5'), { itemId: 'item-5', attempt: 2 }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(PostingInProgress);
    expect(t.postings).toHaveLength(1);
    // Later, the waiting one is answered from the journal.
    const later = await journal.postOnce('sim', 'REF-5', t.steps('REF-5'), { itemId: 'item-5', attempt: 3 });
    expect(later.outcome).toBe('already-posted');
    expect(t.postings).toHaveLength(1);
  });

  it('a write that cannot be read back is an error that says to look on the target first', async () => {
    const steps: PostSteps = { check: async () => null, write: async () => undefined, readBack: async () => null };
    const err = await journal.postOnce('sim', 'REF-6', steps, meta).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PostingNotFoundAfterWrite);
    expect((err as PostingNotFoundAfterWrite).whatNext).toMatch(/searches first and never writes/);
  });
});
