/**
 * dd-control: the control of automated movements for direct debits. The day's direct-debit postings
 * are read from the bank's screen (DD03) and each is checked against the mandates we entered and the
 * collections we made: a debit with no mandate in the register, on a mandate whose collections are
 * stopped (cancelled, ended), with another amount than our collection, on another mandate, booked
 * twice for one collection (that day or an earlier one), or no collection of ours. Each finding is an
 * alert; a day with findings is an exception listing them all for a handler (a day is one item).
 */
import { z } from 'zod';
import { BusinessRuleError, mandateKey, Money, parseCreditorId, parseLocalDate } from '../../banking/index.js';
import { collectionLedgerService } from '../collection-ledger/index.js';
import { complianceService } from '../compliance-service.js';
import { defineBot } from '../kit/index.js';
import { findDirectDebitPostings } from '../targets/legacy-bank/index.js';
import { checkPosting, type Finding } from './posting-checks.js';

export { checkPosting, type Finding, type FindingKind, type PostingFacts, type PostingToCheck } from './posting-checks.js';
/** The control as a run a schedule or a night starts: one item for the day, and its report. */
export { ddControlOfDay, ddControlRun } from './run.js';

export interface DdControlResult {
  day: string;
  postings: number;
  findings: 0;
  total: string;
}

const LABEL: Record<Finding['kind'], string> = {
  'no-mandate': 'no active mandate',
  'cancelled-mandate': 'on a stopped mandate',
  'amount-differs': 'amount differs from the collection',
  'other-mandate': 'on another mandate than the collection',
  twice: 'booked twice',
  'no-collection': 'no collection of ours',
};

const keyOf = (creditorId: string, umr: string) => {
  try {
    return mandateKey({ creditorId: parseCreditorId(creditorId, 'creditorId').id, umr });
  } catch {
    return null;
  }
};

export const ddControl = defineBot({
  name: 'dd-control',
  input: z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'an ISO date such as 2027-01-05') }),
  key: (i) => `dd-control@${i.day}`,
  target: 'legacy-bank',
  services: [collectionLedgerService, complianceService],
  run: async (input, ctx): Promise<DdControlResult> => {
    parseLocalDate(input.day, 'day');
    const ledger = ctx.services.collections;
    const session = await ctx.session();
    const postings = await session.use((page) => findDirectDebitPostings(page, session.baseUrl, input.day));
    await ctx.progress(50, `${postings.length} postings read`);
    const findings: Finding[] = [];
    let total = Money.zero('EUR');
    for (const p of postings) {
      total = total.plus(Money.of(p.amount, 'EUR'));
      const key = keyOf(p.creditorId, p.umr);
      const [booked, state, collection, bookedBefore] = await Promise.all([
        key ? ledger.mandates.get(key) : null,
        key ? ledger.mandateState(key) : ({ presented: 0 } as { presented: number; stopped?: string }),
        p.endToEndId ? ledger.get(p.endToEndId) : null,
        p.endToEndId ? ledger.recordPosting(p.endToEndId, p.reference) : null,
      ]);
      findings.push(...checkPosting(p, { mandateKnown: booked !== null, ...(state.stopped ? { stopped: state.stopped } : {}), collection, ...(bookedBefore ? { bookedBefore } : {}) }));
    }
    if (findings.length) {
      await ctx.services.compliance.sendAlerts(
        findings.map((f) => ({
          type: `dd-control.${f.kind}`,
          severity: 'high' as const,
          title: `Direct debit ${LABEL[f.kind]}: posting ${f.posting} (${input.day})`,
          text: f.text,
          itemId: ctx.item.itemId,
          businessKey: f.posting,
          facts: { ...f, day: input.day },
        })),
      );
      const byKind = Object.entries(findings.reduce<Record<string, number>>((m, f) => ((m[LABEL[f.kind]] = (m[LABEL[f.kind]] ?? 0) + 1), m), {}));
      throw new BusinessRuleError(
        `direct-debit postings of ${input.day}: ${findings.length} finding(s) in ${postings.length} postings (${byKind.map(([k, n]) => `${n} ${k}`).join(', ')}): ${findings.map((f) => f.text).join('; ')}`,
        { field: 'postings', day: input.day, findings },
      );
    }
    ctx.log.info({ day: input.day, postings: postings.length }, 'direct-debit postings checked: nothing to report');
    return { day: input.day, postings: postings.length, findings: 0, total: total.toString() };
  },
});
