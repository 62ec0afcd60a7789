import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { readSheet, readSheetAll, SheetFileError, type SheetFileErrorCode } from '../../../extractors/sheet/index.js';
import { paymentsSpec, tempDir, writeXlsx } from './fixtures.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

async function fileError(file: string): Promise<SheetFileError> {
  const err = await readSheetAll(file, paymentsSpec).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof SheetFileError)) throw new Error(`expected a SheetFileError, got ${String(err)}`);
  expect(err.file).toBe(file);
  expect(err.message.startsWith(`${file}: `)).toBe(true);
  expect(err.whatNext.length).toBeGreaterThan(10);
  return err;
}

function expectCode(err: SheetFileError, code: SheetFileErrorCode, reason: RegExp): void {
  expect(err.code).toBe(code);
  expect(err.reason).toMatch(reason);
}

const validRows = [
  ['Ref', 'Beneficiary', 'IBAN', 'Amount'],
  ...Array.from({ length: 50 }, (_, i) => [`R${i}`, `Name ${i}`, 'DE89370400440532013000', i + 1]),
];

describe('files that cannot be read', () => {
  it('empty file', async () => {
    const file = tmp.file('empty.csv');
    writeFileSync(file, '');
    expectCode(await fileError(file), 'empty', /empty/);
  });

  it('only a BOM and blank lines', async () => {
    const file = tmp.file('blank.csv');
    writeFileSync(file, '\uFEFF\r\n\r\n;;;\r\n');
    expectCode(await fileError(file), 'empty', /no data/);
  });

  it('truncated XLSX', async () => {
    const good = tmp.file('good.xlsx');
    await writeXlsx(good, validRows);
    const file = tmp.file('truncated.xlsx');
    const bytes = readFileSync(good);
    writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
    expectCode(await fileError(file), 'corrupt-xlsx', /truncated or damaged/);
  });

  it('XLSX with a damaged sheet inside an intact zip directory', async () => {
    const good = tmp.file('good2.xlsx');
    await writeXlsx(good, validRows);
    const bytes = Buffer.from(readFileSync(good));
    // overwrite the middle of the archive (compressed XML) with garbage, keep the tail
    const start = Math.floor(bytes.length * 0.15);
    for (let i = start; i < start + 400; i++) bytes[i] = (i * 37) & 0xff;
    const file = tmp.file('damaged.xlsx');
    writeFileSync(file, bytes);
    expectCode(await fileError(file), 'corrupt-xlsx', /damaged/);
  });

  it('password-protected XLSX (OLE compound file with an EncryptionInfo stream)', async () => {
    const file = tmp.file('protected.xlsx');
    const ole = Buffer.alloc(4096);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole, 0);
    Buffer.from('EncryptionInfo', 'utf16le').copy(ole, 1024 + 64);
    Buffer.from('EncryptedPackage', 'utf16le').copy(ole, 1024 + 192);
    writeFileSync(file, ole);
    const err = await fileError(file);
    expectCode(err, 'encrypted-or-legacy', /password-protected \(encrypted\)/);
    expect(err.reason).toContain('D0 CF 11 E0');
    expect(err.whatNext).toMatch(/password/);
  });

  it('bare OLE header: says encrypted XLSX or legacy .xls', async () => {
    const file = tmp.file('ole.xls');
    const ole = Buffer.alloc(2048);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole, 0);
    writeFileSync(file, ole);
    expectCode(await fileError(file), 'encrypted-or-legacy', /password-protected \(encrypted\) XLSX or a legacy \.xls/);
  });

  it('binary garbage', async () => {
    const file = tmp.file('garbage.csv');
    const bytes = Buffer.alloc(8192);
    let x = 12345;
    for (let i = 0; i < bytes.length; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      bytes[i] = x >> 16;
    }
    bytes[0] = 0x01;
    writeFileSync(file, bytes);
    expectCode(await fileError(file), 'not-a-spreadsheet', /binary/);
  });

  it('a PDF is named as such', async () => {
    const file = tmp.file('statement.xlsx');
    writeFileSync(file, '%PDF-1.7\n%âãÏÓ\n1 0 obj\n');
    expectCode(await fileError(file), 'not-a-spreadsheet', /PDF/);
  });

  it('a zip that is not a workbook', async () => {
    const good = tmp.file('good3.xlsx');
    await writeXlsx(good, validRows);
    // rename every part so that no worksheet path is left ("xl/" → "xx/" in local and central headers)
    const bytes = Buffer.from(readFileSync(good).toString('latin1').replaceAll('xl/', 'xx/'), 'latin1');
    const file = tmp.file('notbook.zip');
    writeFileSync(file, bytes);
    expectCode(await fileError(file), 'no-worksheet', /not an Excel workbook/);
  });

  it('missing file', async () => {
    expectCode(await fileError(tmp.file('nope.xlsx')), 'unreadable', /does not exist/);
  });
});

describe('streaming API contract', () => {
  it('the iterator throws the SheetFileError and the summary rejects with it', async () => {
    const file = tmp.file('empty2.csv');
    writeFileSync(file, '');
    const reader = readSheet(file, paymentsSpec);
    await expect(async () => {
      for await (const _ of reader) void _;
    }).rejects.toBeInstanceOf(SheetFileError);
    await expect(reader.summary).rejects.toBeInstanceOf(SheetFileError);
  });

  it('stopping early rejects the summary without an unhandled rejection', async () => {
    const file = tmp.file('early.xlsx');
    await writeXlsx(file, validRows);
    const reader = readSheet(file, paymentsSpec);
    let n = 0;
    for await (const r of reader) {
      expect(r.ok).toBe(true);
      if (++n === 3) break;
    }
    await expect(reader.summary).rejects.toThrow(/stopped before the end/);
    expect(() => reader[Symbol.asyncIterator]()).toThrow(/only once/);
  });

  it('the summary resolves after a full iteration', async () => {
    const file = tmp.file('full.xlsx');
    await writeXlsx(file, validRows);
    const reader = readSheet(file, paymentsSpec);
    let n = 0;
    for await (const _ of reader) n++;
    const s = await reader.summary;
    expect(n).toBe(50);
    expect(s.counts).toMatchObject({ dataRows: 50, records: 50 });
  });
});
