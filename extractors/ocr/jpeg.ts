/** JPEG structure: the marker segments from SOI to EOI, the frame size from the SOF segment. */
import { StructureError } from './structure-error.js';

const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);
const truncated = (what: string) => new StructureError(`${what}: the file is truncated`);

export function inspectJpeg(bytes: Buffer): { width: number; height: number } {
  let pos = 2;
  let width = -1;
  let height = -1;
  for (;;) {
    // Fill bytes (0xFF repeated) may precede a marker.
    while (pos < bytes.length && bytes[pos] === 0xff && bytes[pos + 1] === 0xff) pos++;
    if (pos + 2 > bytes.length) throw truncated(`it ends at byte ${bytes.length} without its end-of-image marker`);
    if (bytes[pos] !== 0xff) throw new StructureError(`byte ${pos} should start a marker but is 0x${bytes[pos]!.toString(16)}`);
    const marker = bytes[pos + 1]!;
    pos += 2;
    if (marker === 0xd9) {
      if (width < 0) throw new StructureError('it has no frame header (SOF): no image size');
      return { width, height };
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue;
    if (pos + 2 > bytes.length) throw truncated(`its segment 0xFF${marker.toString(16).toUpperCase()} is cut off`);
    const length = bytes.readUInt16BE(pos);
    if (pos + length > bytes.length) throw truncated(`its segment 0xFF${marker.toString(16).toUpperCase()} at byte ${pos - 2} needs ${length} bytes`);
    if (SOF.has(marker)) {
      height = bytes.readUInt16BE(pos + 3);
      width = bytes.readUInt16BE(pos + 5);
    }
    pos += length;
    if (marker === 0xda) pos = afterEntropyData(bytes, pos);
  }
}

/** The compressed scan data runs up to the next marker that is not a stuffed 0xFF00 or a restart marker. */
function afterEntropyData(bytes: Buffer, from: number): number {
  let pos = from;
  for (;;) {
    const ff = bytes.indexOf(0xff, pos);
    if (ff < 0 || ff + 1 >= bytes.length) throw truncated('its compressed image data is cut off before the end-of-image marker');
    const next = bytes[ff + 1]!;
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7) || next === 0xff) {
      pos = ff + 1;
      continue;
    }
    return ff;
  }
}
