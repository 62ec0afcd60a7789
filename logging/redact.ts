/**
 * Masking that cannot be forgotten: applied by every logger the project creates
 * (see logger.ts) to every logged object, every message string and every error.
 *
 * - keys that name secrets (password, token, cookie, authorization, secret, session key): value replaced;
 * - IBANs anywhere in any string: country code and last four kept;
 * - values under account-number keys: last four kept;
 * - a run of 8 to 30 digits standing as a word of its own (no letters in the word around it): last
 *   four kept, as an account number. Identifiers are never masked: a run of digits inside a word
 *   with letters (`demo-2026-12-04-183351-00016103`, `exc-5f3e…`, `C-12345678`) is part of an id,
 *   and values under id keys (runId, itemId, jobId, exceptionId, confirmation, messageId…) keep
 *   their digits (an IBAN in them is still masked);
 * - known secret values (from the secret store) anywhere in any string: replaced.
 */
export const REDACTED = '[REDACTED]';

const SECRET_KEY = /pass(word|wd)?$|secret|token|cookie|authori[sz]ation|session.?key|api.?key|credential|viewstate/i;
const ID_KEY = /^(id|runId|itemId|jobId|parentId|exceptionId|alertId|messageId|msgId|requestId|reqId|traceId|confirmation|confirmationNo|confirmationNumber|deliveryId)$/i;
const ACCOUNT_KEY = /^(iban|account|accountNo|accountNumber|acct|debtorAccount|creditorAccount|debitAccount|creditAccount|beneficiaryIban|bban)$/i;
/**
 * A candidate IBAN, compact or printed in groups of four. Not anchored on \b, so that an
 * IBAN run into an underscore or a lower-case word (`stmt_DE89…pdf`) is still found; the
 * candidate may run on into following upper-case words ("… 0130 00 EUR"), which
 * `maskIbans` trims off by the country's IBAN length.
 */
const IBAN = /(?<![A-Z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){10,30}(?![A-Z0-9])/g;

/** IBAN length by country (ISO 13616 registry). */
const IBAN_LENGTH: Record<string, number> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, BY: 28, CH: 21, CR: 22, CY: 28,
  CZ: 24, DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18,
  GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32,
  LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15,
  PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, SA: 24, SC: 31, SE: 24, SI: 19, SK: 24, SM: 27, ST: 25,
  SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20,
};

function maskIbans(s: string): string {
  return s.replace(IBAN, (m) => {
    const compact = m.replace(/ /g, '');
    const length = IBAN_LENGTH[compact.slice(0, 2)];
    // Where the IBAN ends: after the country's length in characters (spaces not counted); unknown country: the whole candidate.
    let cut = m.length;
    if (length !== undefined && compact.length > length) {
      let seen = 0;
      cut = 0;
      while (seen < length) if (m[cut++] !== ' ') seen++;
    }
    const iban = m.slice(0, cut).replace(/ /g, '');
    // Only strings with digits in the body look like IBANs; this spares words like "USERNAMES".
    return /\d{4}/.test(iban.slice(4)) ? maskAccount(iban) + m.slice(cut) : m;
  });
}

const knownSecrets = new Set<string>();

/** Registers secret values (e.g. passwords loaded from the secret store) to be masked wherever they appear. */
export function registerSecretValues(values: Iterable<string>): void {
  for (const v of values) if (v && v.length >= 4) knownSecrets.add(v);
  secretsByLength = [...knownSecrets].sort((a, b) => b.length - a.length);
}

export function maskAccount(value: string): string {
  const compact = value.replace(/\s+/g, '');
  const last4 = compact.slice(-4);
  const cc = /^[A-Z]{2}\d{2}/.test(compact) ? compact.slice(0, 2) : '';
  return `${cc}****${last4}`;
}

/** Known secrets, longest first, so that a secret containing another is replaced whole. */
let secretsByLength: string[] = [];

function maskSecrets(s: string): string {
  let out = s;
  for (const secret of secretsByLength) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

export function maskString(s: string): string {
  // Secrets first: IBAN masking could otherwise alter a secret's text so that it is no longer found.
  return maskAccountNumbers(maskIbans(maskSecrets(s)));
}

/**
 * A run of 8 to 30 digits in a word without letters is taken for an account number (domestic
 * account numbers, BBANs, card-like numbers, also written with hyphens): last four kept. A word is
 * a run of letters, digits, `_` and `-`; one with letters in it is an identifier (a run id, a UUID,
 * a confirmation number) and is left as it is.
 */
const DIGIT_RUN = /(?<!\d)\d{8,30}(?!\d)/g;
const WORD = /[A-Za-z0-9_-]+/g;
function maskAccountNumbers(s: string): string {
  return s.replace(WORD, (w) => {
    if (w.length < 8 || /[A-Za-z]/.test(w)) return w;
    // A word of digits and separators holding an account number is masked whole (123-45678901 ****8901).
    DIGIT_RUN.lastIndex = 0;
    return DIGIT_RUN.test(w) ? maskAccount(w.replace(/[-_]/g, '')) : w;
  });
}

/** An identifier's value: secrets and IBANs masked, its digits kept. */
function maskId(s: string): string {
  return maskIbans(maskSecrets(s));
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
  if (ID_KEY.test(key) && (typeof value === 'string' || typeof value === 'number')) return typeof value === 'number' ? value : maskId(value);
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
  // Keys are masked too: a map keyed by IBAN (balances, statements) must not show them.
  for (const [k, v] of Object.entries(value)) out[maskString(k)] = maskKey(k, v, depth + 1);
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
