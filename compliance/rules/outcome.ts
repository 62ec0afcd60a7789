import type { NewAlert } from '../alerts/alert.js';
import type { AmlEvaluation } from './engine.js';
import { AML_RULE_TITLES } from './hit.js';

/** What a bot throws as `new ComplianceHold(message, rule, details)` (compliance may not import bots/). */
export interface AmlHold {
  message: string;
  /** The held rules, comma-separated: releasing it releases them all (see `EvaluateOptions.released`). */
  rule: string;
  details: Record<string, unknown>;
}

/** The hold for an evaluation whose unreleased hits include a `hold` action; undefined otherwise. */
export function amlHold(e: AmlEvaluation): AmlHold | undefined {
  const held = e.hits.filter((h) => h.action === 'hold' && !h.released);
  if (held.length === 0) return undefined;
  return {
    message: `AML: ${held.map((h) => h.explanation).join('; ')}`,
    rule: held.map((h) => h.rule).join(','),
    details: { txId: e.txId, severity: e.severity, hits: held.map(({ rule, severity, explanation, facts }) => ({ rule, severity, explanation, facts })) },
  };
}

/**
 * One alert per unreleased hit, for `AlertRouter.send`: type = the rule id, business key = the
 * transaction id (so a retried item does not alert twice within the de-duplication window).
 */
export function amlAlerts(e: AmlEvaluation, options: { itemId?: string } = {}): NewAlert[] {
  return e.hits
    .filter((h) => !h.released)
    .map((h) => ({
      type: h.rule,
      severity: h.severity,
      title: `${AML_RULE_TITLES[h.rule]} (${e.txId})`,
      text: `${h.explanation}. Action: ${h.action}.`,
      itemId: options.itemId,
      businessKey: e.txId,
      facts: { ...h.facts, action: h.action },
    }));
}
