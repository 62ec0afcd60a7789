/**
 * The common shape of every sanctions list, whatever it was published as (OFAC CSV, UN XML, EU CSV).
 * Loaders fill what their source says and leave the rest empty; screening reads only this.
 */

export type ListSource = 'ofac-sdn' | 'un' | 'eu';

/** Which file content a list was loaded from: recorded with every screened item. */
export interface ListVersion {
  /** SHA-256 (hex) of the file content (of all the list's files, in a fixed order). */
  sha256: string;
  /** The list's publication date (YYYY-MM-DD) when the file says it, else the file's modification date. */
  date: string;
  /** Where `date` came from. */
  dateSource: 'file' | 'mtime';
  /** When this process loaded it (ISO timestamp). */
  loadedAt: string;
  /** The files read. */
  files: string[];
}

export interface SanctionsList {
  source: ListSource;
  version: ListVersion;
  entries: SanctionedParty[];
}

export type PartyType = 'individual' | 'entity' | 'vessel' | 'aircraft';

/** primary: the listed name; aka/fka/nka: also/formerly/now known as; weak-aka: an alias the list itself calls low quality. */
export type NameKind = 'primary' | 'aka' | 'fka' | 'nka' | 'weak-aka' | 'original-script';

export interface PartyName {
  name: string;
  kind: NameKind;
}

/** A date of birth as far as it is known: a day, a month, a year, a range of years, or "circa". */
export interface BirthDate {
  text: string;
  year: number;
  month?: number;
  day?: number;
  /** Last year of a range ("1960 to 1962"). */
  toYear?: number;
  circa?: boolean;
}

export type IdentifierKind = 'BIC' | 'IMO' | 'passport' | 'national-id' | 'tax-id' | 'registration' | 'other';

export interface Identifier {
  kind: IdentifierKind;
  value: string;
  /** The list's own words for it (e.g. "Cedula No.", "Registration Number"). */
  label?: string;
}

export interface SanctionedParty {
  listId: ListSource;
  /** The list's own id for the entry (OFAC ent_num, UN reference number, EU logical id). */
  entryId: string;
  type: PartyType;
  names: PartyName[];
  /** ISO 3166 alpha-2 codes: nationality, citizenship, addresses, vessel flag. */
  countries: string[];
  birthDates: BirthDate[];
  identifiers: Identifier[];
  /** Sanctions programmes (OFAC programme, UN list type, EU programme). */
  programs: string[];
  remarks: string;
}
