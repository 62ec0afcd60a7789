import { parseBirthDate } from './birth-date.js';
import { countryCode } from './countries.js';
import type { BirthDate, Identifier, IdentifierKind, PartyName } from './types.js';

/** What the Remarks column of an OFAC SDN row says about the party, in our terms. */
export interface OfacRemarkFacts {
  birthDates: BirthDate[];
  countries: string[];
  identifiers: Identifier[];
  names: PartyName[];
}

/** Remark labels that introduce an identifier ("Passport A123 (Iran)"), and what kind it is. */
const IDENTIFIER_LABELS: Record<string, IdentifierKind> = {
  'SWIFT/BIC': 'BIC',
  Passport: 'passport',
  'National ID No.': 'national-id',
  'Cedula No.': 'national-id',
  'Identification Number': 'national-id',
  'D.N.I.': 'national-id',
  'C.U.R.P.': 'national-id',
  'Tax ID No.': 'tax-id',
  'NIT #': 'tax-id',
  'RUC #': 'tax-id',
  'R.F.C.': 'tax-id',
  'C.U.I.T.': 'tax-id',
  'Registration ID': 'registration',
  'Registration Number': 'registration',
  'Company Number': 'registration',
  'Business Registration Number': 'registration',
  'Folio Mercantil No.': 'registration',
  'Matricula Mercantil No': 'registration',
  'Commercial Registry Number': 'registration',
  'Trade License No.': 'registration',
  'Business Number': 'registration',
  'Public Registration Number': 'registration',
  'Legal Entity Number': 'registration',
};

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/#]/g, '\\$&');
/** "alt. " LABEL value " (country)": the value is one word; the rest of the part ("issued 16 Oct 2009") is left. */
const LABELLED = new RegExp(
  `^(?:alt\\.\\s+)?(${Object.keys(IDENTIFIER_LABELS).map(escape).join('|')})\\s+([^\\s;()]+)(?:\\s+\\(([^)]+)\\))?`,
  'i',
);
const ALIAS = /\b([afn])\.k\.a\.,?\s+'([^']+)'/g;

function trimDot(s: string): string {
  return s.trim().replace(/[.,]+$/, '');
}

/**
 * Reads OFAC's Remarks ("DOB 01 Jan 1960; nationality Iran; SWIFT/BIC BKIDIRTH; Vessel Registration
 * Identification IMO 9187629; Passport A1234567 (Iran); a.k.a. 'BNC'."): dates of birth, nationality
 * and citizenship (as country codes, with the issuing country of a passport), identifiers and
 * aliases. Anything else stays only in the remarks text.
 */
export function parseOfacRemarks(remarks: string): OfacRemarkFacts {
  const facts: OfacRemarkFacts = { birthDates: [], countries: [], identifiers: [], names: [] };
  for (const m of remarks.matchAll(ALIAS)) {
    const kind = m[1] === 'f' ? 'fka' : m[1] === 'n' ? 'nka' : 'aka';
    facts.names.push({ name: m[2]!.trim(), kind });
  }
  const addCountry = (name: string) => {
    const code = countryCode(trimDot(name));
    if (code && !facts.countries.includes(code)) facts.countries.push(code);
  };
  for (const raw of remarks.split(';')) {
    const part = raw.trim();
    let m = /^(?:alt\.\s+)?DOB\s+(.+)$/i.exec(part);
    if (m) {
      const d = parseBirthDate(trimDot(m[1]!));
      if (d) facts.birthDates.push(d);
      continue;
    }
    m = /^(?:alt\.\s+)?(?:nationality|citizen)\s+(?:of Registration\s+)?(.+)$/i.exec(part);
    if (m) {
      addCountry(m[1]!);
      continue;
    }
    m = /^(?:alt\.\s+)?(Vessel Registration Identification|Identification Number) IMO\s+(\d{7})/i.exec(part);
    if (m) {
      facts.identifiers.push({ kind: 'IMO', value: m[2]!, label: `${m[1]} IMO` });
      continue;
    }
    m = LABELLED.exec(part);
    if (!m) continue;
    const label = Object.keys(IDENTIFIER_LABELS).find((l) => l.toLowerCase() === m![1]!.toLowerCase())!;
    const kind = IDENTIFIER_LABELS[label]!;
    facts.identifiers.push({ kind, value: trimDot(m[2]!), label });
    if (kind === 'passport' && m[3]) addCountry(m[3]);
  }
  return facts;
}
