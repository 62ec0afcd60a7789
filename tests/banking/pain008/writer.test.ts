/** pain.008 files written from collections: grouped, exact, deterministic, validated against the official XSDs (../shared/corpus). */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Money, parseLocalDate } from '../../../banking/index.js';
import { CollectionFileRefused, SchemaInvalid, SchemaUnusable, writePain008, XsdSchema, type Pain008Entry, type Pain008Version } from '../../../banking/pain008/index.js';

const XSD_DIR = path.resolve(process.cwd(), '../shared/corpus/sepa/xsd');
const SAMPLES = path.resolve(process.cwd(), '../shared/corpus/sepa/pain008');
const haveCorpus = existsSync(XSD_DIR);
if (!haveCorpus) console.warn(`pain.008 schema tests skipped: ${XSD_DIR} is absent (the shared corpus holds the official XSDs)`);

const dir = mkdtempSync(path.join(tmpdir(), 'rpa-pain008-'));
const createdAt = new Date('2026-12-04T09:30:00Z');
const creditor = { name: 'Stadtwerke Musterstadt GmbH', iban: 'DE02120300000000202051', bic: 'BYLADEM1001', creditorId: 'DE98ZZZ09999999999' };
const IBANS = ['DE89370400440532013000', 'NL91ABNA0417164300', 'AT611904300234573201', 'FR1420041010050500013M02606'];

function entries(n: number): Pain008Entry[] {
  return Array.from({ length: n }, (_, i) => ({
    umr: `M-${1000 + i}`,
    creditorId: creditor.creditorId,
    amount: Money.of(`${10 + (i % 90)}.${String((i * 7) % 100).padStart(2, '0')}`, 'EUR'),
    collectionDate: parseLocalDate(i % 3 === 0 ? '2026-12-15' : '2026-12-16', 'date'),
    endToEndId: `E2E-2026-12-${String(i).padStart(5, '0')}`,
    remittance: `Abschlag Dezember ${i} & Gas`,
    scheme: i % 10 === 9 ? 'B2B' : 'CORE',
    sequenceType: i % 5 === 0 ? 'FRST' : 'RCUR',
    debtorName: `Debtor ${i} <Muster>`,
    debtorIban: IBANS[i % IBANS.length]!,
    ...(i % 2 ? { debtorBic: 'COBADEFFXXX' } : {}),
    debtorAddress: { lines: [`Street ${i}`, '10115 Berlin'], country: 'DE' },
    mandateSignedOn: '2026-11-02',
    ...(i === 7 ? { amendment: { originalUmr: 'OLD-7', originalCreditorId: 'DE98ZZZ09999999999', originalCreditorName: 'Stadtwerke Alt' } } : {}),
    ...(i === 8 ? { amendment: { debtorBankChanged: true } } : {}),
    ...(i === 11 ? { amendment: { originalDebtorIban: 'DE89370400440532013000' } } : {}),
    creditor,
  }));
}

const schemas = new Map<Pain008Version, XsdSchema>();
beforeAll(async () => {
  if (!haveCorpus) return;
  for (const v of ['pain.008.001.02', 'pain.008.001.08'] as const) schemas.set(v, await XsdSchema.load(path.join(XSD_DIR, `${v}.xsd`)));
});
afterAll(async () => {
  for (const s of schemas.values()) await s.dispose();
});

const options = (version: Pain008Version) => ({ version, messageId: 'RUN-2026-12-04-0001', createdAt, initiatingParty: 'Stadtwerke Musterstadt GmbH', schema: schemas.get(version), chunk: 40 });
const tag = (xml: string, name: string) => [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((m) => m[1]!);

describe.skipIf(!haveCorpus)('writePain008 against the official schemas', () => {
  for (const version of ['pain.008.001.02', 'pain.008.001.08'] as const) {
    it(`${version}: blocks by scheme, sequence type, date and creditor; totals exact; valid as a whole; the same input writes the same file`, async () => {
      const list = entries(250);
      const file = path.join(dir, `${version}.xml`);
      const written = await writePain008(file, list, options(version));
      const xml = readFileSync(file, 'utf8');
      expect(await schemas.get(version)!.validate(xml)).toEqual([]);
      expect(written.schema).toContain(`${version}.xsd`);
      expect(written.count).toBe(250);
      expect(written.controlSum).toBe(Money.sum(list.map((e) => e.amount), 'EUR').toString());
      // CORE/B2B × FRST/RCUR × two dates, as the collections fall.
      const keys = new Set(list.map((e) => `${e.scheme}|${e.sequenceType}|${e.collectionDate}`));
      expect(written.blocks).toHaveLength(keys.size);
      expect(tag(xml, 'PmtInfId')).toEqual(written.blocks.map((b, i) => `RUN-2026-12-04-0001-${i + 1}`));
      // Group and block NbOfTxs and CtrlSum, as written, add up exactly.
      const [groupCount, ...blockCounts] = tag(xml, 'NbOfTxs').map(Number);
      const [groupSum, ...blockSums] = tag(xml, 'CtrlSum');
      expect(groupCount).toBe(250);
      expect(blockCounts.reduce((a, b) => a + b, 0)).toBe(250);
      expect(groupSum).toBe(written.controlSum);
      expect(Money.sum(blockSums.map((s) => Money.of(s!, 'EUR')), 'EUR').toString()).toBe(groupSum);
      for (const b of written.blocks) {
        const inBlock = list.filter((e) => e.scheme === b.scheme && e.sequenceType === b.sequenceType && e.collectionDate === b.collectionDate);
        expect(b.count).toBe(inBlock.length);
        expect(b.controlSum).toBe(Money.sum(inBlock.map((e) => e.amount), 'EUR').toString());
      }
      // Amendments as the next collection must carry them; text escaped.
      expect(xml).toContain('<AmdmntInd>true</AmdmntInd><AmdmntInfDtls><OrgnlMndtId>OLD-7</OrgnlMndtId><OrgnlCdtrSchmeId><Nm>Stadtwerke Alt</Nm>');
      expect(xml).toContain('<OrgnlDbtrAcct><Id><Othr><Id>SMNDA</Id></Othr></Id></OrgnlDbtrAcct>');
      expect(xml).toContain('<Nm>Debtor 3 &lt;Muster&gt;</Nm>');
      expect(xml).toContain(version === 'pain.008.001.02' ? '<BIC>COBADEFFXXX</BIC>' : '<BICFI>COBADEFFXXX</BICFI>');
      expect(xml).toContain('<Othr><Id>NOTPROVIDED</Id></Othr>');
      const again = await writePain008(path.join(dir, `${version}-again.xml`), list, options(version));
      expect(again.sha256).toBe(written.sha256);
    });
  }

  it('a collection the schema refuses: the error names it and the element; no file is left', async () => {
    const list = entries(120);
    list[77] = { ...list[77]!, debtorBic: 'NOT A BIC' };
    const file = path.join(dir, 'invalid.xml');
    const err = await writePain008(file, list, options('pain.008.001.02')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SchemaInvalid);
    expect((err as SchemaInvalid).message).toMatch(/collection E2E-2026-12-00077: .*BIC/);
    expect((err as SchemaInvalid).details).toMatchObject({ endToEndId: 'E2E-2026-12-00077', version: 'pain.008.001.02' });
    expect(existsSync(file)).toBe(false);
    expect(existsSync(`${file}.part`)).toBe(false);
  });

  it('the corpus sample files validate against their schemas', async () => {
    for (const v of ['pain.008.001.02', 'pain.008.001.08'] as const) {
      expect(await schemas.get(v)!.validate(readFileSync(path.join(SAMPLES, `${v}.xml`), 'utf8')), v).toEqual([]);
    }
  });
});

describe('writePain008 without a schema', () => {
  it('still checks the structure, and says the file was not checked against a schema', async () => {
    const written = await writePain008(path.join(dir, 'no-schema.xml'), entries(5), { ...options('pain.008.001.02'), schema: undefined });
    expect(written.schema).toBeNull();
    const dup = entries(3);
    dup[2] = { ...dup[2]!, endToEndId: dup[0]!.endToEndId };
    await expect(writePain008(path.join(dir, 'dup.xml'), dup, { ...options('pain.008.001.02'), schema: undefined })).rejects.toThrow(CollectionFileRefused);
    await expect(writePain008(path.join(dir, 'empty.xml'), [], { ...options('pain.008.001.02'), schema: undefined })).rejects.toThrow(/no collection/);
  });
});

describe('XsdSchema', () => {
  it('refuses a file that is no schema, saying what to check', async () => {
    const notXsd = path.join(dir, 'not-a-schema.xsd');
    writeFileSync(notXsd, '<html><body>404</body></html>');
    const err = await XsdSchema.load(notXsd).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SchemaUnusable);
    expect((err as SchemaUnusable).whatNext).toMatch(/configured XSD path/);
  });
});
