import { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import type { Secrets } from '../config/secrets.js';
import { AccountLeases, type AnyBot, type BotServices, PostingJournal, type Run, type Service, SessionPool, type TargetAdapter } from '../bots/kit/index.js';
import { AuditLog } from './audit/audit-log.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { ExceptionsStore } from './exceptions-store.js';
import { ItemIndex } from './item-index.js';
import { RunIndex } from './run-index.js';
import { ItemLogs } from './item-logs.js';
import { ownKeys, queueName } from './keys.js';
import { createRedis, type Redis } from './redis.js';
import { isConnectionError, RedisHealth } from './redis-health.js';
import { ReplicaAck } from './replica-ack.js';
import { RpaError } from '../banking/index.js';
import { createAlertRouter, type AlertRouter } from '../compliance/alerts/index.js';

export class UnknownBot extends RpaError {
  readonly whatNext: string;
  constructor(name: string, known: string[]) {
    super(`no bot named "${name}" (registered: ${known.join(', ')})`);
    this.whatNext = 'Check the bot name; registered bots are listed in bots/registry.ts.';
  }
}

/** Everything a process of ours shares: config, Redis, the stores, the bots and targets it knows. */
export class Runtime {
  readonly redis: Redis;
  /** The state of this process's Redis connections, logged once per change. */
  readonly redisHealth: RedisHealth;
  /** Items' writes confirmed by a replica before their outcomes are recorded (replica-ack.ts). */
  readonly replicaAck: ReplicaAck;
  readonly prefix: string;
  readonly exceptions: ExceptionsStore;
  readonly items: ItemIndex;
  /** The runs of items: pages, counts, metas (the run definitions are `runs`). */
  readonly runIndex: RunIndex;
  readonly itemLogs: ItemLogs;
  readonly breaker: CircuitBreaker;
  readonly leases: AccountLeases;
  readonly sessions: SessionPool;
  readonly postings: PostingJournal;
  /** The audit trail (hash-chained): decisions write to it themselves. */
  readonly audit: AuditLog;
  private readonly queues = new Map<string, Queue>();

  constructor(
    readonly config: Config,
    readonly secrets: Secrets,
    readonly redisUrl: string,
    readonly log: Logger,
    readonly bots: Map<string, AnyBot>,
    readonly adapters: Map<string, TargetAdapter>,
    /** The runs files (and later schedules) become, by name. */
    readonly runs: Map<string, Run> = new Map(),
  ) {
    this.redis = createRedis(redisUrl, config.redis.sentinel ? { sentinels: config.redis.sentinel.nodes, name: config.redis.sentinel.name } : {});
    this.redisHealth = new RedisHealth(log);
    this.redisHealth.watch(this.redis);
    this.prefix = config.redis.prefix;
    const own = ownKeys(this.prefix);
    this.replicaAck = new ReplicaAck(this.redis, `${own}:replica-fence`, config.redis.replicaAckMs, (err) => (isConnectionError(err) ? this.redisHealth.connectionError(err) : log.error({ err }, 'replica confirmation connection error')));
    this.exceptions = new ExceptionsStore(this.redis, own);
    this.items = new ItemIndex(this.redis, own);
    this.runIndex = new RunIndex(this.redis, own, this.items);
    this.itemLogs = new ItemLogs(this.redis, own);
    this.breaker = new CircuitBreaker(this.redis, own);
    this.leases = new AccountLeases(this.redis, own);
    this.postings = new PostingJournal(this.redis, own);
    this.audit = new AuditLog(this.redis, own);
    this.sessions = new SessionPool(config, secrets, adapters, this.leases, log);
  }

  private alertRouter?: AlertRouter;

  /**
   * The alerts of the queue itself (a missed start, a night running late, the morning summary),
   * routed as compliance.alerts says, with the same sinks (log, feed, webhook, e-mail).
   */
  get alerts(): AlertRouter {
    this.alertRouter ??= createAlertRouter(this.config.compliance.alerts, { secrets: this.secrets, redis: this.redis, keyPrefix: ownKeys(this.prefix), logger: this.log });
    return this.alertRouter;
  }

  bot(name: string): AnyBot {
    const bot = this.bots.get(name);
    if (!bot) throw new UnknownBot(name, [...this.bots.keys()]);
    return bot;
  }

  /**
   * The services the registered bots declare (`defineBot({ services })`), by name: each built once,
   * on first use, and shared by the process's items. The runtime names none of them.
   */
  get botServices(): BotServices {
    return (this.services ??= this.buildServices());
  }

  private services?: BotServices;

  private buildServices(): BotServices {
    const services = {} as BotServices;
    const made = new Map<string, unknown>();
    const declared = new Map<string, Service>();
    for (const bot of this.bots.values()) for (const service of bot.services ?? []) declared.set(service.name, service);
    for (const [name, service] of declared) {
      Object.defineProperty(services, name, {
        enumerable: true,
        get: () => {
          if (!made.has(name)) {
            made.set(name, service.make({ config: this.config, redis: this.redis, keyPrefix: ownKeys(this.prefix), secrets: this.secrets, log: this.log.child({ part: name }) }));
          }
          return made.get(name);
        },
      });
    }
    return services;
  }

  queue(bot: string): Queue {
    let q = this.queues.get(bot);
    if (!q) {
      q = new Queue(queueName(bot), { connection: this.redis, prefix: this.prefix });
      q.on('error', (err) => (isConnectionError(err) ? this.redisHealth.connectionError(err) : this.log.error({ err, bot }, 'queue error')));
      this.queues.set(bot, q);
    }
    return q;
  }

  /**
   * Closes the queues and the connection. With Redis down, a graceful close would wait for it to
   * come back: after `timeoutMs` the connections are dropped instead.
   */
  async close(timeoutMs = 5_000): Promise<void> {
    const graceful = (async () => {
      await this.sessions.close();
      await Promise.all([...this.queues.values()].map((q) => q.close()));
      await this.replicaAck.close();
      await this.redis.quit();
    })();
    graceful.catch(() => undefined);
    const done = await Promise.race([graceful.then(() => true, () => false), new Promise<boolean>((r) => setTimeout(() => r(false), this.redisHealth.isDown ? 0 : timeoutMs).unref())]);
    if (!done) {
      void this.replicaAck.close();
      for (const q of this.queues.values()) void q.disconnect().catch(() => undefined);
      this.redis.disconnect();
    }
    this.queues.clear();
    this.redisHealth.close();
  }
}
