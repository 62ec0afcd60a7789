import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { ListUnreadable } from './errors.js';
import type { ListVersion } from './types.js';

export interface ReadListFile {
  path: string;
  content: Buffer;
  mtimeMs: number;
}

/** Reads a list's files whole (content and modification time); ListUnreadable when one cannot be read or is empty. */
export async function readListFiles(paths: string[]): Promise<ReadListFile[]> {
  return Promise.all(
    paths.map(async (p) => {
      try {
        const [content, st] = await Promise.all([readFile(p), stat(p)]);
        if (!content.length) throw new ListUnreadable(p, 'the file is empty');
        return { path: p, content, mtimeMs: st.mtimeMs };
      } catch (err) {
        if (err instanceof ListUnreadable) throw err;
        throw new ListUnreadable(p, (err as Error).message, { cause: err });
      }
    }),
  );
}

/** Text of a list file: UTF-8 (Windows-1252 when the bytes are not UTF-8, as older OFAC files were), without a byte-order mark. */
export function listText(file: ReadListFile): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(file.content);
  } catch {
    text = new TextDecoder('windows-1252').decode(file.content);
  }
  return text.replace(/^\uFEFF/, '');
}

/**
 * The version of a list read from one or more files: the SHA-256 of their contents (in the given
 * order, each prefixed with its length so that moving bytes between files changes the hash), the
 * publication date when the file states one, else the newest file's modification date.
 */
export function listVersion(files: ReadListFile[], publishedOn?: string): ListVersion {
  const hash = createHash('sha256');
  for (const f of files) {
    hash.update(`${f.content.length}:`);
    hash.update(f.content);
  }
  const newest = Math.max(...files.map((f) => f.mtimeMs));
  return {
    sha256: hash.digest('hex'),
    date: publishedOn ?? new Date(newest).toISOString().slice(0, 10),
    dateSource: publishedOn ? 'file' : 'mtime',
    loadedAt: new Date().toISOString(),
    files: files.map((f) => f.path),
  };
}

/** "2026-02-27T00:00:09Z", "2026-02-27", "27/02/2026", "27.02.2026" → "2026-02-27"; undefined when not a date. */
export function isoDay(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const t = text.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})/.exec(t);
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  m = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(t);
  if (m) return `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return undefined;
}
