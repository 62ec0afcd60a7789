/**
 * Bytes to text for the readers: byte-order marks, UTF-8 checked strictly, Windows-1252 for the
 * Latin-1 text that MT940 files often are, and a refusal of binary content and of files that mix
 * UTF-8 with another encoding (names would be garbled either way).
 */
import iconv from 'iconv-lite';
import { BankFileMalformed, NotABankFile } from './errors.js';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' | (string & {});

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
  /** How the encoding was chosen. */
  source: 'bom' | 'declared' | 'detected';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function bomOf(bytes: Uint8Array): { encoding: TextEncoding; length: number } | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

/** Control characters that text files of ours may contain: tab, LF, CR, SWIFT's SOH/ETX, DOS end-of-file. */
const ALLOWED_CONTROL = new Set([0x09, 0x0a, 0x0d, 0x01, 0x03, 0x1a]);

/**
 * True when the first 64 KB look like binary data: a NUL byte, or more than 1% control characters.
 * (A UTF-16 file has NULs too: it is only read with its byte-order mark.)
 */
export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 65_536);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return true;
    if (b < 0x20 && !ALLOWED_CONTROL.has(b)) control++;
  }
  return control > n / 100;
}

/** Well-formed multi-byte UTF-8 sequences, seen through a latin1 view of the bytes. */
const UTF8_SEQUENCE = /[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}/;

export function refuseBinaryOrEmpty(bytes: Uint8Array, file: string, what: string): void {
  const blank = bytes.length <= 4096 && /^\s*$/.test(Buffer.from(bytes).toString('latin1'));
  if (bytes.length === 0 || blank) {
    throw new NotABankFile({ file, problem: 'empty', reason: `the file is empty, not an ${what} file` });
  }
  if (!bomOf(bytes) && looksBinary(bytes)) {
    throw new NotABankFile({ file, problem: 'binary', reason: `the file has binary content, not an ${what} file` });
  }
}

/**
 * Decodes text whose encoding is not declared (MT940): a BOM decides; else valid UTF-8 is UTF-8;
 * else Windows-1252 (a superset of Latin-1), unless the bytes also hold UTF-8 sequences (a mix of
 * two encodings, refused).
 */
export function decodeUndeclared(bytes: Buffer, file: string): DecodedText {
  const bom = bomOf(bytes);
  if (bom) return { text: iconv.decode(bytes.subarray(bom.length), bom.encoding), encoding: bom.encoding, source: 'bom' };
  try {
    return { text: utf8.decode(bytes), encoding: 'utf-8', source: 'detected' };
  } catch {
    if (UTF8_SEQUENCE.test(bytes.toString('latin1'))) {
      throw new BankFileMalformed({
        file,
        problem: 'encoding',
        reason: 'the file mixes UTF-8 text with text in another encoding, so names and remittance text cannot be read reliably',
      });
    }
    return { text: iconv.decode(bytes, 'windows-1252'), encoding: 'windows-1252', source: 'detected' };
  }
}

/** Decodes with a declared encoding; UTF-8 strictly (an invalid byte is an error, never a U+FFFD). */
export function decodeDeclared(bytes: Buffer, encoding: string, file: string, declaredWhere: string): DecodedText {
  const name = encoding.toLowerCase();
  if (name === 'utf-8' || name === 'utf8') {
    try {
      return { text: utf8.decode(bytes), encoding: 'utf-8', source: 'declared' };
    } catch (e) {
      throw new BankFileMalformed({
        file,
        problem: 'encoding',
        reason: `the file is not valid UTF-8, as ${declaredWhere} says it is (wrong encoding, or a damaged file)`,
        cause: e,
      });
    }
  }
  if (!iconv.encodingExists(name)) {
    throw new BankFileMalformed({ file, problem: 'encoding', reason: `${declaredWhere} names an unknown encoding "${encoding}"` });
  }
  return { text: iconv.decode(bytes, name), encoding: name, source: 'declared' };
}
