import { z } from 'zod';
import { severity } from './compliance-alerts.js';

/** What a hit does: hold the item (ComplianceHold, four-eyes release), let it go on for review after the fact, or only alert. */
export const RULE_ACTIONS = ['hold', 'review', 'alert-only'] as const;
const action = z.enum(RULE_ACTIONS);

/** An amount as text, in the currency's major unit ("10000", "9500.50"): never a float. */
const amount = z.string().regex(/^[0-9]+(\.[0-9]+)?$/, 'an amount as a string with "." for decimals, e.g. "10000"');
/**
 * Amounts per currency (ISO 4217 code → amount in that currency). A currency that is not listed
 * is not evaluated by the rule that needs the amount: see `unconfiguredCurrency`.
 */
// Any case: RPA_COMPLIANCE__RULES__CASH__THRESHOLD__JPY=1000000 arrives as key "jpy".
const perCurrency = z.record(z.string().regex(/^[A-Za-z]{3}$/, 'an ISO 4217 currency code, e.g. EUR'), amount);
const each = (value: string) => () => ({ EUR: value, USD: value, GBP: value, CHF: value });

function rule<S extends z.ZodRawShape>(sev: z.infer<typeof severity>, act: z.infer<typeof action>, shape: S) {
  return z
    .strictObject({ enabled: z.boolean().default(true), severity: severity.default(sev), action: action.default(act), ...shape })
    // Every field has a default, so {} is a valid input; the generic shape hides that from the types.
    .prefault({} as never);
}

/**
 * `compliance.rules`: the AML transaction rules. Amounts are in the account (transaction) currency.
 * Default high-risk countries: the FATF "high-risk jurisdictions subject to a call for action"
 * (KP North Korea, IR Iran, MM Myanmar). The FATF grey list ("increased monitoring") changes three
 * times a year and is not a default: add it here from the current FATF publication.
 */
export const complianceRules = z
  .strictObject({
    /** Cash at or above the threshold (a reporting trigger). */
    cash: rule('medium', 'alert-only', { threshold: perCurrency.default(each('10000')) }),
    /** Several amounts just under the cash threshold for one customer within a few days. */
    structuring: rule('high', 'hold', {
      /** The band is [bandFrom × threshold, threshold) of the cash threshold. */
      bandFrom: z.number().gt(0).lt(1).default(0.9),
      /** Payments in the band (this one included) that make a hit. */
      minCount: z.number().int().min(2).default(3),
      windowDays: z.number().int().positive().default(7),
      /** Which payments count: cash, transfers, or both. */
      kinds: z.array(z.enum(['cash', 'transfer'])).min(1).default(() => ['cash' as const, 'transfer' as const]),
    }),
    /** Many payments, or a large total, per debtor account or per beneficiary within a window. */
    velocity: rule('medium', 'review', {
      windowHours: z.number().int().positive().default(24),
      /** Payments (this one included, all currencies) at which a party hits. */
      count: z.number().int().min(2).default(10),
      /** Total in the payment's currency (this one included) at which a party hits. */
      total: perCurrency.default(each('50000')),
    }),
    /** Beneficiary IBAN, BIC or stated country on the list (ISO 3166 alpha-2). */
    highRiskCountry: rule('high', 'hold', {
      countries: z.array(z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166 alpha-2 country code')).default(() => ['KP', 'IR', 'MM']),
    }),
    /** Round amounts (multiples of `multiple`) at or above `floor`. */
    roundAmount: rule('low', 'alert-only', {
      floor: perCurrency.default(each('5000')),
      multiple: perCurrency.default(each('1000')),
    }),
    /** An account with no activity for N months that pays out. */
    dormantAccount: rule('medium', 'review', { months: z.number().int().positive().default(6) }),
    /** An amount at least `multiple` times the customer's average over `windowDays`. */
    averageMultiple: rule('medium', 'review', {
      multiple: z.number().gt(1).default(5),
      windowDays: z.number().int().positive().default(30),
      /** Payments in the window needed before the average means anything. */
      minHistory: z.number().int().positive().default(5),
      /** Amounts below this never hit (a currency not listed: no floor). */
      minAmount: perCurrency.default(each('1000')),
    }),
    /** A first payment to a beneficiary the customer has not paid within `knownForMonths`, at or above `largeFirst`. */
    newBeneficiary: rule('medium', 'review', {
      largeFirst: perCurrency.default(each('5000')),
      knownForMonths: z.number().int().positive().default(13),
      /** Only customers whose earlier payments were seen: for a customer new to us every beneficiary is new. */
      requireHistory: z.boolean().default(true),
    }),
    /** A payment in a currency that a rule has no amount for: that rule is not evaluated, and this hit says so. */
    unconfiguredCurrency: rule('low', 'review', {}),
  })
  .prefault({});

export type RuleAction = (typeof RULE_ACTIONS)[number];
export type ComplianceRulesConfig = z.infer<typeof complianceRules>;
