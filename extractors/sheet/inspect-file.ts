/**
 * One streaming pass over the file before it is parsed: sha256 (for provenance), size, the first
 * bytes (for format detection), UTF-8 validity (for encoding detection) and, for OLE compound files,
 * whether the file looks encrypted. Memory stays bounded whatever the file size.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';

export const HEAD_BYTES = 64 * 1024;
/** A zip's end-of-central-directory record is in the last 22 + 65535 bytes. */
const TAIL_BYTES = 22 + 65_535;

export const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
export const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const ZIP_EOCD = Buffer.from([0x50, 0x4b, 0x05, 0x06]);

const utf16 = (s: string) => Buffer.from(s, 'utf16le');
const OLE_ENCRYPTED_MARKERS = [utf16('EncryptionInfo'), utf16('EncryptedPackage')];
const OLE_XLS_MARKERS = [utf16('Workbook'), utf16('Book')];

export interface FileInspection {
  path: string;
  size: number;
  sha256: string;
  /** The first {@link HEAD_BYTES} bytes. */
  head: Buffer;
  /** The whole file decodes as UTF-8 (only checked for files that are not zip/OLE). */
  utf8Valid: boolean;
  /** Text that holds well-formed UTF-8 multi-byte sequences (as a UTF-8 file's ü or € would be). */
  utf8Sequences: boolean;
  /** For zip files: the end-of-central-directory record is present (the zip is not truncated). */
  zipComplete?: boolean;
  /** For OLE files: stream names seen. */
  ole?: { encrypted: boolean; legacyXls: boolean };
}

/** A well-formed 2- or 3-byte UTF-8 sequence, matched on the bytes read as latin1. */
const UTF8_MULTIBYTE = /[\xC2-\xDF][\x80-\xBF]|[\xE0-\xEF][\x80-\xBF]{2}/;

export async function inspectFile(path: string): Promise<FileInspection> {
  const hash = createHash('sha256');
  const headChunks: Buffer[] = [];
  let headLen = 0;
  let size = 0;
  let kind: 'unknown' | 'zip' | 'ole' | 'text' = 'unknown';
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let utf8Valid = true;
  let utf8Sequences = false;
  let carry = Buffer.alloc(0);
  const ole = { encrypted: false, legacyXls: false };

  for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
    if (headLen < HEAD_BYTES) {
      const part = chunk.subarray(0, HEAD_BYTES - headLen);
      headChunks.push(part);
      headLen += part.length;
    }
    if (kind === 'unknown' && headLen >= Math.min(8, size)) {
      const head = Buffer.concat(headChunks);
      if (head.length >= 4 && head.subarray(0, 4).equals(ZIP_MAGIC)) kind = 'zip';
      else if (head.length >= 8 && head.subarray(0, 8).equals(OLE_MAGIC)) kind = 'ole';
      else if (head.length >= 8) kind = 'text';
    }
    if ((kind === 'text' || kind === 'unknown') && !utf8Sequences && UTF8_MULTIBYTE.test(chunk.toString('latin1'))) utf8Sequences = true;
    if ((kind === 'text' || kind === 'unknown') && utf8Valid) {
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        utf8Valid = false;
      }
    }
    if (kind === 'ole') {
      const window = Buffer.concat([carry, chunk]);
      if (OLE_ENCRYPTED_MARKERS.some((m) => window.includes(m))) ole.encrypted = true;
      if (OLE_XLS_MARKERS.some((m) => window.includes(m))) ole.legacyXls = true;
      carry = window.subarray(Math.max(0, window.length - 64));
    }
  }
  if (utf8Valid && (kind === 'text' || kind === 'unknown')) {
    try {
      decoder.decode();
    } catch {
      utf8Valid = false;
    }
  }

  const result: FileInspection = {
    path,
    size,
    sha256: hash.digest('hex'),
    head: Buffer.concat(headChunks),
    utf8Valid: utf8Valid && kind !== 'zip' && kind !== 'ole',
    utf8Sequences: utf8Sequences && kind !== 'zip' && kind !== 'ole',
  };
  if (kind === 'ole') result.ole = ole;
  if (kind === 'zip') {
    const fh = await open(path, 'r');
    try {
      const len = Math.min(TAIL_BYTES, size);
      const tail = Buffer.alloc(len);
      await fh.read(tail, 0, len, size - len);
      result.zipComplete = tail.includes(ZIP_EOCD);
    } finally {
      await fh.close();
    }
  }
  return result;
}
