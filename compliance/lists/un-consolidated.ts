import { XMLParser } from 'fast-xml-parser';
import { parseBirthDate, yearRange } from './birth-date.js';
import { countryCode } from './countries.js';
import { ListUnreadable } from './errors.js';
import { isoDay, listText, listVersion, readListFiles, type ReadListFile } from './list-files.js';
import type { BirthDate, Identifier, NameKind, PartyName, SanctionedParty, SanctionsList } from './types.js';

type Node = Record<string, unknown>;

/** Elements that repeat in the UN schema: always arrays, even when there is one. */
const REPEATED = new Set([
  'INDIVIDUAL',
  'ENTITY',
  'VALUE',
  'INDIVIDUAL_ALIAS',
  'ENTITY_ALIAS',
  'INDIVIDUAL_ADDRESS',
  'ENTITY_ADDRESS',
  'INDIVIDUAL_DATE_OF_BIRTH',
  'INDIVIDUAL_PLACE_OF_BIRTH',
  'INDIVIDUAL_DOCUMENT',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  // No entity expansion (no DTD tricks); the five XML entities and character references are decoded below.
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => REPEATED.has(name),
});

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : XML_ENTITIES[e.toLowerCase()]!,
  );
}

function text(v: unknown): string {
  if (typeof v === 'string') return decode(v).trim();
  if (typeof v === 'number') return String(v);
  if (v && typeof v === 'object' && '#text' in v) return text((v as Node)['#text']);
  return '';
}

const list = (v: unknown): Node[] => (Array.isArray(v) ? (v as Node[]) : v && typeof v === 'object' ? [v as Node] : []);
/** The texts of an element's VALUE children (<NATIONALITY><VALUE>Iran</VALUE>...). */
const values = (v: unknown): string[] => list(v).flatMap((n) => (Array.isArray(n.VALUE) ? n.VALUE : [n.VALUE]).map(text)).filter(Boolean);

const ALIAS_KINDS: Record<string, NameKind> = { good: 'aka', 'a.k.a.': 'aka', low: 'weak-aka', 'f.k.a.': 'fka', 'n.k.a.': 'nka' };

function birthDates(n: Node): BirthDate[] {
  const out: BirthDate[] = [];
  for (const d of list(n.INDIVIDUAL_DATE_OF_BIRTH)) {
    const type = text(d.TYPE_OF_DATE).toUpperCase();
    const date = text(d.DATE);
    const year = Number(text(d.YEAR));
    const from = Number(text(d.FROM_YEAR));
    const to = Number(text(d.TO_YEAR));
    let bd: BirthDate | undefined;
    if (date) bd = parseBirthDate(date.slice(0, 10));
    else if (year) bd = parseBirthDate(String(year));
    else if (from && to) bd = yearRange(from, to);
    if (!bd) continue;
    if (type === 'APPROXIMATELY') bd.circa = true;
    out.push(bd);
  }
  return out;
}

function identifiers(n: Node, comments: string): Identifier[] {
  const out: Identifier[] = [];
  for (const d of list(n.INDIVIDUAL_DOCUMENT)) {
    const label = text(d.TYPE_OF_DOCUMENT) || text(d.TYPE_OF_DOCUMENT2);
    const value = text(d.NUMBER);
    if (!value) continue;
    const kind = /pas[sa]/i.test(label) ? 'passport' : /national|identi/i.test(label) ? 'national-id' : 'other';
    out.push({ kind, value, label });
  }
  // The UN writes SWIFT codes and IMO numbers in the comments ("SWIFT/BIC: KDBKKPPY", "(IMO) Number: 1790183").
  for (const m of comments.matchAll(/SWIFT(?:\/BIC)?:?\s+([A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?)\b/g)) out.push({ kind: 'BIC', value: m[1]!, label: 'SWIFT/BIC' });
  for (const m of comments.matchAll(/\bIMO\)?\s*(?:number|no\.?)?:?\s*(\d{7})\b/gi)) out.push({ kind: 'IMO', value: m[1]!, label: 'IMO' });
  return out;
}

function party(n: Node, kind: 'individual' | 'entity'): SanctionedParty | undefined {
  const entryId = text(n.REFERENCE_NUMBER) || text(n.DATAID);
  const primary = [n.FIRST_NAME, n.SECOND_NAME, n.THIRD_NAME, n.FOURTH_NAME].map(text).filter(Boolean).join(' ');
  if (!entryId || !primary) return undefined;
  const names: PartyName[] = [{ name: primary, kind: 'primary' }];
  const add = (name: string, k: NameKind) => {
    if (name && !names.some((x) => x.name === name)) names.push({ name, kind: k });
  };
  for (const a of list(kind === 'individual' ? n.INDIVIDUAL_ALIAS : n.ENTITY_ALIAS)) add(text(a.ALIAS_NAME), ALIAS_KINDS[text(a.QUALITY).toLowerCase()] ?? 'aka');
  add(text(n.NAME_ORIGINAL_SCRIPT), 'original-script');
  const countries = new Set<string>();
  const addCountry = (name: string) => {
    const c = name ? countryCode(name) : undefined;
    if (c) countries.add(c);
  };
  values(n.NATIONALITY).forEach(addCountry);
  for (const a of list(kind === 'individual' ? n.INDIVIDUAL_ADDRESS : n.ENTITY_ADDRESS)) addCountry(text(a.COUNTRY));
  for (const p of list(n.INDIVIDUAL_PLACE_OF_BIRTH)) addCountry(text(p.COUNTRY));
  const comments = text(n.COMMENTS1);
  return {
    listId: 'un',
    entryId,
    type: kind,
    names,
    countries: [...countries],
    birthDates: birthDates(n),
    identifiers: identifiers(n, comments),
    programs: [text(n.UN_LIST_TYPE)].filter(Boolean),
    remarks: comments,
  };
}

/** The parties of the UN Security Council consolidated list (XML), and the date it was generated. */
export function parseUnConsolidated(file: ReadListFile): { entries: SanctionedParty[]; generated?: string } {
  let doc: Node;
  try {
    doc = parser.parse(listText(file)) as Node;
  } catch (err) {
    throw new ListUnreadable(file.path, `not XML: ${(err as Error).message}`, { cause: err });
  }
  const root = doc.CONSOLIDATED_LIST as Node | undefined;
  if (!root || typeof root !== 'object') throw new ListUnreadable(file.path, 'not the UN consolidated list (no CONSOLIDATED_LIST element)');
  const individuals = list((root.INDIVIDUALS as Node | undefined)?.INDIVIDUAL);
  const entities = list((root.ENTITIES as Node | undefined)?.ENTITY);
  const entries = [...individuals.map((n) => party(n, 'individual')), ...entities.map((n) => party(n, 'entity'))].filter((p): p is SanctionedParty => !!p);
  return { entries, generated: isoDay(text(root['@dateGenerated'])) };
}

/** Loads the UN consolidated list; its version's date is the file's dateGenerated. */
export async function loadUnConsolidated(path: string): Promise<SanctionsList> {
  const [file] = await readListFiles([path]);
  const { entries, generated } = parseUnConsolidated(file!);
  return { source: 'un', version: listVersion([file!], generated), entries };
}
