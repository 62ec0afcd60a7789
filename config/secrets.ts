import { existsSync, readFileSync, statSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { SecretError } from './errors.js';

/**
 * Secrets (target passwords, session keys) come only from the environment
 * (`RPA_SECRET_<NAME>`) or from the secrets file named in the config. They are
 * kept apart from the config object so that printing or logging the config can never show them.
 */
export class Secrets {
  private constructor(
    private readonly fromFile: Map<string, string>,
    private readonly env: NodeJS.ProcessEnv,
    readonly file?: string,
  ) {}

  static load(file: string | undefined, env: NodeJS.ProcessEnv = process.env): Secrets {
    const values = new Map<string, string>();
    if (file) {
      // A named file that does not exist yet is allowed: secrets may all come from the environment.
      const mode = existsSync(file) ? statSync(file).mode : undefined;
      if (mode !== undefined && mode & 0o077) {
        throw new SecretError(
          `secrets file ${file} is readable by others (mode ${(mode & 0o777).toString(8)})`,
          `Run: chmod 600 ${file}`,
        );
      }
      const parsed = mode === undefined ? undefined : parseYaml(readFileSync(file, 'utf8')) as unknown;
      if (parsed && typeof parsed === 'object') {
        for (const [k, v] of Object.entries(parsed)) values.set(k, String(v));
      }
    }
    return new Secrets(values, env, file);
  }

  /** The variable that may hold a secret: `legacy-bank/bot1` → `RPA_SECRET_LEGACY_BANK_BOT1`. */
  static envName(name: string): string {
    return 'RPA_SECRET_' + name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
  }

  has(name: string): boolean {
    return this.env[Secrets.envName(name)] !== undefined || this.fromFile.has(name);
  }

  /** The secret's value; throws a SecretError naming where to put it. */
  get(name: string): string {
    const value = this.env[Secrets.envName(name)] ?? this.fromFile.get(name);
    if (value === undefined) {
      throw new SecretError(
        `secret "${name}" is not set`,
        `Set ${Secrets.envName(name)} in the environment${this.file ? ` or add "${name}: ..." to ${this.file} (mode 600)` : ' or name a secretsFile in the config'}.`,
      );
    }
    return value;
  }

  /** Every secret value known, for redaction. */
  values(): string[] {
    const fromEnv = Object.entries(this.env)
      .filter(([k, v]) => k.startsWith('RPA_SECRET_') && v)
      .map(([, v]) => v!);
    return [...fromEnv, ...this.fromFile.values()];
  }

  /** Name of the secret that holds a target bot account's password. */
  static accountPassword(target: string, username: string): string {
    return `${target}/${username}`;
  }
}
