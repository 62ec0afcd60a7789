/**
 * The `:86:` information to the account owner, in the three shapes banks use:
 *
 * - German/Dutch subfields (DFÜ/ZKA): `166?00GUTSCHRIFT?20EREF+…?21SVWZ+…?30BIC?31IBAN?32NAME`,
 *   with `?` or `>` as the separator and a 3-digit business code in front. The purpose lines
 *   (`?20`–`?29`, `?60`–`?63`) are joined and read for SEPA keywords (`EREF+`, `MREF+`, `KREF+`,
 *   `CRED+`, `SVWZ+`, `ABWA+`, …).
 * - Slash keys: `/EREF/…/BENM//NAME/…/REMI/…/CNTP/iban/bic/name/city/` (Rabobank, ING, ABN AMRO).
 * - Free text: kept as remittance.
 *
 * Lines of a structured field are wrapped at 65 characters, so they are joined without a space.
 * Every subfield is kept in `extra` (`86?20`, `86/EREF`, `EREF+`, `86.code`) and the raw text in `86`.
 */
import { asIban } from '../iban-cache.js';
import type { Counterparty, EntryReferences } from '../../statement/index.js';

export interface Details86 {
  extra: Record<string, string>;
  references: EntryReferences;
  counterparty?: Counterparty;
  remittance: string;
}

const SEPA_KEYWORDS = /(EREF|KREF|MREF|CRED|DEBT|SVWZ|ABWA|ABWE|IBAN|BIC|COAM|OAMT|PURP|RTRN)\+/g;
const SLASH_KEYS = [
  'TRTP', 'IBAN', 'BIC', 'NAME', 'REMI', 'EREF', 'MARF', 'CSID', 'CNTP', 'PREF', 'IREF', 'RTRN', 'ORDP', 'BENM', 'ID', 'ADDR',
  'ISDT', 'ATOS', 'PURP', 'ULTC', 'ULTD', 'ULTB', 'BUSP', 'SVCL', 'CHGS', 'EXCH', 'OCMT', 'NRTX', 'CUST', 'PATA', 'RETR',
] as const;
const SLASH_KEY = new RegExp(`/(${SLASH_KEYS.join('|')})/`, 'g');
const SLASH_START = new RegExp(`^/(${SLASH_KEYS.join('|')})/`);
const PARTIES = new Set(['ORDP', 'BENM', 'ULTC', 'ULTD', 'ULTB']);
const PARTY_PARTS = new Set(['NAME', 'ID', 'ADDR']);
const NOT_PROVIDED = /^(NOTPROVIDED|NONREF|NONE)$/i;

const clean = (s: string) => s.replace(/\s+/g, ' ').trim();
const given = (s: string | undefined): string | undefined => {
  const t = s === undefined ? '' : clean(s);
  return t && !NOT_PROVIDED.test(t) ? t : undefined;
};

function account(text: string | undefined): Counterparty {
  const t = given(text);
  if (!t) return {};
  const iban = asIban(t);
  return iban ? { iban } : { account: t };
}

function counterpartyOf(parts: Counterparty): Counterparty | undefined {
  const out: Counterparty = {};
  for (const [k, v] of Object.entries(parts) as [keyof Counterparty, string | undefined][]) if (v) out[k] = v;
  return Object.keys(out).length ? out : undefined;
}

/** Free text lines: joined with a space, except after a full 65-character line (a wrapped word). */
export function joinFreeText(lines: string[]): string {
  let out = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    out += i === 0 ? line : lines[i - 1]!.length >= 65 ? line : ' ' + line;
  }
  return clean(out);
}

/** SEPA keywords in the joined purpose lines: at the start, after a space, or where a subfield starts. */
function sepaKeywords(purpose: string, starts: Set<number>, extra: Record<string, string>): Record<string, string> {
  const found: Record<string, string> = {};
  const marks = [...purpose.matchAll(SEPA_KEYWORDS)].filter((m) => m.index === 0 || starts.has(m.index) || /\s/.test(purpose[m.index - 1]!));
  for (let i = 0; i < marks.length; i++) {
    const m = marks[i]!;
    const end = i + 1 < marks.length ? marks[i + 1]!.index : purpose.length;
    const value = clean(purpose.slice(m.index + m[0].length, end));
    found[m[1]!] = found[m[1]!] ? `${found[m[1]!]} ${value}` : value;
    extra[`${m[1]}+`] = found[m[1]!]!;
  }
  if (marks.length && marks[0]!.index > 0) found.text = clean(purpose.slice(0, marks[0]!.index));
  if (!marks.length) found.text = clean(purpose);
  return found;
}

function subfields(flat: string, sep: string, extra: Record<string, string>): Details86 {
  const parts = flat.split(sep === '?' ? /\?(?=\d\d)/ : />(?=\d\d)/);
  const code = parts[0]!.trim();
  if (code) extra['86.code'] = code;
  const sub: Record<string, string> = {};
  let purpose = '';
  const starts = new Set<number>();
  for (const p of parts.slice(1)) {
    const n = p.slice(0, 2);
    const v = p.slice(2);
    sub[n] = sub[n] === undefined ? v : sub[n] + v;
    const k = Number(n);
    if ((k >= 20 && k <= 29) || (k >= 60 && k <= 63)) {
      starts.add(purpose.length);
      purpose += v;
    }
  }
  for (const [n, v] of Object.entries(sub)) extra[`86${sep}${n}`] = v;
  const kw = sepaKeywords(purpose, starts, extra);
  const references: EntryReferences = {};
  if (given(kw.EREF)) references.endToEndId = given(kw.EREF);
  if (given(kw.MREF)) references.mandateId = given(kw.MREF);
  if (given(kw.KREF)) references.customerReference = given(kw.KREF);
  const cp = counterpartyOf({
    ...account(sub['31'] ?? kw.IBAN),
    bic: given(sub['30'] ?? kw.BIC),
    name: given([sub['32'], sub['33']].filter((s) => s !== undefined).join('')),
  });
  return { extra, references, ...(cp ? { counterparty: cp } : {}), remittance: kw.SVWZ ?? kw.text ?? '' };
}

function slashKeys(flat: string, extra: Record<string, string>): Details86 {
  const marks = [...flat.matchAll(SLASH_KEY)];
  const values: Record<string, string> = {};
  let party: string | undefined;
  for (let i = 0; i < marks.length; i++) {
    const m = marks[i]!;
    const key = m[1]!;
    const end = i + 1 < marks.length ? marks[i + 1]!.index : flat.length;
    const value = flat.slice(m.index + m[0].length, end).replace(/\/+$/, '');
    let name = key;
    if (PARTIES.has(key)) party = key;
    else if (party && PARTY_PARTS.has(key)) name = `${party}/${key}`;
    else party = undefined;
    values[name] = values[name] === undefined ? value : `${values[name]} ${value}`;
    extra[`86/${name}`] = values[name]!;
  }
  const references: EntryReferences = {};
  if (given(values.EREF)) references.endToEndId = given(values.EREF);
  if (given(values.MARF)) references.mandateId = given(values.MARF);
  if (given(values.PREF)) references.paymentInformationId = given(values.PREF);
  let cp: Counterparty | undefined;
  if (values.CNTP !== undefined) {
    const [acct, bic, name] = values.CNTP.split('/');
    cp = counterpartyOf({ ...account(acct), bic: given(bic), name: given(name) });
  }
  cp ??= counterpartyOf({
    ...account(values.IBAN),
    bic: given(values.BIC),
    name: given(values.NAME ?? values['BENM/NAME'] ?? values['ORDP/NAME']),
  });
  const remi = (values.REMI ?? '').replace(/^USTD\/\/?/, '').replace(/^STRD\/[A-Z]*\//, '');
  return { extra, references, ...(cp ? { counterparty: cp } : {}), remittance: clean(remi) };
}

/** Reads the `:86:` texts of one entry (a few banks send several `:86:` fields for one entry). */
export function parseField86(texts: string[]): Details86 {
  const lines = texts.flatMap((t) => t.split('\n'));
  while (lines.length && !lines[lines.length - 1]!.trim()) lines.pop();
  const raw = lines.join('\n');
  const extra: Record<string, string> = raw ? { '86': raw } : {};
  const flat = lines.join('');
  const sub = /^\s*(\d{3})?([?>])\d\d/.exec(flat);
  if (sub && (sub[1] !== undefined || sub[2] === '?')) return subfields(flat.trim(), sub[2]!, extra);
  if (SLASH_START.test(flat.trimStart())) return slashKeys(flat.trim(), extra);
  return { extra, references: {}, remittance: joinFreeText(lines.map((l) => l.trimEnd())) };
}
