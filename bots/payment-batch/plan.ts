import path from 'node:path';
import type { Config } from '../../config/schema.js';
import type { AmountValue, RowResult, SheetSpec } from '../../extractors/sheet/index.js';
import { paymentKey, type PaymentEntryInput } from '../payment-entry/index.js';
import { paymentSheetSpec } from './sheet-spec.js';
import { checkSheet, FileRejected, runIdFromDigest, sheetRows } from '../kit/index.js';

/** A payment file that is not processed at all: unreadable, or its control total does not match its rows. */
export class PaymentFileRejected extends FileRejected {}

export interface PaymentBatchInput {
  file: string;
  sha256: string;
  format: string;
  sheet: string;
  rows: number;
  totals?: { stated: string | null; computed: string; status: string };
}

/** One payment of a file, as a payment-entry item. */
export interface PaymentChild {
  bot: 'payment-entry';
  input: PaymentEntryInput;
  businessKey: string;
}

/** The run a payment file becomes (the shape queue/run-dispatch.ts takes): its payments streamed from the file. */
export interface PaymentRunPlan {
  runId: string;
  parent: { bot: 'payment-batch'; input: PaymentBatchInput };
  /** Data rows of the file (as many children will come). */
  rows: number;
  children: AsyncIterable<PaymentChild>;
}

/** Same content, same run: a file dispatched twice is one run. */
export const runIdForFile = (sha256: string) => runIdFromDigest('pay', sha256);

const text = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'object' && 'text' in (v as object) ? (v as AmountValue).text : String(v));

/**
 * Reads a payment instruction file into a run plan: one payment-entry item per data row.
 * Rows the reader could not read, and rows that repeat an earlier row's reference, are items
 * too (they become exceptions with their source row, for a person to correct or reject).
 *
 * The file is read twice, row by row, and never held whole: a first pass checks it (readable, not
 * empty, within `paymentFiles.maxRows`, its control total), so that a file that is refused never
 * has an item dispatched; the plan's children are a second pass, streamed into the run as they are
 * read (a file changed between the two is refused then).
 */
export async function planPaymentFile(file: string, config: Config): Promise<PaymentRunPlan> {
  const spec = paymentSheetSpec(config);
  const summary = await checkSheet(file, spec, PaymentFileRejected);
  const totals = summary.totals;
  if (totals?.status === 'mismatch') {
    throw new PaymentFileRejected(
      file,
      `the totals row (row ${totals.row}) says ${totals.stated} but the ${totals.rowsSummed} payments add up to ${totals.computed} (difference ${totals.difference})`,
      'Ask the sender for a corrected file: a control total that does not match means rows are missing, extra or altered.',
      { totals },
    );
  }
  if (summary.counts.dataRows === 0) {
    throw new PaymentFileRejected(
      file,
      `the file has a header row (row ${summary.header.row}) but no payment under it`,
      'Ask the sender for the file again: the export produced no payments. Nothing was dispatched.',
      { header: summary.header },
    );
  }
  const sha = summary.file.sha256;
  const runId = runIdForFile(sha);
  const name = path.basename(file);
  return {
    runId,
    parent: {
      bot: 'payment-batch',
      input: {
        file: name,
        sha256: sha,
        format: summary.format,
        sheet: summary.sheet,
        rows: summary.counts.dataRows,
        totals: totals && { stated: totals.stated, computed: totals.computed, status: totals.status },
      },
    },
    rows: summary.counts.dataRows,
    children: paymentRows(file, spec, config, { runId, name, sha }),
  };
}

/** The second pass: each row as a payment-entry item, as it is read. */
async function* paymentRows(file: string, spec: SheetSpec, config: Config, run: { runId: string; name: string; sha: string }): AsyncGenerator<PaymentChild> {
  const seen = new Map<string, number>();
  for await (const r of sheetRows(file, spec, run.sha, PaymentFileRejected)) yield paymentChild(r, config, run, seen);
}

function paymentChild(r: RowResult, config: Config, run: { runId: string; name: string; sha: string }, seen: Map<string, number>): PaymentChild {
  const provenance = r.ok ? r.record.provenance : r.error.provenance;
  const source = { file: run.name, sha256: run.sha, sheet: provenance.sheet, row: provenance.row, cells: provenance.cells };
  if (!r.ok) {
    const input: PaymentEntryInput = {
      instruction: emptyInstruction(),
      source,
      rowErrors: r.error.problems.map((p) => ({ column: p.column, message: p.message })),
    };
    return { bot: 'payment-entry', input, businessKey: `${run.runId}:row${provenance.row}` };
  }
  const f = r.record.fields;
  const amount = f.amount as AmountValue | null;
  const instruction: PaymentEntryInput['instruction'] = {
    endToEndId: text(f.endToEndId) || undefined,
    reference: text(f.reference),
    debitAccount: text(f.debitAccount) || config.paymentFiles.defaultDebitAccount || '',
    beneficiaryName: text(f.beneficiaryName),
    beneficiaryIban: text(f.beneficiaryIban),
    bic: text(f.bic) || undefined,
    amount: amount?.text ?? '',
    amountIsNumber: amount?.source === 'number',
    currency: text(f.currency),
    executionDate: text(f.executionDate),
    remittance: text(f.remittance) || undefined,
  };
  const key = paymentKey(instruction);
  const first = seen.get(key);
  if (first !== undefined) return { bot: 'payment-entry', input: { instruction, source, duplicateOfRow: first }, businessKey: `${key}#row${provenance.row}` };
  seen.set(key, provenance.row);
  return { bot: 'payment-entry', input: { instruction, source }, businessKey: key };
}

function emptyInstruction(): PaymentEntryInput['instruction'] {
  return { reference: '', debitAccount: '', beneficiaryName: '', beneficiaryIban: '', amount: '', currency: '', executionDate: '' };
}
