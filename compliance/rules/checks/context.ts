import type { ComplianceRulesConfig } from '../../../config/compliance-rules.js';
import type { Finding } from '../hit.js';
import type { CheckedTransaction } from '../transaction.js';
import type { WindowSnapshot } from '../windows.js';

export interface CheckContext {
  t: CheckedTransaction;
  w: WindowSnapshot;
  cfg: ComplianceRulesConfig;
  /** The rule needs an amount at `compliance.rules.<path>` for this currency and has none. */
  unconfigured(path: string): undefined;
}

/** One rule: a finding, or nothing. */
export type Check = (c: CheckContext) => Finding | undefined;
