/** What a BullMQ job of ours carries. */
export interface ItemData {
  bot: string;
  runId: string;
  businessKey: string;
  input: unknown;
}
