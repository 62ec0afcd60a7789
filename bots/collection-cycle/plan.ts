import path from 'node:path';
import type { Config } from '../../config/schema.js';
import type { AmountValue, RowResult, SheetSpec } from '../../extractors/sheet/index.js';
import { checkSheet, FileRejected, runIdFromDigest, sheetRows } from '../kit/index.js';
import type { CollectionPlanInput } from './plan-item.js';
import { collectionSheetSpec } from './sheet-spec.js';

/** A collection file that is not processed at all: unreadable, or without a claim. */
export class CollectionSheetRejected extends FileRejected {}

export interface CollectionCycleInput {
  file: string;
  sha256: string;
  rows: number;
  /** The pain.008 message id: the run's id, so the same file collects once. */
  messageId: string;
  /** When the run was planned: the file's creation time (the same file written again is the same bytes). */
  plannedAt: string;
}

export interface CollectionChild {
  bot: 'collection-plan';
  input: CollectionPlanInput;
  businessKey: string;
}

export interface CollectionRunPlan {
  runId: string;
  parent: { bot: 'collection-cycle'; input: CollectionCycleInput };
  rows: number;
  children: AsyncIterable<CollectionChild>;
}

/** Same content, same run (and the same pain.008 message id). */
export const collectionRunId = (sha256: string) => runIdFromDigest('ddc', sha256);

const text = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'object' && 'text' in (v as object) ? (v as AmountValue).text : String(v).trim());
const yes = (v: unknown) => /^(y|yes|j|ja|true|1|x|final|fnal)$/i.test(text(v));

/**
 * Reads a creditor's collection file (Excel or CSV, a claim per row) into a run: one collection-plan
 * item per row (rows the reader could not read, and a second claim on the same mandate and date,
 * become exceptions with their row), and the cycle's parent, which writes, validates and submits the
 * file once every claim has an outcome. Read twice, row by row: a refused file dispatches nothing.
 */
export async function planCollectionSheet(file: string, config: Config): Promise<CollectionRunPlan> {
  const spec = collectionSheetSpec(config);
  const summary = await checkSheet(file, spec, CollectionSheetRejected);
  if (summary.counts.dataRows === 0) {
    throw new CollectionSheetRejected(file, `the file has a header row (row ${summary.header.row}) but no collection under it`, 'Ask the creditor for the file again: nothing was dispatched.');
  }
  const sha = summary.file.sha256;
  const runId = collectionRunId(sha);
  const name = path.basename(file);
  return {
    runId,
    parent: { bot: 'collection-cycle', input: { file: name, sha256: sha, rows: summary.counts.dataRows, messageId: runId, plannedAt: new Date().toISOString() } },
    rows: summary.counts.dataRows,
    children: collectionRows(file, spec, { runId, name, sha, amountLocale: config.collectionFiles.amountLocale ?? config.banking.amountLocale }),
  };
}

interface RunFacts {
  runId: string;
  name: string;
  sha: string;
  amountLocale: CollectionPlanInput['amountLocale'];
}

async function* collectionRows(file: string, spec: SheetSpec, run: RunFacts): AsyncGenerator<CollectionChild> {
  const seen = new Map<string, number>();
  for await (const r of sheetRows(file, spec, run.sha, CollectionSheetRejected)) yield collectionChild(r, run, seen);
}

/** One row → one collection-plan item; its end-to-end id is the run's, numbered by row, unless the row gives one. */
export function collectionChild(r: RowResult, run: RunFacts, seen: Map<string, number>): CollectionChild {
  const provenance = r.ok ? r.record.provenance : r.error.provenance;
  const source = { file: run.name, sha256: run.sha, sheet: provenance.sheet, row: provenance.row };
  const derived = `${run.runId}-${provenance.row}`;
  if (!r.ok) {
    const input: CollectionPlanInput = {
      claim: { umr: '', amount: '', collectionDate: '' },
      endToEndId: derived,
      runId: run.runId,
      amountLocale: run.amountLocale,
      source,
      readingProblems: r.error.problems.map((p) => ({ field: p.field, message: `${p.column}: ${p.message}` })),
    };
    return { bot: 'collection-plan', input, businessKey: derived };
  }
  const f = r.record.fields;
  const claim: CollectionPlanInput['claim'] = {
    umr: text(f.umr),
    ...(text(f.creditorId) ? { creditorId: text(f.creditorId) } : {}),
    amount: text(f.amount),
    ...(text(f.currency) ? { currency: text(f.currency) } : {}),
    ...((f.amount as AmountValue | undefined)?.source === 'number' ? { amountIsNumber: true } : {}),
    collectionDate: text(f.collectionDate),
    ...(text(f.remittance) ? { remittance: text(f.remittance) } : {}),
    ...(yes(f.final) ? { final: true } : {}),
    ...(text(f.notifiedOn) ? { notifiedOn: text(f.notifiedOn) } : {}),
  };
  const endToEndId = text(f.endToEndId) || derived;
  const input: CollectionPlanInput = { claim, endToEndId, runId: run.runId, amountLocale: run.amountLocale, source };
  const same = `${claim.creditorId ?? ''}/${claim.umr}@${claim.collectionDate}`;
  const first = seen.get(same);
  if (first !== undefined) return { bot: 'collection-plan', input: { ...input, duplicateOfRow: first }, businessKey: derived };
  seen.set(same, provenance.row);
  return { bot: 'collection-plan', input, businessKey: endToEndId };
}
