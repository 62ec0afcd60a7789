import { ItemDurations } from './metrics/item-durations.js';
import { Worker } from 'bullmq';
import { ensureFailedItemHasException } from './failed-items.js';
import { botConfig } from '../config/schema.js';
import { queueName } from './keys.js';
import { isConnectionError } from './redis-health.js';
import { ItemAborted, makeProcessor, type RunningItems } from './process-item.js';
import type { Runtime } from './runtime.js';

/**
 * The worker host: one BullMQ worker per bot queue, with the bot's concurrency from config.
 * Stateless: run as many hosts on as many machines as needed against the same Redis.
 */
export class WorkerHost {
  private readonly workers: Worker[] = [];
  private readonly running: RunningItems = new Set();
  private closing?: Promise<void>;
  /** How long this process's attempts took, by bot (the worker's /metrics). */
  readonly durations = new ItemDurations();

  constructor(
    private readonly rt: Runtime,
    /** Bots to run; empty means every registered bot. */
    private readonly only: string[] = [],
  ) {}

  get botNames(): string[] {
    return this.only.length ? this.only : [...this.rt.bots.keys()];
  }

  async start(): Promise<void> {
    const w = this.rt.config.worker;
    for (const name of this.botNames) {
      const bot = this.rt.bot(name);
      const worker = new Worker(queueName(bot.name), makeProcessor(this.rt, bot, this.running), {
        connection: this.rt.redis,
        prefix: this.rt.prefix,
        concurrency: botConfig(this.rt.config, bot.name).concurrency,
        lockDuration: w.lockDurationMs,
        stalledInterval: w.stalledIntervalMs,
        maxStalledCount: 2,
        autorun: true,
      });
      // A lost connection is told once by the runtime's RedisHealth, not once per error of each worker.
      worker.on('error', (err) => (isConnectionError(err) ? this.rt.redisHealth.connectionError(err) : this.rt.log.error({ err, bot: name }, 'worker error')));
      worker.on('stalled', (jobId) => this.rt.log.warn({ itemId: jobId, bot: name }, 'item stalled (its worker died?): picked up again'));
      // BullMQ fails an item itself (our processor never sees it) when it has stalled too often:
      // it must still end as an exception for a person, never as a silent failure.
      worker.on('failed', (job, err) => {
        if (job) void ensureFailedItemHasException(this.rt, job, err).catch((e: unknown) => this.rt.log.error({ err: e, itemId: job.id }, 'could not open the exception of a failed item'));
      });
      this.durations.watch(worker, name);
      this.workers.push(worker);
    }
    await Promise.all(this.workers.map((wk) => wk.waitUntilReady()));
    this.rt.log.info({ bots: this.botNames }, 'worker host started');
  }

  /** Items in progress in this host. */
  get activeCount(): number {
    return this.running.size;
  }

  /**
   * Takes no new items, lets running ones finish within the grace period, then aborts
   * the rest (they return to the queue without using an attempt) and closes.
   */
  shutdown(graceMs = this.rt.config.worker.shutdownGraceMs): Promise<void> {
    this.closing ??= (async () => {
      this.rt.log.info({ running: this.running.size, graceMs }, 'shutting down: no new items');
      const closed = Promise.all(this.workers.map((wk) => wk.close()));
      const timedOut = await Promise.race([closed.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), graceMs).unref())]);
      if (timedOut) {
        this.rt.log.warn({ running: this.running.size }, 'grace period over: aborting running items');
        for (const run of this.running) run.abort(new ItemAborted('shutdown', graceMs));
        await Promise.race([closed, new Promise((r) => setTimeout(r, 5_000).unref())]);
        await Promise.all(this.workers.map((wk) => wk.close(true)));
      }
      this.rt.log.info('worker host stopped');
    })();
    return this.closing;
  }
}
