/**
 * A step of a night as its run: a run a schedule can start is planned from the step's parameters and
 * the night's start; a run that takes files is given the file its `params.file` names for the night
 * ({day}: the night's date, {previousBusinessDay}: the business day before it). A step started twice is
 * one run: a scheduled run's id is the step's, a file's run id is its content's.
 */
import { access } from 'node:fs/promises';
import { addDays, BankCalendar, parseLocalDate, RpaError, type BankCalendarOptions } from '../../banking/index.js';
import type { RunPlan, ScheduledStart } from '../../bots/kit/index.js';
import { FileNotAccepted, runOf } from '../run-sources.js';
import type { Runtime } from '../runtime.js';
import { stepRunId, type Plan, type PlanStep } from './plan.js';
import type { Night } from './plan-book.js';

/** A step that cannot start: its file is not there, or its run takes neither a schedule's start nor a file. */
export class StepCannotStart extends RpaError {
  constructor(
    message: string,
    readonly whatNext: string,
  ) {
    super(message);
  }
}

/** The file a step names for a night. */
export function stepFile(template: string, night: Pick<Night, 'day'>, holidays: BankCalendarOptions['holidays']): string {
  const calendar = new BankCalendar({ holidays });
  const previous = calendar.businessDayFrom(addDays(parseLocalDate(night.day, 'day'), -1), -1);
  return template.replaceAll('{day}', night.day).replaceAll('{previousBusinessDay}', previous);
}

export async function stepPlan(rt: Runtime, plan: Plan, night: Night, step: PlanStep): Promise<RunPlan> {
  const run = runOf(rt, step.run);
  const { file: template, ...params } = step.params;
  if (typeof template === 'string') {
    const file = stepFile(template, night, rt.config.banking.holidays);
    try {
      await access(file);
    } catch {
      throw new StepCannotStart(`plan ${plan.name}, step ${step.name}: the file ${file} is not there`, `Put the file there (or correct plans.${plan.name}.steps.${step.name}.params.file) and start the step again: rpa plan restart <night> ${step.name}.`);
    }
    const acceptance = await run.accepts(file);
    if (!acceptance.accepted) throw new FileNotAccepted(file, run, acceptance.fileIs, [...rt.runs.values()]);
    // The run's own id (its file's digest): its items may carry it (a collection file's message id), and
    // the same file given again, here or through a drop folder, is the same run.
    return run.plan(file, rt.config);
  }
  if (!run.fromSchedule) {
    throw new StepCannotStart(`plan ${plan.name}, step ${step.name}: the run "${step.run}" takes files, and the step names none`, `Name the night's file in plans.${plan.name}.steps.${step.name}.params.file, e.g. "/data/ledger/ledger-{day}.csv".`);
  }
  const start: ScheduledStart = { schedule: `${plan.name}.${step.name}`, at: new Date(night.plannedAt).toISOString(), day: night.day };
  return { ...(await run.fromSchedule(params, start, rt.config)), runId: stepRunId(night.id, step.name) };
}
