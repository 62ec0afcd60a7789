import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { screen as cliScreen, SCREEN_EXIT, type ScreenFlags } from '../../../cli/screen.js';
import { complianceScreeningSchema, type ComplianceScreeningConfig } from '../../../config/compliance-screening.js';
import { DEMO_LIST_FILE, loadOfacSdn, type SanctionsList } from '../../../compliance/lists/index.js';
import { decide, explain, listVersions, MAX_QUERY_TOKENS, NameIndex, screenName, screeningHold, type ScreeningQuery } from '../../../compliance/screening/index.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const settings = complianceScreeningSchema.parse({});
let list: SanctionsList;
let index: NameIndex;
const screen = (q: ScreeningQuery, s: ComplianceScreeningConfig = settings) => screenName(index, q, s, listVersions([list]));

beforeAll(async () => {
  list = await loadOfacSdn({ sdn: DEMO_LIST_FILE });
  index = NameIndex.build([list], settings.tokens);
});

describe('screening against the demo list', () => {
  it('the demo list: twenty fictional entries, marked so, and two real ones', () => {
    const fictional = list.entries.filter((e) => e.programs.includes('DEMO-FICTIONAL'));
    expect(fictional).toHaveLength(20);
    expect(fictional.every((e) => /FICTIONAL demo entry, not a real designation/.test(e.remarks))).toBe(true);
    expect(list.entries.filter((e) => !e.programs.includes('DEMO-FICTIONAL')).map((e) => e.names[0]!.name)).toEqual(['AEROCARIBBEAN AIRLINES', 'BANCO NACIONAL DE CUBA']);
  });

  it('decisions by the thresholds: block at or above block, review in the band, pass below', () => {
    expect(decide(0.92, settings)).toBe('block');
    expect(decide(0.9199, settings)).toBe('review');
    expect(decide(0.8, settings)).toBe('review');
    expect(decide(0.7999, settings)).toBe('pass');
    const r = screen({ name: 'Anastasia Petrova' });
    expect(r.hits[0]).toMatchObject({ entryId: '900001', matchedName: 'PETROVA, Anastasia Fictiva' });
    // the same hit under other thresholds from config
    expect(screen({ name: 'Anastasia Petrova' }, { ...settings, block: r.score + 0.01 }).decision).toBe('review');
    expect(screen({ name: 'Anastasia Petrova' }, { ...settings, block: 0.99, review: r.score + 0.01 }).decision).toBe('pass');
  });

  it('every hit explains itself: list, entry, names, token pairs and scores, adjustments; and the list versions', () => {
    const r = screen({ name: 'Karimov Rustam', country: 'UZ', dob: '1975-02-15' });
    expect(r.decision).toBe('review'); // the patronymic is missing: 0.823 by name, + country + date of birth
    const hit = r.hits[0]!;
    expect(hit).toMatchObject({
      list: 'ofac-sdn',
      entryId: '900009',
      entryName: 'KARIMOV, Rustam Bakhtiyarovich',
      matchedNameKind: 'primary',
      tokens: [
        { query: 'KARIMOV', candidate: 'KARIMOV', score: 1 },
        { query: 'RUSTAM', candidate: 'RUSTAM', score: 1 },
      ],
      unmatched: { query: [], candidate: ['BAKHTIYAROVICH'] },
      adjustments: [
        { reason: 'country match', delta: settings.adjustments.countryMatch },
        { reason: 'DOB match', delta: settings.adjustments.dobMatch },
      ],
    });
    expect(hit.score).toBeCloseTo(hit.nameScore + settings.adjustments.countryMatch + settings.adjustments.dobMatch, 3);
    expect(r.listVersions).toEqual([{ source: 'ofac-sdn', sha256: list.version.sha256, date: list.version.date }]);
    const text = explain(r);
    expect(text).toMatch(/^REVIEW: "Karimov Rustam" \(country UZ, born 1975-02-15\) scored 0\.9\d\d \(block at 0\.920, review at 0\.800\)/);
    expect(text).toContain('OFAC SDN entry 900009 (individual; DEMO-FICTIONAL)');
    expect(text).toContain('tokens: KARIMOV = 1.000, RUSTAM = 1.000');
    expect(text).toContain('unmatched: BAKHTIYAROVICH (listed)');
    expect(text).toContain('DOB match +0.050 (1975-02-15 vs 15 Feb 1975)');
    expect(text).toContain(`sha256 ${list.version.sha256.slice(0, 12)}`);
  });

  it('country, date of birth, identifiers and type move the score only when both sides know them', () => {
    const base = screen({ name: 'Jean-Marc Delacroix' }).hits[0]!;
    expect(base.adjustments).toEqual([]);
    const adj = (q: Omit<ScreeningQuery, 'name'>, name = 'Jean-Marc Delacroix') => screen({ name, ...q }).hits[0]?.adjustments ?? screen({ name, ...q }).nearMiss!.adjustments;
    expect(adj({ country: 'France' })).toEqual([{ reason: 'country match', delta: 0.03, detail: 'FR vs FR' }]);
    expect(adj({ country: 'DE' })).toEqual([{ reason: 'country mismatch', delta: -0.05, detail: 'DE vs FR' }]);
    expect(adj({ dob: '1961' })).toMatchObject([{ reason: 'DOB year match', delta: 0.025 }]);
    expect(adj({ dob: '1962-09-09' })).toEqual([]); // a year off: neither for nor against
    expect(adj({ dob: '1990-01-01' })).toMatchObject([{ reason: 'DOB mismatch', delta: -0.15 }]);
    expect(adj({ type: 'entity' })).toMatchObject([{ reason: 'type mismatch', delta: -0.05 }]);
    // ranges and circa: VOLKOV 1958 to 1960, AL-FAKIR circa 1965 (± 2 years)
    expect(adj({ dob: '1959-05-05' }, 'Igor Volkov')).toMatchObject([{ reason: 'DOB year match' }]);
    expect(adj({ dob: '1967' }, 'Hamid Al-Fakir')).toMatchObject([{ reason: 'DOB year match' }]);
    // BIC on its first 8 characters; IMO numbers
    expect(adj({ identifiers: [{ kind: 'BIC', value: 'NWMBKPPYXXX' }] }, 'Northwind Merchant Bank')).toMatchObject([{ reason: 'BIC match', delta: 0.15 }]);
    expect(adj({ identifiers: [{ kind: 'BIC', value: 'DEUTDEFF' }] }, 'Northwind Merchant Bank')).toMatchObject([{ reason: 'BIC mismatch', delta: -0.1 }]);
    expect(adj({ identifiers: [{ kind: 'IMO', value: '5900002' }] }, 'Blue Heron Shipping')).toMatchObject([{ reason: 'IMO match' }]);
    // a misspelt vessel name with its IMO number: from review to block
    expect(screen({ name: 'Ocean Fantom' }).decision).toBe('review');
    expect(screen({ name: 'Ocean Fantom', type: 'vessel', identifiers: [{ kind: 'IMO', value: '9000017' }] }).decision).toBe('block');
    // an adjustment can take a review down to a pass
    const near = screen({ name: 'Hans Mueller' });
    expect(near.decision).toBe('review');
    expect(screen({ name: 'Hans Mueller', dob: '1990-03-03', country: 'DE' }).decision).toBe('pass');
  });

  it('a very long "name" is screened on its first tokens only', () => {
    const r = screen({ name: `Ocean Phantom ${'word '.repeat(40)}` });
    expect(r.query.normalised.split(' ')).toHaveLength(MAX_QUERY_TOKENS);
    expect(r.decision).toBe('pass');
    // Compared with every list name, the first tokens are what resembles the entry (below review: the index need not score it).
    const all = screenName(index, { name: `Ocean Phantom ${'word '.repeat(40)}` }, settings, listVersions([list]), { allPairs: true });
    expect(all.nearMiss?.entryId).toBe('900006');
  });

  it('aliases from the remarks match, and the hit says which alias', () => {
    const r = screen({ name: 'Hamed Faqir' });
    expect(r.hits[0]).toMatchObject({ entryId: '900002', matchedName: 'FAQIR, Hamed', matchedNameKind: 'aka', entryName: 'AL-FAKIR, Hamid Yusuf' });
  });

  it('what an item does with it: block and review become a hold with the hits and list versions, pass nothing', () => {
    expect(screeningHold(screen({ name: 'Ocean Phantom' }))).toMatchObject({
      rule: 'sanctions.block',
      message: '"Ocean Phantom" matches ofac-sdn entry 900006 "OCEAN PHANTOM" (score 1.000)',
      details: { decision: 'block', listVersions: [{ source: 'ofac-sdn' }], explanation: expect.stringContaining('BLOCK') },
    });
    expect(screeningHold(screen({ name: 'Hans Mueller' }))).toMatchObject({ rule: 'sanctions.review' });
    expect(screeningHold(screen({ name: 'Maria Schneider' }))).toBeUndefined();
  });
});

describe('rpa screen', () => {
  // In-process (a child process with tsx costs seconds on a loaded machine); cli/rpa.ts only routes `screen` here.
  async function rpaScreen(flags: ScreenFlags, words: string[]): Promise<{ code: number; stdout: string }> {
    let stdout = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout += String(chunk);
      return true;
    });
    try {
      return { code: await cliScreen(flags, words), stdout };
    } finally {
      spy.mockRestore();
    }
  }

  it('prints the decision and its explanation; the exit code tells block (4), review (3), pass (0)', async () => {
    const block = await rpaScreen({ country: 'RU', lists: DEMO_LIST_FILE }, ['Petrova,', 'Anastasia']);
    expect(block.code).toBe(SCREEN_EXIT.block);
    expect(block.code).toBe(4);
    expect(block.stdout).toMatch(/^BLOCK: "Petrova, Anastasia" \(country RU\)/);
    expect(block.stdout).toContain('OFAC SDN entry 900001');
    expect(block.stdout).toContain('country match +0.030 (RU vs RU)');
    expect((await rpaScreen({ lists: DEMO_LIST_FILE }, ['Hans Mueller'])).code).toBe(3);
    const pass = await rpaScreen({ lists: DEMO_LIST_FILE, json: true }, ['Maria Schneider']);
    expect(pass.code).toBe(0);
    expect(JSON.parse(pass.stdout)).toMatchObject({ decision: 'pass', listVersions: [{ source: 'ofac-sdn' }] });
  });

  it('usage errors name what is wrong', async () => {
    await expect(cliScreen({}, [])).rejects.toThrow(/a name is needed/);
    await expect(cliScreen({ dob: '15.02.1975' }, ['X'])).rejects.toThrow(/YYYY-MM-DD/);
    await expect(cliScreen({ country: 'XX' }, ['X'])).rejects.toThrow(/ISO 3166/);
    await expect(cliScreen({ lists: ROOT }, ['X'])).rejects.toThrow(/no list found/);
  });
});
