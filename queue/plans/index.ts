/**
 * queue/plans — a night as a chain of runs (config.plans): started like a schedule, each step a run
 * started when the steps it waits for have ended, a deadline its finish is forecast against, and a
 * morning summary at its end.
 *
 *   resolvePlans(config) / resolvePlan(config, p)   // steps ordered after the steps they wait for
 *   startNight(rt, plan, plannedAt, via)   // a plan's start: one night per planned start (schedules call it)
 *   advanceNight(rt, plan, nightId)        // steps ended, started or stopped; the night ended with its summary
 *   watchNights(rt)                        // every night under way moved on and forecast; `plan-late` alerted once
 *   forecastNight(rt, plan, state)         // when it ends: rates measured, last night's times, maintenance windows
 *   buildMorningSummary / morningSummaryText   // what a head of operations reads at 06:00
 *   MoneyByOutcome / moneyText             // each kind of work's money by outcome (the bots' `amount`)
 *   restartStep(rt, nightId, step)         // a failed or stopped step (and those stopped after it) started again
 *   PLAN_STEP / stepFacts                  // a step that did not run, as an exception in the inbox (decided by decideException)
 *   PlanBook                               // the nights in Redis
 */
export { deadlineAfter, planNightId, resolvePlan, resolvePlans, stepRunId, type Plan, type PlanStep } from './plan.js';
export { ENDED, PlanBook, type Measured, type Night, type NightState, type StepRecord, type StepState } from './plan-book.js';
export { StepCannotStart, stepFile, stepPlan } from './step-run.js';
export { advanceNight, stepOutcome } from './advance-night.js';
export { startNight } from './start-night.js';
export { forecastNight, type NightForecast, type StepForecast } from './forecast.js';
export { buildMorningSummary, morningSummaryText, stepsNotRunText, stepTotals, type MorningSummary, type OutcomeCounts } from './morning-summary.js';
export { watchNights } from './watch-nights.js';
export { restartStep, StepNotRestartable } from './restart-step.js';
export { PLAN_STEP, isStepException, stepFacts, stepItemId, type StepExceptionFacts } from './step-exception.js';
export { MoneyByOutcome, moneyText, type BotMoney, type MoneyLine, type Outcome } from './money-by-outcome.js';
