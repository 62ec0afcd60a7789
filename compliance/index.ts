/**
 * compliance — what screens and controls the money a bot moves:
 *
 *   lists/       sanctions lists (OFAC SDN, UN, EU) read into parties, reloaded when their files change
 *   screening/   names against the lists (any script, fuzzy, explained), the decision by thresholds
 *   rules/       AML rules over windows of payments (amounts, counts, new beneficiaries)
 *   alerts/      where a hit or a rule's alert goes (log, webhook, email), never lost
 *
 * `PaymentCompliance` puts them together for a payment: screen the beneficiary, apply the rules,
 * hold it (a four-eyes decision) or let it go on, raise the alerts, and record what it checked.
 */
export { PaymentCompliance, type ComplianceRecord, type PaymentComplianceDeps, type PaymentToCheck } from './payment-compliance.js';
