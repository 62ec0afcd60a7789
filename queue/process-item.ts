import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { botConfig } from '../config/schema.js';
import { NoFreeAccount } from '../bots/kit/account-leases.js';
import type { BotContext, ItemInfo } from '../bots/kit/context.js';
import type { AnyBot } from '../bots/kit/define-bot.js';
import { BusinessRuleError, classifyError, ComplianceHold, TargetUnavailable } from '../bots/kit/errors.js';
import { createEvidenceStore, type EvidenceStore } from '../bots/kit/evidence.js';
import type { LeasedSession } from '../bots/kit/session-pool.js';
import type { ExceptionType } from './exceptions-store.js';
import type { ItemData } from './item-data.js';
import type { Runtime } from './runtime.js';

/** Why an item's abort signal fired. */
export class ItemAborted extends Error {
  constructor(readonly why: 'shutdown' | 'timeout', ms: number) {
    super(why === 'timeout' ? `item timed out after ${ms} ms` : 'worker shutting down');
    this.name = 'ItemAborted';
  }
}

const jittered = (ms: number) => Math.round(ms * (0.8 + Math.random() * 0.4));

function errorSummary(err: unknown): { name: string; message: string; whatNext?: string; details?: Record<string, unknown> } {
  const e = err instanceof Error ? err : new Error(String(err));
  const details = err instanceof BusinessRuleError || err instanceof ComplianceHold ? err.details : undefined;
  return { name: e.name, message: e.message, whatNext: (e as { whatNext?: string }).whatNext, details };
}

/** The processor every bot queue runs: validation, sessions, the error taxonomy, exceptions. */
export function makeProcessor(rt: Runtime, bot: AnyBot, running: Set<AbortController>) {
  const cfg = botConfig(rt.config, bot.name);
  return async (job: Job<ItemData>, token?: string): Promise<unknown> => {
    const data = job.data;
    const item: ItemInfo = {
      itemId: job.id!,
      runId: data.runId,
      bot: bot.name,
      businessKey: data.businessKey,
      attempt: job.attemptsMade + 1,
      attempts: job.opts.attempts ?? 1,
    };
    const log: Logger = rt.log.child({ runId: item.runId, itemId: item.itemId, bot: item.bot, businessKey: item.businessKey, attempt: item.attempt });
    const evidence = createEvidenceStore(rt.config.dataDir, item);
    const target = bot.target;
    const targetCfg = target ? rt.config.targets[target] : undefined;

    const delay = async (untilMs: number, why: string): Promise<never> => {
      await rt.items.setStatus(item.itemId, 'waiting-target', { note: why });
      await job.moveToDelayed(untilMs, token);
      throw new DelayedError();
    };

    // An open circuit: the item waits without starting (and without using an attempt).
    if (target && targetCfg) {
      const gate = await rt.breaker.check(target, targetCfg.breaker.coolDownMs, item.itemId);
      if (!gate.allowed) {
        log.info({ target, retryAt: gate.retryAt }, 'target circuit open: item waits');
        return delay(gate.retryAt ?? Date.now() + targetCfg.unavailableDelayMs, `${target} circuit ${gate.state}`);
      }
    }

    await rt.items.setStatus(item.itemId, 'active');
    const controller = new AbortController();
    running.add(controller);
    const timer = setTimeout(() => controller.abort(new ItemAborted('timeout', cfg.timeoutMs)), cfg.timeoutMs);
    const aborted = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
    });
    aborted.catch(() => undefined);
    let leased: LeasedSession | undefined;

    const ctx: BotContext = {
      item,
      log,
      evidence,
      signal: controller.signal,
      config: rt.config,
      progress: async (pct, note) => {
        await job.updateProgress({ pct: Math.max(0, Math.min(100, pct)), note });
      },
      session: async () => {
        if (!target) throw new Error(`bot ${bot.name} declares no target, so it has no session`);
        leased ??= await rt.sessions.lease(target, log, controller.signal);
        return leased.session;
      },
    };

    try {
      const parsed = bot.input.safeParse(data.input);
      if (!parsed.success) {
        throw new BusinessRuleError(`input does not match the ${bot.name} schema: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`).join('; ')}`, {
          issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        });
      }
      log.info('item started');
      const result = await Promise.race([bot.run(parsed.data, ctx), aborted]);
      if (target) await rt.breaker.recordSuccess(target);
      await rt.items.setStatus(item.itemId, 'done', { note: typeof result === 'string' ? result : undefined });
      log.info('item done');
      return result ?? null;
    } catch (err) {
      return await handleFailure(err);
    } finally {
      clearTimeout(timer);
      running.delete(controller);
      await leased?.release().catch((e: unknown) => log.warn({ err: e }, 'could not release the bot account lease'));
    }

    async function handleFailure(err: unknown): Promise<never> {
      if (err instanceof ItemAborted && err.why === 'shutdown') {
        log.warn('worker shutting down: item returned to the queue');
        return delay(Date.now(), 'returned to the queue at shutdown');
      }
      const kind = classifyError(err);
      if (kind === 'unavailable') {
        const e = err as TargetUnavailable;
        const t = rt.config.targets[e.target];
        let until = Date.now() + jittered(e.retryAfterMs ?? t?.unavailableDelayMs ?? 5_000);
        if (t && !(e instanceof NoFreeAccount)) {
          const breaker = await rt.breaker.recordFailure(e.target, { threshold: t.breaker.failureThreshold, coolDownMs: t.breaker.coolDownMs });
          if (breaker.state === 'open') until = Math.max(until, Date.now() + t.breaker.coolDownMs);
          log.warn({ target: e.target, reason: e.reason, breaker }, 'target unavailable: item delayed');
        } else {
          log.info({ reason: e.reason }, 'no free bot account: item delayed');
        }
        return delay(until, e.message);
      }
      await saveFailureScreenshot(err);
      if (kind === 'business' || kind === 'compliance' || kind === 'credentials') {
        await openException(kind === 'credentials' ? 'system' : kind, err);
        throw new UnrecoverableError((err as Error).message);
      }
      const last = item.attempt >= item.attempts;
      log.error({ err, last }, last ? 'item failed on its last attempt' : 'item failed: will retry');
      if (last) await openException('system', err);
      else await rt.items.setStatus(item.itemId, 'retrying', { note: (err as Error)?.message ?? String(err) });
      throw err;
    }

    async function saveFailureScreenshot(err: unknown): Promise<void> {
      const page = leased?.session.page;
      if (!page || page.isClosed()) return;
      try {
        await evidence.save('failure.png', await page.screenshot({ fullPage: true, timeout: 10_000 }));
      } catch (e) {
        log.warn({ err: e, cause: (err as Error)?.message }, 'could not take the failure screenshot');
      }
    }

    async function openException(type: ExceptionType, err: unknown): Promise<void> {
      const summary = errorSummary(err);
      const record = await rt.exceptions.open({
        type,
        reason: summary.message,
        error: summary,
        bot: bot.name,
        itemId: item.itemId,
        runId: item.runId,
        businessKey: item.businessKey,
        attempt: item.attempt,
        evidence: evidence.list(),
      });
      await rt.items.setStatus(item.itemId, 'exception', { note: summary.message, exceptionId: record.id });
      log.warn({ exceptionId: record.id, type, reason: summary.message }, 'exception opened');
    }
  };
}
