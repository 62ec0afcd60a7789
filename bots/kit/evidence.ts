import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface EvidenceRef {
  name: string;
  /** Relative to the data directory. */
  path: string;
  bytes: number;
  sha256: string;
  savedAt: string;
}

export interface EvidenceStore {
  save(name: string, content: Uint8Array | string): Promise<EvidenceRef>;
  /** What this item attempt has saved so far. */
  list(): EvidenceRef[];
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 120);

/** The folder of an item's evidence, relative to the data directory (every attempt's files are in it). */
export function evidenceFolder(item: { runId: string; itemId: string }): string {
  return path.join('evidence', safe(item.runId), safe(item.itemId));
}

/**
 * Evidence files live in `<dataDir>/evidence/<run>/<item>/<attempt>-<time>-<name>`: the time
 * keeps a resumed item's new attempt 1 from overwriting the evidence of the first.
 */
export function createEvidenceStore(dataDir: string, item: { runId: string; itemId: string; attempt: number }): EvidenceStore {
  const saved: EvidenceRef[] = [];
  const rel = evidenceFolder(item);
  return {
    async save(name, content) {
      const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
      const file = path.join(rel, `${item.attempt}-${Date.now().toString(36)}-${safe(name)}`);
      await mkdir(path.join(dataDir, rel), { recursive: true });
      await writeFile(path.join(dataDir, file), bytes);
      const ref: EvidenceRef = {
        name,
        path: file,
        bytes: bytes.byteLength,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        savedAt: new Date().toISOString(),
      };
      saved.push(ref);
      return ref;
    },
    list: () => [...saved],
  };
}
