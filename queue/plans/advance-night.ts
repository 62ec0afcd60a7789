/**
 * A night moved on: each running step whose run has ended is given its outcome; each waiting step
 * whose steps before have ended is started, or stopped with the reason when one of them failed or
 * left exceptions (unless it runs after any end), with an exception in the inbox saying why (as a
 * failed step has); when every step has ended, the night ends with its morning summary. Any worker
 * process may do it, one at a time per night (a short lock); a step started twice is one run (its id
 * is the step's).
 */
import { ownKeys } from '../keys.js';
import { ITEM_STATUSES, OUTCOME_STATUSES, type RunCounts } from '../item-index.js';
import { dispatchRun } from '../run-dispatch.js';
import { repairRun, resyncFromJobs } from '../run-repair.js';
import { doneResult } from '../item-result.js';
import type { Runtime } from '../runtime.js';
import { type Plan, type PlanStep } from './plan.js';
import { ENDED, PlanBook, type NightState, type StepRecord } from './plan-book.js';
import { access } from 'node:fs/promises';
import { stepFile, stepPlan } from './step-run.js';
import { endNight } from './end-night.js';
import { openStepException } from './step-exception.js';
import { runChildBot } from './forecast.js';

/** The night's lock: renewed while a look runs; one whose release was lost holds the night up this long at most. */
const LOCK_MS = 10_000;

/** How a run's counts read as a step's outcome, once its parent has one. */
export function stepOutcome(counts: RunCounts): Pick<StepRecord, 'state' | 'reason' | 'items'> | undefined {
  if (!counts.parent || !OUTCOME_STATUSES.includes(counts.parent)) return undefined;
  if (counts.parent !== 'done') return { state: 'failed', items: counts.total, reason: `its run's report did not complete (${counts.parent})` };
  const open = [
    counts.exception ? `${counts.exception} exception${counts.exception === 1 ? '' : 's'} waiting` : '',
    counts.rejected ? `${counts.rejected} rejected` : '',
    counts.cancelled ? `${counts.cancelled} cancelled` : '',
  ].filter(Boolean);
  return open.length ? { state: 'partial', items: counts.total, reason: open.join(', ') } : { state: 'succeeded', items: counts.total };
}

/** A run's items (its parent apart) without an outcome. */
const openItems = (counts: RunCounts): number => ITEM_STATUSES.filter((s) => !OUTCOME_STATUSES.includes(s)).reduce((n, s) => n + (counts[s] ?? 0), 0);

const describe = (name: string, r: StepRecord) => (r.state === 'stopped' ? `step ${name} did not run` : `step ${name} ended ${r.state}${r.reason ? ` (${r.reason})` : ''}`);

/** Why a waiting step may not start yet (undefined: it may), or why it never will (stop). */
function gate(step: PlanStep, steps: Record<string, StepRecord>): { wait: true } | { stop: string } | undefined {
  const before = step.after.map((a) => [a, steps[a] ?? { state: 'waiting' }] as const);
  if (before.some(([, r]) => !ENDED.includes(r.state))) return { wait: true };
  // `end`: whatever happened before, the step runs (the plan says it can do without); so does a step a person started again.
  const blocking = step.needs === 'success' && !steps[step.name]?.forced ? before.find(([, r]) => r.state !== 'succeeded') : undefined;
  return blocking ? { stop: describe(...blocking) } : undefined;
}

/**
 * `checkRuns`: Redis was down since the last look (a restart, a failover that may have lost the last
 * writes): each running step's run is checked against its plan, and what it planned but Redis no longer
 * has is created again. A run with fewer items than it was dispatched with is checked in any case.
 */
export async function advanceNight(rt: Runtime, plan: Plan, nightId: string, now = Date.now(), options: { checkRuns?: boolean } = {}): Promise<NightState | undefined> {
  const book = new PlanBook(rt.redis, ownKeys(rt.prefix));
  const lock = await book.lock(nightId, LOCK_MS);
  if (!lock) return undefined;
  try {
    const state = await book.get(nightId);
    if (!state || state.night.endedAt) return state;
    const { night, steps } = state;
    const set = async (step: string, r: StepRecord) => {
      steps[step] = r;
      await book.setStep(nightId, step, r);
    };
    // A step that did not run (failed, stopped): its exception in the inbox, its record, its alert.
    const didNotRun = async (step: string, r: StepRecord, type: 'plan-step-failed' | 'plan-step-stopped', text: string) => {
      await set(step, { ...r, exceptionId: await openStepException(rt, plan, night, step, r) });
      await alertStep(rt, plan, night.id, step, type, text);
    };
    for (const step of plan.steps) {
      const r = steps[step.name] ?? { state: 'waiting' };
      if (r.state === 'running' && r.runId) {
        let counts = await rt.runIndex.runCounts(r.runId);
        if (options.checkRuns || counts.total < (r.items ?? 0)) {
          await checkStepRun(rt, plan, night, step);
          continue;
        }
        // A run whose parent's job ended while its record says otherwise (Redis lost the record's change): given the job's end.
        if (counts.parent && !OUTCOME_STATUSES.includes(counts.parent)) {
          const parent = await rt.items.get(r.runId);
          if (parent && (await resyncFromJobs(rt, [parent])).length) counts = await rt.runIndex.runCounts(r.runId);
        }
        const outcome = stepOutcome(counts);
        if (!outcome) continue;
        // The run's report is counted once BullMQ has it (the morning summary shows its figures).
        if (counts.parent === 'done' && !(await parentResult(rt, r.runId))) continue;
        // Its items too, before the step is counted: those without an outcome whose jobs ended.
        if (openItems(counts) > 0 && (await resyncFromJobs(rt, await rt.runIndex.listByRun(r.runId))).length) continue;
        const ended: StepRecord = { ...r, ...outcome, endedAt: now };
        if (outcome.state === 'failed') await didNotRun(step.name, ended, 'plan-step-failed', `step ${step.name} failed: ${outcome.reason}`);
        else await set(step.name, ended);
        const bot = await runChildBot(rt, r.runId);
        await book.measure(plan.name, step.name, { items: outcome.items ?? 0, ms: now - (r.startedAt ?? now), ...(bot ? { bot } : {}) });
        rt.log.info({ plan: plan.name, night: nightId, step: step.name, state: outcome.state, reason: outcome.reason }, 'plan step ended');
        continue;
      }
      if (r.state !== 'waiting') continue;
      const g = gate(step, steps);
      if (g && 'wait' in g) continue;
      if (g && 'stop' in g) {
        rt.log.warn({ plan: plan.name, night: nightId, step: step.name, reason: g.stop }, 'plan step stopped');
        await didNotRun(step.name, { state: 'stopped', endedAt: now, reason: g.stop }, 'plan-step-stopped', `step ${step.name} was not started: ${g.stop}`);
        continue;
      }
      const file = await awaitedFile(rt, step, night, steps, now);
      if (file) {
        if (r.reason !== file.reason) await set(step.name, { state: 'waiting', reason: file.reason });
        continue;
      }
      try {
        const runPlan = await stepPlan(rt, plan, night, step);
        const dispatched = await dispatchRun(rt, runPlan);
        // Started before (its start's record lost with Redis's last writes): what it planned is checked.
        if (!dispatched.created) await repairRun(rt, await stepPlan(rt, plan, night, step));
        await set(step.name, { state: 'running', runId: dispatched.runId, startedAt: now, items: dispatched.items.length });
        rt.log.info({ plan: plan.name, night: nightId, step: step.name, runId: dispatched.runId, items: dispatched.items.length }, 'plan step started');
      } catch (err) {
        const reason = `${(err as Error).message}${(err as { whatNext?: string }).whatNext ? ` ${(err as { whatNext: string }).whatNext}` : ''}`;
        rt.log.error({ err, plan: plan.name, night: nightId, step: step.name }, 'plan step could not start');
        await didNotRun(step.name, { state: 'failed', startedAt: now, endedAt: now, reason }, 'plan-step-failed', `step ${step.name} could not start: ${reason}`);
      }
    }
    if (plan.steps.every((s) => ENDED.includes((steps[s.name] ?? { state: 'waiting' }).state))) {
      await endNight(rt, plan, { ...state, steps }, now);
      return book.get(nightId);
    }
    return { ...state, steps };
  } finally {
    await lock.release();
  }
}

async function parentResult(rt: Runtime, runId: string): Promise<{ result: unknown } | undefined> {
  const parent = await rt.items.get(runId);
  return parent && doneResult(rt, parent.bot, runId);
}

/** A running step's run against its plan: what Redis lost is created again. */
async function checkStepRun(rt: Runtime, plan: Plan, night: NightState['night'], step: PlanStep): Promise<void> {
  const repair = await repairRun(rt, await stepPlan(rt, plan, night, step));
  if (repair.recreated.length || repair.resynced.length) rt.log.warn({ plan: plan.name, night: night.id, step: step.name, runId: repair.runId, recreated: repair.recreated.length, resynced: repair.resynced.length }, 'plan step: items Redis had lost created again');
}

/** A step whose file has not come yet and may still come (waitForFileMinutes): what it waits for. */
async function awaitedFile(rt: Runtime, step: PlanStep, night: NightState['night'], steps: Record<string, StepRecord>, now: number): Promise<{ reason: string } | undefined> {
  const template = step.params.file;
  if (typeof template !== 'string' || step.waitForFileMinutes <= 0) return undefined;
  const file = stepFile(template, night, rt.config.banking.holidays);
  if (await access(file).then(() => true, () => false)) return undefined;
  const readyAt = Math.max(night.startedAt, ...step.after.map((a) => steps[a]?.endedAt ?? night.startedAt));
  const until = readyAt + step.waitForFileMinutes * 60_000;
  if (now >= until) return undefined; // it has waited long enough: starting it fails, saying the file is not there
  return { reason: `waiting for ${file} until ${new Date(until).toISOString()}` };
}

async function alertStep(rt: Runtime, plan: Plan, nightId: string, step: string, type: string, text: string): Promise<void> {
  await rt.alerts.send({ type, severity: 'high', title: `Night ${plan.name}: ${text.split(':')[0]}`, text, dedupKey: `${type}:${nightId}:${step}`, facts: { plan: plan.name, night: nightId, step } });
}
