/**
 * The night's lock: one process at a time moves a night on; a look that takes longer than the lock's
 * TTL keeps it (renewed while held), and a lock nobody releases (its holder died, or a failover lost
 * the release) frees the night after its TTL, not minutes later.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { PlanBook } from '../../../queue/plans/index.js';
import { createRedis } from '../../../queue/redis.js';
import { sleep } from '../../helpers/wait.js';

const a = createRedis(inject('redisUrl'));
const b = createRedis(inject('redisUrl'));
afterAll(async () => {
  await a.quit();
  await b.quit();
});
const prefix = `t-plan-book-${randomUUID()}:`;

describe('the night\'s lock', () => {
  it('is held by one process, renewed past its TTL while held, and freed by its release or, when that is lost, by its TTL', async () => {
    const first = new PlanBook(a, prefix);
    const second = new PlanBook(b, prefix);
    const held = await first.lock('n1', 300);
    expect(held).toBeDefined();
    expect(await second.lock('n1', 300)).toBeUndefined();
    await sleep(800);
    expect(held!.lost).toBe(false);
    expect(await second.lock('n1', 300)).toBeUndefined();
    await held!.release();
    const next = await second.lock('n1', 300);
    expect(next).toBeDefined();
    await next!.release();

    // A release that never came: the lock as Redis kept it, with nobody renewing it.
    await a.set(`${prefix}plan-night:n2:lock`, 'a-process-that-died', 'PX', 300);
    expect(await second.lock('n2', 300)).toBeUndefined();
    await sleep(400);
    const after = await second.lock('n2', 300);
    expect(after).toBeDefined();
    await after!.release();
  });
});
