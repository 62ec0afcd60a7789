import path from 'node:path';
import type { Config } from '../../config/schema.js';
import type { RowResult, SheetSpec } from '../../extractors/sheet/index.js';
import { checkSheet, FileRejected, runIdFromDigest, sheetRows } from '../kit/index.js';
import { mandateItemKey, type MandateEntryInput } from '../mandate-entry/index.js';
import { mandateSheetSpec } from './sheet-spec.js';

/** A mandate file that is not processed at all: unreadable, or without a mandate. */
export class MandateFileRejected extends FileRejected {}

export interface MandateBatchInput {
  file: string;
  sha256: string;
  /** sheet, or scans (a folder or ZIP of forms). */
  source: 'sheet' | 'scans';
  rows: number;
}

export interface MandateChild {
  bot: 'mandate-entry';
  input: MandateEntryInput;
  businessKey: string;
}

export interface MandateRunPlan {
  runId: string;
  parent: { bot: 'mandate-batch'; input: MandateBatchInput };
  rows: number;
  children: AsyncIterable<MandateChild>;
}

/** Same content, same run. */
export const mandateRunId = (sha256: string) => runIdFromDigest('mnd', sha256);

const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v).trim());
/** Yes-like cells (a B2B confirmation flag). */
const yes = (v: unknown) => /^(y|yes|j|ja|true|1|x|confirmed)$/i.test(text(v));

/**
 * Reads a mandate sheet into a run plan: one mandate-entry item per data row (rows the reader could
 * not read, and rows repeating an earlier row's mandate, become exceptions with their source row).
 * Read twice, row by row: a first pass checks the file, so that a refused file has nothing dispatched.
 */
export async function planMandateSheet(file: string, config: Config): Promise<MandateRunPlan> {
  const spec = mandateSheetSpec(config);
  const summary = await checkSheet(file, spec, MandateFileRejected);
  if (summary.counts.dataRows === 0) {
    throw new MandateFileRejected(file, `the file has a header row (row ${summary.header.row}) but no mandate under it`, 'Ask the sender for the file again: the export produced no mandates. Nothing was dispatched.');
  }
  const sha = summary.file.sha256;
  const runId = mandateRunId(sha);
  const name = path.basename(file);
  return {
    runId,
    parent: { bot: 'mandate-batch', input: { file: name, sha256: sha, source: 'sheet', rows: summary.counts.dataRows } },
    rows: summary.counts.dataRows,
    children: mandateRows(file, spec, { runId, name, sha }),
  };
}

async function* mandateRows(file: string, spec: SheetSpec, run: { runId: string; name: string; sha: string }): AsyncGenerator<MandateChild> {
  const seen = new Map<string, number>();
  for await (const r of sheetRows(file, spec, run.sha, MandateFileRejected)) yield mandateChild(r, run, seen);
}

const EMPTY: MandateEntryInput['mandate'] = { umr: '', creditorId: '', creditorName: '', debtorName: '', debtorAddress: [], debtorIban: '', scheme: '', type: '', signedOn: '', signedAt: '' };

/** The sheet's fields that are not the mandate's own names. */
const FIELD_OF_COLUMN: Record<string, string> = { street: 'debtorAddress', town: 'debtorAddress', country: 'debtorCountry', b2bConfirmed: 'b2bConfirmedByDebtorBank' };

/** One row → one mandate-entry item. */
export function mandateChild(r: RowResult, run: { runId: string; name: string; sha: string }, seen: Map<string, number>): MandateChild {
  const provenance = r.ok ? r.record.provenance : r.error.provenance;
  const source = { file: run.name, sha256: run.sha, kind: 'sheet' as const, sheet: provenance.sheet, row: provenance.row, cells: provenance.cells };
  if (!r.ok) {
    const input: MandateEntryInput = {
      mandate: EMPTY,
      action: 'new',
      source,
      readingProblems: r.error.problems.map((p) => ({ field: FIELD_OF_COLUMN[p.field] ?? p.field, message: `${p.column}: ${p.message}` })),
    };
    return { bot: 'mandate-entry', input, businessKey: `${run.runId}:row${provenance.row}` };
  }
  const f = r.record.fields;
  const mandate: MandateEntryInput['mandate'] = {
    umr: text(f.umr),
    creditorId: text(f.creditorId),
    creditorName: text(f.creditorName),
    debtorName: text(f.debtorName),
    debtorAddress: [text(f.street), text(f.town)].filter(Boolean),
    ...(text(f.country) ? { debtorCountry: text(f.country) } : {}),
    debtorIban: text(f.debtorIban),
    ...(text(f.debtorBic) ? { debtorBic: text(f.debtorBic) } : {}),
    scheme: text(f.scheme),
    type: text(f.type),
    signedOn: text(f.signedOn),
    signedAt: text(f.signedAt),
    ...(text(f.b2bConfirmed) ? { b2bConfirmedByDebtorBank: yes(f.b2bConfirmed) } : {}),
  };
  const action = /^(amend|amendment|change|update|änderung|aenderung)$/i.test(text(f.action)) ? 'amendment' : 'new';
  const input: MandateEntryInput = { mandate, action, source };
  const businessKey = mandateItemKey(input);
  const first = seen.get(businessKey);
  if (first !== undefined) return { bot: 'mandate-entry', input: { ...input, duplicateOfRow: first }, businessKey: `${run.runId}:row${provenance.row}` };
  seen.set(businessKey, provenance.row);
  return { bot: 'mandate-entry', input, businessKey };
}
