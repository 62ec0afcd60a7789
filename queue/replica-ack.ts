/**
 * Before an item's outcome is recorded, its writes confirmed by a replica (Redis's WAIT): a failover
 * promotes a replica, and what the old primary had not yet sent it is lost, while BullMQ may still
 * record the item's completion on the new primary. With the writes on a replica first, the outcome
 * never stands on writes that are gone.
 *
 * One round serves every item that asked before it began: a write on a connection of its own (its
 * offset is past every write already acknowledged to the process), then WAIT for one replica. A
 * master without replicas has nothing to lose to a failover: no wait (its count is asked at most
 * once a second).
 */
import type { Redis } from 'ioredis';
import { RedisLostDuringWork } from './redis-health.js';

const COUNT_TTL_MS = 1_000;

export class ReplicaAck {
  private conn?: Redis;
  private inFlight?: Promise<number>;
  private queued?: Promise<number>;
  private replicas?: { n: number; at: number };

  constructor(
    private readonly redis: Redis,
    private readonly fenceKey: string,
    /** How long a round waits for a replica; 0: no waiting at all. */
    private readonly timeoutMs: number,
    private readonly onConnectionError: (err: unknown) => void,
  ) {}

  /** Resolves once what the process wrote before the call is on a replica (or there is none); throws RedisLostDuringWork when none confirms in time. */
  async confirm(work: string): Promise<void> {
    if (this.timeoutMs <= 0 || (await this.replicaCount()) === 0) return;
    const acked = await this.joinRound();
    if (acked < 1) throw new RedisLostDuringWork(work, `no replica confirmed its writes within ${this.timeoutMs} ms (redis.replicaAckMs)`);
  }

  async close(): Promise<void> {
    this.conn?.disconnect();
    this.conn = undefined;
  }

  private async replicaCount(): Promise<number> {
    if (this.replicas && Date.now() - this.replicas.at < COUNT_TTL_MS) return this.replicas.n;
    const info = await this.redis.info('replication');
    const n = Number(/connected_slaves:(\d+)/.exec(info)?.[1] ?? 0);
    this.replicas = { n, at: Date.now() };
    return n;
  }

  /** The round that begins after this call: the one in flight may have written its fence before the caller's writes. */
  private joinRound(): Promise<number> {
    if (!this.inFlight) return (this.inFlight = this.round().finally(() => (this.inFlight = undefined)));
    return (this.queued ??= this.inFlight
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.joinRound();
      }));
  }

  private async round(): Promise<number> {
    if (!this.conn) {
      this.conn = this.redis.duplicate();
      this.conn.on('error', this.onConnectionError);
    }
    await this.conn.incr(this.fenceKey);
    return this.conn.wait(1, this.timeoutMs);
  }
}
