/**
 * collection-plan: one creditor's claim (a row of its collection file) made a collection, or an
 * exception saying why not. The claim is checked against the mandate as the register confirmed it
 * (the mandate book mandate-entry writes): the mandate is known, not stopped, collectable; the
 * collection date a TARGET2 business day far enough ahead (rolled forward or refused, as configured);
 * the debtor told in time; the amount within the limits; the sequence type from the mandate's
 * history; a pending amendment carried. The debtor is screened and the collection passes the AML
 * rules. Then it is planned in the ledger, once: its end-to-end id is the item's key.
 */
import { z } from 'zod';
import {
  assertPreNotified,
  BusinessRuleError,
  checkCollection,
  mandateKey,
  parseCreditorId,
  parseLocalDate,
  parseMoney,
  type Money,
  preNotification,
  presented,
  resolveCollectionDate,
  todayIn,
  type Mandate,
  type NoticeStatus,
} from '../../banking/index.js';
import { collectionDatePolicy, collectionLedgerService, collectionPolicy, configuredCreditor, type StoredEntry } from '../collection-ledger/index.js';
import { complianceService } from '../compliance-service.js';
import { ComplianceHold, defineBot, moneyOrNone } from '../kit/index.js';

export const collectionPlanInput = z.object({
  claim: z.object({
    umr: z.string(),
    creditorId: z.string().optional(),
    /** As written in the file ("49,90"), or a numeric cell's plain decimal. */
    amount: z.string(),
    amountIsNumber: z.boolean().optional(),
    currency: z.string().optional(),
    /** ISO date. */
    collectionDate: z.string(),
    remittance: z.string().optional(),
    final: z.boolean().optional(),
    /** When the debtor was told (ISO date), if the file says. */
    notifiedOn: z.string().optional(),
  }),
  endToEndId: z.string().min(1).max(35),
  runId: z.string(),
  amountLocale: z.enum(['plain', 'en', 'de', 'ch']),
  source: z.object({ file: z.string(), sha256: z.string(), sheet: z.string().optional(), row: z.number().int() }),
  readingProblems: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  duplicateOfRow: z.number().int().optional(),
});
export type CollectionPlanInput = z.infer<typeof collectionPlanInput>;

export interface CollectionPlanResult {
  outcome: 'planned' | 'already-planned';
  endToEndId: string;
  entry: StoredEntry;
  /** The requested date when it was moved, and why. */
  rolled?: { requested: string; reason: string };
  notice: { status: NoticeStatus; noticeBy: string };
  screening?: { decision: string; score: number };
}

const where = (i: CollectionPlanInput) => `row ${i.source.row} of ${i.source.file}`;

/** A claim's creditor: the one it names, or the bank's only creditor; always one the bank collects for. */
function creditorOf(input: CollectionPlanInput, config: Parameters<typeof configuredCreditor>[0]) {
  const named = input.claim.creditorId;
  const creditors = config.directDebits.creditors;
  if (!named && creditors.length !== 1) {
    throw new BusinessRuleError(`${where(input)} names no creditor identifier, and the bank collects for ${creditors.length} creditors`, { field: 'creditorId', row: input.source.row });
  }
  const creditor = configuredCreditor(config, named ?? creditors[0]!.id);
  if (!creditor) {
    throw new BusinessRuleError(`${where(input)}: creditor ${named} is not one the bank collects for (directDebits.creditors)`, { field: 'creditorId', row: input.source.row });
  }
  return creditor;
}

/** The claim's amount, exact: a numeric cell's plain decimal, else text in the file's locale (euro unless it says). */
function claimAmount(input: CollectionPlanInput): Money {
  return parseMoney(input.claim.amount, (input.claim.currency ?? 'EUR').toUpperCase(), { locale: input.claim.amountIsNumber ? 'plain' : input.amountLocale, field: 'amount' });
}

export const collectionPlan = defineBot({
  name: 'collection-plan',
  input: collectionPlanInput,
  key: (i) => i.endToEndId,
  services: [complianceService, collectionLedgerService],
  amount: (i) => moneyOrNone(() => claimAmount(i)),
  run: async (input, ctx): Promise<CollectionPlanResult> => {
    const from = { row: input.source.row, file: input.source.file };
    if (input.readingProblems?.length) {
      throw new BusinessRuleError(`${where(input)}: ${input.readingProblems.map((p) => p.message).join('; ')}`, { ...from, field: input.readingProblems[0]!.field, problems: input.readingProblems });
    }
    if (input.duplicateOfRow !== undefined) {
      throw new BusinessRuleError(`${where(input)} claims again on mandate ${input.claim.umr} for ${input.claim.collectionDate}, as row ${input.duplicateOfRow} does`, { ...from, field: 'umr', duplicateOfRow: input.duplicateOfRow });
    }
    const ledger = ctx.services.collections;
    const fail = (err: unknown): never => {
      if (err instanceof BusinessRuleError) throw new BusinessRuleError(`${where(input)}: ${err.message}`, { ...err.details, ...from, field: (err as { field?: string }).field ?? err.details.field });
      throw err;
    };
    const now = new Date();
    const today = todayIn(ctx.config.banking.timeZone, now);
    const claim = input.claim;
    const creditor = creditorOf(input, ctx.config);
    const creditorId = (() => {
      try {
        return parseCreditorId(claim.creditorId ?? creditor.id, 'creditorId').id;
      } catch (err) {
        return fail(err);
      }
    })();
    const key = mandateKey({ creditorId, umr: claim.umr.trim() });

    const already = await ledger.get(input.endToEndId);
    if (already?.entry) {
      // Planned before a crash: what followed the plan is done again (each step is idempotent).
      await ledger.keepInRun(already);
      await ledger.endIfFinal(already);
      const notice = preNotification(parseLocalDate(already.collectionDate, 'collectionDate'), today, {
        days: creditor.preNotificationDays,
        ...(claim.notifiedOn ? { sentOn: parseLocalDate(claim.notifiedOn, 'notifiedOn') } : {}),
      });
      return { outcome: 'already-planned', endToEndId: input.endToEndId, entry: already.entry, notice: { status: notice.status, noticeBy: notice.noticeBy } };
    }

    const booked = await ledger.mandates.get(key);
    if (!booked) {
      throw new BusinessRuleError(`${where(input)}: mandate ${claim.umr} of ${creditorId} is not in the mandate register we entered: enter it (mandate-entry, a mandate sheet or scans) and resume`, { ...from, field: 'umr', umr: claim.umr });
    }
    const state = await ledger.mandateState(key);
    if (state.stopped) {
      throw new BusinessRuleError(`${where(input)}: collections on mandate ${claim.umr} are stopped: ${state.stopped}`, { ...from, field: 'umr', umr: claim.umr, stopped: state.stopped });
    }
    const terms = booked.terms;
    let planned;
    try {
      const amount = claimAmount(input);
      const date = resolveCollectionDate(claim.collectionDate, collectionDatePolicy(ctx.config, now));
      const notice = assertPreNotified({ endToEndId: input.endToEndId, collectionDate: date.date }, today, {
        days: creditor.preNotificationDays,
        ...(claim.notifiedOn ? { sentOn: parseLocalDate(claim.notifiedOn, 'notifiedOn') } : {}),
      });
      const pending = await ledger.mandates.pendingAmendment(key);
      // An amendment carried by a collection that reached the debtor's bank is spent.
      const carrier = pending?.carriedBy ? await ledger.get(pending.carriedBy) : null;
      const spent = carrier !== null && carrier !== undefined && presented(carrier.state);
      if (spent) await ledger.mandates.spend(key, carrier.endToEndId);
      const amendment = pending && !spent ? pending : null;
      const mandate: Mandate = { ...terms, status: 'active', collections: state.presented, amendments: [] };
      const collection = checkCollection(
        { umr: claim.umr.trim(), creditorId, amount, collectionDate: date.date, endToEndId: input.endToEndId, ...(claim.remittance ? { remittance: claim.remittance } : {}), ...(claim.final ? { final: true } : {}) },
        mandate,
        { presented: state.presented, debtorBankChangedSinceLast: amendment?.debtorBankChanged === true },
        collectionPolicy(ctx.config),
      );
      planned = { amount, date, notice, amendment, collection };
    } catch (err) {
      return fail(err);
    }
    const { collection, date, notice, amendment } = planned;

    // The debtor screened and the collection through the AML rules before it can go into a file.
    const compliance = ctx.services.compliance;
    const check = { id: input.endToEndId, debtorAccount: creditor.iban, beneficiaryName: terms.debtorName, beneficiaryIban: terms.debtorIban, ...(terms.debtorBic ? { beneficiaryBic: terms.debtorBic } : {}), amount: collection.amount, at: now, role: 'collection debtor' };
    const verdict = await compliance.check(check, { released: ctx.item.releasedRules, itemId: ctx.item.itemId });
    if (verdict.hold) {
      await compliance.sendAlerts(verdict.alerts);
      throw new ComplianceHold(`${where(input)}: collection ${input.endToEndId} on mandate ${claim.umr}: ${verdict.hold.message}`, verdict.hold.rule, { ...verdict.hold.details, ...from });
    }

    const entry: StoredEntry = {
      ...collection,
      amount: collection.amount.toString(),
      debtorName: terms.debtorName,
      debtorIban: terms.debtorIban,
      ...(terms.debtorBic ? { debtorBic: terms.debtorBic } : {}),
      ...(terms.debtorAddress.lines.length ? { debtorAddress: terms.debtorAddress } : {}),
      mandateSignedOn: terms.signedOn,
      ...(amendment
        ? {
            amendment: {
              ...(amendment.originalDebtorIban ? { originalDebtorIban: amendment.originalDebtorIban } : {}),
              ...(amendment.originalCreditorName ? { originalCreditorName: amendment.originalCreditorName } : {}),
              ...(amendment.debtorBankChanged ? { debtorBankChanged: true } : {}),
            },
          }
        : {}),
      creditor: { name: creditor.name, iban: creditor.iban, ...(creditor.bic ? { bic: creditor.bic } : {}), creditorId: creditor.id },
    };
    await ledger.planClaim(
      { endToEndId: input.endToEndId, umr: collection.umr, mandateKey: key, amount: entry.amount, collectionDate: date.date, sequenceType: collection.sequenceType, runId: input.runId, entry },
      `${input.runId} ${where(input)}`,
    );
    await compliance.recordPosted(check);
    void compliance.sendAlerts(verdict.alerts);
    return {
      outcome: 'planned',
      endToEndId: input.endToEndId,
      entry,
      ...(date.rolled ? { rolled: { requested: claim.collectionDate, reason: date.reason ?? '' } } : {}),
      notice: { status: notice.status, noticeBy: notice.noticeBy },
      screening: { decision: verdict.record.screening.decision, score: verdict.record.screening.score },
    };
  },
});
