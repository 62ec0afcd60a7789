/**
 * Evidence files for the board: only files under `<dataDir>/evidence/` are ever served, found by a
 * path relative to that folder. `..`, absolute paths, NUL bytes, and symbolic links that lead out of
 * the folder are refused, whatever the encoding they arrived in.
 */
import { lstat, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { evidenceFolder } from '../../../bots/kit/index.js';
import { RpaError } from '../../../banking/index.js';

export class EvidenceNotFound extends RpaError {
  readonly whatNext = 'Open the item page again: the evidence list there links only to files that exist.';
  constructor(what: string) {
    super(`no evidence file ${what}`);
  }
}

export interface EvidenceFile {
  /** Relative to the evidence folder, with forward slashes: what the evidence route takes. */
  rel: string;
  /** The file name as saved: `<attempt>-<time>-<name>`. */
  file: string;
  attempt?: number;
  name: string;
  bytes: number;
  savedAt: Date;
  kind: 'image' | 'trace' | 'other';
}

export const evidenceRoot = (dataDir: string) => path.resolve(dataDir, 'evidence');

/** The absolute path of an evidence file, after checking that it is a regular file inside the evidence folder. */
export async function resolveEvidence(dataDir: string, rel: string): Promise<string> {
  const root = evidenceRoot(dataDir);
  if (!rel || rel.includes('\u0000') || path.isAbsolute(rel) || rel.split(/[\\/]/).some((part) => part === '..' || part === '')) throw new EvidenceNotFound(JSON.stringify(rel.slice(0, 200)));
  const candidate = path.resolve(root, rel);
  if (!candidate.startsWith(root + path.sep)) throw new EvidenceNotFound(JSON.stringify(rel.slice(0, 200)));
  let real: string;
  let realRoot: string;
  try {
    [real, realRoot] = await Promise.all([realpath(candidate), realpath(root)]);
  } catch {
    throw new EvidenceNotFound(JSON.stringify(rel.slice(0, 200)));
  }
  if (!real.startsWith(realRoot + path.sep) || !(await lstat(real)).isFile()) throw new EvidenceNotFound(JSON.stringify(rel.slice(0, 200)));
  return real;
}

const kindOf = (name: string): EvidenceFile['kind'] => (/\.(png|jpe?g|gif|webp)$/i.test(name) ? 'image' : /\.zip$/i.test(name) ? 'trace' : 'other');

/** Every evidence file of an item (all attempts), oldest first; at most `limit`. */
export async function listItemEvidence(dataDir: string, item: { runId: string; itemId: string }, limit = 100): Promise<EvidenceFile[]> {
  const folder = evidenceFolder(item);
  const abs = path.resolve(dataDir, folder);
  let entries;
  try {
    entries = await readdir(abs, { withFileTypes: true });
  } catch {
    return [];
  }
  const files = await Promise.all(
    entries
      .filter((e) => e.isFile())
      .slice(0, limit)
      .map(async (e) => {
        const st = await lstat(path.join(abs, e.name));
        const m = /^(\d+)-([0-9a-z]+)-(.+)$/.exec(e.name);
        const rel = path.relative(evidenceRoot(dataDir), path.join(abs, e.name)).split(path.sep).join('/');
        return {
          rel,
          file: e.name,
          attempt: m ? Number(m[1]) : undefined,
          name: m ? m[3]! : e.name,
          bytes: st.size,
          savedAt: m ? new Date(parseInt(m[2]!, 36)) : st.mtime,
          kind: kindOf(e.name),
        } satisfies EvidenceFile;
      }),
  );
  return files.sort((a, b) => a.savedAt.getTime() - b.savedAt.getTime() || a.file.localeCompare(b.file));
}

/** The relative path (for the evidence route) of a path saved relative to the data directory (an `EvidenceRef.path`). */
export function evidenceRel(refPath: string): string | undefined {
  const parts = refPath.split(/[\\/]/);
  return parts[0] === 'evidence' && parts.length > 1 ? parts.slice(1).join('/') : undefined;
}

export function contentTypeOf(file: string): string {
  const ext = path.extname(file).toLowerCase();
  return (
    { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp', '.zip': 'application/zip', '.json': 'application/json' }[ext] ??
    'application/octet-stream'
  );
}
