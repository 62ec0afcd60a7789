/**
 * The metrics are behind their own token (not a board session: Prometheus does not sign in): the
 * secret `metrics.tokenSecret` (RPA_SECRET_METRICS_TOKEN), sent as `Authorization: Bearer <token>`.
 * Without the secret, /metrics answers 401 and says how to turn it on.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Config } from '../../config/schema.js';
import type { Secrets } from '../../config/secrets.js';
import { registerSecretValues } from '../../logging/redact.js';

export function metricsToken(config: Config, secrets: Secrets): string | undefined {
  const name = config.metrics.tokenSecret;
  if (!secrets.has(name)) return undefined;
  const token = secrets.get(name);
  registerSecretValues([token]);
  return token;
}

export type MetricsAccess = { ok: true } | { ok: false; status: 401; text: string };

export function checkMetricsAccess(authorization: string | undefined, token: string | undefined, secretName: string): MetricsAccess {
  if (!token) return { ok: false, status: 401, text: `metrics are off: set the secret ${secretName} (${'RPA_SECRET_' + secretName.toUpperCase().replace(/[^A-Z0-9]/g, '_')}) and send it as a bearer token\n` };
  const given = /^Bearer (.+)$/.exec(authorization ?? '')?.[1] ?? '';
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b) ? { ok: true } : { ok: false, status: 401, text: 'a bearer token is needed for /metrics\n' };
}
