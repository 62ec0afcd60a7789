import path from 'node:path';
import type { Config } from '../../config/schema.js';
import { readSheetAll, SheetFileError, type AmountValue, type RowResult } from '../../extractors/sheet/index.js';
import type { PaymentEntryInput } from '../payment-entry/index.js';
import { paymentSheetSpec } from './sheet-spec.js';

/** A file that is not processed at all: unreadable, or its control total does not match its rows. */
export class PaymentFileRejected extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly whatNext: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(`${path.basename(file)}: ${reason}`);
    this.name = 'PaymentFileRejected';
  }
}

export interface PaymentBatchInput {
  file: string;
  sha256: string;
  format: string;
  sheet: string;
  rows: number;
  totals?: { stated: string | null; computed: string; status: string };
}

/** The run a payment file becomes (the shape queue/run-dispatch.ts takes). */
export interface PaymentRunPlan {
  runId: string;
  parent: { bot: 'payment-batch'; input: PaymentBatchInput };
  children: { bot: 'payment-entry'; input: PaymentEntryInput; businessKey: string }[];
}

/** Same content, same run: a file dispatched twice is one run. Letters only, so the log masking never takes it for an account number. */
export const runIdForFile = (sha256: string) => `pay-${sha256.slice(0, 16).replace(/[0-9a-f]/g, (c) => String.fromCharCode(97 + parseInt(c, 16)))}`;

const text = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'object' && 'text' in (v as object) ? (v as AmountValue).text : String(v));

/**
 * Reads a payment instruction file into a run plan: one payment-entry item per data row.
 * Rows the reader could not read, and rows that repeat an earlier row's reference, are items
 * too (they become exceptions with their source row, for a person to correct or reject).
 */
export async function planPaymentFile(file: string, config: Config): Promise<PaymentRunPlan> {
  let sheet;
  try {
    sheet = await readSheetAll(file, paymentSheetSpec(config));
  } catch (err) {
    if (err instanceof SheetFileError) throw new PaymentFileRejected(file, err.reason, err.whatNext, { code: err.code, ...err.details });
    throw err;
  }
  const totals = sheet.totals;
  if (totals?.status === 'mismatch') {
    throw new PaymentFileRejected(
      file,
      `the totals row (row ${totals.row}) says ${totals.stated} but the ${totals.rowsSummed} payments add up to ${totals.computed} (difference ${totals.difference})`,
      'Ask the sender for a corrected file: a control total that does not match means rows are missing, extra or altered.',
      { totals },
    );
  }
  const sha = sheet.file.sha256;
  const runId = runIdForFile(sha);
  const name = path.basename(file);
  const seen = new Map<string, number>();
  const children = sheet.rows.map((r: RowResult) => {
    const provenance = r.ok ? r.record.provenance : r.error.provenance;
    const source = { file: name, sha256: sha, sheet: provenance.sheet, row: provenance.row, cells: provenance.cells };
    if (!r.ok) {
      const input: PaymentEntryInput = {
        instruction: emptyInstruction(),
        source,
        rowErrors: r.error.problems.map((p) => ({ column: p.column, message: p.message })),
      };
      return { bot: 'payment-entry' as const, input, businessKey: `${runId}:row${provenance.row}` };
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
    const key = (instruction.endToEndId ?? instruction.reference).trim();
    const first = seen.get(key);
    if (first !== undefined) {
      return { bot: 'payment-entry' as const, input: { instruction, source, duplicateOfRow: first }, businessKey: `${key}#row${provenance.row}` };
    }
    seen.set(key, provenance.row);
    return { bot: 'payment-entry' as const, input: { instruction, source }, businessKey: key };
  });
  return {
    runId,
    parent: {
      bot: 'payment-batch',
      input: {
        file: name,
        sha256: sha,
        format: sheet.format,
        sheet: sheet.sheet,
        rows: sheet.counts.dataRows,
        totals: totals && { stated: totals.stated, computed: totals.computed, status: totals.status },
      },
    },
    children,
  };
}

function emptyInstruction(): PaymentEntryInput['instruction'] {
  return { reference: '', debitAccount: '', beneficiaryName: '', beneficiaryIban: '', amount: '', currency: '', executionDate: '' };
}
