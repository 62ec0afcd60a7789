/**
 * collection-return: one answer of the bank about one collection (a line of a pain.002 status report
 * or of a camt.054 notification) applied to the ledger once, and acted on by its reason code:
 * - closed or blocked account, no mandate, deceased debtor (AC04, AC06, MD01, MD07): the mandate is
 *   stopped (its next collections are refused) and an exception tells a handler what to do;
 * - insufficient funds (AM04): presented again once in the next cycle; a second time, an exception;
 * - refusal (MS02) or refund (MD06): never presented again; a refund is flagged for follow-up.
 * An answer about a file we did not send, about a collection we never made, or with a reason code we
 * do not know is an exception saying which; nothing is applied. The same answer twice changes nothing.
 */
import { z } from 'zod';
import { BusinessRuleError, Money, notYetAt, RpaError, todayIn, type CollectionState } from '../../banking/index.js';
import { collectionLedgerService, type CollectionLedger, type LedgerCollection } from '../collection-ledger/index.js';
import { collectionCreditId, collectionReturnDebit, reconcileService } from '../reconcile/index.js';
import { WHOLE_FILE } from './answers-run.js';
import { defineBot, moneyOrNone, type BotContext } from '../kit/index.js';

export const collectionReturnInput = z.object({
  answer: z.object({
    kind: z.enum(['pain.002', 'camt.054']),
    /** The answer's own message id. */
    messageId: z.string(),
    file: z.string(),
    /** pain.002: the file it answers (`OrgnlMsgId`). */
    originalMessageId: z.string().optional(),
  }),
  endToEndId: z.string(),
  status: z.enum(['accepted', 'rejected', 'settled', 'returned']),
  reasonCode: z.string().optional(),
  amount: z.string().optional(),
});
export type CollectionReturnInput = z.infer<typeof collectionReturnInput>;

type Action = { kind: 'stop'; what: string } | { kind: 're-present' } | { kind: 'no-re-presentation' } | { kind: 'refund' };

/**
 * An answer about a collection not yet where the answer needs it (a status report read before the
 * cycle recorded its file as submitted): retried later, nothing applied now.
 */
export class AnswerBeforeItsTime extends RpaError {
  readonly whatNext = 'Nothing to do: the answer is applied on a later attempt. If it still fails, look at the collection cycle that sent the file.';
  constructor(endToEndId: string, from: CollectionState, to: CollectionState) {
    super(`collection ${endToEndId} is ${from}; the answer that makes it ${to} is applied once it has got that far`);
  }
}

/** What each reason code does (the rulebook's codes this bank answers with). */
export const REASON_ACTIONS: Readonly<Record<string, Action>> = {
  AC04: { kind: 'stop', what: "the debtor's account is closed: ask the creditor to obtain the debtor's new account and a new mandate" },
  AC06: { kind: 'stop', what: "the debtor's account is blocked: ask the creditor to contact the debtor; lift the stop only when the debtor's bank confirms the account is usable" },
  MD01: { kind: 'stop', what: "the debtor's bank knows no mandate: check the mandate in the register with the creditor, and obtain a signed mandate before collecting again" },
  MD07: { kind: 'stop', what: 'the debtor is deceased: tell the creditor; the claim goes to the estate, not by direct debit' },
  AM04: { kind: 're-present' },
  MS02: { kind: 'no-re-presentation' },
  MD06: { kind: 'refund' },
};

/** The action for a reason code: the configured one (directDebits.reasonActions) over the built-in table. */
export function actionFor(code: string, configured: Readonly<Record<string, Action['kind']>>): Action | undefined {
  const kind = configured[code];
  if (!kind) return REASON_ACTIONS[code];
  if (kind !== 'stop') return { kind };
  const builtIn = REASON_ACTIONS[code];
  return { kind, what: builtIn?.kind === 'stop' ? builtIn.what : `the bank answered ${code}: check the mandate with the creditor before collecting again` };
}

export interface CollectionReturnResult {
  outcome: 'applied' | 'already-applied';
  endToEndId: string;
  state: CollectionState;
  action?: string;
  /** A whole-file answer: how many collections it spoke of. */
  collections?: number;
}

const STATE_OF: Record<CollectionReturnInput['status'], CollectionState> = { accepted: 'accepted', rejected: 'rejected', settled: 'settled', returned: 'returned' };

/**
 * What the creditor's statement should now show (reconcile-day's books side): a rejected collection is
 * never credited (its expectation withdrawn); a returned or refunded one is debited back, today.
 */
async function expectOnCreditorAccount(ctx: BotContext, c: LedgerCollection, status: CollectionReturnInput['status'], file: string): Promise<void> {
  const iban = c.entry?.creditor.iban;
  if (!iban) return;
  const expected = ctx.services.reconcile.expected;
  if (status === 'rejected') await expected.withdraw(iban, c.collectionDate, collectionCreditId(c.endToEndId));
  if (status === 'returned') {
    await expected.expect(iban, collectionReturnDebit({ endToEndId: c.endToEndId, amount: c.amount, ...(c.entry?.debtorName ? { debtorName: c.entry.debtorName } : {}) }, todayIn(ctx.config.banking.timeZone, new Date()), file));
  }
}

export const collectionReturn = defineBot({
  name: 'collection-return',
  input: collectionReturnInput,
  key: (i) => `${i.answer.messageId}/${i.endToEndId}/${i.status}`,
  services: [collectionLedgerService, reconcileService],
  // The money of a return (SEPA direct debits are in euro); the other answers are statuses of collections whose money collection-plan counts.
  amount: (i) => (i.status !== 'returned' ? null : moneyOrNone(() => (i.amount ? Money.of(i.amount, 'EUR') : undefined))),
  run: async (input, ctx): Promise<CollectionReturnResult> => {
    const ledger = ctx.services.collections;
    const facts = { answer: input.answer.messageId, file: input.answer.file, endToEndId: input.endToEndId, ...(input.reasonCode ? { reasonCode: input.reasonCode } : {}) };
    if (input.answer.originalMessageId && !(await ledger.knowsFile(input.answer.originalMessageId))) {
      throw new BusinessRuleError(`${input.answer.kind} ${input.answer.messageId} answers file ${input.answer.originalMessageId}, which we did not send`, { ...facts, field: 'answer' });
    }
    if (input.endToEndId === WHOLE_FILE) return wholeFile(input, ctx.services.collections, facts);
    const collection = await ledger.get(input.endToEndId);
    if (!collection) throw new BusinessRuleError(`${input.answer.kind} ${input.answer.messageId} is about collection ${input.endToEndId}, which we never made`, { ...facts, field: 'endToEndId' });
    const negative = input.status === 'rejected' || input.status === 'returned';
    const action = negative ? actionFor(input.reasonCode ?? '', ctx.config.directDebits.reasonActions) : undefined;
    if (negative && !action) {
      throw new BusinessRuleError(`collection ${input.endToEndId} came back with the reason code "${input.reasonCode ?? '(none)'}", which we do not know: nothing was applied`, { ...facts, field: 'reasonCode' });
    }
    const to: CollectionState = action?.kind === 'refund' ? 'refunded' : STATE_OF[input.status];
    const source = `${input.answer.kind} ${input.answer.messageId}`;
    const step = await ledger.step(input.endToEndId, collection.mandateKey, to, { ...(input.reasonCode ? { reason: input.reasonCode } : {}), source });
    if (!step.applied && step.from && notYetAt(step.from, to)) throw new AnswerBeforeItsTime(input.endToEndId, step.from, to);
    const outcome = step.applied ? 'applied' : 'already-applied';
    await expectOnCreditorAccount(ctx, collection, input.status, input.answer.file);
    ctx.log.info({ endToEndId: input.endToEndId, to, outcome, reasonCode: input.reasonCode }, 'collection answer applied');
    if (!action) return { outcome, endToEndId: input.endToEndId, state: to };
    switch (action.kind) {
      case 'stop': {
        await ledger.stopMandate(collection.mandateKey, `${input.reasonCode} (${source})`);
        throw new BusinessRuleError(`collection ${input.endToEndId} on mandate ${collection.umr} came back ${input.reasonCode}: ${action.what}. Collections on this mandate are stopped.`, {
          ...facts,
          field: 'reasonCode',
          umr: collection.umr,
        });
      }
      case 're-present': {
        if (collection.represents) {
          throw new BusinessRuleError(`collection ${input.endToEndId} on mandate ${collection.umr} came back ${input.reasonCode} again after it was presented a second time: ask the creditor how to claim it`, {
            ...facts,
            field: 'reasonCode',
            umr: collection.umr,
          });
        }
        await ledger.step(input.endToEndId, collection.mandateKey, 're-presented', { reason: input.reasonCode ?? '', source });
        await ledger.dueForRepresentation(input.endToEndId);
        return { outcome, endToEndId: input.endToEndId, state: 're-presented', action: 'presented again in the next cycle' };
      }
      case 'refund':
        return { outcome, endToEndId: input.endToEndId, state: to, action: 'refund to follow up with the creditor' };
      default:
        return { outcome, endToEndId: input.endToEndId, state: to, action: 'not presented again' };
    }
  },
});

/**
 * A status report about a whole file (no transaction in it): accepted, every collection of the file
 * is; rejected, every one is, and a handler is told why, for the file must be corrected and sent again.
 */
async function wholeFile(input: CollectionReturnInput, ledger: CollectionLedger, facts: Record<string, unknown>): Promise<CollectionReturnResult> {
  const file = input.answer.originalMessageId!;
  const ids = (await ledger.fileCollections(file)) ?? [];
  const to: CollectionState = input.status === 'rejected' ? 'rejected' : 'accepted';
  let applied = 0;
  for (const id of ids) {
    const c = await ledger.get(id);
    if (c && (await ledger.step(id, c.mandateKey, to, { ...(input.reasonCode ? { reason: input.reasonCode } : {}), source: `${input.answer.kind} ${input.answer.messageId} (whole file)` })).applied) applied++;
  }
  if (to === 'rejected') {
    throw new BusinessRuleError(`the bank rejected collection file ${file} as a whole (${input.reasonCode ?? 'no reason given'}): none of its ${ids.length} collections will be debited. Correct the file's problem and collect them in a new file.`, {
      ...facts,
      field: 'answer',
      collections: ids.length,
    });
  }
  return { outcome: applied > 0 ? 'applied' : 'already-applied', endToEndId: WHOLE_FILE, state: to, collections: ids.length };
}

export { AnswerFileRejected, answerLines, collectionAnswers, collectionAnswersRun, WHOLE_FILE } from './answers-run.js';
export { collectionAnswersFetch, type CollectionAnswersFetchResult } from './fetch-answers.js';
