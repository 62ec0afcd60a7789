/**
 * Where a reader's bytes come from: a file read with a size limit (refused before it is read into
 * memory when larger), or bytes/text handed over by the caller (tests, benchmarks, a mail body).
 */
import { createHash } from 'node:crypto';
import { readBounded } from '../input/index.js';

/** Default size limit of one bank file: 50 MB (a month of a busy account's camt.053 is a few MB). */
export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

export interface ReadOptions {
  /** Refuse files larger than this (`DocumentTooLarge`), before reading them. Default 50 MB. */
  maxBytes?: number;
}

export interface ParseOptions {
  /** The name to put in provenance and errors (default `<memory>`). */
  file?: string;
  /** sha256 of the bytes, when known (a file reader computes it). */
  sha256?: string;
}

export interface SourceBytes {
  file: string;
  sha256?: string;
  bytes: Buffer;
}

export async function loadFile(path: string, options: ReadOptions, what: string): Promise<SourceBytes> {
  const { bytes, sha256 } = await readBounded(path, options.maxBytes ?? DEFAULT_MAX_BYTES, what);
  return { file: path, sha256, bytes };
}

/** Bytes (or text, taken as UTF-8) from a caller, with the name and hash to use in provenance. */
export function fromInput(input: string | Buffer | Uint8Array, options: ParseOptions = {}): SourceBytes {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.isBuffer(input) ? input : Buffer.from(input);
  return {
    file: options.file ?? '<memory>',
    sha256: options.sha256 ?? (options.file ? createHash('sha256').update(bytes).digest('hex') : undefined),
    bytes,
  };
}
