/**
 * One look at the nights under way (every worker.planCheckMs, from any worker process): each moved on,
 * its finish forecast, and the alert `plan-late` raised once as soon as the forecast passes the
 * deadline, with what would bring it back.
 */
import { wallClock } from '../../banking/index.js';
import { ownKeys } from '../keys.js';
import type { Runtime } from '../runtime.js';
import { advanceNight } from './advance-night.js';
import { forecastNight, type NightForecast } from './forecast.js';
import { resolvePlan } from './plan.js';
import { PlanBook } from './plan-book.js';

/** `checkRuns`: Redis was down since the last look: the running steps' runs are checked against their plans (advanceNight). */
export async function watchNights(rt: Runtime, now = Date.now(), options: { checkRuns?: boolean } = {}): Promise<NightForecast[]> {
  const book = new PlanBook(rt.redis, ownKeys(rt.prefix));
  const forecasts: NightForecast[] = [];
  for (const id of await book.active()) {
    const recorded = await book.get(id);
    const config = recorded && rt.config.plans.find((p) => p.name === recorded.night.plan);
    if (!recorded || !config) {
      rt.log.warn({ night: id, plan: recorded?.night.plan }, 'a night under way whose plan the configuration no longer has: left as it is');
      continue;
    }
    const plan = resolvePlan(rt.config, config);
    const state = (await advanceNight(rt, plan, id, now, options)) ?? recorded;
    if (state.night.endedAt) continue;
    const f = await forecastNight(rt, plan, state, now);
    forecasts.push(f);
    if (f.late && (await book.markLate(id, now))) {
      const at = (ms: number) => wallClock(ms, plan.timeZone);
      rt.log.error({ plan: plan.name, night: id, finishAt: new Date(f.finishAt).toISOString(), deadline: new Date(f.deadlineAt).toISOString(), advice: f.advice }, 'night forecast past its deadline');
      await rt.alerts.send({
        type: 'plan-late',
        severity: 'high',
        title: `Night ${plan.name} of ${state.night.day} will end at ${at(f.finishAt)}, after its ${at(f.deadlineAt)} deadline`,
        text: `${f.advice ?? ''}${f.unknown.length ? ` Not forecast (never measured): ${f.unknown.join(', ')}.` : ''}`.trim(),
        dedupKey: `plan-late:${id}`,
        facts: { plan: plan.name, night: id, finishAt: new Date(f.finishAt).toISOString(), deadlineAt: new Date(f.deadlineAt).toISOString(), steps: f.steps },
      });
    }
  }
  return forecasts;
}
