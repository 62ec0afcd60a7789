/**
 * A plan's start as a night: recorded once per planned start (a start delivered again finds it), with
 * its deadline, and moved on at once (the steps that wait for nothing start).
 */
import { ownKeys } from '../keys.js';
import type { Runtime } from '../runtime.js';
import { advanceNight } from './advance-night.js';
import { deadlineAfter, nightDay, planNightId, type Plan } from './plan.js';
import { PlanBook, type Night, type NightState } from './plan-book.js';

export async function startNight(rt: Runtime, plan: Plan, plannedAt: number, via: Night['via'], now = Date.now()): Promise<{ night: Night; created: boolean; state?: NightState }> {
  const book = new PlanBook(rt.redis, ownKeys(rt.prefix));
  const night: Night = { id: planNightId(plan.name, plannedAt), plan: plan.name, day: nightDay(plan, plannedAt), plannedAt, startedAt: now, deadlineAt: deadlineAfter(plan, plannedAt), via };
  const created = await book.create(night);
  const recorded = (await book.get(night.id))!.night;
  rt.log.info({ plan: plan.name, night: night.id, day: recorded.day, deadline: new Date(recorded.deadlineAt).toISOString(), created, via }, created ? 'night started' : 'night already started');
  const state = await advanceNight(rt, plan, night.id, now);
  return { night: recorded, created, ...(state ? { state } : {}) };
}
