import { startLegacyBank } from '../../legacy-bank/server.js';
import { Secrets } from '../../config/secrets.js';
import type { LoadedConfig } from '../../config/load.js';
import type { Logger } from '../../logging/logger.js';
import { setup, type CliFlags } from '../setup.js';

/** The simulator's options from the config: its bot accounts are the legacy-bank target's, with their passwords from the secrets. */
export function simulatorOptions(loaded: LoadedConfig & { log: Logger }, port?: number) {
  const s = loaded.config.simulator;
  const target = loaded.config.targets['legacy-bank'];
  const users = (target?.accounts ?? []).map(({ username }) => ({
    username,
    password: loaded.secrets.get(Secrets.accountPassword('legacy-bank', username)),
  }));
  return { ...s, port: port ?? s.port, users, logger: loaded.log.child({ component: 'legacy-bank' }) };
}

/** `rpa legacy-bank [--port N]`: runs the simulator on its own until SIGTERM/SIGINT. */
export async function legacyBank(flags: CliFlags & { port?: string }): Promise<number> {
  const loaded = setup(flags);
  const bank = await startLegacyBank(simulatorOptions(loaded, flags.port !== undefined ? Number(flags.port) : undefined));
  loaded.log.info({ url: bank.url }, 'legacy-bank simulator listening');
  process.stdout.write(`legacy-bank simulator: ${bank.url}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
  });
  await bank.close();
  return 0;
}
