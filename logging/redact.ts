/**
 * Masking that cannot be forgotten: applied by every logger the project creates
 * (see logger.ts) to every logged object, every message string and every error.
 *
 * - keys that name secrets (password, token, cookie, authorization, secret, session key): value replaced;
 * - IBANs anywhere in any string: country code and last four kept;
 * - values under account-number keys: last four kept;
 * - known secret values (from the secret store) anywhere in any string: replaced.
 */
export const REDACTED = '[REDACTED]';

const SECRET_KEY = /pass(word|wd)?$|secret|token|cookie|authori[sz]ation|session.?key|api.?key|credential|viewstate/i;
const ACCOUNT_KEY = /^(iban|account|accountNo|accountNumber|acct|debtorAccount|creditorAccount|debitAccount|creditAccount|beneficiaryIban|bban)$/i;
/** An IBAN, compact or printed in groups of four. */
const IBAN = /\b([A-Z]{2})(\d{2})((?:[ ]?[A-Z0-9]){10,30})\b/g;

const knownSecrets = new Set<string>();

/** Registers secret values (e.g. passwords loaded from the secret store) to be masked wherever they appear. */
export function registerSecretValues(values: Iterable<string>): void {
  for (const v of values) if (v && v.length >= 4) knownSecrets.add(v);
}

export function maskAccount(value: string): string {
  const compact = value.replace(/\s+/g, '');
  const last4 = compact.slice(-4);
  const cc = /^[A-Z]{2}\d{2}/.test(compact) ? compact.slice(0, 2) : '';
  return `${cc}****${last4}`;
}

export function maskString(s: string): string {
  let out = s.replace(IBAN, (m) => {
    const compact = m.replace(/ /g, '');
    // Only strings with digits in the body look like IBANs; this spares words like "USERNAMES".
    return /\d{4}/.test(compact.slice(4)) ? maskAccount(compact) : m;
  });
  for (const secret of knownSecrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

function maskError(err: Error, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = { type: err.name, message: maskString(err.message) };
  if (err.stack) out.stack = maskString(err.stack);
  for (const [k, v] of Object.entries(err)) out[k] = maskKey(k, v, depth + 1);
  if (err.cause !== undefined) out.cause = maskValue(err.cause, depth + 1);
  return out;
}

function maskKey(key: string, value: unknown, depth: number): unknown {
  if (value === undefined || value === null) return value;
  if (SECRET_KEY.test(key)) return REDACTED;
  if (ACCOUNT_KEY.test(key) && (typeof value === 'string' || typeof value === 'number')) return maskAccount(String(value));
  return maskValue(value, depth);
}

/** Returns a masked copy; never mutates the caller's object. */
export function maskValue(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[too deep]';
  if (typeof value === 'string') return maskString(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return maskError(value, depth);
  if (value instanceof Date) return value;
  if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  if (Array.isArray(value)) return value.map((v) => maskValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = maskKey(k, v, depth + 1);
  return out;
}

/** Masks one serialized JSON log line (what pino writes). */
export function maskLine(line: string): string {
  try {
    return JSON.stringify(maskValue(JSON.parse(line))) + '\n';
  } catch {
    return maskString(line);
  }
}
