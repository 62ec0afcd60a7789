import { randomUUID } from 'node:crypto';
import { SEVERITIES, type Severity } from '../../config/compliance-alerts.js';
import { maskString, maskValue } from '../../logging/redact.js';

export { SEVERITIES, type Severity };

/**
 * Something a person should know about: a sanctions hit, an AML rule hit, an alert that could not be
 * delivered. Plain data (JSON as it is), so that every sink sends the same thing.
 */
export interface Alert {
  id: string;
  /** What kind of alert: `sanctions-hit`, `aml:structuring`, `webhook-dead-letter`... Routes match on it. */
  type: string;
  severity: Severity;
  title: string;
  /** Plain text with the figures, for a person. */
  text: string;
  itemId?: string;
  businessKey?: string;
  /** What makes two alerts "the same" for de-duplication; default type + business key (or title). */
  dedupKey?: string;
  /** The figures behind the text, for machines. */
  facts: Record<string, unknown>;
  /** ISO 8601 instant. */
  at: string;
}

/** What a caller gives: id and time are filled in. */
export type NewAlert = Omit<Alert, 'id' | 'at' | 'facts'> & Partial<Pick<Alert, 'id' | 'at' | 'facts'>>;

/** A random UUID (ids are never masked in logs and alerts: logging/redact.ts). */
export function alertId(): string {
  return randomUUID();
}

export function newAlert(a: NewAlert): Alert {
  return { ...a, id: a.id ?? alertId(), at: a.at ?? new Date().toISOString(), facts: a.facts ?? {} };
}

/**
 * The alert as it leaves for a sink: known secrets replaced and IBANs and account numbers masked
 * (country code and last four kept) in its title, text, business key and facts, as in the logs.
 * An alert goes to mailboxes and other systems; the item id (and the board) leads to the full data.
 */
export function maskAlert(alert: Alert): Alert {
  return {
    ...alert,
    title: maskString(alert.title),
    text: maskString(alert.text),
    ...(alert.businessKey === undefined ? {} : { businessKey: maskString(alert.businessKey) }),
    facts: maskValue(alert.facts) as Record<string, unknown>,
  };
}

const RANK: Record<Severity, number> = Object.fromEntries(SEVERITIES.map((s, i) => [s, i])) as Record<Severity, number>;

export function severityRank(s: Severity): number {
  return RANK[s];
}

/** The higher of the severities given (undefined for none). */
export function maxSeverity(list: Iterable<Severity>): Severity | undefined {
  let top: Severity | undefined;
  for (const s of list) if (top === undefined || RANK[s] > RANK[top]) top = s;
  return top;
}
