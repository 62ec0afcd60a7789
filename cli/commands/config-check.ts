import { loadConfig } from '../../config/load.js';
import { formatEffectiveConfig } from '../../config/print.js';

/** `rpa config check [file]`: the effective configuration with secrets masked, or what is wrong. */
export function configCheck(file?: string): number {
  const loaded = loadConfig({ file });
  process.stdout.write(formatEffectiveConfig(loaded));
  return 0;
}
