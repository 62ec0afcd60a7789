import { afterAll, describe, expect, inject, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { AccountLeases, NoFreeAccount } from '../../../bots/kit/account-leases.js';
import { createRedis } from '../../../queue/redis.js';
import { sleep } from '../../helpers/wait.js';

// Two connections stand for two processes: all the state is in Redis.
const a = createRedis(inject('redisUrl'));
const b = createRedis(inject('redisUrl'));
afterAll(async () => {
  await a.quit();
  await b.quit();
});
const prefix = `t-lease-${randomUUID()}`;
const accounts = ['bot1', 'bot2', 'bot3', 'bot4'];

describe('bot account leases in Redis', () => {
  it('never gives the same account to two holders, however many ask at once', async () => {
    const pools = [new AccountLeases(a, prefix), new AccountLeases(b, prefix)];
    const leases = await Promise.all(
      Array.from({ length: 4 }, (_, i) => pools[i % 2]!.acquire('sim', accounts, { ttlMs: 2_000, waitMs: 0 })),
    );
    expect(new Set(leases.map((l) => l.username)).size).toBe(4);
    await expect(pools[0]!.acquire('sim', accounts, { ttlMs: 2_000, waitMs: 300 })).rejects.toBeInstanceOf(NoFreeAccount);
    await leases[2]!.release();
    const next = await pools[1]!.acquire('sim', accounts, { ttlMs: 2_000, waitMs: 1_000 });
    expect(next.username).toBe(leases[2]!.username);
    await Promise.all([...leases, next].map((l) => l.release()));
  });

  it('renews a held lease past its TTL, and frees a dead holder\'s lease when the TTL runs out', async () => {
    const pool = new AccountLeases(a, `${prefix}-ttl`);
    const held = await pool.acquire('sim', ['bot1'], { ttlMs: 300, waitMs: 0 });
    await sleep(700);
    expect(held.lost).toBe(false);
    expect(await pool.holderOf('sim', 'bot1')).toBe(held.holder);
    await held.release();
    // A holder that dies stops renewing: simulate by setting a lease nobody renews.
    await a.set(pool.key('sim', 'bot1'), 'dead-process', 'PX', 300);
    await expect(pool.acquire('sim', ['bot1'], { ttlMs: 300, waitMs: 0 })).rejects.toBeInstanceOf(NoFreeAccount);
    const after = await pool.acquire('sim', ['bot1'], { ttlMs: 300, waitMs: 2_000 });
    expect(after.username).toBe('bot1');
    await after.release();
  });

  it('a release by a holder that lost its lease does not free the new holder\'s lease', async () => {
    const pool = new AccountLeases(a, `${prefix}-lost`);
    const old = await pool.acquire('sim', ['bot1'], { ttlMs: 5_000, waitMs: 0 });
    await a.set(pool.key('sim', 'bot1'), 'someone-else', 'PX', 5_000);
    await old.release();
    expect(await pool.holderOf('sim', 'bot1')).toBe('someone-else');
  });

  it('prefers the accounts the caller already has sessions for', async () => {
    const pool = new AccountLeases(b, `${prefix}-prefer`);
    const l = await pool.acquire('sim', accounts, { ttlMs: 1_000, waitMs: 0, prefer: ['bot3'] });
    expect(l.username).toBe('bot3');
    await l.release();
  });
});
