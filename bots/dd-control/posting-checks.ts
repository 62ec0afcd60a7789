/**
 * The checks of one direct-debit posting against the mandates and our collections: what the control
 * of automated movements finds wrong with it, if anything. Pure: what it needs is looked up for it.
 */
import { Money } from '../../banking/index.js';
import type { LedgerCollection } from '../collection-ledger/index.js';

export interface PostingToCheck {
  reference: string;
  bookedOn: string;
  umr: string;
  creditorId: string;
  endToEndId: string;
  /** "20.10", EUR. */
  amount: string;
}

export type FindingKind = 'no-mandate' | 'cancelled-mandate' | 'amount-differs' | 'other-mandate' | 'twice' | 'no-collection';

export interface Finding {
  kind: FindingKind;
  posting: string;
  umr: string;
  endToEndId: string;
  amount: string;
  /** For a person: what is wrong and what to do. */
  text: string;
}

/** What is known of the posting's mandate and collection. */
export interface PostingFacts {
  /** The mandate is in the register we entered. */
  mandateKnown: boolean;
  /** Why collections on it are stopped (cancelled, ended), if they are. */
  stopped?: string;
  /** Our collection with the posting's end-to-end id, if we made it. */
  collection: LedgerCollection | null;
  /** The posting already booked for this collection, when this one is another. */
  bookedBefore?: string;
}

/** The findings on one posting (none: it is one of our collections, as we made it, booked once). */
export function checkPosting(p: PostingToCheck, facts: PostingFacts): Finding[] {
  const base = { posting: p.reference, umr: p.umr, endToEndId: p.endToEndId, amount: p.amount };
  const out: Finding[] = [];
  const c = facts.collection;
  if (facts.bookedBefore) {
    out.push({ ...base, kind: 'twice', text: `collection ${p.endToEndId} was booked twice (${facts.bookedBefore} and ${p.reference}): ask the bank to reverse the second debit` });
  }
  if (c) {
    if (c.umr !== p.umr) out.push({ ...base, kind: 'other-mandate', text: `posting ${p.reference} books collection ${p.endToEndId} on mandate ${p.umr}; we collected it on ${c.umr}` });
    if (!Money.of(p.amount, 'EUR').equals(Money.of(c.amount, 'EUR'))) {
      out.push({ ...base, kind: 'amount-differs', text: `posting ${p.reference} debits ${p.amount} EUR for collection ${p.endToEndId}, which we made for ${c.amount} EUR: ask the bank to correct the debit` });
    }
    return out;
  }
  if (!facts.mandateKnown) {
    out.push({ ...base, kind: 'no-mandate', text: `posting ${p.reference} debits ${p.amount} EUR on mandate ${p.umr} of ${p.creditorId}, which is not in the register: no active mandate covers it; ask the bank to reverse it` });
  } else if (facts.stopped) {
    out.push({ ...base, kind: 'cancelled-mandate', text: `posting ${p.reference} debits ${p.amount} EUR on mandate ${p.umr}, on which collections are stopped (${facts.stopped}): ask the bank to reverse it` });
  } else {
    out.push({ ...base, kind: 'no-collection', text: `posting ${p.reference} debits ${p.amount} EUR on mandate ${p.umr} with end-to-end id ${p.endToEndId}, which is no collection of ours: find who collected it` });
  }
  return out;
}
