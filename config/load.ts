import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { configSchema, type Config } from './schema.js';
import { ConfigError } from './errors.js';
import { applyEnvOverrides } from './env-overrides.js';
import { Secrets } from './secrets.js';

/** The config the demo runs on: the simulator as the only target, four bot accounts. */
export const DEFAULT_CONFIG_FILE = fileURLToPath(new URL('./default.yaml', import.meta.url));

export interface LoadedConfig {
  config: Config;
  secrets: Secrets;
  /** The file read, and the environment variables that overrode it. */
  source: { file: string; overrides: string[] };
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? value.slice(0, 57) + '...' : value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

function valueAt(root: unknown, keys: PropertyKey[]): unknown {
  let node = root;
  for (const k of keys) node = node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[k] : undefined;
  return node;
}

const SECRETISH = /pass(word)?|secret|token|cookie|session.?key/i;

/** Turns zod's issues into: key path, what was expected, what was found. */
export function toProblems(raw: unknown, issues: z.core.$ZodIssue[]): ConfigError['problems'] {
  return issues.flatMap((issue) => {
    const at = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => {
        const secretish = SECRETISH.test(key);
        return {
          path: [...at, key].join('.'),
          expected: secretish
            ? 'no such key (secrets go in the environment or the secrets file, never in config)'
            : 'no such key (unknown keys are errors; check the spelling)',
          // The value of a secret-looking key is likely a secret: never repeat it in an error.
          found: secretish ? 'a value (not shown)' : describe(valueAt(raw, [...issue.path, key])),
        };
      });
    }
    // zod says "Invalid option: expected one of ...", "Too small: expected array to have >=1 items", "Invalid URL";
    // the error message adds "expected" itself.
    const expected = issue.message
      .replace(/^(Invalid (input|option|value)|Too (small|big)): /i, '')
      .replace(/^expected /i, '')
      .replace(/^Invalid (\w+)$/i, 'a valid $1')
      .replace(/, received .*$/, '');
    return [{ path: at.join('.'), expected, found: describe(valueAt(raw, issue.path)) }];
  });
}

export function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(file, [{ path: '', expected: 'a readable YAML or JSON file', found: (err as Error).message }]);
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (err) {
    throw new ConfigError(file, [{ path: '', expected: 'valid YAML or JSON', found: (err as Error).message.split('\n')[0]! }]);
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(file, [{ path: '', expected: 'a mapping of keys', found: describe(parsed) }]);
  }
  return parsed as Record<string, unknown>;
}

/**
 * Loads the config: the file (argument, else RPA_CONFIG, else the default), then the
 * RPA_* overrides, validated by the schema; then the secrets.
 */
export function loadConfig(options: { file?: string; env?: NodeJS.ProcessEnv; overrides?: Record<string, unknown> } = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const file = path.resolve(options.file ?? env.RPA_CONFIG ?? DEFAULT_CONFIG_FILE);
  const raw = { ...readConfigFile(file), ...(options.overrides ?? {}) };
  const overrides = applyEnvOverrides(raw, env);
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const where = overrides.length ? `${file} (with ${overrides.join(', ')})` : file;
    throw new ConfigError(where, toProblems(raw, result.error.issues));
  }
  const config = result.data;
  const secretsFile = config.secretsFile ? path.resolve(config.secretsFile) : undefined;
  return { config, secrets: Secrets.load(secretsFile, env), source: { file, overrides } };
}
