/**
 * CSV text encoding: declared, or detected as
 * UTF-8/UTF-16 byte-order mark → that encoding; whole file valid UTF-8 → UTF-8; else Windows-1252
 * (the encoding Excel on Western-European Windows uses for "CSV" exports; € is byte 0x80).
 */
import iconv from 'iconv-lite';
import { SheetFileError } from './errors.js';
import type { FileInspection } from './inspect-file.js';
import type { CsvEncoding } from './spec.js';

export interface EncodingChoice {
  encoding: CsvEncoding;
  source: 'declared' | 'bom' | 'detected';
  /** A BOM found in the file, whatever the choice. */
  bom?: CsvEncoding;
}

export function bomEncoding(head: Buffer): CsvEncoding | undefined {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return undefined;
}

export function chooseEncoding(insp: FileInspection, declared: CsvEncoding | undefined): EncodingChoice {
  const bom = bomEncoding(insp.head);
  if (declared) {
    if (declared === 'utf-8' && !insp.utf8Valid) {
      throw new SheetFileError({
        file: insp.path,
        code: 'encoding-mismatch',
        reason: 'the file was declared UTF-8 but is not valid UTF-8 (characters such as ü or € would be garbled)',
        whatNext: 'Declare the real encoding (e.g. windows-1252) or leave it undeclared to detect it.',
      });
    }
    return { encoding: declared, source: 'declared', ...(bom ? { bom } : {}) };
  }
  if (bom) return { encoding: bom, source: 'bom', bom };
  if (!insp.utf8Valid && insp.utf8Sequences) {
    // Part UTF-8, part something else (rows pasted together from two exports): read either way, some
    // names would be garbled (Weiß as WeiÃŸ) and posted so. Refused rather than guessed.
    throw new SheetFileError({
      file: insp.path,
      code: 'encoding-mixed',
      reason: 'the file mixes UTF-8 text with text in another encoding, so some names cannot be read reliably',
      whatNext: 'Ask the sender to export the whole file again in one encoding (UTF-8 preferred).',
    });
  }
  return { encoding: insp.utf8Valid ? 'utf-8' : 'windows-1252', source: 'detected' };
}

/** Streaming decoder; strips a byte-order mark. */
export function decodeStream(encoding: CsvEncoding): NodeJS.ReadWriteStream {
  return iconv.decodeStream(encoding, { stripBOM: true });
}

/** Decode the first bytes for sniffing (drops a possibly cut last line). */
export function decodeSample(head: Buffer, encoding: CsvEncoding, complete: boolean): string {
  let text = iconv.decode(head, encoding, { stripBOM: true });
  if (!complete) {
    const lastNl = text.lastIndexOf('\n');
    if (lastNl > 0) text = text.slice(0, lastNl);
  }
  return text;
}
