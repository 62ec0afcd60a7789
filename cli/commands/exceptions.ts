import type { Decision, ExceptionStatus, ExceptionType } from '../../queue/exceptions-store.js';
import { maskString } from '../../logging/redact.js';
import type { Actor } from '../../queue/actor.js';
import { decideException } from '../../queue/decisions.js';
import { setup, startRuntime, type CliFlags } from '../setup.js';
import { RpaError } from '../../banking/index.js';

export class UsageError extends RpaError {
  constructor(
    message: string,
    readonly whatNext = 'Run `rpa help` for the commands and their options.',
  ) {
    super(message);
  }
}

const DECISIONS: Decision[] = ['recommend', 'approve', 'reject', 'resume'];
const ROLES = ['viewer', 'operator', 'handler', 'approver', 'admin'];

/**
 * The person deciding at the command line: `--by NAME` and the roles they act in, `--role R[,R]`
 * (default handler). The CLI has Redis itself, so it trusts what is declared; the store still applies
 * the rules to it: a compliance release is `recommend` by one person, then `approve` by a different one
 * with `--role approver`.
 */
export function cliActor(by: string | undefined, role: string | undefined): Actor {
  if (!by) throw new UsageError('--by NAME is required: every decision records who made it');
  const roles = (role ?? 'handler').split(',').map((r) => r.trim()).filter(Boolean);
  const unknown = roles.filter((r) => !ROLES.includes(r));
  if (unknown.length || roles.length === 0) throw new UsageError(`--role takes ${ROLES.join(', ')} (comma-separated); not ${unknown.join(', ') || '(empty)'}`);
  return { username: by, roles };
}

function parseInputFlag(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new UsageError(`--input must be the item's corrected data as JSON: ${(err as Error).message}`);
  }
}

/** `rpa exceptions list|show|decide`: the exceptions store from the command line (the inbox UI comes later). */
export async function exceptions(
  flags: CliFlags & { status?: string; type?: string; run?: string; by?: string; role?: string; note?: string; input?: string },
  sub: string | undefined,
  args: string[],
): Promise<number> {
  const loaded = setup(flags);
  const { rt, close } = await startRuntime(loaded);
  try {
    if (sub === 'list' || sub === undefined) {
      const list = await rt.exceptions.list({
        status: flags.status as ExceptionStatus | undefined,
        type: flags.type as ExceptionType | undefined,
        runId: flags.run,
      });
      for (const e of list) {
        process.stdout.write(`${e.id}  ${e.status.padEnd(8)} ${e.type.padEnd(10)} ${e.bot}  ${maskString(e.businessKey)}  ${maskString(e.reason)}\n`);
      }
      process.stdout.write(`${list.length} exception(s)\n`);
      return 0;
    }
    if (sub === 'show') {
      const id = args[0];
      if (!id) throw new UsageError('rpa exceptions show <id>: the id is missing');
      process.stdout.write(maskString(JSON.stringify(await rt.exceptions.get(id), null, 2)) + '\n');
      return 0;
    }
    if (sub === 'decide') {
      const [id, decision] = args;
      if (!id || !decision || !DECISIONS.includes(decision as Decision)) {
        throw new UsageError(`rpa exceptions decide <id> <${DECISIONS.join('|')}> --by NAME [--role ROLE[,ROLE]] [--note TEXT] [--input JSON]`);
      }
      const actor = cliActor(flags.by, flags.role);
      const editedInput = flags.input === undefined ? undefined : parseInputFlag(flags.input);
      // The decision writes its own audit entry.
      const record = await decideException(rt, id, decision as Decision, actor, { note: flags.note, editedInput, via: 'cli' });
      process.stdout.write(`${record.id}: ${record.status}${record.status === 'open' ? ` (release recommended by ${actor.username}; a different approver approves it)` : ''}\n`);
      return 0;
    }
    throw new UsageError(`unknown exceptions command "${sub}" (list, show, decide)`);
  } finally {
    await close();
  }
}
