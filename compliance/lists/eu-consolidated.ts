import { parseBirthDate, yearRange } from './birth-date.js';
import { countryCode } from './countries.js';
import { parseCsv } from './csv.js';
import { ListUnreadable } from './errors.js';
import { isoDay, listText, listVersion, readListFiles, type ReadListFile } from './list-files.js';
import type { BirthDate, IdentifierKind, PartyType, SanctionedParty, SanctionsList } from './types.js';

/**
 * The EU consolidated financial sanctions list in its CSV form: semicolon-separated, a header row,
 * one row per name alias, address, birth date, identification or citizenship of an entity, each row
 * repeating the entity's columns; rows are grouped by Entity_LogicalId. Columns are found by their
 * header names (case does not matter; missing optional columns are fine).
 */

type Row = (name: string) => string;

function subjectType(code: string): PartyType {
  const c = code.toLowerCase();
  if (c === 'p' || c === 'person' || c === 'individual') return 'individual';
  if (c === 'v' || c === 'vessel') return 'vessel';
  if (c === 'aircraft') return 'aircraft';
  return 'entity';
}

function identifierKind(code: string, description: string): IdentifierKind {
  const t = `${code} ${description}`.toLowerCase();
  if (/swift|\bbic\b/.test(t)) return 'BIC';
  if (/\bimo\b/.test(t)) return 'IMO';
  if (/passport/.test(t)) return 'passport';
  if (/tax|fiscal|\binn\b/.test(t)) return 'tax-id';
  if (/regnumber|registration|register|\bogrn\b/.test(t)) return 'registration';
  if (/\bid\b|identi/.test(t)) return 'national-id';
  return 'other';
}

function birthDate(row: Row): BirthDate | undefined {
  const full = row('BirthDate_BirthDate');
  const circa = /^(1|true|yes|y)$/i.test(row('BirthDate_Circa'));
  const from = Number(row('BirthDate_YearRangeFrom'));
  const to = Number(row('BirthDate_YearRangeTo'));
  const bd = full ? parseBirthDate(full) : row('BirthDate_Year') ? parseBirthDate(row('BirthDate_Year')) : from && to ? yearRange(from, to) : undefined;
  if (bd && circa) bd.circa = true;
  return bd;
}

/** The parties of the EU consolidated list (CSV), and its fileGenerationDate. */
export function parseEuConsolidated(file: ReadListFile): { entries: SanctionedParty[]; generated?: string } {
  const [header, ...rows] = parseCsv(listText(file), ';');
  const columns = new Map((header ?? []).map((h, i) => [h.trim().toLowerCase(), i]));
  const col = (name: string) => columns.get(name.toLowerCase());
  const nameColumns = ['NameAlias_WholeName', 'NameAlias_LastName'];
  if (col('Entity_LogicalId') === undefined || !nameColumns.some((c) => col(c) !== undefined)) {
    throw new ListUnreadable(file.path, 'not the EU consolidated list CSV: the header has no Entity_LogicalId or NameAlias_WholeName column (is it semicolon-separated?)');
  }
  let generated: string | undefined;
  const byId = new Map<string, SanctionedParty>();
  for (const cells of rows) {
    const row: Row = (name) => {
      const i = col(name);
      return i === undefined ? '' : (cells[i] ?? '').trim();
    };
    generated ??= isoDay(row('fileGenerationDate'));
    const id = row('Entity_LogicalId');
    if (!id) continue;
    let party = byId.get(id);
    if (!party) {
      party = {
        listId: 'eu',
        entryId: id,
        type: subjectType(row('Entity_SubjectType_ClassificationCode') || row('Entity_SubjectType') || row('Subject_SubjectType')),
        names: [],
        countries: [],
        birthDates: [],
        identifiers: [],
        programs: [],
        remarks: [row('Entity_EU_ReferenceNumber'), row('Entity_Remark')].filter(Boolean).join('; '),
      };
      byId.set(id, party);
    }
    const p = party;
    const whole = row('NameAlias_WholeName') || [row('NameAlias_FirstName'), row('NameAlias_MiddleName'), row('NameAlias_LastName')].filter(Boolean).join(' ');
    if (whole && !p.names.some((n) => n.name === whole)) p.names.push({ name: whole, kind: p.names.length ? 'aka' : 'primary' });
    for (const c of ['Citizenship_CountryIso2Code', 'Citizenship_CountryDescription', 'Address_CountryIso2Code', 'Address_CountryDescription', 'BirthDate_CountryIso2Code']) {
      const code = row(c) ? countryCode(row(c)) : undefined;
      if (code && !p.countries.includes(code)) p.countries.push(code);
    }
    const bd = birthDate(row);
    if (bd && !p.birthDates.some((d) => d.text === bd.text)) p.birthDates.push(bd);
    const number = row('Identification_Number');
    if (number && !p.identifiers.some((x) => x.value === number)) {
      const label = row('Identification_TypeDescription') || row('Identification_TypeCode');
      p.identifiers.push({ kind: identifierKind(row('Identification_TypeCode'), row('Identification_TypeDescription')), value: number, ...(label ? { label } : {}) });
    }
    const programme = row('Entity_Regulation_Programme');
    if (programme && !p.programs.includes(programme)) p.programs.push(programme);
  }
  return { entries: [...byId.values()].filter((p) => p.names.length), generated };
}

/** Loads the EU consolidated list; its version's date is the file's fileGenerationDate. */
export async function loadEuConsolidated(path: string): Promise<SanctionsList> {
  const [file] = await readListFiles([path]);
  const { entries, generated } = parseEuConsolidated(file!);
  return { source: 'eu', version: listVersion([file!], generated), entries };
}
