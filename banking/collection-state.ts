/**
 * Where a collection is in its life, and which steps are allowed: planned → in a file → submitted →
 * accepted (pain.002) → settled (camt.054), or rejected before settlement; after settlement returned
 * or refunded; a rejected or returned collection may be re-presented (a new collection in the next
 * cycle). Every other step is refused, so that an answer applied twice changes nothing the second time.
 */
export type CollectionState = 'planned' | 'in-file' | 'submitted' | 'accepted' | 'settled' | 'rejected' | 'returned' | 'refunded' | 're-presented';
export const COLLECTION_STATES: readonly CollectionState[] = ['planned', 'in-file', 'submitted', 'accepted', 'settled', 'rejected', 'returned', 'refunded', 're-presented'];

/** The states a collection may come from to reach each state. */
export const COLLECTION_STEPS: Readonly<Record<CollectionState, readonly CollectionState[]>> = {
  planned: [],
  'in-file': ['planned'],
  submitted: ['in-file'],
  accepted: ['submitted'],
  // A bank's notification may come before its status report: settled from submitted too.
  settled: ['submitted', 'accepted'],
  rejected: ['submitted', 'accepted'],
  returned: ['settled', 'accepted', 'submitted'],
  // A refund's notification may be read before the settlement's (the same camt.054 holds both).
  refunded: ['settled', 'returned', 'submitted', 'accepted'],
  're-presented': ['rejected', 'returned'],
};

export const canStep = (from: CollectionState, to: CollectionState) => COLLECTION_STEPS[to].includes(from);

/** Whether a collection in this state counts as presented to the debtor's bank (for the next sequence type). */
export const presented = (state: CollectionState) => ['submitted', 'accepted', 'settled', 'returned', 'refunded'].includes(state);

/** How far along its life each state is (rejected beside settled: either ends the way to the bank). */
const STAGE: Readonly<Record<CollectionState, number>> = { planned: 0, 'in-file': 1, submitted: 2, accepted: 3, settled: 4, rejected: 4, returned: 5, refunded: 6, 're-presented': 6 };

/** Whether a collection in `state` has not yet got as far as `to` (an answer for `to` came too soon). */
export const notYetAt = (state: CollectionState, to: CollectionState) => STAGE[state] < STAGE[to];
