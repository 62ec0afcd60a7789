/**
 * Positioned text → words → lines. Works on any `PageText` (a PDF text layer in points, OCR words
 * in pixels): every tolerance is relative to the text's own height, never an absolute distance.
 */
import type { PageText, PositionedText } from '../../layout/index.js';

/** One word with its box (top-left origin, y down), in the page's units; OCR words keep their confidence. */
export type Word = PositionedText;

/** Words whose vertical centres lie together, left to right. */
export interface TextLine {
  /** 1-based page. */
  page: number;
  /** 1-based line number on the page, top to bottom. */
  number: number;
  top: number;
  bottom: number;
  /** Median word height: the unit of every tolerance on this line. */
  height: number;
  words: Word[];
  /** The words joined by single spaces. */
  text: string;
}

/** Two words are on one line when their vertical centres differ by at most this share of their height. */
const SAME_LINE = 0.45;

/**
 * Splits a text item into words at whitespace. Inside an item the glyphs' own positions are not
 * known, so each word's x is estimated from its share of the item's characters (exact for a word
 * that is a whole item, which is the usual case for OCR and for column-aligned PDF text).
 */
export function wordsOf(item: PositionedText, into: Word[] = []): Word[] {
  const text = item.text;
  if (!/\s/.test(text)) {
    if (text !== '') into.push(toWord(item, text, item.x, item.width));
    return into;
  }
  const perChar = text.length > 0 ? item.width / text.length : 0;
  for (const m of text.matchAll(/\S+/g)) {
    into.push(toWord(item, m[0], item.x + m.index * perChar, m[0].length * perChar));
  }
  return into;
}

function toWord(item: PositionedText, text: string, x: number, width: number): Word {
  const w: Word = { text, x, y: item.y, width, height: item.height };
  if (item.confidence !== undefined) w.confidence = item.confidence;
  return w;
}

/** The page's words grouped into lines (by vertical centre), each sorted left to right. */
export function groupLines(page: PageText): TextLine[] {
  const words: Word[] = [];
  for (const item of page.items) if (item.height > 0) wordsOf(item, words);
  words.sort((a, b) => a.y + a.height / 2 - (b.y + b.height / 2));
  const groups: { centre: number; height: number; words: Word[] }[] = [];
  let current: { centre: number; height: number; words: Word[] } | undefined;
  for (const w of words) {
    const centre = w.y + w.height / 2;
    if (current && Math.abs(centre - current.centre) <= SAME_LINE * Math.min(w.height, current.height)) {
      current.words.push(w);
      // The line's centre follows its words (a running mean), so a long line does not drift apart.
      current.centre += (centre - current.centre) / current.words.length;
      continue;
    }
    current = { centre, height: w.height, words: [w] };
    groups.push(current);
  }
  return groups.map((g, i) => {
    g.words.sort((a, b) => a.x - b.x);
    let top = Infinity;
    let bottom = -Infinity;
    for (const w of g.words) {
      top = Math.min(top, w.y);
      bottom = Math.max(bottom, w.y + w.height);
    }
    return {
      page: page.page,
      number: i + 1,
      top,
      bottom,
      height: median(g.words.map((w) => w.height)),
      words: g.words,
      text: g.words.map((w) => w.text).join(' '),
    };
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The smallest box around some words. */
export function boxOf(words: readonly Word[]): { x: number; y: number; width: number; height: number } {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const w of words) {
    x0 = Math.min(x0, w.x);
    y0 = Math.min(y0, w.y);
    x1 = Math.max(x1, w.x + w.width);
    y1 = Math.max(y1, w.y + w.height);
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}
