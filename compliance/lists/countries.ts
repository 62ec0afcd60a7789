/**
 * Country names as the lists write them ("Iran", "Korea, North", "Congo, Democratic Republic of the",
 * "Russian Federation") to ISO 3166 alpha-2 codes, so that a list entry's countries can be compared
 * with the country code a payment carries. English names come from Intl.DisplayNames; the lists'
 * own spellings that differ from them are in ALIASES. Unknown names give undefined.
 */

/** Old or non-country codes that Intl still names (they would shadow the current code's name). */
const NOT_COUNTRIES = new Set(['BU', 'CS', 'DD', 'DY', 'FX', 'HV', 'NH', 'RH', 'SU', 'TP', 'UK', 'VD', 'YD', 'YU', 'ZR', 'UN', 'EU', 'EZ', 'QO', 'AN']);

const ALIASES: Record<string, string> = {
  'KOREA NORTH': 'KP',
  'DEMOCRATIC PEOPLE S REPUBLIC OF KOREA': 'KP',
  'KOREA DEMOCRATIC PEOPLE S REPUBLIC OF': 'KP',
  DPRK: 'KP',
  'KOREA SOUTH': 'KR',
  'REPUBLIC OF KOREA': 'KR',
  'KOREA REPUBLIC OF': 'KR',
  'CONGO DEMOCRATIC REPUBLIC OF': 'CD',
  'DEMOCRATIC REPUBLIC OF CONGO': 'CD',
  'DEMOCRATIC REPUBLIC OF THE CONGO': 'CD',
  'CONGO DEMOCRATIC REPUBLIC OF THE': 'CD',
  'CONGO REPUBLIC OF': 'CG',
  'CONGO REPUBLIC OF THE': 'CG',
  'REPUBLIC OF THE CONGO': 'CG',
  CONGO: 'CG',
  'IRAN ISLAMIC REPUBLIC OF': 'IR',
  'RUSSIAN FEDERATION': 'RU',
  'SYRIAN ARAB REPUBLIC': 'SY',
  'VIET NAM': 'VN',
  'LAO PEOPLE S DEMOCRATIC REPUBLIC': 'LA',
  BURMA: 'MM',
  MACEDONIA: 'MK',
  'THE FORMER YUGOSLAV REPUBLIC OF MACEDONIA': 'MK',
  'CZECH REPUBLIC': 'CZ',
  'COTE D IVOIRE': 'CI',
  'IVORY COAST': 'CI',
  PALESTINIAN: 'PS',
  PALESTINE: 'PS',
  'STATE OF PALESTINE': 'PS',
  'WEST BANK': 'PS',
  GAZA: 'PS',
  'OCCUPIED PALESTINIAN TERRITORY': 'PS',
  TURKEY: 'TR',
  TURKIYE: 'TR',
  'UNITED STATES OF AMERICA': 'US',
  USA: 'US',
  UK: 'GB',
  'GREAT BRITAIN': 'GB',
  'UNITED KINGDOM OF GREAT BRITAIN AND NORTHERN IRELAND': 'GB',
  'BOLIVIA PLURINATIONAL STATE OF': 'BO',
  'VENEZUELA BOLIVARIAN REPUBLIC OF': 'VE',
  'TANZANIA UNITED REPUBLIC OF': 'TZ',
  'MOLDOVA REPUBLIC OF': 'MD',
  'HOLY SEE': 'VA',
  SWAZILAND: 'SZ',
  'EAST TIMOR': 'TL',
  'CAPE VERDE': 'CV',
  'MICRONESIA FEDERATED STATES OF': 'FM',
  'BRUNEI DARUSSALAM': 'BN',
  'LIBYAN ARAB JAMAHIRIYA': 'LY',
  'KYRGYZ REPUBLIC': 'KG',
  'SLOVAK REPUBLIC': 'SK',
  'NETHERLANDS ANTILLES': 'CW',
  'REGION CRIMEA': 'UA',
  CRIMEA: 'UA',
  'REGION GAZA': 'PS',
  'REGION NORTHERN MALI': 'ML',
  'MAN ISLE OF': 'IM',
  'VIRGIN ISLANDS BRITISH': 'VG',
  'VIRGIN ISLANDS US': 'VI',
  'ST VINCENT AND THE GRENADINES': 'VC',
  'CABO VERDE': 'CV',
  'MACEDONIA THE FORMER YUGOSLAV REPUBLIC OF': 'MK',
};

/** Upper case, no diacritics, "&" as AND, SAINT as ST, punctuation as spaces, no leading or trailing "THE". */
export function countryKey(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/&/g, ' AND ')
    .replace(/[^A-Z0-9]+/g, ' ')
    .replace(/\bSAINT\b/g, 'ST')
    .trim()
    .split(' ')
    .filter(Boolean);
  while (words[0] === 'THE') words.shift();
  while (words.at(-1) === 'THE') words.pop();
  return words.join(' ');
}

let byName: Map<string, string> | undefined;
let codes: Set<string> | undefined;

function table(): Map<string, string> {
  if (byName) return byName;
  const map = new Map<string, string>();
  const names = new Intl.DisplayNames(['en'], { type: 'region' });
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      if (NOT_COUNTRIES.has(code)) continue;
      let name: string | undefined;
      try {
        name = names.of(code);
      } catch {
        continue;
      }
      if (!name || name === code) continue;
      // "Myanmar (Burma)", "Hong Kong SAR China", "Congo - Kinshasa": the whole name and its parts.
      const variants = [name, name.replace(/\s*\(.*\)/, ''), /\((.*)\)/.exec(name)?.[1], name.replace(/ SAR China$/, ''), name.split(' - ')[0]];
      for (const v of variants) if (v && !map.has(countryKey(v))) map.set(countryKey(v), code);
    }
  }
  for (const [alias, code] of Object.entries(ALIASES)) map.set(countryKey(alias), code);
  // "Congo - Kinshasa" would otherwise have claimed CONGO for CD; the lists mean the Republic of the Congo.
  map.set('CONGO', 'CG');
  byName = map;
  codes = new Set(map.values());
  return map;
}

/** ISO 3166 alpha-2 code of a country name (or of a two-letter code), or undefined. */
export function countryCode(nameOrCode: string): string | undefined {
  const key = countryKey(nameOrCode);
  const map = table();
  if (/^[A-Z]{2}$/.test(key) && codes!.has(key)) return key;
  return map.get(key);
}

/** Codes of the given names, without duplicates; names that are not countries are left out. */
export function countryCodes(names: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const n of names) {
    const c = countryCode(n);
    if (c) out.add(c);
  }
  return [...out];
}
