/**
 * When a night will end: per step, the items left over the rate measured so far (or, before it
 * starts, what the step took on the last night, or what the plan expects), around the maintenance
 * windows of the step's target; steps after their steps before. Late when the finish passes the
 * deadline, with what would bring it back: more workers on the queue that holds the most work.
 */
import { MaintenanceWindows } from '../../banking/index.js';
import { ownKeys } from '../keys.js';
import type { Runtime } from '../runtime.js';
import type { Plan } from './plan.js';
import { ENDED, PlanBook, type NightState, type StepState } from './plan-book.js';

export interface StepForecast {
  step: string;
  state: StepState;
  /** The bot (queue) most of its items are for. */
  queue?: string;
  items?: number;
  left?: number;
  perMinute?: number;
  startAt?: number;
  finishAt: number;
  /** What the figure rests on. */
  basis: 'ended' | 'measured' | 'last-night' | 'expected' | 'none';
  /** Time its target's maintenance windows take before it ends. */
  maintenanceMs: number;
}

export interface NightForecast {
  night: string;
  plan: string;
  at: number;
  finishAt: number;
  deadlineAt: number;
  late: boolean;
  /** Steps with nothing to forecast from (no night measured them, no expectMinutes). */
  unknown: string[];
  steps: StepForecast[];
  /** When late: which queue needs more workers, in words. */
  advice?: string;
  ended: boolean;
}

export async function runChildBot(rt: Runtime, runId: string): Promise<string | undefined> {
  const page = await rt.runIndex.pageByRun(runId, { limit: 2 });
  return page.rows.find((r) => r.itemId !== runId)?.bot;
}

function windowsOf(rt: Runtime, bot: string | undefined): MaintenanceWindows | undefined {
  const target = bot ? rt.bots.get(bot)?.target : undefined;
  const spec = target ? rt.config.targets[target]?.maintenance : undefined;
  return spec?.length ? new MaintenanceWindows(spec, rt.config.banking.timeZone) : undefined;
}

export async function forecastNight(rt: Runtime, plan: Plan, state: NightState, now = Date.now()): Promise<NightForecast> {
  const book = new PlanBook(rt.redis, ownKeys(rt.prefix));
  const measured = await book.measured(plan.name);
  const byStep = new Map<string, StepForecast>();
  const unknown: string[] = [];
  for (const step of plan.steps) {
    const r = state.steps[step.name] ?? { state: 'waiting' as const };
    const last = measured[step.name];
    if (ENDED.includes(r.state)) {
      byStep.set(step.name, { step: step.name, state: r.state, finishAt: r.endedAt ?? now, basis: 'ended', maintenanceMs: 0, ...(r.items !== undefined ? { items: r.items } : {}) });
      continue;
    }
    const startAt = Math.max(now, ...step.after.map((a) => byStep.get(a)?.finishAt ?? now));
    let queue = last?.bot;
    let workMs: number | undefined;
    let basis: StepForecast['basis'] = 'none';
    const f: Partial<StepForecast> = {};
    if (r.state === 'running' && r.runId) {
      const c = await rt.runIndex.runCounts(r.runId);
      const outcomes = (c.done ?? 0) + (c.exception ?? 0) + (c.rejected ?? 0) + (c.cancelled ?? 0);
      const left = Math.max(0, c.total - outcomes);
      const elapsed = now - (r.startedAt ?? now);
      queue = (await runChildBot(rt, r.runId)) ?? queue;
      Object.assign(f, { items: c.total, left });
      if (outcomes > 0 && elapsed > 0) {
        const perMs = outcomes / elapsed;
        Object.assign(f, { perMinute: Math.round(perMs * 60_000 * 10) / 10 });
        workMs = left / perMs;
        basis = 'measured';
      } else if (last && last.items > 0 && last.ms > 0) {
        workMs = (left * last.ms) / last.items;
        basis = 'last-night';
      } else if (step.expectMinutes) {
        workMs = Math.max(0, step.expectMinutes * 60_000 - elapsed);
        basis = 'expected';
      }
    } else if (last && last.ms > 0) {
      workMs = last.ms;
      basis = 'last-night';
    } else if (step.expectMinutes) {
      workMs = step.expectMinutes * 60_000;
      basis = 'expected';
    }
    if (workMs === undefined) unknown.push(step.name);
    const windows = windowsOf(rt, queue);
    const from = r.state === 'running' ? now : startAt;
    const finishAt = windows ? windows.finishOf(from, workMs ?? 0) : from + (workMs ?? 0);
    byStep.set(step.name, { step: step.name, state: r.state, ...(queue ? { queue } : {}), ...f, startAt: r.startedAt ?? startAt, finishAt: Math.round(finishAt), basis, maintenanceMs: Math.round(finishAt - from - (workMs ?? 0)) });
  }
  const steps = plan.steps.map((s) => byStep.get(s.name)!);
  const finishAt = Math.max(...steps.map((s) => s.finishAt));
  const ended = steps.every((s) => s.basis === 'ended');
  const deadlineAt = state.night.deadlineAt;
  const late = finishAt > deadlineAt;
  const forecast: NightForecast = { night: state.night.id, plan: plan.name, at: now, finishAt, deadlineAt, late, unknown, steps, ended };
  if (late && !ended) forecast.advice = await adviceFor(rt, forecast, now);
  return forecast;
}

/** The step left with the most work, its queue, and how many times its workers it would take to end by the deadline. */
async function adviceFor(rt: Runtime, f: NightForecast, now: number): Promise<string> {
  const open = f.steps.filter((s) => s.basis !== 'ended').sort((a, b) => b.finishAt - (b.startAt ?? now) - (a.finishAt - (a.startAt ?? now)));
  const worst = open[0]!;
  const over = f.finishAt - f.deadlineAt;
  const span = worst.finishAt - Math.max(now, worst.startAt ?? now) - worst.maintenanceMs;
  if (!worst.queue || span <= 0) return `step ${worst.step} holds the night up by ${Math.ceil(over / 60_000)} min; it has no queue measured yet to add workers to.`;
  const factor = span / Math.max(1, span - over);
  const workers = await rt.queue(worst.queue).getWorkersCount().catch(() => 0);
  const need = span - over <= 0 ? 'cannot end by the deadline whatever the workers (the deadline is before it can start)' : workers > 0 ? `needs about ${Math.ceil(workers * factor)} workers instead of ${workers}` : `needs about ${factor.toFixed(1)}× its workers`;
  const rate = worst.left !== undefined && worst.perMinute !== undefined ? `: ${worst.left} items left at ${worst.perMinute}/min` : '';
  return `forecast ${Math.ceil(over / 60_000)} min past the deadline. Step ${worst.step}, queue ${worst.queue}${rate}, ${need}${worst.maintenanceMs ? ` (its target's maintenance takes ${Math.round(worst.maintenanceMs / 60_000)} min of it)` : ''}.`;
}
