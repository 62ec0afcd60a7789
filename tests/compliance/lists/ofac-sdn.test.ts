import { afterAll, describe, expect, it } from 'vitest';
import { loadOfacSdn, ListUnreadable, parseOfacRemarks } from '../../../compliance/lists/index.js';
import { tempDir } from './corpus.js';

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
