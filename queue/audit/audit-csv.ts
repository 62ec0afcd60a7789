/**
 * The audit trail as CSV (RFC 4180: comma, CRLF, quotes doubled). A cell that a spreadsheet
 * would run as a formula (starting with = + - @, after spaces or not, or with a tab or carriage return) gets a leading quote
 * mark, so an actor or target name such as `=HYPERLINK(...)` stays text when the file is opened.
 */
import type { AuditEntry } from './audit-log.js';

export const AUDIT_CSV_COLUMNS = ['seq', 'at', 'actor', 'action', 'target', 'details', 'prev', 'hash'] as const;

export function csvCell(value: string): string {
  const guarded = /^\s*[=+\-@]|^[\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) || guarded !== guarded.trim() ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

export function csvRow(cells: readonly string[]): string {
  return cells.map(csvCell).join(',') + '\r\n';
}

export function auditCsvHeader(): string {
  return csvRow(AUDIT_CSV_COLUMNS);
}

export function auditCsvRow(e: AuditEntry): string {
  return csvRow([String(e.seq), e.at, e.actor, e.action, e.target ?? '', JSON.stringify(e.details), e.prev, e.hash]);
}

/** The CSV text of the entries, a header first (streams: one chunk per entry). */
export async function* auditCsv(entries: AsyncIterable<AuditEntry>): AsyncGenerator<string> {
  yield auditCsvHeader();
  for await (const e of entries) yield auditCsvRow(e);
}
