import type { Redis } from 'ioredis';
import type { Severity } from '../../config/compliance-alerts.js';
import type { ComplianceRulesConfig, RuleAction } from '../../config/compliance-rules.js';
import { maxSeverity } from '../alerts/alert.js';
import { checkConfiguredAmounts } from './amounts.js';
import { averageMultiple } from './checks/average-multiple.js';
import { cash } from './checks/cash.js';
import type { Check } from './checks/context.js';
import { dormantAccount } from './checks/dormant-account.js';
import { highRiskCountry } from './checks/high-risk-country.js';
import { newBeneficiary } from './checks/new-beneficiary.js';
import { roundAmount } from './checks/round-amount.js';
import { inStructuringBand, structuring } from './checks/structuring.js';
import { velocity } from './checks/velocity.js';
import { AML_RULES, type AmlRuleId, type AmlRuleKey, type Finding, type RuleHit } from './hit.js';
import { checkTransaction, type AmlTransaction } from './transaction.js';
import { AmlWindows } from './windows.js';

export interface AmlEvaluation {
  txId: string;
  /** Every rule that hit, released ones included (marked). */
  hits: RuleHit[];
  /** The highest severity of the hits that are not released; null when none. */
  severity: Severity | null;
  /** What to do: hold beats review beats alert-only; pass when nothing (unreleased) hit. */
  action: RuleAction | 'pass';
  /** Rules that could not run for this currency, and the config key that would let them. */
  notEvaluated: { rule: AmlRuleId; missing: string }[];
  /** recordPosted has run for this id already (a retry): the windows were read as they were before it. */
  alreadyRecorded: boolean;
}

export interface EvaluateOptions {
  /** Rules a compliance officer released for this item (`ctx.item.releasedRules`); an entry may list several, comma-separated. */
  released?: readonly string[];
}

const CHECKS: [AmlRuleKey, Check][] = [
  ['cash', cash],
  ['structuring', structuring],
  ['velocity', velocity],
  ['highRiskCountry', highRiskCountry],
  ['roundAmount', roundAmount],
  ['dormantAccount', dormantAccount],
  ['averageMultiple', averageMultiple],
  ['newBeneficiary', newBeneficiary],
];

const ACTION_ORDER: (RuleAction | 'pass')[] = ['pass', 'alert-only', 'review', 'hold'];

/**
 * The AML transaction rules. `evaluateRules` reads the shared windows in Redis and says which
 * rules hit and why; it changes nothing, so it may run any number of times. `recordPosted` puts
 * a posted payment into the windows, exactly once per transaction id (retries and concurrent
 * calls included). A worker evaluates before posting and records after.
 */
export class AmlRules {
  private readonly windows: AmlWindows;

  constructor(
    redis: Redis,
    /** Our key prefix (e.g. `rpa:_`); the windows live under `<keyPrefix>:aml:`. */
    keyPrefix: string,
    readonly config: ComplianceRulesConfig,
  ) {
    checkConfiguredAmounts(config);
    this.windows = new AmlWindows(redis, keyPrefix);
  }

  async evaluateRules(tx: AmlTransaction, options: EvaluateOptions = {}): Promise<AmlEvaluation> {
    const t = checkTransaction(tx);
    const w = await this.windows.read(t, this.config);
    const released = new Set((options.released ?? []).flatMap((r) => r.split(',').map((x) => x.trim())));
    const hits: RuleHit[] = [];
    const notEvaluated: AmlEvaluation['notEvaluated'] = [];
    const add = (key: AmlRuleKey, f: Finding) => {
      const { severity, action } = this.config[key];
      hits.push({ rule: AML_RULES[key], severity, action, released: released.has(AML_RULES[key]), ...f });
    };
    for (const [key, check] of CHECKS) {
      if (!this.config[key].enabled) continue;
      const unconfigured = (path: string) => void notEvaluated.push({ rule: AML_RULES[key], missing: `compliance.rules.${path}.${t.amount.currency}` });
      const finding = check({ t, w, cfg: this.config, unconfigured });
      if (finding) add(key, finding);
    }
    if (notEvaluated.length > 0 && this.config.unconfiguredCurrency.enabled) {
      const currency = t.amount.currency;
      add('unconfiguredCurrency', {
        explanation: `no AML amounts configured for ${currency}: ${notEvaluated.map((n) => n.rule).join(', ')} not (fully) evaluated; set ${[...new Set(notEvaluated.map((n) => n.missing))].join(', ')}`,
        facts: { currency, notEvaluated },
      });
    }
    const open = hits.filter((h) => !h.released);
    return {
      txId: t.id,
      hits,
      severity: maxSeverity(open.map((h) => h.severity)) ?? null,
      action: open.reduce<RuleAction | 'pass'>((a, h) => (ACTION_ORDER.indexOf(h.action) > ACTION_ORDER.indexOf(a) ? h.action : a), 'pass'),
      notEvaluated,
      alreadyRecorded: w.alreadyRecorded,
    };
  }

  /** Puts a posted payment into the windows. True when this call did; false when the id was recorded before. */
  async recordPosted(tx: AmlTransaction): Promise<boolean> {
    const t = checkTransaction(tx);
    return this.windows.record(t, this.config, inStructuringBand(t, this.config));
  }
}
