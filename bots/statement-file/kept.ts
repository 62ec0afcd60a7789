/**
 * A statement kept for the reconciliation, read again from its file, whichever way it came: a PDF, a
 * bank format (the statement at its place in the file), or the history screens statement-fetch read
 * (built again from what they showed). A notification or interim report the same way.
 */
import { readFile } from 'node:fs/promises';
import { BusinessRuleError } from '../../banking/index.js';
import type { EntryReport, Statement } from '../../extractors/statement/index.js';
import type { FetchedStatement, KeptReport } from '../reconcile/index.js';
import { statementFromHistory, type KeptHistory } from './history-statement.js';
import { readStatementFile } from './read.js';

export async function readKeptStatement(kept: FetchedStatement): Promise<Statement> {
  const bytes = await readFile(kept.file);
  if (kept.file.endsWith('.history.json')) {
    const h = JSON.parse(bytes.toString('utf8')) as KeptHistory;
    return statementFromHistory(h.newestFirst, h.details, h.day, kept.file, kept.sha256);
  }
  const read = await readStatementFile(kept.file, bytes, kept.sha256, kept.file.toLowerCase().endsWith('.pdf'));
  const statement = read.statements[kept.index ?? 0];
  if (!statement) throw new BusinessRuleError(`the kept file ${kept.file} holds no statement at place ${(kept.index ?? 0) + 1}`, { field: 'account', file: kept.file });
  return statement;
}

export async function readKeptReport(kept: KeptReport): Promise<EntryReport> {
  const read = await readStatementFile(kept.file, await readFile(kept.file), kept.sha256, false);
  const report = read.reports[kept.index];
  if (!report) throw new BusinessRuleError(`the kept file ${kept.file} holds no report at place ${kept.index + 1}`, { field: 'account', file: kept.file });
  return report;
}
