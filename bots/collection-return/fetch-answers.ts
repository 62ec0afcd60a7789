/**
 * collection-answers-fetch: the bank's answers to our collection files (DD02) brought in: each answer
 * not fetched before is downloaded and put in the answers drop folder (collectionAnswers.inbox), where
 * the collection-answers run takes it like a file put there by hand. An answer (its name and when the
 * bank made it) is marked fetched only once it is in the folder; one fetched twice after a crash is the same content, so the same run.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { collectionLedgerService } from '../collection-ledger/index.js';
import { defineBot } from '../kit/index.js';
import { downloadCollectionAnswer, listCollectionAnswers } from '../targets/legacy-bank/index.js';

export interface CollectionAnswersFetchResult {
  listed: number;
  /** Answers put in the drop folder now. */
  fetched: string[];
  /** Listed and fetched before. */
  already: number;
  inbox: string;
}

export const collectionAnswersFetch = defineBot({
  name: 'collection-answers-fetch',
  input: z.object({
    /** When the fetch was asked for (a schedule's tick, an operator's click): the item's key, so one ask is one fetch. */
    asOf: z.string().min(1),
  }),
  key: (i) => `answers@${i.asOf}`,
  target: 'legacy-bank',
  services: [collectionLedgerService],
  run: async (input, ctx): Promise<CollectionAnswersFetchResult> => {
    const ledger = ctx.services.collections;
    const inbox = ctx.config.collectionAnswers.inbox;
    const maxBytes = ctx.config.collectionAnswers.maxFileMB * 1024 * 1024;
    const session = await ctx.session();
    const rows = await session.use((page) => listCollectionAnswers(page, session.baseUrl));
    await mkdir(inbox, { recursive: true });
    const fetched: string[] = [];
    let already = 0;
    for (const [i, row] of rows.entries()) {
      // A bank may reuse a name (a new cycle of numbers): the answer is its name and when it was made.
      const seen = `${row.name}@${row.created}`;
      if (await ledger.answerFetched(seen)) {
        already++;
        continue;
      }
      const bytes = await session.use((page) => downloadCollectionAnswer(page, session.baseUrl, row.name, maxBytes));
      // Written beside and renamed: the drop folder never sees half a file.
      const part = path.join(inbox, `.${row.name}.part`);
      await writeFile(part, bytes);
      await rename(part, path.join(inbox, row.name));
      await ledger.markAnswerFetched(seen);
      fetched.push(row.name);
      await ctx.progress(Math.round(((i + 1) / rows.length) * 100), `${row.name} fetched`);
    }
    ctx.log.info({ listed: rows.length, fetched: fetched.length, already }, 'collection answers fetched');
    return { listed: rows.length, fetched, already, inbox };
  },
});
