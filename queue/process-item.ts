import { randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { botConfig, type BotConfig, type Config } from '../config/schema.js';
import type { BotContext, BotServices, ItemInfo, RunItemOutcome } from '../bots/kit/context.js';
import type { AnyBot } from '../bots/kit/define-bot.js';
import { BusinessRuleError, classifyError, ComplianceHold, TargetUnavailable } from '../bots/kit/errors.js';
import { createEvidenceStore, type EvidenceStore } from '../bots/kit/evidence.js';
import type { LeasedSession } from '../bots/kit/session-pool.js';
import type { PostResult, PostSteps } from '../bots/kit/post-once.js';
import type { TargetSession } from '../bots/kit/target-session.js';
import type { ExceptionType } from './exceptions-store.js';
import { releasedRulesOf, type ItemData } from './item-data.js';
import { ensureFailedItemHasException } from './failed-items.js';
import { recordingLogger, type ItemLogLine } from './item-logs.js';
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

/** The items a worker host is running, each with the function that ends its run. */
export type RunningItems = Set<ItemRun>;

const jittered = (ms: number) => Math.round(ms * (0.8 + Math.random() * 0.4));
const noop = () => undefined;

function errorSummary(err: unknown): { name: string; message: string; whatNext?: string; details?: Record<string, unknown> } {
  const e = err instanceof Error ? err : new Error(String(err));
  // A business error's details, with the field it is about (banking rule errors name one).
  const own = err as { details?: Record<string, unknown>; field?: unknown };
  const details =
    err instanceof ComplianceHold
      ? { ...err.details, rule: err.rule }
      : classifyError(err) === 'business' && (own.details || typeof own.field === 'string')
        ? { ...(typeof own.field === 'string' ? { field: own.field } : {}), ...own.details }
        : undefined;
  return { name: e.name, message: e.message, whatNext: (e as { whatNext?: string }).whatNext, details };
}

/**
 * One attempt at one item: its context for the bot, and what the queue does with each kind
 * of error. One object per attempt, and the logger, evidence store and AbortSignal are made
 * only when used: the worker host's overhead per item is measured (bench/queue-overhead).
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
  /** Rejects when the run is ended from outside (timeout, shutdown past the grace period). */
  readonly ended: Promise<never>;

  constructor(
    private readonly rt: Runtime,
    private readonly bot: AnyBot,
    private readonly job: Job<ItemData>,
    private readonly token: string | undefined,
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
    this.ended = new Promise<never>((_, reject) => (this.rejectRun = reject));
    this.ended.catch(noop);
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

  async runItems(): Promise<RunItemOutcome[]> {
    const { rt, item } = this;
    const records = (await rt.items.listByRun(item.runId)).filter((r) => r.itemId !== item.itemId);
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

  /** Ends the run from outside: the bot's signal fires and the processor stops waiting for it. */
  abort(reason: ItemAborted): void {
    this.abortedBy = reason;
    this.controller?.abort(reason);
    this.rejectRun(reason);
  }

  /** When the circuit of the bot's target is open, the item waits without starting (this throws BullMQ's DelayedError). */
  async waitIfCircuitOpen(): Promise<void> {
    const target = this.bot.target;
    const t = target ? this.rt.config.targets[target] : undefined;
    if (!target || !t) return;
    const gate = await this.rt.breaker.check(target, t.breaker.coolDownMs, this.item.itemId);
    if (gate.allowed) return;
    this.log.info({ target, retryAt: gate.retryAt }, 'target circuit open: item waits');
    return this.delay(gate.retryAt ?? Date.now() + t.unavailableDelayMs, `${target} circuit ${gate.state}`);
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
    if (bot.target) await rt.breaker.recordSuccess(bot.target);
    await rt.items.setStatus(item.itemId, 'done', { note: typeof result === 'string' ? result : undefined });
    if (rt.log.isLevelEnabled('info')) this.log.info('item done');
    return result ?? null;
  }

  /**
   * Releases what the attempt held (the bot-account lease). A bot that was aborted may still be
   * driving its page: the session is closed first, so that the next holder of the account never
   * shares a page with it.
   */
  async finish(): Promise<void> {
    if (this.logLines) {
      const lines = this.logLines.splice(0);
      await this.rt.itemLogs.append(this.item.itemId, lines).catch((e: unknown) => this.rt.log.warn({ err: e, itemId: this.item.itemId }, 'could not keep the item\'s log lines'));
    }
    if (!this.leased) return;
    await this.leased.session.endTrace().catch(() => undefined);
    if (this.abortedBy) await this.leased.session.close();
    await this.leased.release().catch((e: unknown) => this.log.warn({ err: e }, 'could not release the bot account lease'));
  }

  /** What the queue does next, by the class of the error. Always throws (BullMQ reads the outcome from it). */
  async fail(err: unknown): Promise<never> {
    const { rt, item } = this;
    if (err instanceof ItemAborted && err.why === 'shutdown') {
      this.log.warn('worker shutting down: item returned to the queue');
      return this.delay(Date.now(), 'returned to the queue at shutdown');
    }
    const kind = classifyError(err);
    if (kind === 'unavailable') return this.failUnavailable(err as TargetUnavailable);
    await this.saveFailureScreenshot(err);
    if (kind === 'system') await this.saveTrace();
    if (kind === 'business' || kind === 'compliance' || kind === 'credentials') {
      await this.openException(kind === 'credentials' ? 'system' : kind, err);
      throw new UnrecoverableError((err as Error).message);
    }
    const last = item.attempt >= item.attempts;
    this.log.error({ err, last }, last ? 'item failed on its last attempt' : 'item failed: will retry');
    if (last) await this.openException('system', err);
    else await rt.items.setStatus(item.itemId, 'retrying', { note: (err as Error)?.message ?? String(err) });
    throw err;
  }

  private async failUnavailable(e: TargetUnavailable): Promise<never> {
    const t = this.rt.config.targets[e.target];
    let until = Date.now() + jittered(e.retryAfterMs ?? t?.unavailableDelayMs ?? 5_000);
    if (t && e.countsForBreaker) {
      const breaker = await this.rt.breaker.recordFailure(e.target, { threshold: t.breaker.failureThreshold, coolDownMs: t.breaker.coolDownMs });
      if (breaker.state === 'open') until = Math.max(until, Date.now() + t.breaker.coolDownMs);
      this.log.warn({ target: e.target, reason: e.reason, breaker }, 'target unavailable: item delayed');
    } else {
      this.log.info({ reason: e.reason }, 'item waits (the target is fine)');
    }
    return this.delay(until, e.message);
  }

  /** Back to the queue until `untilMs` without using an attempt. */
  private async delay(untilMs: number, why: string): Promise<never> {
    await this.rt.items.setStatus(this.item.itemId, 'waiting-target', { note: why });
    await this.job.moveToDelayed(untilMs, this.token);
    throw new DelayedError();
  }

  private async saveFailureScreenshot(err: unknown): Promise<void> {
    const page = this.leased?.session.page;
    if (!page || page.isClosed()) return;
    try {
      await this.evidence.save('failure.png', await page.screenshot({ fullPage: true, timeout: 10_000 }));
    } catch (e) {
      this.log.warn({ err: e, cause: (err as Error)?.message }, 'could not take the failure screenshot');
    }
  }

  /** The Playwright trace of this attempt's steps on the target, as evidence of a system error. */
  private async saveTrace(): Promise<void> {
    if (!this.leased) return;
    const file = path.join(tmpdir(), `rpa-trace-${randomUUID()}.zip`);
    try {
      if (await this.leased.session.endTrace(file)) await this.evidence.save('trace.zip', await readFile(file));
    } catch (e) {
      this.log.warn({ err: e }, 'could not save the Playwright trace');
    } finally {
      await rm(file, { force: true });
    }
  }

  private async openException(type: ExceptionType, err: unknown): Promise<void> {
    const { rt, item } = this;
    const summary = errorSummary(err);
    const record = await rt.exceptions.open({
      type,
      reason: summary.message,
      error: summary,
      bot: item.bot,
      itemId: item.itemId,
      runId: item.runId,
      businessKey: item.businessKey,
      attempt: item.attempt,
      evidence: this.evidenceStore?.list() ?? [],
    });
    await rt.items.setStatus(item.itemId, 'exception', { note: summary.message, exceptionId: record.id });
    this.log.warn({ exceptionId: record.id, type, reason: summary.message }, 'exception opened');
  }
}

/** The processor every bot queue runs: validation, sessions, the error taxonomy, exceptions. */
export function makeProcessor(rt: Runtime, bot: AnyBot, running: RunningItems) {
  const cfg: BotConfig = botConfig(rt.config, bot.name);
  return async (job: Job<ItemData>, token?: string): Promise<unknown> => {
    const run = new ItemRun(rt, bot, job, token);
    await run.waitIfCircuitOpen();
    running.add(run);
    const timer = setTimeout(() => run.abort(new ItemAborted('timeout', cfg.timeoutMs)), cfg.timeoutMs);
    try {
      return await run.run();
    } catch (err) {
      return await run.fail(err);
    } finally {
      clearTimeout(timer);
      running.delete(run);
      await run.finish();
    }
  };
}
