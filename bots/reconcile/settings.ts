/** The matching engine's settings from the configuration (`reconciliation`), for a day, with the screening module's name scorer. */
import { Money } from '../../banking/index.js';
import { namePairScorer } from '../../compliance/screening/index.js';
import type { Config } from '../../config/schema.js';
import type { ReconcileSettings } from '../../reconciliation/index.js';

export function reconcileSettings(config: Config, asOf: string): ReconcileSettings {
  const r = config.reconciliation;
  return {
    rules: r.rules,
    asOf,
    dateWindowDays: r.dateWindowDays,
    nameThreshold: r.nameThreshold,
    instalmentWindowDays: r.instalmentWindowDays,
    feeTolerance: Money.of(r.feeTolerance, 'EUR', 'reconciliation.feeTolerance'),
    subsetSearch: r.subsetSearch,
    timingDays: r.timingDays,
    holidays: config.banking.holidays.map((h) => (typeof h === 'string' ? h : h.date)),
    nameSimilarity: namePairScorer(config.compliance.screening),
  };
}
