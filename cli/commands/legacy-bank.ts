import { startLegacyBank } from '../../legacy-bank/server.js';
import { Secrets } from '../../config/secrets.js';
import type { LoadedConfig } from '../../config/load.js';
import type { Logger } from '../../logging/logger.js';
import { setup, type CliFlags } from '../setup.js';

/** The targets the simulator plays: the web core-banking system and the green-screen mandate host. */
export const SIMULATED_TARGETS = ['legacy-bank', 'mandate-host'] as const;

/**
 * The simulator's options from the config: its users are the bot accounts of the targets it plays,
 * with their passwords from the secrets (a user name in both targets signs on with the first one's).
 * The web system's accounts must have one; a host account without one is left out, with a warning.
 */
export function simulatorOptions(loaded: LoadedConfig & { log: Logger }, port?: number) {
  const s = loaded.config.simulator;
  const users = new Map<string, string>();
  for (const name of SIMULATED_TARGETS) {
    for (const { username } of loaded.config.targets[name]?.accounts ?? []) {
      const secret = Secrets.accountPassword(name, username);
      if (users.has(username)) continue;
      if (name !== 'legacy-bank' && !loaded.secrets.has(secret)) {
        loaded.log.warn({ target: name, username, secret: Secrets.envName(secret) }, 'a bot account has no password in the secrets: the simulator leaves it out');
        continue;
      }
      users.set(username, loaded.secrets.get(secret));
    }
  }
  return { ...s, port: port ?? s.port, users: [...users].map(([username, password]) => ({ username, password })), logger: loaded.log.child({ component: 'legacy-bank' }) };
}

/**
 * The simulator keeps the bank's local time, as the system it plays does: its screens' dates and its
 * days (statements, bookings) are those of `banking.timeZone`, whatever the machine's zone. Without
 * this, a machine on UTC and a bank in Europe/Berlin disagree on the day from 23:00 to midnight UTC
 * (22:00 in summer), and a night's files, named for the bank's day, were not found. The process hosting
 * the simulator takes that zone (Node follows a change of TZ at run time); our own code names its zones.
 */
export function keepBankTime(loaded: LoadedConfig & { log: Logger }): void {
  const zone = loaded.config.banking.timeZone;
  if (process.env.TZ === zone) return;
  loaded.log.debug({ from: process.env.TZ ?? 'the machine\'s zone', to: zone }, 'the simulator keeps the bank\'s local time');
  process.env.TZ = zone;
}

/** `rpa legacy-bank [--port N]`: runs the simulator on its own until SIGTERM/SIGINT. */
export async function legacyBank(flags: CliFlags & { port?: string }): Promise<number> {
  const loaded = setup(flags);
  keepBankTime(loaded);
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
