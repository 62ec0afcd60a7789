/** PNG structure: the chunk chain from IHDR to IEND, each chunk inside the file. */
import { StructureError } from './structure-error.js';

export function inspectPng(bytes: Buffer): { width: number; height: number } {
  let pos = 8;
  let width = -1;
  let height = -1;
  for (;;) {
    if (pos + 8 > bytes.length) throw new StructureError(`it ends at byte ${bytes.length} without its end chunk (IEND): the file is truncated`);
    const length = bytes.readUInt32BE(pos);
    const type = bytes.subarray(pos + 4, pos + 8).toString('latin1');
    const end = pos + 12 + length;
    if (end > bytes.length) throw new StructureError(`its ${JSON.stringify(type)} chunk at byte ${pos} needs ${length} bytes but the file ends first: the file is truncated`);
    if (pos === 8) {
      if (type !== 'IHDR' || length < 8) throw new StructureError('it does not start with an image header (IHDR)');
      width = bytes.readUInt32BE(pos + 8);
      height = bytes.readUInt32BE(pos + 12);
    }
    if (type === 'IEND') return { width, height };
    pos = end;
  }
}
