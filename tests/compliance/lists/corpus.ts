import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The real sanctions lists of the shared corpus (../shared/corpus/sanctions), when present. */
export const SANCTIONS_DIR = path.resolve(process.cwd(), '../shared/corpus/sanctions');
export const OFAC = { sdn: path.join(SANCTIONS_DIR, 'sdn.csv'), alt: path.join(SANCTIONS_DIR, 'alt.csv'), add: path.join(SANCTIONS_DIR, 'add.csv') };
export const UN_XML = path.join(SANCTIONS_DIR, 'UN_consolidated.xml');
export const hasCorpus = existsSync(OFAC.sdn) && existsSync(OFAC.alt) && existsSync(OFAC.add) && existsSync(UN_XML);
if (!hasCorpus) console.warn(`[compliance tests] ${SANCTIONS_DIR} not found: the tests on the real OFAC and UN lists are skipped`);

/** A temporary folder for list files written by a test. */
export function tempDir(): { dir: string; file(name: string, text?: string): string; cleanup(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'rpa-lists-'));
  return {
    dir,
    file(name, text) {
      const p = path.join(dir, name);
      if (text !== undefined) writeFileSync(p, text);
      return p;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
