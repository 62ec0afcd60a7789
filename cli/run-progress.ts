import { doneResult } from '../queue/item-result.js';
import { OUTCOME_STATUSES } from '../queue/item-index.js';
import type { Runtime } from '../queue/runtime.js';
import { RpaError } from '../banking/index.js';

/** A run's report (its parent item) ended without completing: there is no report to show. */
export class RunReportNotMade extends RpaError {
  readonly whatNext: string;
  constructor(
    readonly runId: string,
    readonly status: string,
  ) {
    super(`run ${runId} ended without its report: the report item is ${status}`);
    this.whatNext =
      status === 'exception'
        ? `See why with \`rpa exceptions list --run ${runId}\`; once the exception is decided the report item runs again and makes the report.`
        : `A person ${status} the report item: the item ${runId} on the board says who and why; dispatch the file again if the run should be made.`;
  }
}

/**
 * Draws a progress bar for a run until its parent item (the report) is done. On a terminal the bar
 * is redrawn in place; elsewhere (a log file, CI) a line is written per tenth of the run done. A report
 * that ends otherwise (an exception, rejected, cancelled) throws RunReportNotMade.
 */
export async function followRun(rt: Runtime, runId: string, out: NodeJS.WriteStream = process.stderr, timeoutMs = 60 * 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastTenth = -1;
  for (;;) {
    const items = await rt.runIndex.listByRun(runId);
    const parent = items.find((i) => i.itemId === runId);
    const children = items.filter((i) => i.itemId !== runId);
    const finished = children.filter((i) => OUTCOME_STATUSES.includes(i.status)).length;
    const exceptions = children.filter((i) => i.status === 'exception').length;
    const waiting = children.filter((i) => i.status === 'waiting-target').length;
    const width = 30;
    const filled = children.length ? Math.round((finished / children.length) * width) : width;
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${finished}/${children.length} with an outcome, ${exceptions} exception(s)${waiting ? `, ${waiting} waiting for the target` : ''}`;
    const tenth = children.length ? Math.floor((finished / children.length) * 10) : 10;
    // Its report is there once BullMQ has the parent's result, a moment after its record says 'done'.
    const done = parent?.status === 'done' && (await doneResult(rt, parent.bot, runId)) !== undefined;
    if (out.isTTY) out.write(`\r${line}`);
    else if (tenth !== lastTenth || (done && tenth < 10)) out.write(`${line}\n`);
    lastTenth = tenth;
    if (done) break;
    if (parent && parent.status !== 'done' && OUTCOME_STATUSES.includes(parent.status)) {
      if (out.isTTY) out.write('\n');
      throw new RunReportNotMade(runId, parent.status);
    }
    if (Date.now() > deadline) throw new Error(`run ${runId} did not finish within ${Math.round(timeoutMs / 60_000)} minutes`);
    await new Promise((r) => setTimeout(r, 500));
  }
  if (out.isTTY) out.write('\n');
}
