/**
 * Finding a form's values by their labels (anchors) on an OCR page: the label is matched against
 * the text of each OCR line; the value is the run of words to the label's right on the same row,
 * or the first row below it under the label's column. Geometry is in the page's pixels and every
 * tolerance is relative to the text's height, so it works at any scan resolution.
 */
import type { OcrBox, OcrPage, OcrWord } from './ocr-page.js';

export type AnchorDirection = 'right' | 'below';

export interface LabelHit {
  /** The label as recognised on the page. */
  text: string;
  box: OcrBox;
  words: OcrWord[];
  /** Text after the label inside its last word ("IBAN:DE89…" → "DE89…"), or ''. */
  tail: string;
  /** The OCR line the label is on (its words follow the text line, however skewed the scan). */
  lineWords?: OcrWord[];
}

export interface ValueHit {
  text: string;
  box: OcrBox;
  /** The lowest confidence of the words that make up the value (one bad character makes a value unreliable). */
  confidence: number;
}

/** Words further apart than this many text heights belong to different values (columns). */
const GAP_HEIGHTS = 1.5;
/** Default search depth below a label, in label heights. */
const BELOW_HEIGHTS = 4;

export function labelRegExp(label: RegExp | string): RegExp {
  if (typeof label !== 'string') return stateless(label);
  const words = label.trim().split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(words.join('\\s+'), 'i');
}

/** The first line (in reading order) whose text matches the label. */
export function findLabel(page: OcrPage, label: RegExp): LabelHit | undefined {
  for (const line of page.lines) {
    const { text, starts } = joinWords(line.words);
    const m = label.exec(text);
    if (!m || m[0] === '') continue;
    const end = m.index + m[0].length;
    const idx = line.words.map((_, i) => i).filter((i) => starts[i]! < end && starts[i]! + line.words[i]!.text.length > m.index);
    const words = idx.map((i) => line.words[i]!);
    const last = idx[idx.length - 1]!;
    const tail = line.words[last]!.text.slice(end - starts[last]!).replace(/^[\s:.;–—-]+/, '');
    return { text: m[0], box: unionBox(words.map((w) => w.box)), words, tail, lineWords: line.words };
  }
  return undefined;
}

/** The value next to a label, or undefined when nothing (matching `pattern`) is there. */
export function findValue(
  page: OcrPage,
  label: LabelHit,
  field: { direction: AnchorDirection; pattern?: RegExp; maxDistance?: number },
): ValueHit | undefined {
  const row = field.direction === 'right' ? rowToTheRight(page, label, field.maxDistance) : rowBelow(page, label, field.maxDistance);
  const last = label.words[label.words.length - 1]!;
  const lead = label.tail ? [{ text: label.tail, confidence: last.confidence, box: last.box }] : [];
  let run = row.length ? runAround(row, 0) : [];
  // A value that starts inside the label's word continues only with words close to it.
  if (lead.length && run.length && run[0]!.box.x - (last.box.x + last.box.width) > GAP_HEIGHTS * last.box.height) run = [];
  if (!field.pattern) return lead.length + run.length ? valueOf([...lead, ...run]) : undefined;
  // A pattern may need more than the first run of words (a wide gap inside the value): try the whole row too.
  return matchIn([...lead, ...run], field.pattern) ?? matchIn([...lead, ...row], field.pattern);
}

/**
 * Words on the label's row that start right of it (within maxDistance), left to right: those of its
 * OCR line when it has any there (the engine follows a skewed line; boxes drift off a level row),
 * else the words whose boxes overlap the label's row.
 */
function rowToTheRight(page: OcrPage, label: LabelHit, maxDistance = page.width): OcrWord[] {
  const l = label.box;
  const right = l.x + l.width;
  const onLine = (label.lineWords ?? []).filter((w) => !label.words.includes(w) && w.box.x >= right - 0.5 * l.height && w.box.x - right <= maxDistance);
  if (onLine.length) return onLine.sort((a, b) => a.box.x - b.box.x);
  return page.words
    .filter((w) => !label.words.includes(w) && w.box.x >= right - 0.5 * l.height && w.box.x - right <= maxDistance && overlapY(w.box, l) >= 0.5 * Math.min(w.box.height, l.height))
    .sort((a, b) => a.box.x - b.box.x);
}

/**
 * The first row of words below the label (within maxDistance) that has a word under the label's
 * column; that word first, then its row neighbours to the right and left (see runAround).
 */
function rowBelow(page: OcrPage, label: LabelHit, maxDistance?: number): OcrWord[] {
  const l = label.box;
  const bottom = l.y + l.height;
  const depth = maxDistance ?? BELOW_HEIGHTS * l.height;
  const under = page.words.filter(
    (w) => w.box.y >= l.y + 0.5 * l.height && w.box.y - bottom <= depth && w.box.x < l.x + l.width + l.height && w.box.x + w.box.width > l.x - l.height,
  );
  if (!under.length) return [];
  const top = under.reduce((a, b) => (b.box.y < a.box.y ? b : a));
  const anchor = under.filter((w) => overlapY(w.box, top.box) > 0).reduce((a, b) => (Math.abs(b.box.x - l.x) < Math.abs(a.box.x - l.x) ? b : a));
  const row = page.words.filter((w) => overlapY(w.box, anchor.box) >= 0.5 * Math.min(w.box.height, anchor.box.height)).sort((a, b) => a.box.x - b.box.x);
  // Anchor first, so runAround starts from it.
  const i = row.indexOf(anchor);
  return [anchor, ...row.slice(i + 1), ...row.slice(0, i).reverse()];
}

/**
 * From `row[start]`, the neighbours whose gap to the run stays below GAP_HEIGHTS text heights.
 * `row` is the start word, then words to its right in order, then words to its left nearest first.
 */
function runAround(row: OcrWord[], start: number): OcrWord[] {
  const first = row[start]!;
  const limit = GAP_HEIGHTS * first.box.height;
  const run = [first];
  let right = first.box.x + first.box.width;
  let left = first.box.x;
  for (const w of row.slice(start + 1)) {
    if (w.box.x >= first.box.x) {
      if (w.box.x - right > limit) continue;
      run.push(w);
      right = Math.max(right, w.box.x + w.box.width);
    } else {
      if (left - (w.box.x + w.box.width) > limit) continue;
      run.unshift(w);
      left = w.box.x;
    }
  }
  return run.sort((a, b) => a.box.x - b.box.x);
}

function matchIn(words: Pick<OcrWord, 'text' | 'confidence' | 'box'>[], pattern: RegExp): ValueHit | undefined {
  if (!words.length) return undefined;
  const { text, starts } = joinWords(words);
  const m = stateless(pattern).exec(text);
  if (!m) return undefined;
  const value = m[1] ?? m[0];
  const from = m.index + (m[1] !== undefined ? m[0].indexOf(m[1]) : 0);
  const to = from + value.length;
  const used = words.filter((w, i) => starts[i]! < to && starts[i]! + w.text.length > from);
  return { ...valueOf(used.length ? used : words), text: value };
}

/** A copy without the g and y flags, whose exec() keeps no lastIndex between calls. */
const stateless = (re: RegExp) => new RegExp(re.source, re.flags.replace(/[gy]/g, ''));

/** The words' texts joined by single spaces, and where each word starts in it. */
function joinWords(words: { text: string }[]): { text: string; starts: number[] } {
  const starts: number[] = [];
  let text = '';
  for (const w of words) {
    if (text) text += ' ';
    starts.push(text.length);
    text += w.text;
  }
  return { text, starts };
}

function valueOf(words: Pick<OcrWord, 'text' | 'confidence' | 'box'>[]): ValueHit {
  return {
    text: words.map((w) => w.text).join(' '),
    box: unionBox(words.map((w) => w.box)),
    confidence: Math.min(...words.map((w) => w.confidence)),
  };
}

function overlapY(a: OcrBox, b: OcrBox): number {
  return Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
}

export function unionBox(boxes: OcrBox[]): OcrBox {
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  return { x, y, width: Math.max(...boxes.map((b) => b.x + b.width)) - x, height: Math.max(...boxes.map((b) => b.y + b.height)) - y };
}
