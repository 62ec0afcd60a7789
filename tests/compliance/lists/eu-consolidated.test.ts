import { afterAll, describe, expect, it } from 'vitest';
import { loadEuConsolidated, ListUnreadable } from '../../../compliance/lists/index.js';
import { tempDir } from './corpus.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** A sample in the EU's published CSV layout (a subset of its columns): one row per alias, address, birth date, document, citizenship. */
const HEADER = [
  'fileGenerationDate', 'Entity_LogicalId', 'Entity_EU_ReferenceNumber', 'Entity_UnitedNationId', 'Entity_DesignationDate', 'Entity_Remark',
  'Entity_SubjectType', 'Entity_SubjectType_ClassificationCode', 'Entity_Regulation_Programme', 'NameAlias_LastName', 'NameAlias_FirstName',
  'NameAlias_MiddleName', 'NameAlias_WholeName', 'NameAlias_Title', 'Address_City', 'Address_CountryIso2Code', 'Address_CountryDescription',
  'BirthDate_BirthDate', 'BirthDate_Year', 'BirthDate_Circa', 'BirthDate_YearRangeFrom', 'BirthDate_YearRangeTo', 'Identification_Number',
  'Identification_TypeCode', 'Identification_TypeDescription', 'Citizenship_CountryIso2Code', 'Citizenship_CountryDescription',
];
const row = (cells: Record<string, string>) => HEADER.map((h) => cells[h] ?? '').join(';');
const base13 = { fileGenerationDate: '28/10/2025', Entity_LogicalId: '13', Entity_EU_ReferenceNumber: 'EU.27.28', Entity_SubjectType: 'P', Entity_SubjectType_ClassificationCode: 'person', Entity_Regulation_Programme: 'IRQ', Entity_Remark: '(UNSC RESOLUTION 1483)' };
const base99 = { fileGenerationDate: '28/10/2025', Entity_LogicalId: '99', Entity_EU_ReferenceNumber: 'EU.9.1', Entity_SubjectType: 'E', Entity_SubjectType_ClassificationCode: 'enterprise', Entity_Regulation_Programme: 'RUS' };
const CSV =
  '\uFEFF' +
  [
    HEADER.join(';'),
    row({ ...base13, NameAlias_LastName: 'Hussein Al-Tikriti', NameAlias_FirstName: 'Saddam', NameAlias_WholeName: 'Saddam Hussein Al-Tikriti' }),
    row({ ...base13, NameAlias_WholeName: 'Abu Ali' }),
    row({ ...base13, NameAlias_LastName: 'Al-Tikriti', NameAlias_FirstName: 'Saddam', NameAlias_MiddleName: 'Hussein' }),
    row({ ...base13, BirthDate_BirthDate: '1937-04-28' }),
    row({ ...base13, BirthDate_Year: '1938', BirthDate_Circa: '1' }),
    row({ ...base13, Citizenship_CountryIso2Code: 'IQ', Citizenship_CountryDescription: 'IRAQ' }),
    row({ ...base13, Identification_Number: 'A1234567', Identification_TypeCode: 'passport', Identification_TypeDescription: 'National passport' }),
    row({ ...base99, NameAlias_WholeName: '"Example Bank; Joint Stock Company"' }),
    row({ ...base99, NameAlias_WholeName: 'JSC Example Bank' }),
    row({ ...base99, Address_City: 'Moscow', Address_CountryIso2Code: 'RU', Address_CountryDescription: 'RUSSIAN FEDERATION' }),
    row({ ...base99, Identification_Number: 'EXBKRUMM', Identification_TypeCode: 'other', Identification_TypeDescription: 'SWIFT BIC' }),
    row({ ...base99, Identification_Number: '1027700000000', Identification_TypeCode: 'regnumber', Identification_TypeDescription: 'Registration Number' }),
    row({ ...base99, Identification_Number: '1027700000000', Identification_TypeCode: 'regnumber', Identification_TypeDescription: 'Registration Number' }),
  ].join('\r\n') +
  '\r\n';

describe('EU consolidated list loader', () => {
  it('groups the rows by Entity_LogicalId into parties, with the file generation date as version date', async () => {
    const list = await loadEuConsolidated(tmp.file('eu.csv', CSV));
    expect(list.source).toBe('eu');
    expect(list.version).toMatchObject({ date: '2025-10-28', dateSource: 'file' });
    expect(list.entries).toHaveLength(2);
    const [saddam, bank] = list.entries;
    expect(saddam).toMatchObject({
      listId: 'eu',
      entryId: '13',
      type: 'individual',
      programs: ['IRQ'],
      // the third row's first, middle and last name make the same whole name: not repeated
      names: [
        { name: 'Saddam Hussein Al-Tikriti', kind: 'primary' },
        { name: 'Abu Ali', kind: 'aka' },
      ],
      countries: ['IQ'],
      identifiers: [{ kind: 'passport', value: 'A1234567', label: 'National passport' }],
      remarks: 'EU.27.28; (UNSC RESOLUTION 1483)',
    });
    expect(saddam!.birthDates).toEqual([
      { text: '1937-04-28', year: 1937, month: 4, day: 28 },
      { text: '1938', year: 1938, circa: true },
    ]);
    expect(bank).toMatchObject({
      entryId: '99',
      type: 'entity',
      names: [
        { name: 'Example Bank; Joint Stock Company', kind: 'primary' },
        { name: 'JSC Example Bank', kind: 'aka' },
      ],
      countries: ['RU'],
      identifiers: [
        { kind: 'BIC', value: 'EXBKRUMM' },
        { kind: 'registration', value: '1027700000000' },
      ],
    });
  });

  it('a comma-separated file, or one without the EU columns, is refused', async () => {
    const err = await loadEuConsolidated(tmp.file('comma.csv', CSV.replaceAll(';', ','))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ListUnreadable);
    expect((err as Error).message).toMatch(/semicolon/);
  });
});
