/** The public API of compliance/rules: the AML transaction rules and their Redis windows. */
export { AmlRules, type AmlEvaluation, type EvaluateOptions } from './engine.js';
export { AML_RULES, AML_RULE_TITLES, type AmlRuleId, type AmlRuleKey, type Finding, type RuleHit } from './hit.js';
export { amlAlerts, amlHold, type AmlHold } from './outcome.js';
export { checkTransaction, type AmlTransaction, type CheckedTransaction } from './transaction.js';
export { AmlWindows, type WindowEvent, type WindowSnapshot } from './windows.js';
