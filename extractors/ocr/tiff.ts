/**
 * TIFF structure: the chain of image file directories (one per page), each directory and each
 * strip or tile it points to inside the file. A page of a multi-page TIFF is given to tesseract as
 * the same bytes with the header pointing at that page's directory (offsets in a TIFF are absolute,
 * so nothing else moves), because the engine reads the first directory only.
 */
import { StructureError } from './structure-error.js';

const TYPE_SIZES: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4 };
const TAG = { width: 256, height: 257, stripOffsets: 273, stripByteCounts: 279, tileOffsets: 324, tileByteCounts: 325 } as const;
/** More pages than any scan has: a directory chain longer than this is treated as damaged (or a loop). */
const MAX_PAGES = 10_000;

export interface TiffLayout {
  /** Size of each page, in pixels. */
  pages: { width: number; height: number }[];
  /** Byte offset of each page's directory. */
  directories: number[];
}

export function inspectTiff(bytes: Buffer): TiffLayout {
  const le = bytes[0] === 0x49;
  const u16 = (at: number) => (le ? bytes.readUInt16LE(at) : bytes.readUInt16BE(at));
  const u32 = (at: number) => (le ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at));
  const need = (at: number, n: number, what: string) => {
    if (at + n > bytes.length) throw new StructureError(`${what} at byte ${at} lies past the end of the file (${bytes.length} bytes): the file is truncated`);
  };

  const values = (entry: number): number[] => {
    const type = u16(entry + 2);
    const count = u32(entry + 4);
    const size = TYPE_SIZES[type];
    if (size === undefined || (type !== 3 && type !== 4)) return [];
    const at = count * size <= 4 ? entry + 8 : u32(entry + 8);
    need(at, count * size, 'a directory entry\'s values');
    return Array.from({ length: count }, (_, i) => (type === 3 ? u16(at + 2 * i) : u32(at + 4 * i)));
  };

  need(0, 8, 'the TIFF header');
  const directories: number[] = [];
  const pages: { width: number; height: number }[] = [];
  for (let ifd = u32(4); ifd !== 0; ) {
    if (directories.includes(ifd) || directories.length >= MAX_PAGES) throw new StructureError('its page directories loop or never end');
    need(ifd, 2, 'a page directory');
    const n = u16(ifd);
    need(ifd + 2, n * 12 + 4, `a page directory of ${n} entries`);
    const tags = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const entry = ifd + 2 + i * 12;
      tags.set(u16(entry), values(entry));
    }
    const offsets = tags.get(TAG.stripOffsets) ?? tags.get(TAG.tileOffsets) ?? [];
    const counts = tags.get(TAG.stripByteCounts) ?? tags.get(TAG.tileByteCounts) ?? [];
    if (!offsets.length) throw new StructureError(`page ${directories.length + 1} has no image data (no strip or tile offsets)`);
    offsets.forEach((off, i) => need(off, counts[i] ?? 0, `image data of page ${directories.length + 1}`));
    const width = tags.get(TAG.width)?.[0];
    const height = tags.get(TAG.height)?.[0];
    if (width === undefined || height === undefined) throw new StructureError(`page ${directories.length + 1} does not declare its size`);
    pages.push({ width, height });
    directories.push(ifd);
    ifd = u32(ifd + 2 + n * 12);
  }
  if (!directories.length) throw new StructureError('it has no pages');
  return { pages, directories };
}

/** The bytes of page `page` (1-based) as a TIFF whose first page it is. */
export function tiffPage(bytes: Buffer, layout: TiffLayout, page: number): Buffer {
  if (page === 1) return bytes;
  const ifd = layout.directories[page - 1];
  if (ifd === undefined) throw new RangeError(`the TIFF has ${layout.directories.length} pages; page ${page} asked`);
  const copy = Buffer.from(bytes);
  if (copy[0] === 0x49) copy.writeUInt32LE(ifd, 4);
  else copy.writeUInt32BE(ifd, 4);
  return copy;
}
