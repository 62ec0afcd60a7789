import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEMO_LIST_FILE } from '../../compliance/lists/index.js';
import type { Config } from '../../config/schema.js';

/** Where the real lists are when the shared sample corpus is beside the project. */
const CORPUS = path.resolve(process.cwd(), '../shared/corpus/sanctions');

function usesOnlyTheDemoList(config: Config): boolean {
  const l = config.compliance.lists;
  return !l.un && !l.eu && !!l.ofacSdn && path.resolve(l.ofacSdn.sdn) === DEMO_LIST_FILE && !l.ofacSdn.alt && !l.ofacSdn.add;
}

/**
 * The demo screens payments against the real OFAC SDN list (with its aliases and addresses) and the
 * UN consolidated list from `../shared/corpus/sanctions` when that folder is there and the config
 * names only the project's small demo list; otherwise against what the config names. Says which.
 */
export function demoSanctionsLists(config: Config, out: NodeJS.WritableStream): void {
  if (usesOnlyTheDemoList(config) && existsSync(path.join(CORPUS, 'sdn.csv'))) {
    const file = (name: string) => path.join(CORPUS, name);
    config.compliance.lists = {
      ...config.compliance.lists,
      ofacSdn: { sdn: file('sdn.csv'), alt: file('alt.csv'), add: file('add.csv') },
      ...(existsSync(file('UN_consolidated.xml')) ? { un: file('UN_consolidated.xml') } : {}),
    };
    out.write(`Sanctions lists: the real OFAC SDN and UN lists from ${path.relative(process.cwd(), CORPUS)}\n`);
    return;
  }
  const l = config.compliance.lists;
  const named = [l.ofacSdn && `OFAC SDN ${path.relative(process.cwd(), l.ofacSdn.sdn)}`, l.un && `UN ${l.un}`, l.eu && `EU ${l.eu}`].filter(Boolean);
  out.write(`Sanctions lists: ${named.join(', ') || 'none configured (payments will not be entered)'}\n`);
}
