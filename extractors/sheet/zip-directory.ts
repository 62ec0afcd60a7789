/**
 * The entries of a zip file as its central directory lists them (name, compressed and uncompressed
 * size), read from the end of the file without inflating anything: enough to refuse a workbook
 * whose parts would be too large before a byte of them is read. A zip can lie about its sizes: the
 * readers count what they actually get as well (xlsx-reader.ts). An entry is then read where the
 * directory says it is: a small one whole (`readZipEntry`), a large one as a stream (`zipEntryStream`).
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline, Readable, Transform } from 'node:stream';
import * as zlib from 'node:zlib';
import { RpaError, type ErrorKind } from '../../banking/index.js';

/** CRC-32 (IEEE) table, for Node releases before zlib.crc32 (20.15). */
let table: Uint32Array | undefined;
function crc32Js(data: Buffer, crc: number): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let c = ~crc >>> 0;
  for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}
const nativeCrc32 = (zlib as { crc32?: (data: Buffer, value?: number) => number }).crc32;
/** The CRC-32 of `data`, continuing from `crc` (0 to start). */
export const crc32 = (data: Buffer, crc = 0): number => (nativeCrc32 ? nativeCrc32(data, crc) : crc32Js(data, crc));

export interface ZipEntry {
  name: string;
  compressedSize: number;
  /** Uncompressed size in bytes; Infinity for a ZIP64 entry (its real size is past 4 GB or not stated here). */
  size: number;
  /** 0 stored, 8 deflated (what `readZipEntry` reads). */
  method: number;
  /** Where its local header starts. */
  localHeaderOffset: number;
  /** CRC-32 of the uncompressed bytes. */
  crc32: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
/** The end record is 22 bytes, after which a comment of up to 65,535 bytes may follow. */
const TAIL = 22 + 65_535;

/** The entries, or undefined when the file has no readable central directory (the zip reader then reports it damaged). */
export async function zipEntries(file: string): Promise<ZipEntry[] | undefined> {
  const fh = await open(file, 'r');
  try {
    const { size } = await fh.stat();
    const tailLength = Math.min(size, TAIL);
    const tail = Buffer.alloc(tailLength);
    await fh.read(tail, 0, tailLength, size - tailLength);
    let at = -1;
    for (let i = tailLength - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD) {
        at = i;
        break;
      }
    }
    if (at < 0) return undefined;
    const count = tail.readUInt16LE(at + 10);
    const cdSize = tail.readUInt32LE(at + 12);
    const cdOffset = tail.readUInt32LE(at + 16);
    if (cdOffset === 0xffffffff || cdSize === 0xffffffff || cdOffset + cdSize > size || cdSize > 64 * 1024 * 1024) return undefined;
    const cd = Buffer.alloc(cdSize);
    await fh.read(cd, 0, cdSize, cdOffset);
    const entries: ZipEntry[] = [];
    let p = 0;
    for (let n = 0; n < count && p + 46 <= cd.length; n++) {
      if (cd.readUInt32LE(p) !== CENTRAL) return undefined;
      const method = cd.readUInt16LE(p + 10);
      const compressedSize = cd.readUInt32LE(p + 20);
      const uncompressed = cd.readUInt32LE(p + 24);
      const nameLength = cd.readUInt16LE(p + 28);
      const extraLength = cd.readUInt16LE(p + 30);
      const commentLength = cd.readUInt16LE(p + 32);
      const localHeaderOffset = cd.readUInt32LE(p + 42);
      const name = cd.toString('utf8', p + 46, p + 46 + nameLength);
      entries.push({ name, compressedSize, size: uncompressed === 0xffffffff ? Infinity : uncompressed, method, localHeaderOffset, crc32: cd.readUInt32LE(p + 16) });
      p += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  } finally {
    await fh.close();
  }
}

const LOCAL = 0x04034b50;

/** An entry that cannot be read where the central directory says it is (xlsx-reader.ts turns this into a corrupt-xlsx file error). */
export class ZipEntryUnreadable extends RpaError {
  static override readonly kind: ErrorKind = 'business';
  readonly whatNext = 'Ask the sender to open the workbook in Excel, save it again as .xlsx and resend it: the file is damaged.';
}

/** Where an entry's data starts (past its local header), or a reason it cannot be read. */
async function dataStart(file: string, entry: ZipEntry): Promise<number> {
  if (entry.method !== 0 && entry.method !== 8) throw new ZipEntryUnreadable(`${entry.name} is compressed with method ${entry.method}, which is not read (only stored and deflated parts are)`);
  if (entry.localHeaderOffset === 0xffffffff || entry.compressedSize === 0xffffffff) throw new ZipEntryUnreadable(`${entry.name} is a ZIP64 entry, which is not read`);
  const fh = await open(file, 'r');
  try {
    const header = Buffer.alloc(30);
    const { bytesRead } = await fh.read(header, 0, 30, entry.localHeaderOffset);
    if (bytesRead !== 30 || header.readUInt32LE(0) !== LOCAL) throw new ZipEntryUnreadable(`${entry.name} is not where the zip's directory says it is`);
    const start = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    if (start + entry.compressedSize > (await fh.stat()).size) throw new ZipEntryUnreadable(`${entry.name} runs past the end of the file`);
    return start;
  } finally {
    await fh.close();
  }
}

/**
 * One entry's bytes as a stream, inflated as they are read from where the central directory says
 * the entry is, its CRC-32 checked at the end. Nothing else of the zip is read, so no streaming pass
 * over the whole archive can miss or reorder a part. The stream fails with `ZipEntryUnreadable` (or
 * zlib's error) when the data is damaged, and with `limit.tooLarge()` once more than `limit.maxBytes`
 * have come out of it (a zip can understate an entry's size).
 */
export async function zipEntryStream(file: string, entry: ZipEntry, limit?: { maxBytes: number; tooLarge: () => Error }): Promise<Readable> {
  const start = await dataStart(file, entry);
  const raw = entry.compressedSize === 0 ? Readable.from([]) : createReadStream(file, { start, end: start + entry.compressedSize - 1, highWaterMark: 64 * 1024 });
  let crc = 0;
  let bytes = 0;
  const checked = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (limit && bytes > limit.maxBytes) return done(limit.tooLarge());
      crc = crc32(chunk, crc);
      done(null, chunk);
    },
    flush(done) {
      done(crc === entry.crc32 ? null : new ZipEntryUnreadable(`${entry.name} is damaged (its checksum does not match)`));
    },
  });
  // pipeline: an error anywhere ends every stage, and the checked stream closing early stops the file read.
  pipeline(entry.method === 0 ? [raw, checked] : [raw, zlib.createInflateRaw(), checked], () => undefined);
  return checked;
}

/**
 * One small entry's bytes, read where the central directory says it is (a workbook's own parts, read
 * before the sheets are streamed). Undefined when it is not stored or deflated, lies about its place,
 * or inflates past `maxBytes`.
 */
export async function readZipEntry(file: string, entry: ZipEntry, maxBytes: number): Promise<Buffer | undefined> {
  if (entry.compressedSize > maxBytes) return undefined;
  try {
    const start = await dataStart(file, entry);
    const fh = await open(file, 'r');
    try {
      const data = Buffer.alloc(entry.compressedSize);
      const { bytesRead } = await fh.read(data, 0, entry.compressedSize, start);
      if (bytesRead !== entry.compressedSize) return undefined;
      const bytes = entry.method === 0 ? data : zlib.inflateRawSync(data, { maxOutputLength: maxBytes });
      return crc32(bytes) === entry.crc32 ? bytes : undefined;
    } finally {
      await fh.close();
    }
  } catch {
    return undefined;
  }
}
