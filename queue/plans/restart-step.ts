/**
 * A step started again by an operator, once what stopped it is mended (the ledger file put in place):
 * a failed or stopped step, and the steps stopped because of it, wait again, and the night is under
 * way again. A step whose run ran is started as the same run: its items that ended stay ended.
 */
import { RpaError } from '../../banking/index.js';
import { hasRole, NotAllowed, type Actor } from '../actor.js';
import { ownKeys } from '../keys.js';
import type { Runtime } from '../runtime.js';
import { advanceNight } from './advance-night.js';
import { resolvePlan } from './plan.js';
import { PlanBook, type NightState } from './plan-book.js';

export class StepNotRestartable extends RpaError {
  constructor(
    message: string,
    readonly whatNext: string,
  ) {
    super(message);
  }
}

export async function restartStep(rt: Runtime, nightId: string, stepName: string, actor: Actor): Promise<NightState | undefined> {
  if (!hasRole(actor, 'operator')) throw new NotAllowed(`${actor.username} (roles: ${actor.roles.join(', ') || 'none'}) may not start a step of a night again: it needs the role operator`, 'Ask an operator (or an admin) to do it.');
  const by = actor.username;
  const book = new PlanBook(rt.redis, ownKeys(rt.prefix));
  const state = await book.get(nightId);
  if (!state) throw new StepNotRestartable(`no night ${nightId}`, 'Name a night as rpa plan status lists it.');
  const config = rt.config.plans.find((p) => p.name === state.night.plan);
  if (!config) throw new StepNotRestartable(`night ${nightId}: the configuration has no plan ${state.night.plan} any more`, 'Restore the plan in the configuration first.');
  const plan = resolvePlan(rt.config, config);
  const step = state.steps[stepName];
  if (!plan.steps.some((s) => s.name === stepName)) throw new StepNotRestartable(`plan ${plan.name} has no step ${stepName}`, `Name one of: ${plan.steps.map((s) => s.name).join(', ')}.`);
  if (!step || (step.state !== 'failed' && step.state !== 'stopped')) throw new StepNotRestartable(`step ${stepName} of night ${nightId} is ${step?.state ?? 'waiting'}: only a failed or stopped step starts again`, 'Wait for it to end, or look at its run on the board.');
  // The step and every step stopped after it (however far down) wait again.
  const again = new Set([stepName]);
  for (const s of plan.steps) if (state.steps[s.name]?.state === 'stopped' && s.after.some((a) => again.has(a))) again.add(s.name);
  for (const name of again) await book.setStep(nightId, name, { state: 'waiting' });
  await book.reopen(nightId, state.night);
  await rt.audit.append({ actor: by, action: 'plan-step-restarted', target: nightId, details: { plan: plan.name, step: stepName, waitingAgain: [...again] } });
  rt.log.info({ plan: plan.name, night: nightId, step: stepName, by, waitingAgain: [...again] }, 'plan step started again');
  return advanceNight(rt, plan, nightId);
}
