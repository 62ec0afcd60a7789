/**
 * Scanned mandate forms (a PDF of a scan station's batch, a multi-page TIFF, one image, or a ZIP
 * or a folder of such files) become one run: every page is read as a form (OCR, fields by their labels, marks as ink) and
 * becomes a mandate-entry item; the crops of doubtful fields are kept as the run's evidence. The
 * pages are read before anything is dispatched: a file the OCR cannot read is refused whole.
 */
import path from 'node:path';
import type { Config } from '../../config/schema.js';
import { extractFields, ocrFile, ocrPoolFromConfig } from '../../extractors/ocr/index.js';
import { classifyError } from '../../banking/index.js';
import { mandateItemKey } from '../mandate-entry/index.js';
import { MANDATE_FORM_SPEC, mandateFromForm } from './form-reader.js';
import { MandateFileRejected, mandateRunId, type MandateChild, type MandateRunPlan } from './plan.js';
import { openScanSet } from './scan-set.js';

export async function planMandateScans(source: string, config: Config): Promise<MandateRunPlan> {
  const set = await openScanSet(source, config);
  const runId = mandateRunId(set.sha256);
  const pool = ocrPoolFromConfig(config.ocr);
  const children: MandateChild[] = [];
  const seen = new Map<string, number>();
  try {
    for (const [index, scan] of set.files.entries()) {
      let pages;
      try {
        pages = await ocrFile(pool, scan.path, { keepImage: true, maxFileBytes: config.ocr.maxFileBytes, maxPixels: config.ocr.maxPixels, pdfDpi: config.ocr.pdfDpi });
      } catch (err) {
        // A file is wrong (damaged, not an image, too large): the whole set is refused, with the reader's reason.
        if (classifyError(err) === 'business') throw new MandateFileRejected(source, `${scan.shownAs}: ${(err as Error).message}`, (err as { whatNext?: string }).whatNext ?? 'Scan the forms again.');
        throw err;
      }
      if (children.length + pages.length > config.mandateFiles.maxRows) {
        throw new MandateFileRejected(source, `the scans hold over ${config.mandateFiles.maxRows} forms; the limit is ${config.mandateFiles.maxRows}`, 'Split the scans into smaller batches, or raise mandateFiles.maxRows.');
      }
      // Pages are counted across the set: the n-th form of the run, whichever file it is in.
      const prefix = set.files.length > 1 ? `file-${index + 1}-` : '';
      for (const page of pages) {
        const fields = extractFields([page], MANDATE_FORM_SPEC, { minConfidence: config.ocr.minConfidence });
        const { input } = await mandateFromForm(
          { file: scan.shownAs, fields, pages: [page] },
          { file: scan.shownAs, sha256: set.sha256, page: page.page },
          { dataDir: config.dataDir, dir: path.join(config.dataDir, 'evidence', runId), name: `${prefix}page-${page.page}` },
          { minConfidence: config.ocr.minConfidence, creditors: config.mandateFiles.creditors },
        );
        const form = children.length + 1;
        const key = mandateItemKey(input);
        const first = seen.get(key);
        // A form read with problems may hold anything: its item is its form's.
        const businessKey = input.readingProblems?.length || first !== undefined ? `${runId}:form${form}` : key;
        if (first === undefined) seen.set(key, form);
        children.push({ bot: 'mandate-entry', input: first !== undefined ? { ...input, duplicateOfRow: first } : input, businessKey });
      }
    }
  } finally {
    await Promise.all([pool.close(), set.close()]);
  }
  return {
    runId,
    parent: { bot: 'mandate-batch', input: { file: set.name, sha256: set.sha256, source: 'scans', rows: children.length } },
    rows: children.length,
    children: (async function* () {
      yield* children;
    })(),
  };
}
