/**
 * What both the worker and the board expose (from Redis, the same in every process): items by bot and
 * state (the bots' queues), exceptions open, the targets' circuit breakers, the nights under way with
 * their forecast finish and deadline, and each schedule's missed starts.
 */
import { ownKeys } from '../keys.js';
import { resolvePlan } from '../plans/plan.js';
import { PlanBook } from '../plans/plan-book.js';
import { forecastNight } from '../plans/forecast.js';
import type { Runtime } from '../runtime.js';
import { resolveSchedules } from '../schedules/schedule.js';
import { ScheduleBook } from '../schedules/schedule-book.js';
import type { Family, Sample } from './exposition.js';

const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed', 'completed'] as const;
const BREAKER_VALUE: Record<string, number> = { closed: 0, 'half-open': 1, open: 2 };

export async function collectMetrics(rt: Runtime, now = Date.now()): Promise<Family[]> {
  const bots = [...rt.bots.keys()].sort();
  const counts = await Promise.all(bots.map((b) => rt.queue(b).getJobCounts(...JOB_STATES)));
  const items: Sample[] = bots.flatMap((bot, i) => JOB_STATES.map((state) => ({ labels: { bot, state }, value: counts[i]![state] ?? 0 })));
  const paused = await Promise.all(bots.map((b) => rt.queue(b).isPaused()));

  const targets = Object.keys(rt.config.targets).sort();
  const breakers = await Promise.all(targets.map((t) => rt.breaker.state(t)));

  const book = new PlanBook(rt.redis, ownKeys(rt.prefix));
  const finish: Sample[] = [];
  const deadline: Sample[] = [];
  const late: Sample[] = [];
  for (const id of await book.active()) {
    const state = await book.get(id);
    const config = state && rt.config.plans.find((p) => p.name === state.night.plan);
    if (!state || !config) continue;
    const f = await forecastNight(rt, resolvePlan(rt.config, config), state, now);
    const labels = { plan: state.night.plan, day: state.night.day };
    finish.push({ labels, value: Math.round(f.finishAt / 1000) });
    deadline.push({ labels, value: Math.round(f.deadlineAt / 1000) });
    late.push({ labels, value: f.late ? 1 : 0 });
  }

  const schedules = new ScheduleBook(rt.redis, ownKeys(rt.prefix));
  const missed: Sample[] = [];
  for (const s of resolveSchedules(rt.config)) missed.push({ labels: { schedule: s.name }, value: (await schedules.missedStarts(s.name)).length });

  return [
    { name: 'rpa_items', help: 'Items in the bots\' queues by state.', type: 'gauge', samples: items },
    { name: 'rpa_queue_paused', help: '1 when a bot\'s queue is paused.', type: 'gauge', samples: bots.map((bot, i) => ({ labels: { bot }, value: paused[i] ? 1 : 0 })) },
    { name: 'rpa_exceptions_open', help: 'Exceptions waiting for a person.', type: 'gauge', samples: [{ value: await rt.exceptions.countOpen() }] },
    { name: 'rpa_circuit_state', help: 'A target\'s circuit breaker: 0 closed, 1 half-open, 2 open.', type: 'gauge', samples: targets.map((target, i) => ({ labels: { target }, value: BREAKER_VALUE[breakers[i]!.state] ?? 0 })) },
    { name: 'rpa_night_forecast_finish_seconds', help: 'A night under way: when it is forecast to end (Unix time).', type: 'gauge', samples: finish },
    { name: 'rpa_night_deadline_seconds', help: 'A night under way: its deadline (Unix time).', type: 'gauge', samples: deadline },
    { name: 'rpa_night_late', help: '1 when a night under way is forecast past its deadline.', type: 'gauge', samples: late },
    { name: 'rpa_schedule_missed_starts_total', help: 'Starts a schedule missed (not made within its grace time).', type: 'counter', samples: missed },
  ];
}
