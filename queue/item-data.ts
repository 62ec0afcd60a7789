/** A compliance hold released by four-eyes approval, for one item. */
export interface ReleasedHold {
  rule: string;
  exceptionId: string;
  approvedBy: string[];
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
