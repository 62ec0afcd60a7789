import { countryCode } from './countries.js';
import { parseCsv } from './csv.js';
import { ListUnreadable } from './errors.js';
import { listText, listVersion, readListFiles, type ReadListFile } from './list-files.js';
import { parseOfacRemarks } from './ofac-remarks.js';
import type { NameKind, PartyType, SanctionedParty, SanctionsList } from './types.js';

/** The OFAC SDN list's files: sdn.csv, and optionally its aliases (alt.csv) and addresses (add.csv). */
export interface OfacSdnFiles {
  sdn: string;
  alt?: string;
  add?: string;
}

/** OFAC writes an empty cell as "-0-". */
const cell = (v: string | undefined): string => {
  const t = (v ?? '').trim();
  return t === '-0-' ? '' : t;
};

function rows(file: ReadListFile, minColumns: number): string[][] {
  const out = parseCsv(listText(file));
  const bad = out.findIndex((r) => r.length < minColumns || !/^\d+$/.test(cell(r[0])));
  if (bad >= 0) {
    const hint = bad === 0 ? ' (a header row? OFAC files have none)' : '';
    throw new ListUnreadable(file.path, `row ${bad + 1} is not an OFAC row of at least ${minColumns} columns starting with an entry number${hint}`);
  }
  return out;
}

function partyType(sdnType: string): PartyType {
  const t = sdnType.toLowerCase();
  return t === 'individual' || t === 'vessel' || t === 'aircraft' ? t : 'entity';
}

/** "SDGT] [IFSR" (OFAC's way of writing several programmes in one cell) → ["SDGT", "IFSR"]. */
function programs(text: string): string[] {
  return text
    .split(/\]\s*\[/)
    .map((p) => p.replace(/[[\]]/g, '').trim())
    .filter(Boolean);
}

const ALT_KINDS: Record<string, NameKind> = { aka: 'aka', fka: 'fka', nka: 'nka' };

/** The parties of the OFAC SDN list from its files' contents (no header; "-0-" is empty). */
export function parseOfacSdn(files: { sdn: ReadListFile; alt?: ReadListFile; add?: ReadListFile }): SanctionedParty[] {
  const byId = new Map<string, SanctionedParty>();
  const addCountry = (p: SanctionedParty, name: string) => {
    const code = name ? countryCode(name) : undefined;
    if (code && !p.countries.includes(code)) p.countries.push(code);
  };
  for (const r of rows(files.sdn, 12)) {
    const [entNum, name, type, program, , callSign, , , , flag, , remarksCell] = r.map(cell);
    const remarks = remarksCell ?? '';
    const facts = parseOfacRemarks(remarks);
    const party: SanctionedParty = {
      listId: 'ofac-sdn',
      entryId: entNum!,
      type: partyType(type ?? ''),
      names: [{ name: name!, kind: 'primary' }],
      countries: [],
      birthDates: facts.birthDates,
      identifiers: facts.identifiers,
      programs: programs(program ?? ''),
      remarks,
    };
    if (callSign) party.identifiers.push({ kind: 'other', value: callSign, label: 'Call Sign' });
    for (const c of facts.countries) addCountry(party, c);
    addCountry(party, flag ?? '');
    for (const n of facts.names) if (!party.names.some((x) => x.name === n.name)) party.names.push(n);
    byId.set(party.entryId, party);
  }
  if (files.alt) {
    for (const r of rows(files.alt, 4)) {
      const [entNum, , altType, altName] = r.map(cell);
      const party = byId.get(entNum!);
      if (!party || !altName || party.names.some((x) => x.name === altName)) continue;
      party.names.push({ name: altName, kind: ALT_KINDS[(altType ?? '').toLowerCase()] ?? 'aka' });
    }
  }
  if (files.add) {
    for (const r of rows(files.add, 5)) {
      const party = byId.get(cell(r[0]));
      if (party) addCountry(party, cell(r[4]));
    }
  }
  return [...byId.values()];
}

/** Loads the OFAC SDN list from its files. OFAC's CSV states no publication date: the version's date is the newest file's mtime. */
export async function loadOfacSdn(paths: OfacSdnFiles): Promise<SanctionsList> {
  const order = [paths.sdn, paths.alt, paths.add].filter((p): p is string => !!p);
  const read = await readListFiles(order);
  const [sdn, ...rest] = read;
  const alt = paths.alt ? rest.shift() : undefined;
  const add = paths.add ? rest.shift() : undefined;
  return { source: 'ofac-sdn', version: listVersion(read), entries: parseOfacSdn({ sdn: sdn!, alt, add }) };
}
