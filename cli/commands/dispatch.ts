import { dispatchItem, newRunId } from '../../queue/dispatch.js';
import { dispatchFile as dispatchRunFile, runOf } from '../../queue/run-sources.js';
import { followRun } from '../run-progress.js';
import { setup, startRuntime, type CliFlags } from '../setup.js';
import { RpaError } from '../../banking/index.js';

export class BadInputJson extends RpaError {
  readonly whatNext = 'Pass the item input as one JSON object, e.g. \'{"account":"DE89...","asOf":"2026-11-23T00:00:00Z"}\'.';
  constructor(detail: string) {
    super(`the item input is not valid JSON: ${detail}`);
  }
}

/**
 * `rpa dispatch <run> --file F [--no-wait]`: a file becomes a run of that kind (payment-batch: a
 * payment file); shows its progress until the run's parent has written its report.
 */
export async function dispatchFile(flags: CliFlags & { file: string; wait?: boolean }, runName: string): Promise<number> {
  const loaded = setup(flags);
  const { rt, close } = await startRuntime(loaded);
  try {
    runOf(rt, runName);
    const run = await dispatchRunFile(rt, runName, flags.file);
    process.stdout.write(
      `${run.created ? 'run dispatched' : 'this file was dispatched before'}: ${run.runId} (${run.items.length} item(s)` +
        `${run.alreadyKnown.length ? `, ${run.alreadyKnown.length} already known from other runs` : ''})\n`,
    );
    if (flags.wait === false) return 0;
    await followRun(rt, run.runId);
    const parent = (await rt.items.get(run.runId))?.bot ?? runName;
    const report = (await rt.queue(parent).getJob(run.runId))?.returnvalue as { report?: { json: string; xlsx: string }; counts?: unknown } | undefined;
    process.stdout.write(`report: ${report?.report?.json ?? '(not found)'}\n${JSON.stringify(report?.counts ?? {})}\n`);
    return 0;
  } finally {
    await close();
  }
}

/** `rpa dispatch <bot> <input-json> [--run ID]`: queues one item; prints its id (the same id again for the same business key). */
export async function dispatch(flags: CliFlags & { run?: string }, bot: string, json: string): Promise<number> {
  let input: unknown;
  try {
    input = JSON.parse(json);
  } catch (err) {
    throw new BadInputJson((err as Error).message);
  }
  const loaded = setup(flags);
  const { rt, close } = await startRuntime(loaded);
  try {
    const d = await dispatchItem(rt, bot, input, { runId: flags.run ?? newRunId('manual') });
    process.stdout.write(`${d.created ? 'queued' : 'already known'}: ${d.itemId} (business key ${d.businessKey})\n`);
    return 0;
  } finally {
    await close();
  }
}
