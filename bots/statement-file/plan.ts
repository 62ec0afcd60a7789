/**
 * A statement file as a run: the file kept under `<dataDir>/statements/received/` (named by its
 * content, so the same file is kept once), read and checked, and one statement-file item per
 * statement or report in it (`account@day` for a statement, the same key a fetched statement's day
 * has in the book), and a parent that counts them. Refused whole when it is no statement file or a
 * statement in it does not add up: nothing kept, nothing dispatched.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { RpaError } from '../../banking/index.js';
import type { Config } from '../../config/schema.js';
import { identifyFile } from '../../extractors/input/index.js';
import { FileRejected, runIdFromDigest } from '../kit/index.js';
import { accountKeysOf, statementDay } from '../reconcile/index.js';
import { readStatementFile } from './read.js';

export class StatementFileRejected extends FileRejected {}

export interface StatementFileInput {
  /** The kept copy (under the data directory). */
  file: string;
  /** As it arrived. */
  name: string;
  sha256: string;
  format: string;
  kind: 'statement' | 'report';
  index: number;
  accounts: string[];
  day: string;
}

export const statementRunId = (sha256: string) => runIdFromDigest('stm', sha256);

export async function planStatementFile(file: string, config: Config) {
  const what = await identifyFile(file);
  const max = config.statements.maxFileMB * 1024 * 1024;
  const bytes = await readFile(file);
  if (bytes.length > max) throw new StatementFileRejected(file, `the file is ${bytes.length} bytes, more than statements.maxFileMB (${config.statements.maxFileMB} MB)`, 'Ask the bank for smaller files, or raise statements.maxFileMB.');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const name = path.basename(file);
  const kept = path.join(config.dataDir, 'statements', 'received', `${sha256.slice(0, 16)}-${name.replace(/[^A-Za-z0-9._-]/g, '_')}`);
  await mkdir(path.dirname(kept), { recursive: true });
  await writeFile(kept, bytes);
  let read;
  try {
    read = await readStatementFile(kept, bytes, sha256, what.kind === 'pdf');
  } catch (err) {
    if (err instanceof RpaError) throw new StatementFileRejected(file, err.message.replace(kept, name), 'Ask the bank for the file again (or a corrected one): nothing was kept or reconciled.');
    throw err;
  }
  if (read.statements.length === 0 && read.reports.length === 0) {
    throw new StatementFileRejected(file, `the file is ${what.label}${read.format ? ` (${read.format})` : ''}, with no statement or report in it`, 'Give statements here (PDF, camt.052/053/054, MT940/MT942); collection answers go to the collection-answers inbox.');
  }
  const children: { bot: 'statement-file'; input: StatementFileInput; businessKey: string }[] = [];
  const add = (kind: 'statement' | 'report', index: number, account: Parameters<typeof accountKeysOf>[0], day: string | undefined) => {
    const accounts = accountKeysOf(account);
    if (!day || !accounts.length) throw new StatementFileRejected(file, `${kind} ${index + 1} names no account or no day`, 'Ask the bank for a complete file.');
    const input: StatementFileInput = { file: kept, name, sha256, format: read.format, kind, index, accounts, day };
    children.push({ bot: 'statement-file', input, businessKey: kind === 'statement' ? `${accounts[0]}@${day}` : `${accounts[0]}@${day}#${sha256.slice(0, 12)}-${index}` });
  };
  read.statements.forEach((s, i) => add('statement', i, s.account, statementDay(s)));
  read.reports.forEach((r, i) => add('report', i, r.account, r.entries.map((e) => e.bookingDate ?? e.valueDate).filter((d): d is string => !!d).sort().pop()));
  const runId = statementRunId(sha256);
  return { runId, parent: { bot: 'statement-files', input: { file: name, sha256, format: read.format, items: children.length } }, children };
}
