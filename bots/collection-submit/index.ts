/**
 * collection-submit: one pain.008 file uploaded to the bank exactly once. The bank's upload accepts
 * the same file twice (and may answer HTTP 500 after accepting it), so the upload goes through
 * postOnce: the bank's list of files is searched by the message id first, the file uploaded only when
 * the bank has none, and the list read back. A file changed since it was written (its sha256) or whose
 * message id is not the item's is refused before anything is sent.
 */
import { z } from 'zod';
import { BusinessRuleError } from '../../banking/index.js';
import { parsePain008 } from '../../extractors/formats/index.js';
import { readBounded } from '../../extractors/input/index.js';
import { defineBot, type BotContext, type Posted } from '../kit/index.js';
import { findCollectionFiles, uploadCollectionFile } from '../targets/legacy-bank/index.js';

export const collectionSubmitInput = z.object({
  /** The written pain.008 file. */
  file: z.string(),
  /** Its group header's MsgId: the key the bank's list is searched by. */
  messageId: z.string().min(1).max(35),
  /** sha256 of the file as written: a file changed since is not sent. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  count: z.number().int().positive(),
  /** Control sum as written (`84.00`). */
  controlSum: z.string(),
});
export type CollectionSubmitInput = z.infer<typeof collectionSubmitInput>;

export interface CollectionSubmitResult {
  outcome: 'submitted' | 'already-submitted';
  /** The bank's file reference (`DDF-000001`). */
  reference: string;
  messageId: string;
  count: number;
  controlSum: string;
}

const MAX_FILE_BYTES = 200 * 1024 * 1024;

/**
 * The upload of a written collection file, once: the procedure of collection-submit, also used by a
 * collection cycle's parent after it wrote its file (`key`: the postOnce key, the message id).
 */
export async function submitCollectionFile(input: CollectionSubmitInput, ctx: BotContext): Promise<CollectionSubmitResult> {
  const written = await readBounded(input.file, MAX_FILE_BYTES, 'collection file');
  if (written.sha256 !== input.sha256) {
    throw new BusinessRuleError(`the collection file ${input.messageId} changed since it was written (its sha256 differs): it is not sent`, { messageId: input.messageId, field: 'file' });
  }
  // The bytes just checked are the ones read: the file is not opened a second time.
  const message = parsePain008(written.bytes, { file: input.file });
  if (message.messageId !== input.messageId || message.count !== input.count || message.controlSum.toString() !== input.controlSum) {
    throw new BusinessRuleError(`the collection file holds message ${message.messageId} with ${message.count} collections of ${message.controlSum.toString()} EUR, not what the item says`, {
      messageId: input.messageId,
      field: 'file',
    });
  }
  const session = await ctx.session();
  await ctx.progress(20, 'file checked; session ready');
  const lookUp = async (): Promise<Posted | null> => {
    const files = await session.use((page) => findCollectionFiles(page, session.baseUrl, input.messageId));
    const first = files[0];
    if (files.length > 1) ctx.log.warn({ messageId: input.messageId, uploads: files.length }, 'the bank holds this collection file more than once');
    return first ? { confirmation: first.reference, transactions: first.transactions, amount: first.amount } : null;
  };
  const steps = await ctx.postOnce(
    {
      check: lookUp,
      write: () => session.use((page) => uploadCollectionFile(page, session.baseUrl, input.file).then((u) => ({ confirmation: u.reference, ...u })), { retry: false }),
      readBack: lookUp,
    },
    { key: `collection-file:${input.messageId}` },
  );
  await ctx.progress(100, steps.outcome);
  return {
    outcome: steps.outcome === 'posted' ? 'submitted' : 'already-submitted',
    reference: steps.posted.confirmation,
    messageId: input.messageId,
    count: input.count,
    controlSum: input.controlSum,
  };
}

export const collectionSubmit = defineBot({
  name: 'collection-submit',
  input: collectionSubmitInput,
  key: (i) => i.messageId,
  target: 'legacy-bank',
  run: (input, ctx) => submitCollectionFile(input, ctx),
});
