import { stat } from 'node:fs/promises';
import { identifyFile } from '../../extractors/input/index.js';
import { defineRun, SHEET_KINDS } from '../kit/index.js';
import { planMandateSheet } from './plan.js';
import { planMandateScans } from './scan-plan.js';
import { SCAN_EXTENSIONS } from './scan-set.js';

/** A folder of scans (a missing path is left to the file reader, which says so). */
const isFolder = async (file: string) => (await stat(file).catch(() => undefined))?.isDirectory() === true;
/** Scans: a PDF or an image file, a form a page; or a ZIP of them. */
const SCANS = new Set(['pdf', 'image', 'archive']);

/**
 * Mandates as one run: a sheet (a CRM's export, Excel or CSV) with a mandate a row, or scanned
 * forms (PDF, TIFF, PNG, JPEG; one file, or a ZIP or a folder of them) with a form a page; a
 * mandate-entry item each, and the run's report.
 */
export const mandateBatchRun = defineRun({
  name: 'mandate-batch',
  title: 'Mandates (sheet or scanned forms)',
  takes: 'SEPA mandates: a sheet (Excel .xlsx or CSV, one mandate per row) or scanned mandate forms (PDF, TIFF, PNG or JPEG, one form per page; or a ZIP or a folder of them)',
  extensions: ['.xlsx', '.csv', '.txt', ...SCAN_EXTENSIONS, '.zip'],
  accepts: async (file) => {
    if ((await isFolder(file))) return { accepted: true };
    const what = await identifyFile(file);
    // A gzip is an archive too, but not one a scan station writes.
    if (what.kind === 'archive' && !/zip archive/.test(what.label)) return { accepted: false, fileIs: what.label };
    return SHEET_KINDS.has(what.kind) || SCANS.has(what.kind) ? { accepted: true } : { accepted: false, fileIs: what.label };
  },
  inbox: (config) => {
    const m = config.mandateFiles;
    return { dir: m.inbox, watch: m.watch, pollMs: m.pollMs, maxCrashes: m.maxCrashes };
  },
  plan: async (file, config) =>
    (await isFolder(file)) || SCANS.has((await identifyFile(file)).kind) ? planMandateScans(file, config) : planMandateSheet(file, config),
});
