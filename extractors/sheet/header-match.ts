/**
 * Finding the header row: among the first N non-blank rows, the row whose cells match the aliases of
 * the most fields, including every required field (earliest row on a tie). Title rows above the
 * header ("Payment run March 2025", "Prepared by ...") are passed over.
 */
import { headerText } from './cells.js';
import { SheetFileError } from './errors.js';
import { columnLetter, normalizeHeader } from './normalize.js';
import type { RawRow } from './row-source.js';
import type { ResolvedField, ResolvedSpec } from './spec.js';
import type { HeaderInfo } from './types.js';

export interface HeaderCandidate {
  row: number;
  /** Display text per column index. */
  headers: string[];
  /** field name → column indices whose header matches it */
  matches: Map<string, number[]>;
  /** Number of fields matched. */
  score: number;
  missingRequired: ResolvedField[];
}

export function evaluateHeaderRow(row: RawRow, spec: ResolvedSpec): HeaderCandidate {
  const headers = row.cells.map((c) => headerText(c));
  const matches = new Map<string, number[]>();
  headers.forEach((h, i) => {
    const field = spec.aliasIndex.get(normalizeHeader(h));
    if (field === undefined) return;
    const list = matches.get(field) ?? [];
    list.push(i);
    matches.set(field, list);
  });
  return {
    row: row.number,
    headers,
    matches,
    score: matches.size,
    missingRequired: spec.fields.filter((f) => f.required && !matches.has(f.name)),
  };
}

/** A candidate that matches every declared field cannot be beaten: the search may stop. */
export function isPerfect(c: HeaderCandidate, spec: ResolvedSpec): boolean {
  return c.score === spec.fields.length;
}

export function pickHeader(candidates: HeaderCandidate[], spec: ResolvedSpec, file: string): HeaderCandidate {
  let best: HeaderCandidate | undefined;
  let closest: HeaderCandidate | undefined;
  for (const c of candidates) {
    if (c.score > 0 && (!closest || c.score > closest.score)) closest = c;
    if (c.score > 0 && c.missingRequired.length === 0 && (!best || c.score > best.score)) best = c;
  }
  if (best) return best;
  const describe = (f: ResolvedField) => `"${f.aliases[0]}" (${f.name}; also accepted: ${f.aliases.slice(1).map((a) => `"${a}"`).join(', ') || 'no other name'})`;
  if (closest) {
    const missing = closest.missingRequired;
    throw new SheetFileError({
      file,
      code: 'missing-required-columns',
      reason: `required column${missing.length > 1 ? 's' : ''} missing: ${missing.map(describe).join('; ')} — the header in row ${closest.row} has: ${closest.headers.filter((h) => h !== '').map((h) => `"${h}"`).join(', ')}`,
      whatNext: 'Add the missing column to the file (or rename its header to one of the accepted names), or add the file\'s header text as an alias in the configuration.',
      details: { missing: missing.map((f) => f.name), headerRow: closest.row, headers: closest.headers },
    });
  }
  const required = spec.fields.filter((f) => f.required);
  throw new SheetFileError({
    file,
    code: 'header-not-found',
    reason: `no header row found in the first ${spec.headerSearchRows} non-blank rows: none has a column named like ${(required.length ? required : spec.fields).map((f) => `"${f.aliases[0]}"`).join(', ')}`,
    whatNext: 'Check that this is the right file and that its header row names the columns; add the file\'s header texts as aliases if they differ.',
    details: { missing: required.map((f) => f.name) },
  });
}

export interface ResolvedHeader {
  row: number;
  /** field name → column index */
  fieldColumns: Map<string, number>;
  /** Key of each column in provenance cells (header text, made unique). */
  cellKeys: string[];
  info: HeaderInfo;
}

export function resolveHeader(c: HeaderCandidate, spec: ResolvedSpec, file: string): ResolvedHeader {
  const ambiguous = [...c.matches].filter(([, cols]) => cols.length > 1);
  if (ambiguous.length > 0) {
    throw new SheetFileError({
      file,
      code: 'ambiguous-columns',
      reason: `the header in row ${c.row} has several columns for the same field: ${ambiguous
        .map(([f, cols]) => `${f} → ${cols.map((i) => `column ${columnLetter(i)} "${c.headers[i]}"`).join(' and ')}`)
        .join('; ')}`,
      whatNext: 'Remove or rename the duplicate column in the file so that each field has one column.',
      details: { ambiguous: Object.fromEntries(ambiguous) },
    });
  }
  const fieldColumns = new Map<string, number>();
  for (const [f, cols] of c.matches) fieldColumns.set(f, cols[0]!);
  const cellKeys = cellKeysFor(c.headers);
  const used = new Set(fieldColumns.values());
  return {
    row: c.row,
    fieldColumns,
    cellKeys,
    info: {
      row: c.row,
      columns: spec.fields
        .filter((f) => fieldColumns.has(f.name))
        .map((f) => {
          const i = fieldColumns.get(f.name)!;
          return { field: f.name, header: c.headers[i] ?? '', column: columnLetter(i) };
        }),
      missingOptional: spec.fields.filter((f) => !f.required && !fieldColumns.has(f.name)).map((f) => f.name),
      unmappedHeaders: c.headers.filter((h, i) => h !== '' && !used.has(i)),
    },
  };
}

/** Header texts made unique: empty → "Column F", duplicates → "Amount (F)". */
export function cellKeysFor(headers: string[]): string[] {
  const count = new Map<string, number>();
  for (const h of headers) if (h !== '') count.set(h, (count.get(h) ?? 0) + 1);
  return headers.map((h, i) => {
    if (h === '') return `Column ${columnLetter(i)}`;
    return (count.get(h) ?? 0) > 1 ? `${h} (${columnLetter(i)})` : h;
  });
}

/** Key of a column in provenance cells, also for columns right of the header. */
export function cellKey(header: ResolvedHeader, index: number): string {
  return header.cellKeys[index] ?? `Column ${columnLetter(index)}`;
}
