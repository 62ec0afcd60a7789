/** PNG structure: the chunk chain from IHDR to IEND, each chunk inside the file. */
import { StructureError } from './structure-error.js';

export interface PngLayout {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlace: number;
  /** The IDAT chunks' data, in order (views into the file's bytes). */
  idat: Buffer[];
}

export function inspectPng(bytes: Buffer): PngLayout {
  let pos = 8;
  let header: Omit<PngLayout, 'idat'> | undefined;
  const idat: Buffer[] = [];
  for (;;) {
    if (pos + 8 > bytes.length) throw new StructureError(`it ends at byte ${bytes.length} without its end chunk (IEND): the file is truncated`);
    const length = bytes.readUInt32BE(pos);
    const type = bytes.subarray(pos + 4, pos + 8).toString('latin1');
    const end = pos + 12 + length;
    if (end > bytes.length) throw new StructureError(`its ${JSON.stringify(type)} chunk at byte ${pos} needs ${length} bytes but the file ends first: the file is truncated`);
    const body = bytes.subarray(pos + 8, pos + 8 + length);
    if (pos === 8) {
      if (type !== 'IHDR' || length < 13) throw new StructureError('it does not start with an image header (IHDR)');
      header = { width: body.readUInt32BE(0), height: body.readUInt32BE(4), bitDepth: body[8]!, colorType: body[9]!, interlace: body[12]! };
    }
    if (type === 'IDAT') idat.push(body);
    if (type === 'IEND') return { ...header!, idat };
    pos = end;
  }
}
