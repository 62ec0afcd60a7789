/**
 * A night's end: the morning summary built and kept once, sent once, and the end recorded through the alert
 * sinks (type `morning-summary`: route it to e-mail and the webhook in compliance.alerts.routes).
 */
import { ownKeys } from '../keys.js';
import type { Runtime } from '../runtime.js';
import type { Plan } from './plan.js';
import { PlanBook, type NightState } from './plan-book.js';
import { buildMorningSummary, morningSummaryText, type MorningSummary } from './morning-summary.js';

export async function endNight(rt: Runtime, plan: Plan, state: NightState, now = Date.now()): Promise<void> {
  const book = new PlanBook(rt.redis, ownKeys(rt.prefix));
  const night = { ...state.night, endedAt: now };
  // Kept first, sent, then the night ended: a process that dies on the way leaves the night to end
  // again, with the same summary, whose alert the router sends once (its de-duplication key).
  await book.keepSummary(night.id, await buildMorningSummary(rt, plan, { ...state, night }, now));
  const summary = (await book.summary<MorningSummary>(night.id))!;
  const late = !summary.onTime;
  const problems = summary.steps.filter((s) => s.state !== 'succeeded').length;
  rt.log.info({ plan: plan.name, night: night.id, onTime: summary.onTime, totals: summary.totals }, 'night ended: morning summary sent');
  await rt.alerts.send({
    type: 'morning-summary',
    severity: late || problems ? 'medium' : 'info',
    title: `Night ${plan.name} of ${night.day}: ${late ? 'late' : 'on time'}, ${summary.totals.done} items done, ${summary.exceptionsWaiting.total} exceptions waiting`,
    text: morningSummaryText(summary, plan.timeZone),
    dedupKey: `morning-summary:${night.id}`,
    facts: summary as unknown as Record<string, unknown>,
  });
  await book.end(night.id, state.night, Date.parse(summary.endedAt ?? new Date(now).toISOString()));
}
