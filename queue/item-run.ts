/**
 * One attempt at an item, as its bot sees it (`BotContext`): the item, its logger (lines kept with
 * the item), evidence, abort signal, progress, the target session, postOnce, services, the run's
 * other items. What happens when the attempt fails is the failure policy's (failure-policy.ts).
 */
import type { Job } from 'bullmq';
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import { type AnyBot, type BotContext, type BotServices, BusinessRuleError, createEvidenceStore, type EvidenceStore, type ItemInfo, type LeasedSession, type PostResult, type PostSteps, type RunChild, type RunItemOutcome, type TargetSession } from '../bots/kit/index.js';
import { releasedRulesOf, type ItemData } from './item-data.js';
import { decideException, SYSTEM_ACTOR } from './decisions.js';
import { businessKeyOf } from './dispatch.js';
import { itemIdFor } from './item-index.js';
import { addRunItems, type PendingItem } from './run-dispatch.js';
import { ensureFailedItemHasException } from './failed-items.js';
import { recordingLogger, type ItemLogLine } from './item-logs.js';
import { RedisLostDuringWork } from './redis-health.js';
import type { Runtime } from './runtime.js';
import { RpaError } from '../banking/index.js';

/** Why an item's run was ended from outside. */
export class ItemAborted extends RpaError {
  readonly whatNext: string;
  constructor(
    readonly why: 'shutdown' | 'timeout',
    ms: number,
  ) {
    super(why === 'timeout' ? `item timed out after ${ms} ms` : 'worker shutting down');
    this.whatNext =
      why === 'timeout'
        ? `Nothing at first: the item is retried. If it keeps timing out, check the target's speed or raise the bot's timeoutMs (${ms} ms now).`
        : 'Nothing: the item is taken up again by the next worker.';
  }
}

/** This attempt's lock is gone (its worker stalled, or a failover lost it) and another attempt has the item: it records no outcome. */
export class AttemptLostItsLock extends RpaError {
  readonly whatNext = 'Nothing: the attempt that holds the item records its outcome.';
  constructor(itemId: string) {
    super(`item ${itemId}: this attempt no longer holds its lock`);
  }
}

/** The items a worker host is running, each with the function that ends its run. */
export type RunningItems = Set<ItemRun>;

const noop = () => undefined;

/**
 * One attempt at one item, the bot's context. One object per attempt, and the logger, evidence
 * store and AbortSignal are made only when used: the worker host's overhead per item is measured
 * (bench/queue-overhead).
 */
export class ItemRun implements BotContext {
  readonly item: ItemInfo;
  readonly config: Config;
  private itemLog?: Logger;
  /** The lines this attempt logged, appended to the item's log in Redis when it ends. */
  private logLines?: ItemLogLine[];
  private evidenceStore?: EvidenceStore;
  private controller?: AbortController;
  private leased?: LeasedSession;
  private rejectRun!: (reason: ItemAborted) => void;
  private abortedBy?: ItemAborted;
  private finished = false;
  /** The Redis connections' epoch when the attempt began (see assertRedisUnbroken). */
  private readonly redisEpoch: number;
  /** When the attempt began: its lock was set just before, for worker.lockDurationMs (see mayHaveLostLock). */
  private readonly startedAt = Date.now();
  /** Rejects when the run is ended from outside (timeout, shutdown past the grace period). */
  readonly ended: Promise<never>;

  constructor(
    readonly rt: Runtime,
    readonly bot: AnyBot,
    readonly job: Job<ItemData>,
    /** The lock token of the attempt (BullMQ's), for moving the job. */
    readonly token: string | undefined,
  ) {
    const data = job.data;
    this.config = rt.config;
    this.item = {
      itemId: job.id!,
      runId: data.runId,
      bot: bot.name,
      businessKey: data.businessKey,
      attempt: job.attemptsMade + 1,
      attempts: job.opts.attempts ?? 1,
      releasedRules: releasedRulesOf(data),
    };
    this.redisEpoch = rt.redisHealth.epoch;
    this.ended = new Promise<never>((_, reject) => (this.rejectRun = reject));
    this.ended.catch(noop);
  }

  /** The attempt's target session, if it leased one (the failure policy screenshots its page). */
  get targetSession(): LeasedSession['session'] | undefined {
    return this.leased?.session;
  }

  /** The evidence saved so far, without making a store for none. */
  evidenceSoFar(): ReturnType<EvidenceStore['list']> {
    return this.evidenceStore?.list() ?? [];
  }

  get log(): Logger {
    const { runId, itemId, bot, businessKey, attempt } = this.item;
    return (this.itemLog ??= recordingLogger(this.rt.log.child({ runId, itemId, bot, businessKey, attempt }), (line) => (this.logLines ??= []).push({ ...line, attempt })));
  }

  get evidence(): EvidenceStore {
    return (this.evidenceStore ??= createEvidenceStore(this.rt.config.dataDir, this.item));
  }

  get signal(): AbortSignal {
    return (this.controller ??= new AbortController()).signal;
  }

  async progress(pct: number, note?: string): Promise<void> {
    await this.job.updateProgress({ pct: Math.max(0, Math.min(100, pct)), note });
  }

  async session(): Promise<TargetSession> {
    const target = this.bot.target;
    if (!target) throw new Error(`bot ${this.bot.name} declares no target, so it has no session`);
    // Traces cost about a fifth of a payment's time: recorded from the second attempt on (and when there is
    // only one), so that the exception opened after the last attempt always has one.
    const { attempt, attempts } = this.item;
    this.leased ??= await this.rt.sessions.lease(target, this.log, this.signal, { trace: attempt > 1 || attempts === 1 });
    return this.leased.session;
  }

  get services(): BotServices {
    return this.rt.botServices;
  }

  postOnce(steps: PostSteps, options: { key?: string } = {}): Promise<PostResult> {
    const target = this.bot.target;
    if (!target) throw new Error(`bot ${this.bot.name} declares no target to post to`);
    return this.rt.postings.postOnce(target, options.key ?? this.item.businessKey, steps, this.item);
  }

  async addItems(children: RunChild[]): Promise<{ added: number; alreadyKnown: number }> {
    const { rt, item } = this;
    const parent = this.job.parent;
    if (!parent?.id) throw new Error(`item ${item.itemId} is not part of a run with a parent, so it cannot add items to it`);
    const pending: PendingItem[] = children.map((c) => {
      const bot = rt.bot(c.bot);
      const businessKey = c.businessKey ?? businessKeyOf(bot, c.input);
      return { bot: bot.name, itemId: itemIdFor(bot.name, businessKey), businessKey, input: c.input };
    });
    let added = 0;
    let alreadyKnown = 0;
    for (let i = 0; i < pending.length; i += 1_000) {
      const r = await addRunItems(rt, item.runId, { id: parent.id, queue: parent.queueKey }, pending.slice(i, i + 1_000));
      added += r.items.length;
      alreadyKnown += r.alreadyKnown.length;
    }
    return { added, alreadyKnown };
  }

  async settleItem(bot: string, businessKey: string, reason: string): Promise<boolean> {
    const open = (await this.rt.exceptions.list({ itemId: itemIdFor(bot, businessKey), status: 'open', limit: 1 }))[0];
    if (!open) return false;
    await decideException(this.rt, open.id, 'resume', SYSTEM_ACTOR, { note: reason, via: 'system' });
    return true;
  }

  async runItems(): Promise<RunItemOutcome[]> {
    const { rt, item } = this;
    const records = (await rt.runIndex.listByRun(item.runId)).filter((r) => r.itemId !== item.itemId);
    return Promise.all(
      records.map(async (r) => {
        const job = (await rt.queue(r.bot).getJob(r.itemId)) as Job<ItemData> | undefined;
        // A child BullMQ failed for good (e.g. stalled too often) may not have its exception yet: the parent
        // can run before the failing worker's handler has opened it.
        const status = job && r.status !== 'done' ? ((await ensureFailedItemHasException(rt, job, new Error(job.failedReason ?? 'failed'))) ?? r.status) : r.status;
        const e = (await rt.exceptions.list({ itemId: r.itemId, limit: 1 }))[0];
        return {
          itemId: r.itemId,
          bot: r.bot,
          businessKey: r.businessKey,
          status,
          input: (job?.data as ItemData | undefined)?.input,
          result: status === 'done' ? job?.returnvalue : undefined,
          exception: e && { id: e.id, type: e.type, status: e.status, reason: e.reason },
        };
      }),
    );
  }

  /**
   * Whether this attempt still holds its job's lock. One that lost it (its lock expired in a stall, or a
   * failover lost it, and another worker took the item) must record nothing: the item is another's now.
   */
  async holdsLock(): Promise<boolean> {
    if (!this.token) return true;
    return (await this.rt.redis.get(`${this.job.queueQualifiedName}:${this.job.id}:lock`)) === this.token;
  }

  /**
   * Whether the lock is worth a look. It was set, for the lock's duration, as the attempt began, and is
   * renewed while it runs: it lapses only after going unrenewed that long (a stalled process), and
   * Redis losing it breaks the connection (assertRedisUnbroken). An attempt shorter than half the
   * duration cannot have lost it, and spares the read (one command per item; bench/queue-overhead).
   */
  private mayHaveLostLock(): boolean {
    return Date.now() - this.startedAt >= this.rt.config.worker.lockDurationMs / 2;
  }

  /** Ends the run from outside: the bot's signal fires and the processor stops waiting for it. */
  abort(reason: ItemAborted): void {
    this.abortedBy = reason;
    this.controller?.abort(reason);
    this.rejectRun(reason);
  }

  async run(): Promise<unknown> {
    const { rt, bot, item } = this;
    const parsed = bot.input.safeParse(this.job.data.input);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(input)', message: i.message }));
      throw new BusinessRuleError(`input does not match the ${bot.name} schema: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
    }
    if (rt.log.isLevelEnabled('debug')) this.log.debug('item started');
    const result = await Promise.race([bot.run(parsed.data, this), this.ended]);
    this.assertRedisUnbroken();
    // A stale attempt's 'done' would overwrite what the attempt that has the item recorded (failAttempt stands back).
    if (this.mayHaveLostLock() && !(await this.holdsLock())) throw new AttemptLostItsLock(item.itemId);
    if (bot.target) await rt.breaker.recordSuccess(bot.target);
    await rt.items.setStatus(item.itemId, 'done', { note: typeof result === 'string' ? result : undefined });
    this.assertRedisUnbroken();
    if (rt.log.isLevelEnabled('info')) this.log.info('item done');
    return result ?? null;
  }

  /**
   * An outcome is handed to BullMQ only when Redis stayed connected from the attempt's start to here
   * (redis-health.ts): checked after the bot, after the item's record, and after finish().
   */
  assertRedisUnbroken(): void {
    if (this.redisBroken) throw new RedisLostDuringWork(`item ${this.item.itemId}`);
  }

  /** Whether a Redis connection was lost since the attempt began: what it read may have lacked lost writes. */
  get redisBroken(): boolean {
    return this.rt.redisHealth.brokenSince(this.redisEpoch);
  }

  /**
   * Releases what the attempt held (the bot-account lease). A bot that was aborted may still be
   * driving its page: the session is closed first, so that the next holder of the account never
   * shares a page with it.
   */
  async finish(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    if (this.logLines) {
      const lines = this.logLines.splice(0);
      await this.rt.itemLogs.append(this.item.itemId, lines).catch((e: unknown) => this.rt.log.warn({ err: e, itemId: this.item.itemId }, 'could not keep the item\'s log lines'));
    }
    if (!this.leased) return;
    await this.leased.session.endTrace().catch(() => undefined);
    if (this.abortedBy) await this.leased.session.close();
    await this.leased.release().catch((e: unknown) => this.log.warn({ err: e }, 'could not release the bot account lease'));
  }
}
