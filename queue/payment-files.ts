import { planPaymentFile } from '../bots/payment-batch/index.js';
import type { Scheduling } from './dispatch.js';
import { dispatchRun, type DispatchedRun } from './run-dispatch.js';
import type { Runtime } from './runtime.js';

/** A payment instruction file becomes one run: read, planned (one item per row), dispatched as a flow. */
export async function dispatchPaymentFile(rt: Runtime, file: string, scheduling: Scheduling = {}): Promise<DispatchedRun & { rows: number }> {
  const plan = await planPaymentFile(file, rt.config);
  const run = await dispatchRun(rt, plan, scheduling);
  rt.log.info({ runId: run.runId, file: plan.parent.input.file, items: run.items.length, alreadyKnown: run.alreadyKnown.length, created: run.created }, 'payment file dispatched');
  return { ...run, rows: plan.rows };
}
