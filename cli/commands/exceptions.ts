import type { Decision, ExceptionStatus, ExceptionType } from '../../queue/exceptions-store.js';
import { maskString } from '../../logging/redact.js';
import { decideException } from '../../queue/decisions.js';
import { setup, startRuntime, type CliFlags } from '../setup.js';

export class UsageError extends Error {
  constructor(
    message: string,
    readonly whatNext = 'Run `rpa help` for the commands and their options.',
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

const DECISIONS: Decision[] = ['approve', 'reject', 'resume'];

/** `rpa exceptions list|show|decide`: the exceptions store from the command line (the inbox UI comes later). */
export async function exceptions(
  flags: CliFlags & { status?: string; type?: string; run?: string; by?: string; note?: string },
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
        throw new UsageError(`rpa exceptions decide <id> <${DECISIONS.join('|')}> --by NAME [--note TEXT]`);
      }
      if (!flags.by) throw new UsageError('--by NAME is required: every decision records who made it');
      const record = await decideException(rt, id, decision as Decision, flags.by, { note: flags.note });
      process.stdout.write(`${record.id}: ${record.status}${record.status === 'open' ? ` (${record.approvals.length} of 2 approvals)` : ''}\n`);
      return 0;
    }
    throw new UsageError(`unknown exceptions command "${sub}" (list, show, decide)`);
  } finally {
    await close();
  }
}
