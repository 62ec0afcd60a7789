/**
 * The plans of the configuration, resolved: each step's run and the steps it waits for, in an order
 * where every step comes after those it waits for, and the deadline as a wall-clock time.
 */
import { createHash } from 'node:crypto';
import { addDays, instantOf, todayIn, zonedParts } from '../../banking/index.js';
import { runIdFromDigest } from '../../bots/kit/index.js';
import type { Config } from '../../config/schema.js';
import type { PlanConfig, PlanStepConfig } from '../../config/plans.js';

export type PlanStep = PlanStepConfig;

export interface Plan {
  name: string;
  /** Steps, each after those it waits for. */
  steps: PlanStep[];
  /** Minutes after midnight, wall clock in `timeZone`. */
  deadline: number;
  deadlineText: string;
  timeZone: string;
}

function ordered(steps: PlanStep[]): PlanStep[] {
  const byName = new Map(steps.map((s) => [s.name, s]));
  const out: PlanStep[] = [];
  const seen = new Set<string>();
  const visit = (s: PlanStep) => {
    if (seen.has(s.name)) return;
    seen.add(s.name);
    for (const a of s.after) visit(byName.get(a)!);
    out.push(s);
  };
  steps.forEach(visit);
  return out;
}

export function resolvePlan(config: Config, p: PlanConfig): Plan {
  const [h, m] = p.deadline.split(':').map(Number) as [number, number];
  return { name: p.name, steps: ordered(p.steps), deadline: h * 60 + m, deadlineText: p.deadline, timeZone: p.timeZone ?? config.banking.timeZone };
}

export const resolvePlans = (config: Config): Plan[] => config.plans.map((p) => resolvePlan(config, p));

/** The deadline of a night started at `startedAt`: the first time the clock shows the deadline after it. */
export function deadlineAfter(plan: Plan, startedAt: number): number {
  const { date } = zonedParts(plan.timeZone, new Date(startedAt));
  const same = instantOf(date, plan.deadline, plan.timeZone);
  return same > startedAt ? same : instantOf(addDays(date, 1), plan.deadline, plan.timeZone);
}

/** One night of a plan per planned start. */
export const planNightId = (plan: string, plannedAt: number) => runIdFromDigest('pln', createHash('sha256').update(`${plan}@${plannedAt}`).digest('hex'));

/** One run per step of a night. */
export const stepRunId = (nightId: string, step: string) => runIdFromDigest('stp', createHash('sha256').update(`${nightId}/${step}`).digest('hex'));

/** The night's local date (its start's). */
export const nightDay = (plan: Plan, plannedAt: number) => todayIn(plan.timeZone, new Date(plannedAt));
