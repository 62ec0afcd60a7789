/**
 * A handler's decision on a step's exception (see step-exception.ts), carried out: recorded in the
 * exceptions store (which checks the roles), then resume or approve starts the step again with the
 * steps stopped after it, and reject leaves the step as it is for the night to end without it.
 */
import type { Actor } from '../actor.js';
import type { Decision, ExceptionRecord } from '../exceptions-store.js';
import type { Runtime } from '../runtime.js';
import { restartable, startAgain, StepNotRestartable } from './restart-step.js';
import { closeStepExceptions, stepFacts } from './step-exception.js';

export async function decideStepException(rt: Runtime, opened: ExceptionRecord, decision: Decision, actor: Actor, options: { note?: string }): Promise<ExceptionRecord> {
  const facts = stepFacts(opened);
  if (!facts) throw new StepNotRestartable(`exception ${opened.id} does not name a night's step`, 'Reject it; start the step from the night\'s page.');
  const starts = decision === 'resume' || decision === 'approve';
  // Checked before the decision is recorded: a step that cannot start again leaves the exception open.
  const ready = starts ? await restartable(rt, facts.night, facts.step) : undefined;
  const record = await rt.exceptions.decide(opened.id, decision, actor, options);
  if (ready && record.status !== 'open') {
    const others = [...ready.again].filter((s) => s !== facts.step);
    await closeStepExceptions(rt, facts.night, others, actor, `started again with step ${facts.step} by ${actor.username}`);
    await startAgain(rt, ready, actor.username);
  } else if (record.status === 'rejected') {
    rt.log.warn({ plan: facts.plan, night: facts.night, step: facts.step, by: actor.username }, 'a step that did not run is left out of the night');
  }
  return record;
}
