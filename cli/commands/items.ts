import { maskString } from '../../logging/redact.js';
import { setup, startRuntime, type CliFlags } from '../setup.js';
import { UsageError } from './exceptions.js';

/** `rpa items find <business-key>`: the items with that business key, and their exceptions. */
export async function items(flags: CliFlags, sub: string | undefined, args: string[]): Promise<number> {
  if (sub !== 'find' || !args[0]) throw new UsageError('rpa items find <business-key>');
  const loaded = setup(flags);
  const { rt, close } = await startRuntime(loaded);
  try {
    const found = await rt.items.findByBusinessKey(args[0]);
    for (const item of found) {
      const excs = await rt.exceptions.list({ itemId: item.itemId });
      process.stdout.write(`${item.itemId}  ${item.bot}  run ${item.runId}  ${item.status}${item.note ? `  (${maskString(item.note)})` : ''}\n`);
      for (const e of excs) process.stdout.write(`    exception ${e.id}  ${e.status}  ${maskString(e.reason)}\n`);
    }
    process.stdout.write(`${found.length} item(s)\n`);
    return 0;
  } finally {
    await close();
  }
}
