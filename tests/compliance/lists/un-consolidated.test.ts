import { afterAll, describe, expect, it } from 'vitest';
import { loadUnConsolidated, ListUnreadable } from '../../../compliance/lists/index.js';
import { tempDir } from './corpus.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const SAMPLE = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY boom "EXPANDED">]>
<CONSOLIDATED_LIST dateGenerated="2025-03-04T10:00:00.000Z">
  <INDIVIDUALS>
    <INDIVIDUAL>
      <DATAID>1</DATAID><FIRST_NAME>ABDUL</FIRST_NAME><SECOND_NAME>HAKIM</SECOND_NAME><THIRD_NAME>MURAD</THIRD_NAME>
      <UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE><REFERENCE_NUMBER>QDi.001</REFERENCE_NUMBER>
      <NAME_ORIGINAL_SCRIPT>عبد الحكيم مراد</NAME_ORIGINAL_SCRIPT>
      <COMMENTS1>Owner of a bank (SWIFT/BIC: KDBKKPPY) and a ship (IMO) Number: 1790183.</COMMENTS1>
      <NATIONALITY><VALUE>Pakistan</VALUE><VALUE>Syrian Arab Republic</VALUE></NATIONALITY>
      <INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Murad, Abdul Hakim Hasim</ALIAS_NAME></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>Saeed &amp; Akman &boom;</ALIAS_NAME></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ADDRESS><COUNTRY>Democratic Republic of the Congo</COUNTRY></INDIVIDUAL_ADDRESS>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1968-04-11</DATE></INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE><YEAR>1966</YEAR></INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1960</FROM_YEAR><TO_YEAR>1962</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT><NUMBER>0665334</NUMBER></INDIVIDUAL_DOCUMENT>
    </INDIVIDUAL>
  </INDIVIDUALS>
  <ENTITIES>
    <ENTITY><DATAID>110</DATAID><FIRST_NAME>AL-RASHID TRUST</FIRST_NAME><UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE><REFERENCE_NUMBER>QDe.005</REFERENCE_NUMBER>
      <ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>Al-Rasheed Trust</ALIAS_NAME></ENTITY_ALIAS>
      <ENTITY_ALIAS><QUALITY>f.k.a.</QUALITY><ALIAS_NAME>Aid Organization of the Ulema</ALIAS_NAME></ENTITY_ALIAS>
      <ENTITY_ADDRESS><COUNTRY>Pakistan</COUNTRY></ENTITY_ADDRESS>
    </ENTITY>
  </ENTITIES>
</CONSOLIDATED_LIST>`;

describe('UN consolidated list loader', () => {
  it('reads individuals and entities, aliases by quality, countries, dates of birth, documents, and the generation date', async () => {
    const list = await loadUnConsolidated(tmp.file('un.xml', SAMPLE));
    expect(list.version).toMatchObject({ date: '2025-03-04', dateSource: 'file' });
    const [person, entity] = list.entries;
    expect(person).toMatchObject({
      listId: 'un',
      entryId: 'QDi.001',
      type: 'individual',
      programs: ['Al-Qaida'],
      countries: ['PK', 'SY', 'CD'],
      identifiers: [
        { kind: 'passport', value: '0665334', label: 'Passport' },
        { kind: 'BIC', value: 'KDBKKPPY' },
        { kind: 'IMO', value: '1790183' },
      ],
    });
    // entities are not expanded (no DTD tricks); the five XML entities are decoded
    expect(person!.names).toEqual([
      { name: 'ABDUL HAKIM MURAD', kind: 'primary' },
      { name: 'Murad, Abdul Hakim Hasim', kind: 'aka' },
      { name: 'Saeed & Akman &boom;', kind: 'weak-aka' },
      { name: 'عبد الحكيم مراد', kind: 'original-script' },
    ]);
    expect(person!.birthDates).toEqual([
      { text: '1968-04-11', year: 1968, month: 4, day: 11 },
      { text: '1966', year: 1966, circa: true },
      { text: '1960 to 1962', year: 1960, toYear: 1962 },
    ]);
    expect(entity).toMatchObject({
      entryId: 'QDe.005',
      type: 'entity',
      countries: ['PK'],
      names: [
        { name: 'AL-RASHID TRUST', kind: 'primary' },
        { name: 'Al-Rasheed Trust', kind: 'aka' },
        { name: 'Aid Organization of the Ulema', kind: 'fka' },
      ],
    });
  });

  it('a file that is not the UN list is refused', async () => {
    await expect(loadUnConsolidated(tmp.file('other.xml', '<?xml version="1.0"?><OTHER/>'))).rejects.toBeInstanceOf(ListUnreadable);
  });
});
