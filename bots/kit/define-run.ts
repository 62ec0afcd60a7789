import { BusinessRuleError } from '../../banking/index.js';
import type { Config } from '../../config/schema.js';

/**
 * A run: a source (a file from a drop folder, the board or the command line; a schedule's start)
 * turned into items. Declared once, next to its bots, with `defineRun`; the drop
 * folders, the board's dispatch page and `rpa dispatch` find runs by name in the registry, so a new
 * kind of work is a folder under bots/ and nothing in queue/.
 */
export interface Run {
  /** Lower-case letters, digits and dashes (`payment-batch`): how the board, the CLI and the inboxes name it. */
  name: string;
  /** For people: "Payment instruction file". */
  title: string;
  /** What it takes, for people: "payment instruction files: Excel workbooks (.xlsx) or CSV text". */
  takes: string;
  /** File name endings the board's upload offers (`.xlsx`, `.csv`). */
  extensions: string[];
  /** Whether it takes this file, from what the file is (cheap: its first bytes); if not, what the file is, in words. */
  accepts(file: string): Promise<Acceptance>;
  /** Its drop folder from the config, if it has one (one inbox per run kind). */
  inbox?(config: Config): RunInbox | undefined;
  /** The file as a run: a parent item (it writes the run's report) and the items, streamed. */
  plan(file: string, config: Config): Promise<RunPlan>;
  /**
   * A schedule's start as a run (runs a schedule may start have it): from the schedule's parameters
   * and the start, the items. The run's id is the start's (one run per scheduled start, however
   * often the start is delivered), so the plan's own id is replaced.
   */
  fromSchedule?(params: Record<string, unknown>, start: ScheduledStart, config: Config): Promise<RunPlan>;
}

/** One start of a schedule. */
export interface ScheduledStart {
  schedule: string;
  /** The start as planned (not when it was taken up): ISO instant. */
  at: string;
  /** The start's local date in the schedule's time zone. */
  day: string;
}

export type Acceptance = { accepted: true } | { accepted: false; /** "a camt.053 bank statement (ISO 20022 XML)" */ fileIs: string };

export interface RunInbox {
  /** The folder files are dropped in. */
  dir: string;
  /** Whether workers watch it (a worker that runs items only may turn it off). */
  watch: boolean;
  pollMs: number;
  /** A file that brought a worker down more often than this goes to rejected/. */
  maxCrashes: number;
}

/** A run to dispatch: a parent item (it runs when every child has an outcome, e.g. to write the report) and its items. */
export interface RunPlan {
  runId: string;
  parent: { bot: string; input: unknown };
  /** The items, as a list or streamed (a large file is read row by row, never held whole). */
  children: Iterable<RunChild> | AsyncIterable<RunChild>;
}

export interface RunChild {
  bot: string;
  input: unknown;
  /** The item's business key; without it, the bot's own key of the input. */
  businessKey?: string;
}

export type AnyRun = Run;

export function defineRun(definition: Run): Run {
  if (!/^[a-z][a-z0-9-]*$/.test(definition.name)) {
    throw new Error(`run name "${definition.name}" must be lower-case letters, digits and dashes (it names an inbox and a command)`);
  }
  return definition;
}

/**
 * The file side of a run that takes no file (a schedule or a night's plan starts it, with its
 * `fromSchedule`): the board offers no upload, a drop folder refuses every file, and a file given by
 * hand is refused saying so.
 */
export function takesNoFile(name: string): Pick<Run, 'takes' | 'extensions' | 'accepts' | 'plan'> {
  return {
    takes: 'no file: a schedule or a night starts it',
    extensions: [],
    accepts: async () => ({ accepted: false, fileIs: 'a file, and this run takes none (a schedule starts it)' }),
    plan: async (file) => {
      throw new BusinessRuleError(`${file}: the run ${name} takes no file; a schedule or a night's plan starts it`, { field: 'file' });
    },
  };
}
