/**
 * A step started again by an operator, once what stopped it is mended (the ledger file put in place,
 * the exceptions of the step before it worked): a failed or stopped step, and the steps stopped
 * because of it, wait again, and the night is under way again. The step named runs whatever the
 * steps before it ended with (a person decided it may); a stopped step whose steps before did not run
 * at all is refused (start those first). A step whose run ran is started as the same run: its items
 * that ended stay ended.
 */
import { RpaError } from '../../banking/index.js';
import { hasRole, NotAllowed, type Actor } from '../actor.js';
import { ownKeys } from '../keys.js';
import type { Runtime } from '../runtime.js';
import { advanceNight } from './advance-night.js';
import { resolvePlan, type Plan } from './plan.js';
import { closeStepExceptions } from './step-exception.js';
import { PlanBook, type Night, type NightState } from './plan-book.js';

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
  const restart = await restartable(rt, nightId, stepName);
  // The steps' exceptions in the inbox are settled by this start.
  await closeStepExceptions(rt, nightId, restart.again, actor, `started again by ${actor.username}`);
  return startAgain(rt, restart, actor.username);
}

/** A step about to start again: its night, its plan, and the steps that wait again with it. */
export interface Restart {
  plan: Plan;
  night: Night;
  step: string;
  /** The step and every step stopped after it (however far down). */
  again: Set<string>;
}

/**
 * The night's plan and the steps that wait again if `stepName` starts again: it and every step stopped
 * after it (however far down). Refuses a step that is not failed or stopped.
 */
export async function restartable(rt: Runtime, nightId: string, stepName: string): Promise<Restart> {
  const book = new PlanBook(rt.redis, ownKeys(rt.prefix));
  const state = await book.get(nightId);
  if (!state) throw new StepNotRestartable(`no night ${nightId}`, 'Name a night as rpa plan status lists it.');
  const config = rt.config.plans.find((p) => p.name === state.night.plan);
  if (!config) throw new StepNotRestartable(`night ${nightId}: the configuration has no plan ${state.night.plan} any more`, 'Restore the plan in the configuration first.');
  const plan = resolvePlan(rt.config, config);
  const step = state.steps[stepName];
  if (!plan.steps.some((s) => s.name === stepName)) throw new StepNotRestartable(`plan ${plan.name} has no step ${stepName}`, `Name one of: ${plan.steps.map((s) => s.name).join(', ')}.`);
  if (!step || (step.state !== 'failed' && step.state !== 'stopped')) throw new StepNotRestartable(`step ${stepName} of night ${nightId} is ${step?.state ?? 'waiting'}: only a failed or stopped step starts again`, 'Wait for it to end, or look at its run on the board.');
  // A stopped step runs without what stopped it, but not before the steps it waits for have run.
  const notRun = plan.steps.find((s) => s.name === stepName)!.after.filter((a) => ['waiting', 'running', 'stopped'].includes(state.steps[a]?.state ?? 'waiting'));
  if (notRun.length) throw new StepNotRestartable(`step ${stepName} of night ${nightId} waits for ${notRun.join(', ')}, which ${notRun.length === 1 ? 'has' : 'have'} not run`, `Start ${notRun.join(', ')} first: step ${stepName} waits again with ${notRun.length === 1 ? 'it' : 'them'}.`);
  const again = new Set([stepName]);
  for (const s of plan.steps) if (state.steps[s.name]?.state === 'stopped' && s.after.some((a) => again.has(a))) again.add(s.name);
  return { plan, night: state.night, step: stepName, again };
}

/** The steps wait again, the night is under way again (audited), and it is moved on at once. */
export async function startAgain(rt: Runtime, { plan, night, step: stepName, again }: Restart, by: string): Promise<NightState | undefined> {
  const book = new PlanBook(rt.redis, ownKeys(rt.prefix));
  const nightId = night.id;
  // The step named runs whatever the steps before it ended with (a person decided so); those after it wait for it as planned.
  for (const name of again) await book.setStep(nightId, name, name === stepName ? { state: 'waiting', forced: true } : { state: 'waiting' });
  await book.reopen(nightId, night);
  await rt.audit.append({ actor: by, action: 'plan-step-restarted', target: nightId, details: { plan: plan.name, step: stepName, waitingAgain: [...again] } });
  rt.log.info({ plan: plan.name, night: nightId, step: stepName, by, waitingAgain: [...again] }, 'plan step started again');
  return advanceNight(rt, plan, nightId);
}
