import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { BusinessRuleError } from '../../banking/index.js';

/** A document larger than the reader accepts: refused before it is read into memory. */
export class DocumentTooLarge extends BusinessRuleError {
  override readonly whatNext =
    'Check that this is the right file (a statement or form is rarely this large); if it is, split it or raise the reader\'s size limit in config.';
}

/** A document that cannot be opened (missing, a directory, no permission). */
export class DocumentUnreadable extends BusinessRuleError {
  override readonly whatNext = 'Check the path and the file\'s permissions, then dispatch it again.';
}

export interface BoundedFile {
  path: string;
  bytes: Buffer;
  /** sha256 of the bytes, hex. */
  sha256: string;
}

/**
 * Reads a whole file when it is at most `maxBytes` long; else `DocumentTooLarge` before reading
 * anything. The size is checked on the open handle, and reading stops at `maxBytes + 1`, so a file
 * that grows while it is read is refused too.
 */
export async function readBounded(path: string, maxBytes: number, what = 'document'): Promise<BoundedFile> {
  let size: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new DocumentUnreadable(`${what} ${path} is not a file`, { file: path });
    size = s.size;
  } catch (e) {
    if (e instanceof DocumentUnreadable) throw e;
    throw new DocumentUnreadable(`${what} ${path} cannot be read: ${(e as Error).message}`, { file: path }, { cause: e });
  }
  const tooLarge = (n: number) =>
    new DocumentTooLarge(`${what} ${path} is ${n > maxBytes ? `over ${maxBytes}` : n} bytes; the limit is ${maxBytes} bytes`, { file: path, bytes: n, limit: maxBytes });
  if (size > maxBytes) throw tooLarge(size);
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(Math.min(size, maxBytes) + 1);
    let used = 0;
    for (;;) {
      if (used === buf.length) throw tooLarge(used);
      const { bytesRead } = await fh.read(buf, used, buf.length - used, used);
      if (bytesRead === 0) break;
      used += bytesRead;
      if (used > maxBytes) throw tooLarge(used);
    }
    const bytes = buf.subarray(0, used);
    return { path, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
  } finally {
    await fh.close();
  }
}
