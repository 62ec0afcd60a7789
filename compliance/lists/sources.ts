import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ComplianceListsConfig } from '../../config/compliance-screening.js';
import { loadEuConsolidated } from './eu-consolidated.js';
import { loadOfacSdn, type OfacSdnFiles } from './ofac-sdn.js';
import type { ListSource, SanctionsList } from './types.js';
import { loadUnConsolidated } from './un-consolidated.js';

/**
 * The project's own small list in OFAC SDN format: twenty FICTIONAL entries (programme
 * DEMO-FICTIONAL) and two real, public SDN entries. For the demo and tests when the real lists are
 * not at hand; never for production screening.
 */
export const DEMO_LIST_FILE = fileURLToPath(new URL('./demo-list.csv', import.meta.url));

/** Which list files to load: the `compliance.lists` part of the config without its timing. */
export type ListSources = Pick<ComplianceListsConfig, 'ofacSdn' | 'un' | 'eu'>;

/** The files each configured list is read from, in a fixed order. */
export function sourceFiles(sources: ListSources): { source: ListSource; files: string[] }[] {
  const out: { source: ListSource; files: string[] }[] = [];
  const o = sources.ofacSdn;
  if (o) out.push({ source: 'ofac-sdn', files: [o.sdn, o.alt, o.add].filter((f): f is string => !!f) });
  if (sources.un) out.push({ source: 'un', files: [sources.un] });
  if (sources.eu) out.push({ source: 'eu', files: [sources.eu] });
  return out;
}

/** Loads one configured list. */
export function loadSource(source: ListSource, sources: ListSources): Promise<SanctionsList> {
  switch (source) {
    case 'ofac-sdn':
      return loadOfacSdn(sources.ofacSdn!);
    case 'un':
      return loadUnConsolidated(sources.un!);
    case 'eu':
      return loadEuConsolidated(sources.eu!);
  }
}

function ofacBeside(sdn: string): OfacSdnFiles {
  const dir = path.dirname(sdn);
  const beside = (name: string) => (existsSync(path.join(dir, name)) ? path.join(dir, name) : undefined);
  return { sdn, alt: beside('alt.csv'), add: beside('add.csv') };
}

function head(file: string): string {
  return readFileSync(file, { encoding: 'utf8', flag: 'r' }).slice(0, 4096);
}

const isEuCsv = (text: string) => text.includes(';') && /Entity_LogicalId/i.test(text);
const isOfacCsv = (text: string) => /^\uFEFF?\d+,"/.test(text);

/**
 * Lists named by files or folders (for `rpa screen --lists`): an sdn*.csv is the OFAC SDN list (with
 * alt.csv and add.csv beside it when there), an .xml the UN consolidated list, a semicolon .csv
 * with an Entity_LogicalId column the EU list, and a file named by itself whose rows look like
 * OFAC's (a number, then a quoted name) the OFAC list too. A folder is searched for all three.
 */
export function sourcesFromPaths(paths: string[]): ListSources {
  const out: ListSources = {};
  const consider = (file: string, named: boolean) => {
    const base = path.basename(file).toLowerCase();
    if (/^sdn.*\.csv$/.test(base)) out.ofacSdn ??= ofacBeside(file);
    else if (base.endsWith('.xml')) out.un ??= file;
    else if (base.endsWith('.csv') && !['alt.csv', 'add.csv'].includes(base)) {
      const text = head(file);
      if (isEuCsv(text)) out.eu ??= file;
      else if (named && isOfacCsv(text)) out.ofacSdn ??= ofacBeside(file);
    }
  };
  for (const p of paths) {
    if (existsSync(p) && statSync(p).isDirectory()) {
      for (const f of readdirSync(p).sort()) consider(path.join(p, f), false);
    } else if (existsSync(p)) consider(p, true);
  }
  return out;
}
