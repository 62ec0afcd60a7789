import type { z } from 'zod';
import { configSchema } from './schema.js';
import { ConfigError } from './errors.js';

/**
 * `RPA_*` environment variables override single keys of the config file:
 * path segments are joined by `__` and matched case- and separator-insensitively,
 * e.g. `RPA_SIMULATOR__FAULTS__ERROR_RATE=0.1` sets `simulator.faults.errorRate`.
 * Values are read as JSON when they parse (numbers, booleans, arrays), else as text;
 * for a key that holds text, always as text.
 */
export const ENV_PREFIX = 'RPA_';
/** Variables with these prefixes are not config keys. */
const RESERVED = ['RPA_SECRET_', 'RPA_CONFIG'];

type AnySchema = z.ZodType & { _zod: { def: Record<string, unknown> & { type: string } } };

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The schema under wrappers (default, prefault, optional). */
function unwrap(schema: AnySchema): AnySchema {
  let s = schema;
  while (['default', 'prefault', 'optional', 'nullable'].includes(s._zod.def.type)) {
    s = s._zod.def.innerType as AnySchema;
  }
  return s;
}

function child(schema: AnySchema, segment: string, existing: Record<string, unknown>): { key: string; schema: AnySchema } | undefined {
  const s = unwrap(schema);
  const def = s._zod.def;
  if (def.type === 'object') {
    const shape = def.shape as Record<string, AnySchema>;
    const key = Object.keys(shape).find((k) => norm(k) === norm(segment));
    return key === undefined ? undefined : { key, schema: shape[key]! };
  }
  if (def.type === 'record') {
    const key = Object.keys(existing).find((k) => norm(k) === norm(segment)) ?? segment.toLowerCase().replace(/_/g, '-');
    return { key, schema: def.valueType as AnySchema };
  }
  if (def.type === 'array' && /^\d+$/.test(segment)) {
    return { key: segment, schema: def.element as AnySchema };
  }
  return undefined;
}

/** The value of a variable for a key: text for a string key (`RPA_REDIS__PREFIX=123` is "123"), else JSON when it parses. */
function parseValue(raw: string, schema: AnySchema): unknown {
  if (unwrap(schema)._zod.def.type === 'string') return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** Applies the overrides to a raw (unvalidated) config object, in place. */
export function applyEnvOverrides(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): string[] {
  const applied: string[] = [];
  const problems: ConstructorParameters<typeof ConfigError>[1] = [];
  if (env.REDIS_URL) {
    raw.redis = { ...((raw.redis as object) ?? {}), url: env.REDIS_URL };
    applied.push('REDIS_URL');
  }
  for (const [name, value] of Object.entries(env).sort()) {
    if (!name.startsWith(ENV_PREFIX) || value === undefined || RESERVED.some((r) => name.startsWith(r))) continue;
    const segments = name.slice(ENV_PREFIX.length).split('__');
    let schema = configSchema as unknown as AnySchema;
    let node = raw;
    const path: string[] = [];
    let ok = true;
    for (const [i, segment] of segments.entries()) {
      const next = child(schema, segment, node);
      if (!next) {
        const hint = /pass(word)?|secret|token|cookie|session.?key/i.test(segment)
          ? ' (secrets go in RPA_SECRET_<NAME> or the secrets file, never in config)'
          : '';
        problems.push({ path: [...path, segment].join('.'), expected: `a known configuration key${hint}`, found: `environment variable ${name}` });
        ok = false;
        break;
      }
      path.push(next.key);
      if (i === segments.length - 1) {
        node[next.key] = parseValue(value, next.schema);
      } else {
        const existing = node[next.key];
        node = (existing && typeof existing === 'object' ? existing : (node[next.key] = {})) as Record<string, unknown>;
        schema = next.schema;
      }
    }
    if (ok) applied.push(name);
  }
  if (problems.length) throw new ConfigError('environment', problems);
  return applied;
}
