/**
 * The entries of a zip file as its central directory lists them (name, compressed and uncompressed
 * size), read from the end of the file without inflating anything: enough to refuse a workbook
 * whose parts would be too large before a byte of them is read. A zip can lie about its sizes: the
 * readers count what they actually get as well (xlsx-reader.ts). A small entry can be read on its own
 * (the workbook's sheet list, before the sheets are streamed).
 */
import { open } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  compressedSize: number;
  /** Uncompressed size in bytes; Infinity for a ZIP64 entry (its real size is past 4 GB or not stated here). */
  size: number;
  /** 0 stored, 8 deflated (what `readZipEntry` reads). */
  method: number;
  /** Where its local header starts. */
  localHeaderOffset: number;
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
      entries.push({ name, compressedSize, size: uncompressed === 0xffffffff ? Infinity : uncompressed, method, localHeaderOffset });
      p += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  } finally {
    await fh.close();
  }
}

const LOCAL = 0x04034b50;

/**
 * One small entry's bytes, read where the central directory says it is (a workbook's own parts, read
 * before the sheets are streamed). Undefined when it is not stored or deflated, lies about its place,
 * or inflates past `maxBytes`.
 */
export async function readZipEntry(file: string, entry: ZipEntry, maxBytes: number): Promise<Buffer | undefined> {
  if ((entry.method !== 0 && entry.method !== 8) || entry.compressedSize > maxBytes || entry.localHeaderOffset === 0xffffffff) return undefined;
  const fh = await open(file, 'r');
  try {
    const header = Buffer.alloc(30);
    await fh.read(header, 0, 30, entry.localHeaderOffset);
    if (header.readUInt32LE(0) !== LOCAL) return undefined;
    const data = Buffer.alloc(entry.compressedSize);
    const { bytesRead } = await fh.read(data, 0, entry.compressedSize, entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28));
    if (bytesRead !== entry.compressedSize) return undefined;
    return entry.method === 0 ? data : inflateRawSync(data, { maxOutputLength: maxBytes });
  } catch {
    return undefined;
  } finally {
    await fh.close();
  }
}
