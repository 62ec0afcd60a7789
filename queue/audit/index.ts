/** The audit trail: a hash chain in Redis (`AuditLog`), its CSV export. */
export { AuditLog, AuditAppendConflict, GENESIS_HASH, MAX_PAGE_SIZE, entryHash } from './audit-log.js';
export type { AuditEntry, AuditEventInput, AuditPage, AuditQuery, AuditVerdict } from './audit-log.js';
export { auditCsv, auditCsvHeader, auditCsvRow, csvCell, AUDIT_CSV_COLUMNS } from './audit-csv.js';
export { canonicalJson } from './canonical-json.js';
