/**
 * What the queue does when an attempt fails, by the class of the error (DESIGN.md, "Errors decide
 * what happens next"): a target that is unavailable delays the item without using an attempt (and
 * counts for its circuit breaker), and so does a Redis connection lost while the item ran; a
 * business error, a compliance hold or rejected credentials open an exception at once; anything else
 * is retried, with a screenshot and the Playwright trace as evidence, and opens an exception after
 * the last attempt.
 */
import { randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DelayedError, UnrecoverableError } from 'bullmq';
import { MaintenanceWindows } from '../banking/index.js';
import { classifyError, ComplianceHold, type TargetUnavailable } from '../bots/kit/index.js';
import type { ExceptionType } from './exceptions-store.js';
import { ItemAborted, type ItemRun } from './item-run.js';
import { RedisLostDuringWork } from './redis-health.js';

const jittered = (ms: number) => Math.round(ms * (0.8 + Math.random() * 0.4));

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

/** When the circuit of the bot's target is open, the item waits without starting (this throws BullMQ's DelayedError). */
export async function waitIfCircuitOpen(run: ItemRun): Promise<void> {
  const target = run.bot.target;
  const t = target ? run.rt.config.targets[target] : undefined;
  if (!target || !t) return;
  const gate = await run.rt.breaker.check(target, t.breaker.coolDownMs, run.item.itemId);
  if (gate.allowed) return;
  run.log.info({ target, retryAt: gate.retryAt }, 'target circuit open: item waits');
  return delayAttempt(run, gate.retryAt ?? Date.now() + t.unavailableDelayMs, `${target} circuit ${gate.state}`);
}

/**
 * When the bot's target is in a maintenance window (targets.<name>.maintenance), the item waits for
 * its end without starting and without using an attempt; its circuit breaker is not told (the target
 * is not failing, it is closed as planned).
 */
export async function waitIfInMaintenance(run: ItemRun): Promise<void> {
  const target = run.bot.target;
  const t = target ? run.rt.config.targets[target] : undefined;
  if (!target || !t || t.maintenance.length === 0) return;
  const end = new MaintenanceWindows(t.maintenance, run.rt.config.banking.timeZone).endOf(Date.now());
  if (end === undefined) return;
  run.log.info({ target, until: new Date(end).toISOString() }, 'target in maintenance: item waits');
  // Spread over a few seconds after the window, so that the waiting items do not all log in at once.
  return delayAttempt(run, end + Math.round(Math.random() * 5_000), `${target} in maintenance until ${new Date(end).toISOString()}`);
}

/** What the queue does next, by the class of the error (DESIGN.md, "Errors decide what happens next"). Always throws (BullMQ reads the outcome from it). */
export async function failAttempt(run: ItemRun, err: unknown): Promise<never> {
  const { rt, item } = run;
  if (!(await run.holdsLock())) return standBack(run, err);
  if (err instanceof ItemAborted && err.why === 'shutdown') {
    run.log.warn('worker shutting down: item returned to the queue');
    return delayAttempt(run, Date.now(), 'returned to the queue at shutdown');
  }
  // Whatever failed in an attempt that lost its Redis connection may have failed on what Redis lost (a
  // record missing after a failover): no exception and no attempt used on that, the item runs again.
  if (err instanceof RedisLostDuringWork || run.redisBroken) {
    const lost = err instanceof RedisLostDuringWork ? err : new RedisLostDuringWork(`item ${item.itemId}`);
    run.log.warn({ reason: lost.message, ...(lost === err ? {} : { err }) }, 'redis may lose what the item wrote: it runs again');
    return delayAttempt(run, Date.now() + jittered(1_000), lost.message);
  }
  const kind = classifyError(err);
  if (kind === 'unavailable') return failUnavailable(run, err as TargetUnavailable);
  await saveFailureScreenshot(run, err);
  if (kind === 'system') await saveTrace(run);
  if (kind === 'business' || kind === 'compliance' || kind === 'credentials') {
    await openException(run, kind === 'credentials' ? 'system' : kind, err);
    throw new UnrecoverableError((err as Error).message);
  }
  const last = item.attempt >= item.attempts;
  run.log.error({ err, last }, last ? 'item failed on its last attempt' : 'item failed: will retry');
  if (last) await openException(run, 'system', err);
  else await rt.items.setStatus(item.itemId, 'retrying', { note: (err as Error)?.message ?? String(err) });
  throw err;
}

async function failUnavailable(run: ItemRun, e: TargetUnavailable): Promise<never> {
  const t = run.rt.config.targets[e.target];
  let until = Date.now() + jittered(e.retryAfterMs ?? t?.unavailableDelayMs ?? 5_000);
  if (t && e.countsForBreaker) {
    const breaker = await run.rt.breaker.recordFailure(e.target, { threshold: t.breaker.failureThreshold, coolDownMs: t.breaker.coolDownMs });
    if (breaker.state === 'open') until = Math.max(until, Date.now() + t.breaker.coolDownMs);
    run.log.warn({ target: e.target, reason: e.reason, breaker }, 'target unavailable: item delayed');
  } else {
    run.log.info({ reason: e.reason }, 'item waits (the target is fine)');
  }
  return delayAttempt(run, until, e.message);
}

/**
 * Back to the queue until `untilMs` without using an attempt. The job is moved first (BullMQ checks the
 * attempt's lock as it moves it), and only then is the item's record changed: an attempt that lost its
 * lock records nothing over what another attempt recorded.
 */
export async function delayAttempt(run: ItemRun, untilMs: number, why: string): Promise<never> {
  try {
    await run.job.moveToDelayed(untilMs, run.token);
  } catch (err) {
    if (await run.holdsLock()) throw err;
    return standBack(run, err);
  }
  await run.rt.items.setStatus(run.item.itemId, 'waiting-target', { note: why });
  throw new DelayedError();
}

/** An attempt that lost its lock (another attempt has the item): BullMQ cannot record its outcome either, and nothing is written over the other's. */
function standBack(run: ItemRun, err: unknown): never {
  run.log.warn({ err }, 'this attempt no longer holds the item (its lock was lost and another attempt has it): nothing recorded');
  throw new DelayedError();
}

async function saveFailureScreenshot(run: ItemRun, err: unknown): Promise<void> {
  const page = run.targetSession?.page;
  if (!page || page.isClosed()) return;
  try {
    await run.evidence.save('failure.png', await page.screenshot({ fullPage: true, timeout: 10_000 }));
  } catch (e) {
    run.log.warn({ err: e, cause: (err as Error)?.message }, 'could not take the failure screenshot');
  }
}

/** The Playwright trace of this attempt's steps on the target, as evidence of a system error. */
async function saveTrace(run: ItemRun): Promise<void> {
  const session = run.targetSession;
  if (!session) return;
  const file = path.join(tmpdir(), `rpa-trace-${randomUUID()}.zip`);
  try {
    if (await session.endTrace(file)) await run.evidence.save('trace.zip', await readFile(file));
  } catch (e) {
    run.log.warn({ err: e }, 'could not save the Playwright trace');
  } finally {
    await rm(file, { force: true });
  }
}

async function openException(run: ItemRun, type: ExceptionType, err: unknown): Promise<void> {
  const { rt, item } = run;
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
    evidence: run.evidenceSoFar(),
  });
  await rt.items.setStatus(item.itemId, 'exception', { note: summary.message, exceptionId: record.id });
  run.log.warn({ exceptionId: record.id, type, reason: summary.message }, 'exception opened');
}
