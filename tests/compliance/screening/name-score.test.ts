import { describe, expect, it } from 'vitest';
import { complianceScreeningSchema } from '../../../config/compliance-screening.js';
import { jaroWinkler, normaliseName, scoreName, scorePair, tokenSimilarity } from '../../../compliance/screening/index.js';

const s = complianceScreeningSchema.parse({}).tokens;
const score = (a: string, b: string) => scoreName(normaliseName(a).units, normaliseName(b).units, s, undefined, true);
const sim = (a: string, b: string) => tokenSimilarity(normaliseName(a).tokens[0]!, normaliseName(b).tokens[0]!, s);

describe('token similarity', () => {
  it('Jaro-Winkler for words, stricter for short words and unrelated first letters', () => {
    expect(sim('OSAMA', 'USAMA')).toBeCloseTo(0.867, 3); // vowels interchange in transliteration
    expect(sim('MARIA', 'GARCIA')).toBeLessThan(s.minTokenScore); // 0.82 by Jaro-Winkler alone
    // One edit in a short word counts (a typo must not let a listed name through); two do not.
    expect(sim('MARY', 'MARK')).toBeCloseTo(0.883, 3);
    expect(sim('MARY', 'MAKS')).toBe(0);
    // Spellings more than two edits apart are not one word, whatever Jaro-Winkler says (0.83).
    expect(sim('AIRLINES', 'IRINVEST')).toBe(0);
    // ...unless their consonant skeletons agree: transliterations of one name.
    expect(sim('MOHAMMED', 'MUHAMAD')).toBeGreaterThanOrEqual(s.minTokenScore);
    // One changed letter that also stands nearby: Jaro-Winkler 0.78, the one-edit floor 1 - 0.8/6.
    expect(sim('HAWALA', 'HXWALA')).toBeCloseTo(1 - 0.8 / 6, 6);
    expect(sim('ALI', 'ALY')).toBeGreaterThanOrEqual(s.minTokenScore); // only a vowel differs
    expect(sim('OMAR', 'UMAR')).toBeGreaterThanOrEqual(s.minTokenScore);
    expect(sim('ERIC', 'ERIK')).toBeGreaterThanOrEqual(s.minTokenScore); // letters that sound alike
    expect(sim('AL ZAWAHRI', 'AL MASRI')).toBeLessThan(s.minTokenScore); // a shared particle is no common prefix
    expect(sim('ARLINES', 'ALI')).toBe(0); // lengths too different
  });

  it('initials, two-letter tokens and particles', () => {
    expect(sim('J', 'JOHN')).toBe(s.initialScore);
    expect(sim('J', 'PETER')).toBe(0);
    expect(sim('LI', 'LU')).toBe(0);
    expect(sim('LI', 'LI')).toBe(1);
    expect(sim('AL QAIDA', 'EL QAIDA')).toBeCloseTo(0.95, 3); // same core, different particle
    expect(sim('AL QAIDA', 'QAIDA')).toBeCloseTo(0.95, 3);
  });
});

describe('name score', () => {
  it('token order does not matter; every token paired counts', () => {
    expect(score('Joaquin Guzman Loera', 'GUZMAN LOERA, Joaquin').score).toBe(1);
    expect(score('Loera Joaquin Guzman', 'Joaquin Guzman Loera').score).toBe(1);
  });

  it('explains which tokens paired with which, and what matched nothing', () => {
    const r = score('Usama bin Ladin', 'BIN LADEN, Osama');
    expect(r.tokens).toEqual([
      { query: 'USAMA', candidate: 'OSAMA', score: expect.closeTo(0.867, 3) },
      // the same particle: the cores are compared (BIN lends no common prefix)
      { query: 'BINLADIN', candidate: 'BINLADEN', score: expect.closeTo(jaroWinkler('LADIN', 'LADEN'), 6) },
    ]);
    expect(r.score).toBeGreaterThan(0.85);
    expect(r.unmatched).toEqual({ query: [], candidate: [] });
  });

  it('unmatched tokens: the screened name’s count fully, the listed name’s less (a left-out middle name)', () => {
    const missingMiddle = score('John Smith', 'John Henry Smith');
    expect(missingMiddle.unmatched).toEqual({ query: [], candidate: ['HENRY'] });
    expect(missingMiddle.score).toBeCloseTo(18 / (18 + 5 * s.unmatchedCandidateWeight), 6);
    const extraInQuery = score('John Henry Smith', 'John Smith');
    expect(extraInQuery.score).toBeCloseTo(18 / (18 + 5 * s.unmatchedQueryWeight), 6);
    expect(extraInQuery.score).toBeLessThan(missingMiddle.score);
  });

  it('weighted by length: a long matching token counts more than a short one', () => {
    expect(score('Ivan Kuznetsovsky', 'Igor Kuznetsovsky').score).toBeGreaterThan(score('Ivan Kuz', 'Ivan Kuzmin').score);
  });

  it('an initial counts as one letter; the rest of the word as unmatched', () => {
    const r = score('J Smith', 'John Smith');
    expect(r.tokens[0]).toEqual({ query: 'J', candidate: 'JOHN', score: s.initialScore });
    expect(r.score).toBeCloseTo((s.initialScore * 2 + 10) / (2 + 10 + 3 * s.unmatchedCandidateWeight), 6);
  });

  it('two words written as one', () => {
    const r = score('Aero Caribean Airlines', 'AEROCARIBBEAN AIRLINES');
    expect(r.tokens[0]).toEqual({ query: 'AERO CARIBEAN', candidate: 'AEROCARIBBEAN', score: expect.closeTo(0.985, 3) });
    expect(r.score).toBeGreaterThan(0.98);
    expect(score('North Wind Bank', 'NORTHWIND BANK').score).toBe(1);
    // a long joined string is not let resemble a word that merely shares its start
    expect(score('Aleksandr Malkevich', 'Aleksandrovich').score).toBe(0);
  });

  it('common words weigh little: sharing "TRADING" is not a match', () => {
    expect(score('Acme Trading', 'Zenith Trading').score).toBeLessThan(0.5);
  });
});

describe('names in any script, ordinals and legal forms', () => {
  const settings = complianceScreeningSchema.parse({});
  const pair = (a: string, b: string) => scorePair(a, b, settings);
  it('every script has tokens in Latin letters and as written; the same name in its script scores 1, and near its Latin spelling', () => {
    const names: [string, string, string][] = [
      ['Cyrillic', 'Малкевич Александр', 'Malkevich Aleksandr'],
      ['Greek', 'Γιώργος Παπαδόπουλος', 'Giorgos Papadopoulos'],
      ['Arabic', 'صدام حسين', 'Sdm Hsyn'],
      ['Hebrew', 'משה כהן', 'Msh Khn'],
      ['Armenian', 'Արամ Խաչատրյան', 'Aram Khachatryan'],
      ['Georgian', 'მიხეილ სააკაშვილი', 'Mikheil Saakashvili'],
      ['Chinese', '金正恩', 'Jin Zheng En'],
      ['Japanese', 'やまだ たろう', 'Yamada Tarou'],
      ['Korean', '김정은', 'Gim Jeong Eun'],
      ['Khmer', 'ហ៊ុន សែន', 'Hon Saen'],
    ];
    for (const [script, written, latin] of names) {
      const n = normaliseName(written);
      expect({ script, tokens: n.tokens.length > 0 }).toEqual({ script, tokens: true });
      expect({ script, self: pair(written, written) }).toEqual({ script, self: 1 });
      expect({ script, latin: pair(latin, written) >= settings.review }).toEqual({ script, latin: true });
      // a letter changed in the script itself still resembles it
      const chars = [...written];
      const i = chars.findIndex((c, k) => k > 0 && /\p{L}/u.test(c) && /\p{L}/u.test(chars[k - 1]!));
      const changed = [...chars.slice(0, i), chars[i - 1]!, ...chars.slice(i + 1)].join('');
      expect({ script, changed: pair(changed, written) > 0 }).toEqual({ script, changed: true });
    }
  });

  it('ordinals and generations tell names apart; so do different legal forms, while spellings of one form do not', () => {
    expect(pair('Bowne Global Solutions II, Inc.', 'Bowne Global Solutions, Inc.')).toBeLessThan(settings.block);
    expect(pair('Bowne Global Solutions II, Inc.', 'Bowne Global Solutions II Incorporated')).toBe(1);
    expect(pair('John Smith Jr.', 'John Smith Sr.')).toBeLessThan(settings.block);
    expect(pair('John Smith Junior', 'John Smith Jr')).toBe(1);
    expect(pair('Henry VIII', 'Henry 8th')).toBe(1);
    expect(pair('Deutsche Bank AG', 'Deutsche Bank GmbH')).toBeLessThan(settings.block);
    expect(pair('Deutsche Bank AG', 'Deutsche Bank GmbH')).toBeGreaterThanOrEqual(settings.review);
    expect(pair('Acme Trading Ltd', 'Acme Trading Limited')).toBe(1);
    expect(pair('Acme Trading Ltd', 'Acme Trading')).toBe(1); // a payer often leaves the form out
    expect(pair('MI RIM 2', 'MI RIM')).toBeLessThan(settings.block);
    // a misspelt legal form is still the form
    expect(normaliseName('Korea Pugang Trading Corporaion').legalForms).toEqual(['CORP']);
    expect(normaliseName('Transoil Limited Liabilty Company').text).toBe('TRANSOIL');
  });
});
