/** Scanned documents through OCR: the worker pool, scan files to words and lines, forms to fields. */
import type { OcrConfig } from '../../config/schema.js';
import { OcrPool } from './pool.js';

export { OcrPool, type OcrPoolOptions, type PageRequest, type PoolStats } from './pool.js';
export { ocrFile, ocrPdfPages, DEFAULT_READ_LIMITS, type OcrFileOptions, type OcrReadLimits } from './ocr-file.js';
export { toPageText, type OcrBox, type OcrLine, type OcrPage, type OcrWord } from './ocr-page.js';
export { extractFields, readForm, DEFAULT_MIN_CONFIDENCE, type FieldResult, type FieldSpec, type FormResult, type FormSpec, type ReviewReason } from './fields.js';
export { detectScanFormat, inspectImage, type ImageFormat, type ImageInfo, type ScanFormat } from './image-format.js';
export { ImageDamaged, NotAnImage, OcrEngineFailed, OcrPoolClosed, OcrTimeout } from './errors.js';
export { MODEL_NAME, modelFile, modelLangPath } from './model.js';

/** The pool as the `ocr` config section sets it (workers, recycling, page timeout). */
export function ocrPoolFromConfig(ocr: OcrConfig): OcrPool {
  return new OcrPool({ workers: ocr.workers, recycleAfterPages: ocr.recycleAfterPages, pageTimeoutMs: ocr.pageTimeoutMs });
}
export { characterErrorRate } from './error-rate.js';
export { findLabel, labelRegExp, type LabelHit } from './anchors.js';
export { inkReader, type InkReader } from './ink.js';
