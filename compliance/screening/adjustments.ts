import type { ComplianceScreeningConfig } from '../../config/compliance-screening.js';
import { countryCode } from '../lists/countries.js';
import type { BirthDate, SanctionedParty } from '../lists/types.js';
import type { Adjustment, ScreeningQuery } from './types.js';

type Weights = ComplianceScreeningConfig['adjustments'];

/** The screened party's date of birth: YYYY-MM-DD or YYYY. */
export function parseQueryDob(dob: string): { year: number; month?: number; day?: number } | undefined {
  const m = /^(\d{4})(?:-(\d{2})-(\d{2}))?$/.exec(dob.trim());
  if (!m) return undefined;
  return m[2] ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : { year: Number(m[1]) };
}

type DobFit = 'exact' | 'year' | 'near' | 'far';
const FIT_ORDER: DobFit[] = ['exact', 'year', 'near', 'far'];

function dobFit(q: { year: number; month?: number; day?: number }, d: BirthDate): DobFit {
  const slack = d.circa ? 2 : 0;
  const from = d.year - slack;
  const to = (d.toYear ?? d.year) + slack;
  if (q.year >= from && q.year <= to) {
    if (d.toYear || d.circa || d.month === undefined || q.month === undefined) return 'year';
    if (q.month !== d.month) return 'near';
    if (d.day === undefined || q.day === undefined) return 'year';
    return q.day === d.day ? 'exact' : 'near';
  }
  return q.year >= from - 1 && q.year <= to + 1 ? 'near' : 'far';
}

function normalisedId(kind: string, value: string): string {
  const v = value.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return kind === 'BIC' ? v.slice(0, 8) : v;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/**
 * What the screened party and the entry both say besides the name: country, date of birth,
 * identifiers (BIC compared on its first 8 characters), individual or not. Each is an adjustment
 * only when both sides know it; nothing known, nothing changed.
 */
export function adjustmentsFor(query: ScreeningQuery, party: SanctionedParty, w: Weights): Adjustment[] {
  const out: Adjustment[] = [];
  const qCountry = query.country ? countryCode(query.country) : undefined;
  if (qCountry && party.countries.length) {
    const match = party.countries.includes(qCountry);
    out.push({ reason: match ? 'country match' : 'country mismatch', delta: match ? w.countryMatch : w.countryMismatch, detail: `${qCountry} vs ${party.countries.join(', ')}` });
  }
  const qDob = query.dob ? parseQueryDob(query.dob) : undefined;
  if (qDob && party.birthDates.length) {
    const fit = party.birthDates.map((d) => dobFit(qDob, d)).sort((a, b) => FIT_ORDER.indexOf(a) - FIT_ORDER.indexOf(b))[0]!;
    const detail = `${query.dob} vs ${party.birthDates.map((d) => d.text).join(', ')}`;
    if (fit === 'exact') out.push({ reason: 'DOB match', delta: w.dobMatch, detail });
    else if (fit === 'year') out.push({ reason: 'DOB year match', delta: round(w.dobMatch / 2), detail });
    else if (fit === 'far') out.push({ reason: 'DOB mismatch', delta: w.dobMismatch, detail });
  }
  const kinds = new Set((query.identifiers ?? []).map((i) => i.kind));
  for (const kind of kinds) {
    const listed = party.identifiers.filter((i) => i.kind === kind);
    if (!listed.length) continue;
    const given = (query.identifiers ?? []).filter((i) => i.kind === kind).map((i) => normalisedId(kind, i.value));
    const match = listed.some((i) => given.includes(normalisedId(kind, i.value)));
    const label = kind === 'BIC' || kind === 'IMO' ? kind : 'identifier';
    out.push({
      reason: `${label} ${match ? 'match' : 'mismatch'}` as Adjustment['reason'],
      delta: match ? w.identifierMatch : w.identifierMismatch,
      detail: `${kind} ${given.join(', ')} vs ${listed.map((i) => i.value).join(', ')}`,
    });
  }
  if (query.type && (query.type === 'individual') !== (party.type === 'individual')) {
    out.push({ reason: 'type mismatch', delta: w.typeMismatch, detail: `${query.type} vs ${party.type}` });
  }
  return out;
}
