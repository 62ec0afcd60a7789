/**
 * The drop folders: one inbox per run that declares one (`inbox(config)`), each file dispatched as
 * a run of that kind. A file the run does not take, or that it refuses, goes to rejected/ with the
 * reason; any other error leaves it for another try.
 */
import type { Run } from '../bots/kit/index.js';
import { DropFolder } from './drop-folder.js';
import { ownKeys } from './keys.js';
import { dispatchFile, refusalOf } from './run-sources.js';
import type { Runtime } from './runtime.js';

/** The drop folder of one run, or undefined when it has no inbox. */
export function runDropFolder(rt: Runtime, run: Run): DropFolder | undefined {
  const inbox = run.inbox?.(rt.config);
  if (!inbox) return undefined;
  return new DropFolder({
    inbox: inbox.dir,
    pollMs: inbox.pollMs,
    maxCrashes: inbox.maxCrashes,
    redis: rt.redis,
    prefix: ownKeys(rt.prefix),
    log: rt.log.child({ component: 'drop-folder', run: run.name }),
    handle: async (file) => (await dispatchFile(rt, run.name, file)).runId,
    isRejection: refusalOf,
  });
}

/** The drop folders of every registered run (only those set to be watched, with `watchedOnly`). */
export function runDropFolders(rt: Runtime, options: { watchedOnly?: boolean } = {}): DropFolder[] {
  return [...rt.runs.values()]
    .filter((run) => !options.watchedOnly || run.inbox?.(rt.config)?.watch)
    .map((run) => runDropFolder(rt, run))
    .filter((f): f is DropFolder => f !== undefined);
}
