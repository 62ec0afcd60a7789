/**
 * A statement file as the bank or a person hands it over, read: a PDF statement (one of the layouts
 * extractors/pdf/templates reads), or a bank format (camt.053 and MT940 statements; camt.052, camt.054
 * and MT942 reports). Each statement is checked to add up by its reader; a file that is none of these,
 * or whose statement does not add up, is refused whole.
 */
import { readPdfStatement } from '../../extractors/pdf/index.js';
import { parseBankFile } from '../../extractors/formats/index.js';
import type { EntryReport, Statement } from '../../extractors/statement/index.js';

export interface ReadStatementFile {
  format: string;
  statements: Statement[];
  reports: EntryReport[];
}

export async function readStatementFile(file: string, bytes: Buffer, sha256: string, isPdf: boolean): Promise<ReadStatementFile> {
  if (isPdf) return { format: 'pdf', statements: [await readPdfStatement(file)], reports: [] };
  const read = parseBankFile(bytes, { file, sha256 });
  switch (read.kind) {
    case 'mt940':
    case 'camt.053':
      return { format: read.kind, statements: read.statements, reports: [] };
    case 'mt942':
    case 'camt.052':
    case 'camt.054':
      return { format: read.kind, statements: [], reports: read.reports };
    default:
      return { format: read.kind, statements: [], reports: [] };
  }
}
