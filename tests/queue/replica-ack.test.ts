/**
 * An item's writes confirmed by a replica before its outcome is recorded (Redis WAIT), on a real
 * primary and replica (the sentinel set's): at once when the replica keeps up, only once it has
 * caught up when it lags, never when it does not confirm in time (the item then runs again), and no
 * waiting at all on a Redis without replicas.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RedisLostDuringWork } from '../../queue/redis-health.js';
import { ReplicaAck } from '../../queue/replica-ack.js';
import { startSentinelSet, type SentinelSet } from '../helpers/sentinel-set.js';

const dir = mkdtempSync(path.join(tmpdir(), 'rpa-replica-ack-'));
let set: SentinelSet;
let primary: Redis;
const acks: ReplicaAck[] = [];
const ack = (redis: Redis, timeoutMs: number) => {
  const a = new ReplicaAck(redis, 'test:replica-fence', timeoutMs, () => undefined);
  acks.push(a);
  return a;
};

beforeAll(async () => {
  set = await startSentinelSet(dir);
  primary = new Redis({ port: await set.primaryPort(), host: '127.0.0.1' });
});
afterAll(async () => {
  for (const a of acks) await a.close();
  primary?.disconnect();
  await set?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("an item's writes confirmed by a replica", () => {
  it('at once when the replica keeps up, and only after it caught up when it lags', { timeout: 60_000 }, async () => {
    const a = ack(primary, 10_000);
    await primary.set('test:write', 'one');
    let t = Date.now();
    await a.confirm('item one');
    expect(Date.now() - t).toBeLessThan(1_000);

    // The replica held for 2 s: the confirmation waits for it, and then the write is on it.
    await set.stallReplica(2_000);
    await primary.set('test:write', 'two');
    t = Date.now();
    // Several items asking at once share rounds.
    await Promise.all([a.confirm('item two'), a.confirm('item three'), a.confirm('item four')]);
    expect(Date.now() - t).toBeGreaterThan(1_200);
    const replicaPort = Number(/slave0:ip=[^,]+,port=(\d+)/.exec(await primary.info('replication'))?.[1]);
    const replica = new Redis({ port: replicaPort, host: '127.0.0.1' });
    try {
      expect(await replica.get('test:write')).toBe('two');
    } finally {
      replica.disconnect();
    }
  });

  it('throws RedisLostDuringWork when no replica confirms in time (the item runs again)', { timeout: 30_000 }, async () => {
    const a = ack(primary, 300);
    await set.stallReplica(2_000);
    await primary.set('test:write', 'three');
    const err = await a.confirm('item five').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RedisLostDuringWork);
    expect((err as Error).message).toMatch(/item five: no replica confirmed its writes within 300 ms \(redis\.replicaAckMs\)/);
    await new Promise((r) => setTimeout(r, 2_000));
  });

  it('does not wait on a Redis without replicas, nor when switched off', async () => {
    const alone = new Redis(inject('redisUrl'));
    try {
      const t = Date.now();
      await ack(alone, 10_000).confirm('item six');
      await ack(primary, 0).confirm('item seven');
      expect(Date.now() - t).toBeLessThan(500);
      expect(await alone.exists('test:replica-fence')).toBe(0);
    } finally {
      alone.disconnect();
    }
  });
});
