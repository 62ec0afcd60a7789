/** TX01 payment entry: entry form → confirmation page (a JavaScript confirm() dialog) → result page. */
import type { Dialog, Page } from 'playwright-core';
import { BusinessRuleError } from '../../kit/index.js';
import { clickElement, elementTexts, fillForm, hasElement } from './form.js';
import { PATHS, PAYMENT_LABELS, SELECTORS, TARGET } from './constants.js';
import { navigate, submit, trimBaseUrl } from './navigation.js';
import { cleanText, compactIban, formatScreenAmount, formatScreenDate, parseAmount, parseDate } from './parse.js';

export interface PaymentInput {
  /** Account number or IBAN of one of the bank's own accounts. */
  debitAccount: string;
  beneficiaryName: string;
  beneficiaryIban: string;
  bic?: string;
  /** Canonical decimal, e.g. "1234.56" (typed as "1.234,56"). */
  amount: string;
  currency: string;
  /** "YYYY-MM-DD" (typed as dd/mm/yyyy). */
  executionDate: string;
  /** The end-to-end id / customer reference (max 35): the business key of the posting. */
  reference: string;
  remittance?: string;
}

/** What the result page shows (compatible with the kit's `Posted`). */
export interface PaymentConfirmation {
  /** The target's confirmation number, e.g. "TX20240305000042". */
  confirmation: string;
  reference: string;
  /** Canonical decimal string. */
  amount: string;
  currency: string;
  /** "YYYY-MM-DD". */
  executionDate: string;
  /** 10-digit account number. */
  debitAccount: string;
  status: string;
  [detail: string]: unknown;
}

/** The red validation lines at the top of a re-displayed form: the target's words, as plain strings. */
export async function readScreenErrors(page: Page): Promise<string[]> {
  const lines = await elementTexts(page, SELECTORS.errorLines);
  return lines.map(cleanText).filter((l) => l !== '');
}

/** Label → value of every two-cell row whose first cell ends with ":" (the details tables). */
async function readLabelValues(page: Page): Promise<Record<string, string>> {
  const raw = await page.evaluate(() => {
    const out: Record<string, string> = {};
    for (const row of Array.from(document.querySelectorAll('tr'))) {
      const cells = Array.from(row.cells);
      if (cells.length !== 2) continue;
      const label = (cells[0]?.innerText ?? '').replace(/[\s\u00a0]+/g, ' ').trim();
      if (label.endsWith(':') && !(label in out)) out[label] = cells[1]?.innerText ?? '';
    }
    return out;
  });
  const cleaned: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) cleaned[k] = cleanText(v);
  return cleaned;
}

function need(details: Record<string, string>, label: string, where: string, page: Page): string {
  const v = details[label];
  if (v === undefined) throw new Error(`${TARGET}: "${label}" not found on the ${where} (${page.url()})`);
  return v;
}

/** Canonical form of a decimal for comparison: "0001234.5" → "1234.50" (2 decimals assumed at most). */
function sameAmount(screenCanonical: string, input: string): boolean {
  const [u = '', m = ''] = input.trim().split('.');
  const normal = `${u.replace(/^0+(?=\d)/, '')}.${m.padEnd(2, '0')}`;
  return screenCanonical === normal;
}

function dataError(message: string, payment: PaymentInput, field: string): BusinessRuleError {
  return new BusinessRuleError(message, { target: TARGET, reference: payment.reference, field });
}

/**
 * Enters a payment on TX01 and posts it: fills the form, submits, checks that the confirmation page
 * shows what was meant (reference, amount, currency, beneficiary IBAN), accepts the confirm() dialog,
 * and reads the confirmation number from the result page.
 * - the screen's validation errors → BusinessRuleError, the messages in `details.screenErrors`
 * - an amount or date not in canonical form → BusinessRuleError (before anything is typed)
 * - every page through `checkPage`: maintenance → TargetUnavailable, session ended → SessionLost,
 *   HTTP 500 → TargetServerError (on the confirm step the posting MAY exist: search by reference first)
 * - the confirmation page showing something else than was entered → Error (nothing posted)
 * A duplicate reference is NOT refused by the target: callers guard with postOnce / findPostings.
 */
export async function enterPayment(page: Page, baseUrl: string, payment: PaymentInput): Promise<PaymentConfirmation> {
  let amountText: string;
  let dateText: string;
  try {
    amountText = formatScreenAmount(payment.amount);
  } catch {
    throw dataError(`Payment ${payment.reference}: amount is not a decimal like "1234.56"`, payment, 'amount');
  }
  try {
    dateText = formatScreenDate(payment.executionDate);
  } catch {
    throw dataError(`Payment ${payment.reference}: execution date is not "YYYY-MM-DD"`, payment, 'executionDate');
  }

  await navigate(page, `${trimBaseUrl(baseUrl)}${PATHS.payment}`);
  const f = SELECTORS.payment;
  await fillForm(page, {
    [f.debitAccount]: payment.debitAccount,
    [f.beneficiaryName]: payment.beneficiaryName,
    [f.beneficiaryIban]: payment.beneficiaryIban,
    [f.bic]: payment.bic ?? '',
    [f.amount]: amountText,
    [f.currency]: payment.currency,
    [f.executionDate]: dateText,
    [f.reference]: payment.reference,
    [f.remittance]: payment.remittance ?? '',
  });
  await submit(page, () => clickElement(page, f.continueButton));

  if (!(await hasElement(page, f.confirmButton))) {
    const screenErrors = await readScreenErrors(page);
    if (screenErrors.length > 0) {
      throw new BusinessRuleError(`${TARGET} rejected payment ${payment.reference}: ${screenErrors.join('; ')}`, {
        target: TARGET,
        reference: payment.reference,
        screenErrors,
      });
    }
    throw new Error(`${TARGET}: after entering payment ${payment.reference}, neither the confirmation page nor errors (${page.url()})`);
  }

  // the confirmation page must show what we meant before we post it
  const shown = await readLabelValues(page);
  const where = 'payment confirmation page';
  const mismatches: string[] = [];
  if (need(shown, PAYMENT_LABELS.reference, where, page) !== payment.reference.trim()) mismatches.push('reference');
  if (!sameAmount(parseAmount(need(shown, PAYMENT_LABELS.amount, where, page)), payment.amount)) mismatches.push('amount');
  if (need(shown, PAYMENT_LABELS.currency, where, page) !== payment.currency.trim().toUpperCase()) mismatches.push('currency');
  if (compactIban(need(shown, PAYMENT_LABELS.beneficiaryIban, where, page)) !== compactIban(payment.beneficiaryIban)) mismatches.push('beneficiary IBAN');
  if (mismatches.length > 0) {
    throw new Error(`${TARGET}: the confirmation page of payment ${payment.reference} shows a different ${mismatches.join(', ')} than entered; not posted`);
  }

  const onDialog = (dialog: Dialog) => {
    const answer = dialog.type() === 'confirm' ? dialog.accept() : dialog.dismiss();
    answer.catch(() => undefined);
  };
  page.on('dialog', onDialog);
  try {
    await submit(page, () => clickElement(page, f.confirmButton));
  } finally {
    page.off('dialog', onDialog);
  }

  const result = await readLabelValues(page);
  const confirmation = result[PAYMENT_LABELS.confirmation];
  if (!confirmation || !/^[A-Z0-9-]+$/.test(confirmation)) {
    throw new Error(`${TARGET}: no confirmation number on the page after confirming payment ${payment.reference} (${page.url()}); it may have been posted`);
  }
  const where2 = 'payment result page';
  return {
    confirmation,
    reference: need(result, PAYMENT_LABELS.reference, where2, page),
    amount: parseAmount(need(result, PAYMENT_LABELS.amount, where2, page)),
    currency: need(result, PAYMENT_LABELS.currency, where2, page),
    executionDate: parseDate(need(result, PAYMENT_LABELS.executionDate, where2, page)),
    debitAccount: need(result, PAYMENT_LABELS.debitAccount, where2, page),
    status: need(result, PAYMENT_LABELS.status, where2, page),
  };
}
