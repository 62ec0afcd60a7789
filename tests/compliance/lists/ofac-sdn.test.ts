import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOfacSdn, ListUnreadable, parseOfacRemarks } from '../../../compliance/lists/index.js';
import { hasCorpus, OFAC, tempDir } from '../corpus.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const SDN = [
  '10,"TESTER, John Q.","individual","SDGT] [IRAN",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 01 Jan 1960; alt. DOB circa 1979-1982; nationality Korea, North; Passport A1234567 (Iran); a.k.a. \'JQ\'; f.k.a. \'TESTOR, Jon\'."',
  '11,"SEA BREEZE","vessel","IRAN",-0- ,"9BXY","Crude Oil Tanker","1000","900","Panama","Owner Co",-0- ',
  '12,"ACME BANK, S.A.",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"SWIFT/BIC ACMEXXPP; Identification Number IMO 1790183; Registration ID 807000227 (Belarus) issued 16 Oct 2009."',
].join('\r\n');
const ALT = '10,1,"aka","TESTER, Johnny",-0- \n12,2,"fka","ACME BANKING HOUSE",-0- \n99,3,"aka","NOBODY",-0- ';
const ADD = '11,1,-0- ,"Panama City","Panama",-0- \n12,2,"Calle 1","Havana","Cuba",-0- ';

describe('OFAC SDN loader', () => {
  it('reads the three CSV files into parties: names with their kinds, type, programmes, countries, dates, identifiers', async () => {
    const list = await loadOfacSdn({ sdn: tmp.file('sdn.csv', SDN), alt: tmp.file('alt.csv', ALT), add: tmp.file('add.csv', ADD) });
    expect(list.source).toBe('ofac-sdn');
    expect(list.entries.map((e) => e.entryId)).toEqual(['10', '11', '12']);
    const [person, vessel, bank] = list.entries;
    expect(person).toMatchObject({
      type: 'individual',
      programs: ['SDGT', 'IRAN'],
      names: [
        { name: 'TESTER, John Q.', kind: 'primary' },
        { name: 'JQ', kind: 'aka' },
        { name: 'TESTOR, Jon', kind: 'fka' },
        { name: 'TESTER, Johnny', kind: 'aka' },
      ],
      countries: ['KP', 'IR'],
      identifiers: [{ kind: 'passport', value: 'A1234567' }],
    });
    expect(person!.birthDates).toEqual([
      { text: '01 Jan 1960', year: 1960, month: 1, day: 1 },
      { text: 'circa 1979-1982', year: 1979, toYear: 1982, circa: true },
    ]);
    expect(vessel).toMatchObject({ type: 'vessel', countries: ['PA'], identifiers: [{ kind: 'other', value: '9BXY', label: 'Call Sign' }] });
    expect(bank).toMatchObject({ type: 'entity', countries: ['CU'], names: [{ name: 'ACME BANK, S.A.' }, { name: 'ACME BANKING HOUSE', kind: 'fka' }] });
    expect(bank!.identifiers).toEqual([
      { kind: 'BIC', value: 'ACMEXXPP', label: 'SWIFT/BIC' },
      { kind: 'IMO', value: '1790183', label: 'Identification Number IMO' },
      { kind: 'registration', value: '807000227', label: 'Registration ID' },
    ]);
  });

  it('a header row or a file that is not OFAC CSV is refused with what to do', async () => {
    const file = tmp.file('header.csv', 'ent_num,SDN_Name,SDN_Type\n' + SDN);
    const err = await loadOfacSdn({ sdn: file }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ListUnreadable);
    expect((err as ListUnreadable).message).toMatch(/row 1 .*header row/);
    expect((err as ListUnreadable).whatNext).toMatch(/atomically/);
    await expect(loadOfacSdn({ sdn: tmp.file('missing.csv') })).rejects.toBeInstanceOf(ListUnreadable);
    await expect(loadOfacSdn({ sdn: tmp.file('empty.csv', '') })).rejects.toThrow(/empty/);
  });

  it('remarks: OFAC writes dates, nationality, SWIFT/BIC and IMO numbers in free text', () => {
    const r = parseOfacRemarks('DOB 1958 to 1960; citizen Saint Vincent and the Grenadines; nationality of Registration Korea, North; Vessel Registration Identification IMO 9187629; Linked To: X.');
    expect(r.birthDates).toEqual([{ text: '1958 to 1960', year: 1958, toYear: 1960 }]);
    expect(r.countries).toEqual(['VC', 'KP']);
    expect(r.identifiers).toEqual([{ kind: 'IMO', value: '9187629', label: 'Vessel Registration Identification IMO' }]);
  });
});

describe.skipIf(!hasCorpus)('OFAC SDN list of the corpus', () => {
  it('loads every entry with aliases, addresses and remarks, versioned by content hash and file date', async () => {
    const list = await loadOfacSdn(OFAC);
    // `wc -l sdn.csv` says 7,378 (the README's count): the last row has no line break. 7,379 rows, all with distinct numbers.
    const rows = readFileSync(OFAC.sdn, 'utf8').split('\n').filter((l) => /^\d+,/.test(l));
    expect(rows.length).toBe(7379);
    expect(list.entries.length).toBe(rows.length);
    expect(list.entries.at(-1)).toMatchObject({ entryId: '26235', names: [{ name: 'MALKEVICH, Alexander Aleksandrovich', kind: 'primary' }] });
    expect(list.entries.filter((e) => e.type === 'individual').length).toBe(rows.filter((l) => l.includes('"individual"')).length);
    // aliases from alt.csv and from the remarks, countries from add.csv
    const bnc = list.entries.find((e) => e.entryId === '306')!;
    expect(bnc.names.map((n) => n.name)).toEqual(['BANCO NACIONAL DE CUBA', 'BNC', 'NATIONAL BANK OF CUBA']);
    expect(bnc.countries).toEqual(expect.arrayContaining(['CH', 'ES', 'JP']));
    const aliases = list.entries.reduce((n, e) => n + e.names.length - 1, 0);
    expect(aliases).toBeGreaterThanOrEqual(readFileSync(OFAC.alt, 'utf8').trim().split('\n').length - 1);
    // remarks: a vessel's IMO number, a bank's SWIFT/BIC, a person's date of birth and nationality
    expect(list.entries.find((e) => e.entryId === '15036')!.identifiers).toContainEqual(expect.objectContaining({ kind: 'IMO', value: '9187629' }));
    expect(list.entries.find((e) => e.entryId === '12028')).toMatchObject({ countries: ['BY'], identifiers: [expect.objectContaining({ kind: 'BIC', value: 'HNRBBY2X' }), expect.objectContaining({ kind: 'registration', value: '807000227' })] });
    expect(list.entries.find((e) => e.entryId === '26235')).toMatchObject({ birthDates: [{ year: 1975, month: 6, day: 14 }], countries: ['RU'] });
    const withDob = rows.filter((l) => /"[^"]*\bDOB \d/.test(l)).length;
    expect(list.entries.filter((e) => e.birthDates.length).length).toBeGreaterThanOrEqual(withDob);
    // the version
    const hash = createHash('sha256');
    for (const f of [OFAC.sdn, OFAC.alt, OFAC.add]) {
      const b = readFileSync(f);
      hash.update(`${b.length}:`).update(b);
    }
    expect(list.version).toMatchObject({ sha256: hash.digest('hex'), dateSource: 'mtime', files: [OFAC.sdn, OFAC.alt, OFAC.add] });
    expect(list.version.date).toBe(new Date(Math.max(...[OFAC.sdn, OFAC.alt, OFAC.add].map((f) => statSync(f).mtimeMs))).toISOString().slice(0, 10));
  });
});
