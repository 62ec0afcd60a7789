/**
 * Field extraction from scanned forms by anchors: a declarative spec names each field's label and
 * where its value stands (right of the label, or below it). Every field comes back with its value,
 * confidence, box and provenance. A field that was not found (or does not match its pattern),
 * fails its check, or was read with less than `minConfidence` is marked `needsReview` with a PNG
 * crop of the image region that holds it (the label and its neighbourhood where the value stands;
 * the whole page when not even the label was found).
 */
import { findLabel, findValue, labelRegExp, unionBox, type AnchorDirection, type LabelHit } from './anchors.js';
import { padBox, pageRaster, type PageRaster } from './crop.js';
import { ocrFile, type OcrFileOptions } from './ocr-file.js';
import type { OcrBox, OcrPage } from './ocr-page.js';
import type { OcrPool } from './pool.js';

export interface FieldSpec {
  /** The label printed on the form: a RegExp, or a text matched case-insensitively with any spacing. */
  label: RegExp | string;
  direction: AnchorDirection;
  /** What the value looks like; the value is its first group when it has one, else the whole match. */
  pattern?: RegExp;
  /** Furthest the value may be from the label, in pixels (right: default the page width; below: 4 label heights). */
  maxDistance?: number;
  /** A check the value must pass (e.g. `isIban` from banking/); a value that fails it needs review. */
  check?: (value: string) => boolean;
}

export interface FormSpec<K extends string = string> {
  fields: Record<K, FieldSpec>;
  /** 0–100; fields read with less are marked for review. Default: the reader's (config `ocr.minConfidence`). */
  minConfidence?: number;
}

export type ReviewReason = 'label-not-found' | 'value-not-found' | 'check-failed' | 'low-confidence';

export interface FieldResult {
  /** The value as read, or null when none was found. */
  value: string | null;
  /** 0–100: the lowest word confidence in the value; 0 when not found. */
  confidence: number;
  /** Where the value is on its page, in pixels (null when not found). */
  box: OcrBox | null;
  provenance: {
    file: string;
    /** 1-based page the label was found on (the first page when it was not found). */
    page: number;
    /** The label as recognised on the page, or the spec's label when it was not found. */
    source: string;
    box: OcrBox | null;
    labelBox: OcrBox | null;
  };
  needsReview: boolean;
  reason?: ReviewReason;
  /** PNG of the image region that holds the field: only on fields that need review. */
  crop?: Buffer;
  /** Where the crop was cut from, on `provenance.page`. */
  cropBox?: OcrBox;
}

export interface FormResult<K extends string> {
  file: string;
  fields: Record<K, FieldResult>;
  pages: OcrPage[];
}

export const DEFAULT_MIN_CONFIDENCE = 80;

/**
 * Reads a form from OCR pages (each with its `image` when crops are wanted). A label is looked
 * for page by page; its first occurrence wins.
 */
export function extractFields<K extends string>(pages: OcrPage[], spec: FormSpec<K>, defaults: { minConfidence?: number } = {}): Record<K, FieldResult> {
  if (!pages.length) throw new RangeError('extractFields needs at least one OCR page');
  const minConfidence = spec.minConfidence ?? defaults.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
  const rasters = new Map<OcrPage, PageRaster | undefined>();
  const raster = (p: OcrPage) => {
    if (!rasters.has(p)) rasters.set(p, p.image ? pageRaster(p.image) : undefined);
    return rasters.get(p);
  };
  const out = {} as Record<K, FieldResult>;
  for (const key of Object.keys(spec.fields) as K[]) {
    const field = spec.fields[key];
    const re = labelRegExp(field.label);
    let page = pages[0]!;
    let label: LabelHit | undefined;
    for (const p of pages) {
      label = findLabel(p, re);
      if (label) {
        page = p;
        break;
      }
    }
    const value = label && findValue(page, label, field);
    const reason: ReviewReason | undefined = !label
      ? 'label-not-found'
      : !value
        ? 'value-not-found'
        : field.check && !field.check(value.text)
          ? 'check-failed'
          : value.confidence < minConfidence
            ? 'low-confidence'
            : undefined;
    const result: FieldResult = {
      value: value?.text ?? null,
      confidence: value?.confidence ?? 0,
      box: value?.box ?? null,
      provenance: { file: page.file, page: page.page, source: label?.text ?? String(field.label), box: value?.box ?? null, labelBox: label?.box ?? null },
      needsReview: reason !== undefined,
      ...(reason ? { reason } : {}),
    };
    const img = reason ? raster(page) : undefined;
    if (img) {
      const region = reviewRegion(page, field, label, value?.box);
      const { png, box } = img.crop(region);
      result.crop = png;
      result.cropBox = box;
    }
    out[key] = result;
  }
  return out;
}

/** OCR of the file (every page, images kept for crops), then {@link extractFields}. */
export async function readForm<K extends string>(
  pool: OcrPool,
  file: string,
  spec: FormSpec<K>,
  options: Omit<OcrFileOptions, 'keepImage'> & { minConfidence?: number } = {},
): Promise<FormResult<K>> {
  const pages = await ocrFile(pool, file, { ...options, keepImage: true });
  const fields = extractFields(pages, spec, options);
  return { file, fields, pages };
}

/**
 * What a reviewer needs to see: the label's neighbourhood in the value's direction (the row to its
 * right, or the area below it down to the value found), grown to hold the value, so a value read
 * only in part (a smudge, a stroke through it) is seen whole; the whole page when the label was not found.
 */
function reviewRegion(page: OcrPage, field: FieldSpec, label: LabelHit | undefined, value: OcrBox | undefined): OcrBox {
  if (!label) return { x: 0, y: 0, width: page.width, height: page.height };
  const l = label.box;
  const reach = field.maxDistance ?? (field.direction === 'right' ? page.width : 4 * l.height);
  const around =
    field.direction === 'right'
      ? { x: l.x, y: l.y - l.height / 2, width: l.width + reach, height: 2 * l.height }
      : { x: l.x - l.height, y: l.y, width: Math.max(l.width + 2 * l.height, page.width / 3), height: l.height + (value ? 0 : reach) };
  return padBox(value ? unionBox([around, value]) : around, Math.round(l.height / 2));
}
