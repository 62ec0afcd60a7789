import { digestOf } from './canonical-json.js';

/** A compliance hold released by four-eyes approval, for one item and the exact input they saw. */
export interface ReleasedHold {
  rule: string;
  exceptionId: string;
  approvedBy: string[];
  /** `digestOf` the item's input when it was released: once the input changes, the release no longer applies. */
  inputDigest?: string;
}

/** What a BullMQ job of ours carries. */
export interface ItemData {
  bot: string;
  runId: string;
  businessKey: string;
  input: unknown;
  /** Holds released for this item: the compliance step does not stop it again for these rules. */
  released?: ReleasedHold[];
}

/** The rules released for the item's input as it is now: a release never covers data its approvers did not see. */
export function releasedRulesOf(data: ItemData): string[] {
  const digest = data.released?.length ? digestOf(data.input) : '';
  return (data.released ?? []).filter((r) => r.inputDigest === undefined || r.inputDigest === digest).map((r) => r.rule);
}
