import type { Severity } from '../../config/compliance-alerts.js';
import type { ComplianceRulesConfig, RuleAction } from '../../config/compliance-rules.js';

/** Rule ids, by config key. The id is the alert type and the ComplianceHold rule. */
export const AML_RULES = {
  cash: 'aml:cash',
  structuring: 'aml:structuring',
  velocity: 'aml:velocity',
  highRiskCountry: 'aml:high-risk-country',
  roundAmount: 'aml:round-amount',
  dormantAccount: 'aml:dormant-account',
  averageMultiple: 'aml:average-multiple',
  newBeneficiary: 'aml:new-beneficiary',
  unconfiguredCurrency: 'aml:unconfigured-currency',
} as const satisfies Record<keyof ComplianceRulesConfig, string>;

export type AmlRuleKey = keyof typeof AML_RULES;
export type AmlRuleId = (typeof AML_RULES)[AmlRuleKey];

/** Titles for alerts and the board. */
export const AML_RULE_TITLES: Record<AmlRuleId, string> = {
  'aml:cash': 'Cash at or above the threshold',
  'aml:structuring': 'Structuring under the cash threshold',
  'aml:velocity': 'Many payments or a large total within hours',
  'aml:high-risk-country': 'Beneficiary in a high-risk country',
  'aml:round-amount': 'Large round amount',
  'aml:dormant-account': 'Dormant account pays out',
  'aml:average-multiple': 'Amount far above the customer’s average',
  'aml:new-beneficiary': 'Large first payment to a new beneficiary',
  'aml:unconfigured-currency': 'Currency without AML amounts',
};

/** What a rule found: plain text with the figures, and the figures. */
export interface Finding {
  explanation: string;
  facts: Record<string, unknown>;
}

export interface RuleHit extends Finding {
  rule: AmlRuleId;
  severity: Severity;
  action: RuleAction;
  /** A compliance officer released this rule for this item (four-eyes): it no longer holds it. */
  released: boolean;
}
