import { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import type { Secrets } from '../config/secrets.js';
import { AccountLeases } from '../bots/kit/account-leases.js';
import type { AnyBot } from '../bots/kit/define-bot.js';
import { PostingJournal } from '../bots/kit/post-once.js';
import { SessionPool } from '../bots/kit/session-pool.js';
import type { TargetAdapter } from '../bots/kit/target.js';
import type { BotServices } from '../bots/kit/context.js';
import { PaymentCompliance } from '../compliance/payment-compliance.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { ExceptionsStore } from './exceptions-store.js';
import { ItemIndex } from './item-index.js';
import { ItemLogs } from './item-logs.js';
import { ownKeys, queueName } from './keys.js';
import { createRedis, type Redis } from './redis.js';

export class UnknownBot extends Error {
  readonly whatNext: string;
  constructor(name: string, known: string[]) {
    super(`no bot named "${name}" (registered: ${known.join(', ')})`);
    this.name = 'UnknownBot';
    this.whatNext = 'Check the bot name; registered bots are listed in bots/registry.ts.';
  }
}

/** Everything a process of ours shares: config, Redis, the stores, the bots and targets it knows. */
export class Runtime {
  readonly redis: Redis;
  readonly prefix: string;
  readonly exceptions: ExceptionsStore;
  readonly items: ItemIndex;
  readonly itemLogs: ItemLogs;
  readonly breaker: CircuitBreaker;
  readonly leases: AccountLeases;
  readonly sessions: SessionPool;
  readonly postings: PostingJournal;
  private readonly queues = new Map<string, Queue>();
  private paymentCompliance?: PaymentCompliance;

  constructor(
    readonly config: Config,
    readonly secrets: Secrets,
    readonly redisUrl: string,
    readonly log: Logger,
    readonly bots: Map<string, AnyBot>,
    readonly adapters: Map<string, TargetAdapter>,
  ) {
    this.redis = createRedis(redisUrl);
    this.prefix = config.redis.prefix;
    const own = ownKeys(this.prefix);
    this.exceptions = new ExceptionsStore(this.redis, own);
    this.items = new ItemIndex(this.redis, own);
    this.itemLogs = new ItemLogs(this.redis, own);
    this.breaker = new CircuitBreaker(this.redis, own);
    this.leases = new AccountLeases(this.redis, own);
    this.postings = new PostingJournal(this.redis, own);
    this.sessions = new SessionPool(config, secrets, adapters, this.leases, log);
  }

  bot(name: string): AnyBot {
    const bot = this.bots.get(name);
    if (!bot) throw new UnknownBot(name, [...this.bots.keys()]);
    return bot;
  }

  /** The compliance step for payments (sanctions lists, AML windows, alerts): made on first use, shared by the process's items. */
  compliance(): PaymentCompliance {
    return (this.paymentCompliance ??= PaymentCompliance.fromConfig({
      config: this.config,
      redis: this.redis,
      keyPrefix: ownKeys(this.prefix),
      secrets: this.secrets,
      log: this.log.child({ part: 'compliance' }),
    }));
  }

  /** The services bots declare on `BotServices`, each made on first use. */
  readonly botServices: BotServices = ((rt: Runtime): BotServices => ({
    get compliance() {
      return rt.compliance();
    },
  }))(this);

  queue(bot: string): Queue {
    let q = this.queues.get(bot);
    if (!q) {
      q = new Queue(queueName(bot), { connection: this.redis, prefix: this.prefix });
      this.queues.set(bot, q);
    }
    return q;
  }

  async close(): Promise<void> {
    await this.sessions.close();
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
