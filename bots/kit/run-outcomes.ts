import type { RunItemOutcome } from './context.js';

/**
 * What every run's report says about its items whatever their kind: how many ended as exceptions,
 * were rejected, or have no outcome yet; and each exception with its type, status and reason.
 */
export interface RunOutcomeCounts {
  items: number;
  exceptions: number;
  rejected: number;
  pending: number;
}

const FINAL = new Set(['done', 'exception', 'rejected']);

export function runOutcomeCounts(outcomes: RunItemOutcome[]): RunOutcomeCounts {
  return {
    items: outcomes.length,
    exceptions: outcomes.filter((o) => o.status === 'exception').length,
    rejected: outcomes.filter((o) => o.status === 'rejected').length,
    pending: outcomes.filter((o) => !FINAL.has(o.status)).length,
  };
}

/** The items that did not end done and carry an exception, with `where` (row, page, source) added by the run's own reading of the input. */
export function runExceptions<W extends object>(outcomes: RunItemOutcome[], where: (o: RunItemOutcome) => W) {
  return outcomes
    .filter((o) => o.exception && o.status !== 'done')
    .map((o) => ({ businessKey: o.businessKey, ...where(o), type: o.exception!.type, status: o.exception!.status, reason: o.exception!.reason, exceptionId: o.exception!.id }));
}
