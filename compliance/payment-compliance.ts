/**
 * The compliance step of a payment, before it reaches the legacy system and after it was posted:
 * the beneficiary screened against the sanctions lists, the AML rules over the shared windows, and
 * the alerts. One instance per worker process (the lists' index and the Redis windows are shared
 * by every item it runs). compliance/ may not import bots/, so a hold comes back as the arguments
 * of the kit's `ComplianceHold`, which the bot throws.
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Money } from '../banking/index.js';
import type { Config } from '../config/schema.js';
import type { Secrets } from '../config/secrets.js';
import { createAlertRouter, type NewAlert } from './alerts/index.js';
import type { AlertRouter } from './alerts/router.js';
import { AmlRules, amlAlerts, amlHold, type AmlEvaluation, type AmlTransaction } from './rules/index.js';
import { screeningHold, Screener } from './screening/index.js';
import type { ListVersionRef, ScreeningResult } from './screening/types.js';

/** A payment as the compliance step sees it. */
export interface PaymentToCheck {
  /** The business key (end-to-end id or reference): the AML windows record a payment once per id. */
  id: string;
  /** The bank's own account that pays (account number or IBAN). */
  debtorAccount: string;
  beneficiaryName: string;
  beneficiaryIban: string;
  beneficiaryBic?: string;
  amount: Money;
  /** When it is booked: the AML windows' clock. */
  at: Date;
  /** Who the counterparty is, for people (default "payment beneficiary"; a collection's is its debtor). */
  role?: string;
}

/** What screened and checked the payment: kept with the item's result (which list versions, which decision). */
export interface ComplianceRecord {
  screening: { decision: ScreeningResult['decision']; score: number; listVersions: ListVersionRef[]; released: boolean };
  aml: { action: AmlEvaluation['action']; severity: AmlEvaluation['severity']; rules: string[] };
}

export interface ComplianceVerdict {
  record: ComplianceRecord;
  /** Set when the payment must stop: the arguments of `ComplianceHold(message, rule, details)`. */
  hold?: { message: string; rule: string; details: Record<string, unknown> };
  /** Alerts to send: one per screening hit decision and per unreleased AML hit. */
  alerts: NewAlert[];
}

export interface PaymentComplianceDeps {
  config: Config;
  redis: Redis;
  /** Our own key prefix (queue/keys.ts `ownKeys`). */
  keyPrefix: string;
  secrets: Secrets;
  log: Logger;
}

const SCREENING_SEVERITY = { block: 'critical', review: 'high' } as const;

function screeningAlert(result: ScreeningResult, hold: NonNullable<ReturnType<typeof screeningHold>>, payment: PaymentToCheck, itemId: string): NewAlert {
  const decision = result.decision as 'block' | 'review';
  return {
    type: `sanctions.${decision}`,
    severity: SCREENING_SEVERITY[decision],
    title: `Sanctions ${decision === 'block' ? 'hit' : 'possible hit'} on a ${payment.role ?? 'payment beneficiary'} (${payment.id})`,
    text: `${hold.message}. The ${payment.role ? 'item' : 'payment'} is held for a compliance decision (two people).`,
    itemId,
    businessKey: payment.id,
    facts: { decision, score: result.score, hits: result.hits.map((h) => ({ list: h.list, entryId: h.entryId, matchedName: h.matchedName, score: h.score })) },
  };
}

export class PaymentCompliance {
  constructor(
    readonly screener: Screener,
    readonly aml: AmlRules,
    readonly alerts: AlertRouter,
    private readonly log: Logger,
  ) {}

  static fromConfig(deps: PaymentComplianceDeps): PaymentCompliance {
    const c = deps.config.compliance;
    const screener = Screener.fromConfig({ lists: c.lists, screening: c.screening }, deps.log);
    const aml = new AmlRules(deps.redis, deps.keyPrefix, c.rules);
    const alerts = createAlertRouter(c.alerts, { secrets: deps.secrets, redis: deps.redis, keyPrefix: deps.keyPrefix, logger: deps.log });
    return new PaymentCompliance(screener, aml, alerts, deps.log);
  }

  private amlTransaction(p: PaymentToCheck): AmlTransaction {
    return {
      id: p.id,
      debtorAccount: p.debtorAccount,
      beneficiaryIban: p.beneficiaryIban,
      beneficiaryBic: p.beneficiaryBic,
      beneficiaryName: p.beneficiaryName,
      amount: p.amount,
      kind: 'transfer',
      at: p.at,
    };
  }

  /**
   * Screens the beneficiary (name, the IBAN's country, the BIC) and evaluates the AML rules; changes
   * nothing. Rules in `released` (a four-eyes release of an earlier hold of this item) do not hold it
   * again. Sanctions come first: a screening hold is the verdict's hold, with the AML findings beside it.
   */
  async check(p: PaymentToCheck, options: { released: readonly string[]; itemId: string }): Promise<ComplianceVerdict> {
    const released = new Set(options.released.flatMap((r) => r.split(',').map((x) => x.trim())));
    const country = p.beneficiaryIban.slice(0, 2).toUpperCase();
    const [screening, aml] = await Promise.all([
      this.screener.screen({
        name: p.beneficiaryName,
        country: /^[A-Z]{2}$/.test(country) ? country : undefined,
        identifiers: p.beneficiaryBic ? [{ kind: 'BIC', value: p.beneficiaryBic }] : [],
      }),
      this.aml.evaluateRules(this.amlTransaction(p), { released: [...released] }),
    ]);
    const sanctions = screeningHold(screening);
    const sanctionsReleased = sanctions !== undefined && released.has(sanctions.rule);
    const alerts: NewAlert[] = [];
    if (sanctions && !sanctionsReleased) alerts.push(screeningAlert(screening, sanctions, p, options.itemId));
    alerts.push(...amlAlerts(aml, { itemId: options.itemId }));
    const amlHeld = amlHold(aml);
    const record: ComplianceRecord = {
      screening: { decision: screening.decision, score: screening.score, listVersions: screening.listVersions, released: sanctionsReleased },
      aml: { action: aml.action, severity: aml.severity, rules: aml.hits.filter((h) => !h.released).map((h) => h.rule) },
    };
    let hold: ComplianceVerdict['hold'];
    if (sanctions && !sanctionsReleased) {
      hold = { ...sanctions, details: { ...sanctions.details, aml: amlHeld?.details ?? null, record } };
    } else if (amlHeld) {
      hold = { ...amlHeld, details: { ...amlHeld.details, listVersions: screening.listVersions, record } };
    }
    return { record, hold, alerts };
  }

  /**
   * Screens a party that is not paid now (a mandate's debtor): its name, its IBAN's country and BIC
   * against the sanctions lists. No AML rules: nothing moves yet (the collections on the mandate are
   * checked when they are made). `role` names the party in the alert ("mandate debtor").
   */
  async checkParty(
    party: { id: string; name: string; iban: string; bic?: string; role: string },
    options: { released: readonly string[]; itemId: string },
  ): Promise<Pick<ComplianceVerdict, 'hold' | 'alerts'> & { record: ComplianceRecord['screening'] }> {
    const released = new Set(options.released.flatMap((r) => r.split(',').map((x) => x.trim())));
    const country = party.iban.slice(0, 2).toUpperCase();
    const screening = await this.screener.screen({
      name: party.name,
      country: /^[A-Z]{2}$/.test(country) ? country : undefined,
      identifiers: party.bic ? [{ kind: 'BIC', value: party.bic }] : [],
    });
    const sanctions = screeningHold(screening);
    const isReleased = sanctions !== undefined && released.has(sanctions.rule);
    const record = { decision: screening.decision, score: screening.score, listVersions: screening.listVersions, released: isReleased };
    if (!sanctions || isReleased) return { record, alerts: [] };
    const decision = screening.decision as 'block' | 'review';
    const alert: NewAlert = {
      type: `sanctions.${decision}`,
      severity: SCREENING_SEVERITY[decision],
      title: `Sanctions ${decision === 'block' ? 'hit' : 'possible hit'} on a ${party.role} (${party.id})`,
      text: `${sanctions.message}. The item is held for a compliance decision (two people).`,
      itemId: options.itemId,
      businessKey: party.id,
      facts: { decision, score: screening.score, hits: screening.hits.map((h) => ({ list: h.list, entryId: h.entryId, matchedName: h.matchedName, score: h.score })) },
    };
    return { record, hold: { ...sanctions, details: { ...sanctions.details, record } }, alerts: [alert] };
  }

  /** After the payment was posted (or found already posted): the AML windows count it, once per id. */
  async recordPosted(p: PaymentToCheck): Promise<boolean> {
    return this.aml.recordPosted(this.amlTransaction(p));
  }

  /** Sends the alerts; a sink that fails is logged (and dead-lettered by the sink), never thrown. */
  async sendAlerts(alerts: readonly NewAlert[]): Promise<void> {
    for (const a of alerts) {
      try {
        await this.alerts.send(a);
      } catch (err) {
        this.log.error({ err, alertType: a.type, businessKey: a.businessKey }, 'compliance alert could not be sent');
      }
    }
  }
}
