/**
 * statement-fetch: one account's statement for one period, a day (2027-01-05) or a month (2027-01),
 * fetched from the bank's screen (ST01) in the configured format (PDF, camt.053, MT940; the
 * transaction history screens, every page back to the period, when no file is offered or `history`
 * is asked for), kept under `<dataDir>/statements/<account>/`, read and checked to add up, and
 * recorded with its balances. The same account and period is one item (`account@period`). A
 * statement whose opening balance is not the previous one's closing balance (days and months are
 * each their own sequence) is an exception: a gap in the statement sequence, reconciled past by nobody.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { BusinessRuleError, parseLocalDate } from '../../banking/index.js';
import type { Statement } from '../../extractors/statement/index.js';
import { defineBot } from '../kit/index.js';
import { accountKeysOf, keepStatement, reconcileService } from '../reconcile/index.js';
import { periodDays, readStatementFile, statementFromHistory, type KeptHistory } from '../statement-file/index.js';
import { downloadStatement, findAccount, readHistory } from '../targets/legacy-bank/index.js';

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
    /** The period: a day (2027-01-05) or a month (2027-01). */
    date: z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, 'an ISO day such as 2027-01-05, or a month such as 2027-01'),
    /** The file asked for; `history` reads the transaction history screens instead (also when the screen offers no file). */
    format: z.enum(['camt053', 'mt940', 'pdf', 'history']).optional(),
  }),
  key: (i) => `${i.account}@${i.date}`,
  target: 'legacy-bank',
  services: [reconcileService],
  run: async (input, ctx): Promise<StatementFetchResult> => {
    parseLocalDate(periodDays(input.date).to, 'date');
    const format = input.format ?? ctx.config.statements.format;
    const session = await ctx.session();
    const dir = path.join(ctx.config.dataDir, 'statements', input.account);
    await mkdir(dir, { recursive: true });
    const got = format === 'history' ? null : await session.use((page) => downloadStatement(page, session.baseUrl, input.account, input.date, format, ctx.config.statements.maxFileMB * 1024 * 1024));
    let file: string;
    let sha256: string;
    let statement: Statement | undefined;
    if (got) {
      file = path.join(dir, `${input.date}${path.extname(got.name) || '.xml'}`);
      await writeFile(file, got.bytes);
      await ctx.progress(50, `${got.name} fetched`);
      // Read and checked, from the bytes downloaded: a statement that does not add up stops here (StatementOutOfBalance).
      sha256 = createHash('sha256').update(got.bytes).digest('hex');
      statement = (await readStatementFile(file, got.bytes, sha256, format === 'pdf')).statements[0];
      if (!statement) throw new BusinessRuleError(`the bank's file for ${input.account} on ${input.date} is no statement`, { field: 'account', file: got.name });
    } else {
      // No file offered (or the history asked for): the history screens, every page back to the day before, kept as read.
      const details = await session.use((page) => findAccount(page, session.baseUrl, input.account));
      const history = await session.use((page) => readHistory(page, session.baseUrl, input.account, { olderThan: periodDays(input.date).from }));
      const kept: KeptHistory = { details, day: input.date, readAt: new Date().toISOString(), newestFirst: history };
      const bytes = Buffer.from(JSON.stringify(kept, null, 2));
      file = path.join(dir, `${input.date}.history.json`);
      await writeFile(file, bytes);
      sha256 = createHash('sha256').update(bytes).digest('hex');
      statement = statementFromHistory(history, details, input.date, file, sha256);
    }
    const accounts = [...new Set([input.account, ...accountKeysOf(statement.account)])];
    const fetched = await keepStatement(ctx.services.reconcile.statements, statement, { file, sha256, day: input.date, accounts });
    ctx.log.info({ account: input.account, date: input.date, entries: fetched.entries }, 'statement fetched');
    return { account: input.account, format: got ? format : 'history', ...fetched };
  },
});

export { statementsOfDay, statementsOfDayRun } from './run.js';
