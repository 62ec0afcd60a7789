/**
 * The recognition model: English from `@tesseract.js-data/eng`, read from node_modules (never
 * downloaded). Of the package's two folders we take `4.0.0_best_int`, deliberately:
 * - it holds the LSTM model only, which is all that OEM 1 (LSTM only) uses; `4.0.0` adds the
 *   legacy engine's data (templates, a 16 MB bigram dictionary) that a LSTM-only worker never reads;
 * - its LSTM network is the very one in `4.0.0` (same shape, `[1,36,0,1Ct3,3,16Mp3,3Lfys64Lfx96Lrx96Lfx512O1c1]`,
 *   same dictionaries), so accuracy is the same;
 * - 5 MB instead of 23 MB unpacked: each worker (and each recycled one) loads and keeps 18 MB less;
 * - it is what tesseract.js itself loads for LSTM-only workers when given no language path.
 * The benchmark runs the `tesseract` command with this same file (gunzipped into a temp folder).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

export const MODEL_LANG = 'eng';
export const MODEL_NAME = '4.0.0_best_int';

/** The folder holding `eng.traineddata.gz` (tesseract.js's `langPath`, gzip true). */
export function modelLangPath(): string {
  const pkg = require('@tesseract.js-data/eng') as { langPath: string };
  const dir = path.join(path.dirname(pkg.langPath), MODEL_NAME);
  if (!existsSync(modelFile(dir))) {
    throw new Error(`the OCR model ${modelFile(dir)} is missing: run npm ci (package @tesseract.js-data/eng)`);
  }
  return dir;
}

export function modelFile(langPath = modelLangPath()): string {
  return path.join(langPath, `${MODEL_LANG}.traineddata.gz`);
}
