/**
 * statement-fetch: one account's statement for one day, fetched from the bank's screen (ST01) in the
 * configured format, kept under `<dataDir>/statements/<account>/`, read and checked to add up, and
 * recorded with its balances. The same account and day is one item (`account@day`). A statement whose
 * opening balance is not the previous statement's closing balance is an exception: a gap in the
 * statement sequence, reconciled past by nobody.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { BusinessRuleError, Money, parseLocalDate } from '../../banking/index.js';
import { parseBankFile } from '../../extractors/formats/index.js';
import { defineBot } from '../kit/index.js';
import { reconcileService } from '../reconcile/index.js';
import { downloadStatement } from '../targets/legacy-bank/index.js';

export interface StatementFetchResult {
  account: string;
  date: string;
  format: string;
  file: string;
  sha256: string;
  opening: string;
  closing: string;
  currency: string;
  entries: number;
}

export const statementFetch = defineBot({
  name: 'statement-fetch',
  input: z.object({
    /** The account number or IBAN, as the bank's screen takes it. */
    account: z.string().regex(/^[A-Z0-9]{6,34}$/, 'an account number or IBAN, letters and digits'),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'an ISO date such as 2027-01-05'),
    format: z.enum(['camt053', 'mt940']).optional(),
  }),
  key: (i) => `${i.account}@${i.date}`,
  target: 'legacy-bank',
  services: [reconcileService],
  run: async (input, ctx): Promise<StatementFetchResult> => {
    parseLocalDate(input.date, 'date');
    const format = input.format ?? ctx.config.statements.format;
    const session = await ctx.session();
    const got = await session.use((page) => downloadStatement(page, session.baseUrl, input.account, input.date, format, ctx.config.statements.maxFileMB * 1024 * 1024));
    const dir = path.join(ctx.config.dataDir, 'statements', input.account);
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `${input.date}${path.extname(got.name) || (format === 'camt053' ? '.xml' : '.sta')}`);
    await writeFile(file, got.bytes);
    await ctx.progress(50, `${got.name} fetched`);
    // Read and checked, from the bytes downloaded: a statement that does not add up stops here (StatementOutOfBalance).
    const sha256 = createHash('sha256').update(got.bytes).digest('hex');
    const read = parseBankFile(got.bytes, { file, sha256 });
    const statement = read.kind === 'mt940' || read.kind === 'camt.053' ? read.statements[0] : undefined;
    if (!statement) throw new BusinessRuleError(`the bank's file for ${input.account} on ${input.date} is no statement (${read.kind})`, { field: 'account', file: got.name });
    const opening = statement.opening.amount;
    const closing = statement.closing.amount;
    const book = ctx.services.reconcile.statements;
    const before = await book.previous(input.account, input.date);
    if (before && !Money.of(before.closing, before.currency).equals(opening)) {
      throw new BusinessRuleError(
        `gap in the statement sequence of ${input.account}: the statement of ${input.date} opens with ${opening.toString()} ${opening.currency}, the one of ${before.date} closed with ${before.closing} ${before.currency}`,
        { field: 'opening', account: input.account, date: input.date, previous: before.date, opening: opening.toString(), previousClosing: before.closing },
      );
    }
    const fetched = { date: input.date, opening: opening.toString(), closing: closing.toString(), currency: opening.currency, file, sha256, entries: statement.entries.length };
    await book.record(input.account, fetched);
    ctx.log.info({ account: input.account, date: input.date, entries: fetched.entries }, 'statement fetched');
    return { account: input.account, format, ...fetched };
  },
});
