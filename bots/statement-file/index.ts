/**
 * bots/statement-file — statements that arrive as files take the same path as those statement-fetch
 * downloads: kept, read and checked to add up, checked against the previous statement (a gap is an
 * exception), and recorded per account and day for the reconciliation.
 *
 *   statementFilesRun   // the run: a PDF, camt.052/053/054 or MT940/MT942 file (drop folder statements.inbox, the board, rpa dispatch)
 *   statementFile       // bot, one per statement or report in the file
 *   statementFiles      // bot, the run's parent: what was kept
 *   readStatementFile   // a PDF or bank-format statement file, read and checked (statement-fetch reads its downloads with it)
 *   statementFromHistory // a day's statement from the history screens (statement-fetch, when no file is offered)
 *   readKeptStatement, readKeptReport // a kept statement or notification read again (the reconciliation's bank side)
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { identifyFile } from '../../extractors/input/index.js';
import { defineBot, defineRun } from '../kit/index.js';
import { keepStatement, reconcileService } from '../reconcile/index.js';
import { readStatementFile, type ReadStatementFile } from './read.js';
import { periodDays, statementFromHistory, type KeptHistory } from './history-statement.js';
import { readKeptReport, readKeptStatement } from './kept.js';
import { planStatementFile, StatementFileRejected, statementRunId, type StatementFileInput } from './plan.js';

export { planStatementFile, readKeptReport, readKeptStatement, periodDays, readStatementFile, StatementFileRejected, statementFromHistory, statementRunId, type KeptHistory, type ReadStatementFile, type StatementFileInput };

const TAKEN = new Set(['mt940', 'mt942', 'camt.052', 'camt.053', 'camt.054']);

export const statementFilesRun = defineRun({
  name: 'statement-files',
  title: 'Bank statements (files)',
  takes: 'bank statements and reports as files: PDF statements, camt.053 or MT940 statements, camt.052, camt.054 or MT942 reports',
  extensions: ['.pdf', '.xml', '.sta', '.txt', '.mt940', '.940', '.942'],
  accepts: async (file) => {
    const what = await identifyFile(file);
    return what.kind === 'pdf' || (what.kind === 'bank-file' && TAKEN.has(what.format ?? '')) ? { accepted: true } : { accepted: false, fileIs: what.label };
  },
  inbox: (config) => {
    const c = config.statements;
    return { dir: c.inbox, watch: c.watch, pollMs: c.pollMs, maxCrashes: c.maxCrashes };
  },
  plan: (file, config) => planStatementFile(file, config),
});

export interface StatementFileResult {
  kind: 'statement' | 'report';
  accounts: string[];
  day: string;
  entries: number;
  opening?: string;
  closing?: string;
}

export const statementFile = defineBot({
  name: 'statement-file',
  input: z.object({
    file: z.string(),
    name: z.string(),
    sha256: z.string(),
    format: z.string(),
    kind: z.enum(['statement', 'report']),
    index: z.number().int().min(0),
    accounts: z.array(z.string()).min(1),
    day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  }),
  key: (i) => (i.kind === 'statement' ? `${i.accounts[0]}@${i.day}` : `${i.accounts[0]}@${i.day}#${i.sha256.slice(0, 12)}-${i.index}`),
  services: [reconcileService],
  run: async (input, ctx): Promise<StatementFileResult> => {
    const book = ctx.services.reconcile.statements;
    const bytes = await readFile(input.file);
    const read = await readStatementFile(input.file, bytes, input.sha256, input.format === 'pdf');
    if (input.kind === 'report') {
      const report = read.reports[input.index]!;
      for (const account of input.accounts) {
        await book.recordReport(account, { date: input.day, kind: read.format, file: input.file, sha256: input.sha256, index: input.index, entries: report.entries.length });
      }
      return { kind: 'report', accounts: input.accounts, day: input.day, entries: report.entries.length };
    }
    const statement = read.statements[input.index]!;
    const kept = await keepStatement(book, statement, { file: input.file, sha256: input.sha256, day: input.day, accounts: input.accounts, index: input.index });
    ctx.log.info({ accounts: input.accounts, day: input.day, entries: kept.entries, file: input.name }, 'statement kept');
    return { kind: 'statement', accounts: input.accounts, day: input.day, entries: kept.entries, opening: kept.opening, closing: kept.closing };
  },
});

/** The run's parent: what the file held and what was kept. */
export const statementFiles = defineBot({
  name: 'statement-files',
  input: z.object({ file: z.string(), sha256: z.string(), format: z.string(), items: z.number().int() }),
  key: (i) => i.sha256.slice(0, 16),
  run: async (input, ctx) => {
    const items = await ctx.runItems();
    const kept = items.filter((i) => i.status === 'done').length;
    return `${input.file} (${input.format}): ${kept} of ${input.items} statements and reports kept${kept < input.items ? `, ${input.items - kept} waiting as exceptions` : ''}`;
  },
});
