/**
 * What a scan run is given: one file of forms (a PDF, a multi-page TIFF, an image), a ZIP of such
 * files, or a folder of them. Whichever it is, the run reads a list of scan files, each with the name
 * a person knows it by (`batch-12.zip › form-003.tif`) and a digest that names the run: the same
 * ZIP or the same folder content is the same run, wherever it comes from.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Config } from '../../config/schema.js';
import { identifyFile, readBounded, unzipBounded } from '../../extractors/input/index.js';
import { MandateFileRejected } from './plan.js';

/** Endings of the files a scan station writes. */
export const SCAN_EXTENSIONS = ['.pdf', '.tif', '.tiff', '.png', '.jpg', '.jpeg'];
const isScanName = (name: string) => SCAN_EXTENSIONS.includes(path.extname(name).toLowerCase());

export interface ScanFile {
  path: string;
  /** For people and the item's source: the file's name, inside its ZIP or folder if it came in one. */
  shownAs: string;
}

export interface ScanSet {
  /** What was given, for people (`batch-12.zip`, `scans/`). */
  name: string;
  /** sha256 naming the run: of the file or ZIP, or of a folder's names and contents. */
  sha256: string;
  files: ScanFile[];
  /** Removes what was unpacked. */
  close(): Promise<void>;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The scan files of `source` (a file, a ZIP, a folder), refused whole with the reason when it holds none or crosses a limit. */
export async function openScanSet(source: string, config: Config): Promise<ScanSet> {
  const name = path.basename(source);
  const maxFiles = config.mandateFiles.maxRows;
  if ((await stat(source)).isDirectory()) {
    const names = (await readdir(source, { withFileTypes: true })).filter((e) => e.isFile() && !e.name.startsWith('.') && isScanName(e.name)).map((e) => e.name).sort();
    if (names.length === 0) throw new MandateFileRejected(source, 'the folder holds no scanned form (PDF, TIFF, PNG or JPEG)', 'Put the scans themselves in the folder, then dispatch it again.');
    if (names.length > maxFiles) throw new MandateFileRejected(source, `the folder holds ${names.length} scans; the limit is ${maxFiles}`, 'Split the scans into folders under the limit, or raise mandateFiles.maxRows.');
    // The folder's digest: its scans' names and contents, so that a folder dispatched twice is one run.
    const digests = [];
    for (const n of names) digests.push(`${n}\u0000${(await readBounded(path.join(source, n), config.ocr.maxFileBytes, 'scan')).sha256}`);
    return { name: `${name}/`, sha256: sha256(digests.join('\n')), files: names.map((n) => ({ path: path.join(source, n), shownAs: `${name}/${n}` })), close: async () => {} };
  }
  const what = await identifyFile(source);
  const bytes = await readBounded(source, config.ocr.maxFileBytes, 'scan');
  if (what.kind !== 'archive') return { name, sha256: bytes.sha256, files: [{ path: source, shownAs: name }], close: async () => {} };
  const dir = await mkdtemp(path.join(tmpdir(), 'rpa-scans-'));
  try {
    const files = await unzipBounded(source, dir, {
      maxFiles,
      maxFileBytes: config.ocr.maxFileBytes,
      maxTotalBytes: config.mandateFiles.maxUncompressedMB * 1024 * 1024,
      wanted: isScanName,
    });
    if (files.length === 0) throw new MandateFileRejected(source, 'the ZIP holds no scanned form (PDF, TIFF, PNG or JPEG)', 'Check that the right ZIP was sent: put the scans themselves in it.');
    return { name, sha256: bytes.sha256, files: files.map((f) => ({ path: f.path, shownAs: `${name} › ${f.name}` })), close: () => rm(dir, { recursive: true, force: true }) };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}
