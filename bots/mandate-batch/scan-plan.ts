/**
 * A file of scanned mandate forms (a PDF of a scan station's batch, a multi-page TIFF, one image)
 * becomes one run: every page is read as a form (OCR, fields by their labels, marks as ink) and
 * becomes a mandate-entry item; the crops of doubtful fields are kept as the run's evidence. The
 * pages are read before anything is dispatched: a file the OCR cannot read is refused whole.
 */
import path from 'node:path';
import type { Config } from '../../config/schema.js';
import { readBounded } from '../../extractors/input/index.js';
import { extractFields, ocrFile, ocrPoolFromConfig } from '../../extractors/ocr/index.js';
import { classifyError } from '../../banking/index.js';
import { mandateItemKey } from '../mandate-entry/index.js';
import { MANDATE_FORM_SPEC, mandateFromForm } from './form-reader.js';
import { MandateFileRejected, mandateRunId, type MandateChild, type MandateRunPlan } from './plan.js';

export async function planMandateScans(file: string, config: Config): Promise<MandateRunPlan> {
  const bytes = await readBounded(file, config.ocr.maxFileBytes, 'scan');
  const runId = mandateRunId(bytes.sha256);
  const pool = ocrPoolFromConfig(config.ocr);
  const children: MandateChild[] = [];
  try {
    let pages;
    try {
      pages = await ocrFile(pool, file, { keepImage: true, maxFileBytes: config.ocr.maxFileBytes, maxPixels: config.ocr.maxPixels, pdfDpi: config.ocr.pdfDpi });
    } catch (err) {
      // The file is wrong (damaged, not an image, too large): refused whole, with the reader's reason.
      if (classifyError(err) === 'business') throw new MandateFileRejected(file, (err as Error).message, (err as { whatNext?: string }).whatNext ?? 'Scan the forms again.');
      throw err;
    }
    const seen = new Map<string, number>();
    for (const page of pages) {
      const fields = extractFields([page], MANDATE_FORM_SPEC, { minConfidence: config.ocr.minConfidence });
      const { input } = await mandateFromForm(
        { file, fields, pages: [page] },
        { file, sha256: bytes.sha256, page: page.page },
        { dataDir: config.dataDir, dir: path.join(config.dataDir, 'evidence', runId), name: `page-${page.page}` },
        { minConfidence: config.ocr.minConfidence, creditors: config.mandateFiles.creditors },
      );
      const key = mandateItemKey(input);
      const first = seen.get(key);
      // A form read with problems may hold anything: its item is its page's.
      const businessKey = input.readingProblems?.length || first !== undefined ? `${runId}:page${page.page}` : key;
      if (first === undefined) seen.set(key, page.page);
      children.push({ bot: 'mandate-entry', input: first !== undefined ? { ...input, duplicateOfRow: first } : input, businessKey });
    }
  } finally {
    await pool.close();
  }
  return {
    runId,
    parent: { bot: 'mandate-batch', input: { file: path.basename(file), sha256: bytes.sha256, source: 'scans', rows: children.length } },
    rows: children.length,
    children: (async function* () {
      yield* children;
    })(),
  };
}
