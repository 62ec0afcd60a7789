/** The Redis keys of runs, shared by the item index (which keeps them as items change) and the run index (which reads them). */
export interface RunKeys {
  /** `<key>:items` and `<key>:st:<status>` (sorted sets by registration order; queued items are in none), `<key>:meta`. */
  run(runId: string): string;
  /** Every run, scored by when its first item was registered. */
  runs: string;
  /** Runs with items that had no outcome yet when last looked at (readers drop the finished ones). */
  activeRuns: string;
}

export function runKeys(prefix: string): RunKeys {
  return { run: (runId) => `${prefix}:run:${runId}`, runs: `${prefix}:runs`, activeRuns: `${prefix}:runs:active` };
}
