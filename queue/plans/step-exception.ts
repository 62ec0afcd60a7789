/**
 * A step that did not run, in the exception handlers' inbox: a step stopped because a step before it
 * failed or left exceptions, or a step that failed (its file never came, its run's report did not
 * complete). The exception says why and what to do; deciding it is deciding the step:
 * - resume (or approve): the step, and the steps stopped after it, start again (as "Start again" on
 *   the night's page does);
 * - reject: the night goes on without the step; it stays as it is, with the reason the handler gave.
 * A step started again from the night's page or `rpa plan restart` closes its open exception.
 *
 * Such an exception has no item or job: its "bot" is `plan-step`, its item the night's step, its run
 * the night.
 */
import type { Actor } from '../actor.js';
import type { ExceptionRecord } from '../exceptions-store.js';
import type { Runtime } from '../runtime.js';
import type { Plan } from './plan.js';
import type { Night, StepRecord } from './plan-book.js';

/** The "bot" of a step's exception: no queue, no job. */
export const PLAN_STEP = 'plan-step';

/** What a step's exception is about (its error's details). */
export interface StepExceptionFacts {
  plan: string;
  night: string;
  day: string;
  step: string;
  run: string;
  state: 'stopped' | 'failed';
}

/** The step's own id as an exception's item: one open exception per step of a night. */
export const stepItemId = (nightId: string, step: string) => `${nightId}:${step}`;

export function isStepException(e: Pick<ExceptionRecord, 'bot'>): boolean {
  return e.bot === PLAN_STEP;
}

export function stepFacts(e: ExceptionRecord): StepExceptionFacts | undefined {
  if (!isStepException(e)) return undefined;
  const d = e.error.details ?? {};
  const text = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : '');
  const state = text('state');
  if (!text('night') || !text('step') || (state !== 'stopped' && state !== 'failed')) return undefined;
  return { plan: text('plan'), night: text('night'), day: text('day'), step: text('step'), run: text('run'), state };
}

/**
 * Opens the exception of a step that stopped or failed (once per step and night: the one still open is
 * kept). Never throws: the night moves on whatever the inbox does; a failure to open is logged.
 */
export async function openStepException(rt: Runtime, plan: Plan, night: Night, step: string, record: StepRecord): Promise<string | undefined> {
  const state = record.state === 'stopped' ? 'stopped' : 'failed';
  const reason = record.reason ?? (state === 'stopped' ? 'a step before it did not succeed' : 'it failed');
  const message = state === 'stopped' ? `Night ${plan.name} of ${night.day}: step ${step} was not started: ${reason}` : `Night ${plan.name} of ${night.day}: step ${step} failed: ${reason}`;
  const whatNext =
    state === 'stopped'
      ? 'Work the exceptions of the step before it (or mend what failed there), then resume this exception to start the step; reject it to let the night end without the step.'
      : 'Mend what the reason names (put the file in place, look at the run\'s failed report), then resume this exception to start the step again; reject it to let the night end without the step.';
  // The name the inbox shows under the reason.
  const name = state === 'stopped' ? 'PlanStepStopped' : 'PlanStepFailed';
  const facts: StepExceptionFacts = { plan: plan.name, night: night.id, day: night.day, step, run: plan.steps.find((s) => s.name === step)?.run ?? '', state };
  try {
    const opened = await rt.exceptions.open({
      type: 'system',
      severity: 'high',
      reason: message,
      error: { name, message, whatNext, details: { ...facts, ...(record.runId ? { runId: record.runId } : {}) } },
      bot: PLAN_STEP,
      itemId: stepItemId(night.id, step),
      runId: night.id,
      businessKey: `${plan.name} ${night.day} ${step}`,
      attempt: 0,
      evidence: [],
    });
    return opened.id;
  } catch (err) {
    rt.log.error({ err, plan: plan.name, night: night.id, step }, 'could not open the exception of a step that did not run');
    return undefined;
  }
}

/** Closes the open exceptions of steps that start again (resumed by who started them). */
export async function closeStepExceptions(rt: Runtime, nightId: string, steps: Iterable<string>, actor: Actor, note: string): Promise<void> {
  for (const step of steps) {
    const [open] = await rt.exceptions.list({ status: 'open', itemId: stepItemId(nightId, step), limit: 1 });
    if (open) await rt.exceptions.decide(open.id, 'resume', actor, { note });
  }
}
