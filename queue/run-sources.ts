/**
 * Runs from files, whichever run they are for: the board's upload, `rpa dispatch <run> --file` and
 * the drop folders (one inbox per run) all come here. The run says whether it takes the file (from
 * what the file is) and plans it; this dispatches the plan. Names no run: runs come from the registry.
 */
import { classifyError, RpaError, type ErrorKind } from '../banking/index.js';
import type { Run } from '../bots/kit/index.js';
import type { Scheduling } from './dispatch.js';
import { dispatchRun, type DispatchedRun } from './run-dispatch.js';
import type { Runtime } from './runtime.js';

/** A file given to a run that does not take it: what the file is, and which runs exist. */
export class FileNotAccepted extends RpaError {
  static override readonly kind: ErrorKind = 'business';
  readonly reason: string;
  readonly whatNext: string;
  constructor(
    readonly file: string,
    run: Run,
    fileIs: string,
    runs: Run[],
  ) {
    const reason = `the file is ${fileIs}; the run "${run.name}" (${run.title}) takes ${run.takes}`;
    super(`${file}: ${reason}`);
    this.reason = reason;
    const others = runs.filter((r) => r !== run);
    this.whatNext =
      `Check that the right file was sent to the right place. Runs: ${runs.map((r) => `${r.name} (${r.takes})`).join('; ')}.` +
      (others.length ? ' Give the file to the run that takes it (its inbox, or the board\'s dispatch page).' : ' No run takes this kind of file yet.');
  }
}

/** A run name that is not registered. */
export class UnknownRun extends RpaError {
  readonly whatNext: string;
  constructor(name: string, known: string[]) {
    super(`no run named "${name}" (registered: ${known.join(', ') || 'none'})`);
    this.whatNext = 'Check the run name; registered runs are listed in bots/registry.ts (and by `rpa help`).';
  }
}

export function runOf(rt: Runtime, name: string): Run {
  const run = rt.runs.get(name);
  if (!run) throw new UnknownRun(name, [...rt.runs.keys()]);
  return run;
}

/** A file becomes a run of `runName`: refused with FileNotAccepted if the run does not take it, else planned and dispatched. */
export async function dispatchFile(rt: Runtime, runName: string, file: string, scheduling: Scheduling = {}): Promise<DispatchedRun> {
  const run = runOf(rt, runName);
  const acceptance = await run.accepts(file);
  if (!acceptance.accepted) throw new FileNotAccepted(file, run, acceptance.fileIs, [...rt.runs.values()]);
  const plan = await run.plan(file, rt.config);
  const dispatched = await dispatchRun(rt, plan, scheduling);
  rt.log.info(
    { run: run.name, runId: dispatched.runId, file, items: dispatched.items.length, alreadyKnown: dispatched.alreadyKnown.length, created: dispatched.created },
    'file dispatched as a run',
  );
  return dispatched;
}

/** A refusal a person acts on (the file is wrong, not the system): its reason and what to do; else undefined. */
export function refusalOf(err: unknown): { reason: string; whatNext: string } | undefined {
  if (!(err instanceof RpaError) || classifyError(err) !== 'business') return undefined;
  const reason = (err as { reason?: unknown }).reason;
  return { reason: typeof reason === 'string' ? reason : err.message, whatNext: err.whatNext };
}
