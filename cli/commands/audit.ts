import { AuditLog } from '../../queue/audit/audit-log.js';
import { ownKeys } from '../../queue/keys.js';
import { setup, startRuntime, type CliFlags } from '../setup.js';
import { UsageError } from './exceptions.js';

/** `rpa audit verify`: walks the audit trail's hash chain; prints OK, or the first broken entry and exits 1. */
export async function audit(flags: CliFlags, sub: string | undefined): Promise<number> {
  if (sub !== 'verify') throw new UsageError('rpa audit verify');
  const loaded = setup(flags);
  const { rt, close } = await startRuntime(loaded);
  try {
    const verdict = await new AuditLog(rt.redis, ownKeys(rt.prefix)).verify();
    if (verdict.ok) {
      process.stdout.write(`audit trail OK: ${verdict.entries} entries, each linked to the one before and unchanged\n`);
      return 0;
    }
    process.stdout.write(`audit trail BROKEN at entry ${verdict.firstBroken} (of ${verdict.entries}): ${verdict.reason}\n`);
    return 1;
  } finally {
    await close();
  }
}
