/**
 * The workbook's parts are read where the zip's directory says they are, each checked against its
 * CRC-32: a part altered in the file is refused as damaged (not read as other text), a part's place in
 * the zip does not matter, and many reads at once all see every part (exceljs's streaming pass over
 * the zip missed the shared strings once in a few hundred reads under load: a valid file then had
 * "no header row").
 */
import { readFileSync, writeFileSync } from 'node:fs';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { readSheetAll, SheetFileError } from '../../../extractors/sheet/index.js';
import { paymentsSpec, tempDir, writeXlsx } from './fixtures.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const rows = [
  ['Reference', 'Beneficiary', 'IBAN', 'Amount', 'Execution date', 'Currency'],
  ['INV-1', 'Acme GmbH', 'DE89370400440532013000', 1234.56, '04.03.2025', 'EUR'],
  ['INV-2', 'Beta BV', 'NL91ABNA0417164300', 10, '05.03.2025', 'EUR'],
];

/** The workbook again, every part stored (not deflated), so that its bytes can be found and altered. */
async function storedCopy(name: string): Promise<string> {
  const source = tmp.file(`${name}-source.xlsx`);
  await writeXlsx(source, rows);
  const zip = await JSZip.loadAsync(readFileSync(source));
  const stored = tmp.file(`${name}.xlsx`);
  writeFileSync(stored, await zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' }));
  return stored;
}

describe('xlsx parts read from the zip directory', () => {
  it('reads a workbook whose parts are stored, not deflated', async () => {
    const file = await storedCopy('stored');
    const result = await readSheetAll(file, paymentsSpec);
    expect(result.rows.map((r) => (r.ok ? r.record.fields.reference : r.error.message))).toEqual(['INV-1', 'INV-2']);
  });

  it('refuses as damaged a workbook whose shared strings were altered in the file (the checksum does not match)', async () => {
    const file = await storedCopy('altered');
    const bytes = readFileSync(file);
    const at = bytes.indexOf('Acme GmbH');
    expect(at).toBeGreaterThan(0);
    bytes.write('Acme GmbX', at);
    writeFileSync(file, bytes);
    const err = await readSheetAll(file, paymentsSpec).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SheetFileError);
    expect((err as SheetFileError).code).toBe('corrupt-xlsx');
    expect((err as SheetFileError).reason).toMatch(/xl\/sharedStrings\.xml is damaged \(its checksum does not match\)/);
  });

  it('stops reading a part whose zip understates its size once more than the limit has come out of it', async () => {
    const source = tmp.file('understated-source.xlsx');
    await writeXlsx(source, rows);
    const zip = await JSZip.loadAsync(readFileSync(source));
    const si = `<si><t>${'A'.repeat(1000)}</t></si>`;
    const strings = (await zip.file('xl/sharedStrings.xml')!.async('string')).replace('</sst>', `${si.repeat(2048)}</sst>`);
    zip.file('xl/sharedStrings.xml', strings);
    const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    // The central directory says the shared strings are 1,000 bytes.
    const eocd = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    let at = bytes.readUInt32LE(eocd + 16);
    let patched = false;
    while (at < eocd) {
      const nameLength = bytes.readUInt16LE(at + 28);
      if (bytes.toString('utf8', at + 46, at + 46 + nameLength) === 'xl/sharedStrings.xml') {
        bytes.writeUInt32LE(1_000, at + 24);
        patched = true;
      }
      at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
    }
    expect(patched).toBe(true);
    const file = tmp.file('understated.xlsx');
    writeFileSync(file, bytes);
    const err = await readSheetAll(file, { ...paymentsSpec, limits: { maxPartBytes: 1024 * 1024 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SheetFileError);
    expect((err as SheetFileError).code).toBe('too-large');
    expect((err as SheetFileError).reason).toMatch(/shared strings goes past 1 MB uncompressed, more than the 1 MB allowed/);
  });

  it('reads every row of each of several workbooks read many times at once', async () => {
    const files = await Promise.all(
      Array.from({ length: 8 }, async (_, k) => {
        const file = tmp.file(`many-${k}.xlsx`);
        await writeXlsx(file, [rows[0]!, ...Array.from({ length: 2 + k }, (_, i) => [`R${k}-${i}`, `Name ${i}`, 'DE89370400440532013000', i + 1, '04.03.2025', 'EUR'])]);
        return file;
      }),
    );
    const counts = await Promise.all(
      files.map(async (file) => {
        const seen: number[] = [];
        for (let i = 0; i < 15; i++) seen.push((await readSheetAll(file, paymentsSpec)).rows.filter((r) => r.ok).length);
        return seen;
      }),
    );
    expect(counts).toEqual(files.map((_, k) => Array.from({ length: 15 }, () => 2 + k)));
  });
});
