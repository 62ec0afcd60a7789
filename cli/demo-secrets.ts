import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import type { LoadedConfig } from '../config/load.js';
import { Secrets } from '../config/secrets.js';

/**
 * The demo's bot accounts need passwords that both the simulator and the bots know.
 * When the config's secrets file lacks them (a fresh clone), random ones are written to it
 * (mode 600). Returns the names it added; nothing is printed or logged of the values.
 */
export function ensureDemoSecrets(loaded: LoadedConfig): string[] {
  const wanted = Object.entries(loaded.config.targets).flatMap(([target, t]) => t.accounts.map((a) => Secrets.accountPassword(target, a.username)));
  return addMissingSecrets(loaded, wanted, () => 18);
}

/**
 * Writes a random value (`bytes(name)` random bytes, base64url) for each of `wanted` that the
 * secrets file lacks, keeping what is there; the file is mode 600. Returns the names it added.
 */
export function addMissingSecrets(loaded: LoadedConfig, wanted: string[], bytes: (name: string) => number): string[] {
  const file = loaded.secrets.file;
  const missing = wanted.filter((name) => !loaded.secrets.has(name));
  if (!file || missing.length === 0) return [];
  const current = existsSync(file) ? ((parse(readFileSync(file, 'utf8')) as Record<string, string> | null) ?? {}) : {};
  for (const name of missing) current[name] = randomBytes(bytes(name)).toString('base64url');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, stringify(current), { mode: 0o600 });
  chmodSync(file, 0o600);
  return missing;
}
