import { z } from 'zod';
import type { Config } from '../../config/schema.js';
import { BusinessRuleError, ComplianceHold, defineBot, moneyOrNone, type Posted } from '../kit/index.js';
import { complianceService } from '../compliance-service.js';
import { paymentDebit, reconcileService } from '../reconcile/index.js';
import { paymentPresentation } from './presentation.js';
import type { ComplianceRecord, PaymentToCheck } from '../../compliance/index.js';
import { enterPayment, findPostings, type PaymentInput, type Posting } from '../targets/legacy-bank/index.js';
import { instructionAmount, rawInstruction, validateInstruction, type PaymentInstruction, type ValidationPolicy } from './instruction.js';

/** Where an instruction came from: the file, its sheet and row, and the raw cells. */
export const provenance = z.object({
  file: z.string(),
  sha256: z.string(),
  sheet: z.string(),
  row: z.number().int(),
  cells: z.record(z.string(), z.unknown()),
});

export const paymentEntryInput = z.object({
  instruction: rawInstruction,
  source: provenance.optional(),
  /** What the file reader found wrong with the row (a date not in the declared format, an empty required cell). */
  rowErrors: z.array(z.object({ column: z.string().optional(), message: z.string() })).optional(),
  /** This row repeats the reference of an earlier row of the same file. */
  duplicateOfRow: z.number().int().optional(),
});
export type PaymentEntryInput = z.infer<typeof paymentEntryInput>;

export interface PaymentEntryResult {
  outcome: 'posted' | 'already-posted';
  confirmation: string;
  reference: string;
  amount: string;
  currency: string;
  executionDate: string;
  requestedExecutionDate?: string;
  /** Evidence files saved (relative to the data directory): the result page's screenshot. */
  evidence: string[];
  /** What screened and checked the payment before it was entered: the list versions, the decisions. */
  compliance: ComplianceRecord;
}


/** A payment's business key: its end-to-end id, else its reference (the bot's key, and the key its run's plan gives each row). */
export function paymentKey(instruction: { endToEndId?: string; reference: string }): string {
  return instruction.endToEndId?.trim() || instruction.reference.trim();
}

export { complianceService } from '../compliance-service.js';

export function validationPolicy(config: Config, now = new Date()): ValidationPolicy {
  const b = config.banking;
  return {
    amountLocale: config.paymentFiles.amountLocale ?? b.amountLocale,
    executionDate: { now, timeZone: b.timeZone, cutOff: b.cutOff, onInvalid: b.onInvalidExecutionDate, holidays: b.holidays },
  };
}

/** What is typed on TX01 for a checked instruction: the end-to-end id (else the reference) is the posting's reference. */
export function toScreenEntry(payment: PaymentInstruction): PaymentInput {
  return {
    debitAccount: payment.debitAccount,
    beneficiaryName: payment.beneficiaryName,
    beneficiaryIban: payment.beneficiaryIban.iban,
    bic: payment.bic,
    amount: payment.amount.toString(),
    currency: payment.amount.currency,
    executionDate: payment.executionDate,
    reference: payment.endToEndId ?? payment.reference,
    remittance: payment.remittance,
  };
}

const where = (input: PaymentEntryInput) => (input.source ? `row ${input.source.row} of ${input.source.file}` : 'the instruction');

/** The target already shows this reference: the same payment (already posted), or another one (a conflict for a person). */
function samePayment(postings: Posting[], entry: PaymentInput): Posted | null {
  if (postings.length === 0) return null;
  const same = postings.find((p) => p.amount === entry.amount && p.currency === entry.currency);
  if (!same) {
    throw new BusinessRuleError(
      `reference ${entry.reference} is already used on the target by a different payment (${postings[0]!.amount} ${postings[0]!.currency}, confirmation ${postings[0]!.confirmation})`,
      { field: 'reference', postings: postings.map((p) => ({ confirmation: p.confirmation, amount: p.amount, currency: p.currency })) },
    );
  }
  return { ...same };
}

/**
 * Enters one payment instruction on the legacy bank's TX01 screen, exactly once: the
 * banking rules first, then postOnce (search by reference, write only if absent, read back).
 */
export const paymentEntry = defineBot({
  name: 'payment-entry',
  input: paymentEntryInput,
  key: (i) => paymentKey(i.instruction),
  target: 'legacy-bank',
  services: [complianceService, reconcileService],
  presentation: paymentPresentation,
  amount: (i, config) => moneyOrNone(() => instructionAmount(i.instruction, validationPolicy(config).amountLocale)),
  run: async (input, ctx): Promise<PaymentEntryResult> => {
    const source = input.source;
    const fromSource = { source: source && { file: source.file, sheet: source.sheet, row: source.row } };
    if (input.rowErrors?.length) {
      throw new BusinessRuleError(`${where(input)}: ${input.rowErrors.map((e) => (e.column ? `${e.column}: ${e.message}` : e.message)).join('; ')}`, {
        ...fromSource,
        problems: input.rowErrors,
      });
    }
    if (input.duplicateOfRow !== undefined) {
      throw new BusinessRuleError(`${where(input)} repeats the reference of row ${input.duplicateOfRow} of the same file`, {
        ...fromSource,
        field: 'reference',
        duplicateOfRow: input.duplicateOfRow,
      });
    }
    let payment;
    try {
      payment = validateInstruction(input.instruction, validationPolicy(ctx.config));
    } catch (err) {
      if (err instanceof BusinessRuleError) throw new BusinessRuleError(`${where(input)}: ${err.message}`, { ...err.details, ...fromSource });
      throw err;
    }
    const entry = toScreenEntry(payment);
    const reference = entry.reference;

    // Compliance before the legacy system: a hold stops the item for a two-person decision.
    const compliance = ctx.services.compliance;
    const toCheck: PaymentToCheck = {
      id: reference,
      debtorAccount: entry.debitAccount,
      beneficiaryName: entry.beneficiaryName,
      beneficiaryIban: entry.beneficiaryIban,
      beneficiaryBic: entry.bic,
      amount: payment.amount,
      at: new Date(),
    };
    const verdict = await compliance.check(toCheck, { released: ctx.item.releasedRules, itemId: ctx.item.itemId });
    if (verdict.hold) {
      await compliance.sendAlerts(verdict.alerts);
      throw new ComplianceHold(`${where(input)}: ${verdict.hold.message}`, verdict.hold.rule, { ...verdict.hold.details, ...fromSource });
    }
    // Alerts of a payment that goes on (review and alert-only hits) do not hold it up: a failing webhook retries for a while.
    void compliance.sendAlerts(verdict.alerts);

    const session = await ctx.session();
    await ctx.progress(20, 'validated; session ready');
    // Searches run on a tab of the session kept on the postings screen: its result page offers the
    // search form again, so each later search is one request rather than two.
    const lookUp = () =>
      session.use((page) => findPostings(page, session.baseUrl, reference), { tab: 'postings' }).then((found) => samePayment(found, entry));
    // The screenshot of the result page (evidence) is taken while the read-back searches on the postings tab.
    let resultShot: Promise<void> | undefined;
    const settleShot = async () => {
      try {
        await resultShot;
      } catch (err) {
        ctx.log.warn({ err }, 'the screenshot of the result page could not be saved');
      }
    };
    let steps;
    try {
      // Journalled under the item's business key: the same after an edit and resume changed the reference.
      steps = await ctx.postOnce({
        check: lookUp,
        write: () =>
          session.use(
            async (page) => {
              const confirmation = await enterPayment(page, session.baseUrl, entry);
              // The result page fits the viewport: a full-page screenshot would cost a layout pass more per payment.
              resultShot = page.screenshot().then((png) => ctx.evidence.save('result.png', png)).then(() => undefined);
              resultShot.catch(() => undefined); // settled below, whatever the read-back does
              return { ...confirmation };
            },
            { retry: false },
          ),
        readBack: lookUp,
      });
    } finally {
      await settleShot();
    }
    const { outcome, posted } = steps;
    await compliance.recordPosted(toCheck);
    // What the account's statement should show: the debit, under the payment's reference (reconcile-day's books side).
    await ctx.services.reconcile.expected.expect(
      entry.debitAccount,
      paymentDebit({ reference, amount: payment.amount, executionDate: entry.executionDate, beneficiaryName: entry.beneficiaryName, ...(source ? { file: source.file, row: source.row } : {}) }),
    );
    await ctx.progress(100, outcome);
    return {
      outcome,
      confirmation: posted.confirmation,
      reference,
      amount: entry.amount,
      currency: entry.currency,
      executionDate: entry.executionDate,
      requestedExecutionDate: payment.requestedExecutionDate,
      evidence: ctx.evidence.list().map((e) => e.path),
      compliance: verdict.record,
    };
  },
});
