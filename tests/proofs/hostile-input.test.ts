/**
 * Proof: hostile and oversized payment files cannot take a worker down (issue 11).
 * - an XLSX whose sheet XML is padded with whitespace is read in linear time; a tag padded past
 *   1 MB is refused as damaged;
 * - a sheet or a shared-strings part larger uncompressed than allowed is refused from the zip's own
 *   directory, before it is inflated (a shared-strings bomb);
 * - a file past the row limit is refused at the row past it, in flat memory, and nothing is dispatched;
 * - a header-only file is refused as empty.
 * Each is timed and its memory growth measured; limits are set low here so that the files stay small.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { PaymentFileRejected, planPaymentFile } from '../../bots/payment-batch/index.js';
import { paymentSheetSpec } from '../../bots/payment-batch/sheet-spec.js';
import { writeSamplePaymentFile } from '../../cli/sample-payment-file.js';
import { readSheetAll, SheetFileError } from '../../extractors/sheet/index.js';
import { testConfig } from '../helpers/runtime.js';

const dir = mkdtempSync(path.join(tmpdir(), 'rpa-proof-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const config = testConfig({ dataDir: dir, paymentFiles: { maxRows: 1_000, maxUncompressedMB: 8 } });
const spec = paymentSheetSpec(config);
const MB = 1024 * 1024;

/** A real payment workbook, its zip parts changed by `edit` (path → new text). */
async function doctored(name: string, edit: (parts: Record<string, string>) => void): Promise<string> {
  const plain = path.join(dir, `plain-${name}`);
  await writeSamplePaymentFile(plain, { count: 5, debitAccount: 'DE89370400440532013000', executionDate: '2030-01-07', prefix: 'H' });
  const zip = await JSZip.loadAsync(readFileSync(plain));
  const parts: Record<string, string> = {};
  for (const f of Object.keys(zip.files)) if (f.endsWith('.xml')) parts[f] = await zip.file(f)!.async('string');
  edit(parts);
  for (const [f, text] of Object.entries(parts)) zip.file(f, text);
  const file = path.join(dir, name);
  writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } }));
  return file;
}

async function refusal(p: Promise<unknown>): Promise<SheetFileError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(SheetFileError);
  return err as SheetFileError;
}

describe('proof: hostile and oversized payment files', () => {
  it('a sheet padded with 30 MB of whitespace between its tags is read in linear time', { timeout: 60_000 }, async () => {
    // Whitespace after the first cell, and a little after each of the next ones. Read quadratically
    // (as before: the text after the last tag was carried over and copied again with every 64 KB
    // chunk), the 30 MB gap alone costs some 7 GB of copying.
    const file = await doctored('padded.xlsx', (parts) => {
      let n = 0;
      parts['xl/worksheets/sheet1.xml'] = parts['xl/worksheets/sheet1.xml']!.replace(/<\/c>|<\/row>/g, (m) => m + (n++ === 0 ? ' \n\t'.repeat((30 * MB) / 3) : '   '));
    });
    const compressed = readFileSync(file).length;
    const started = performance.now();
    const result = await readSheetAll(file, { ...spec, limits: { maxPartBytes: 64 * MB } });
    const ms = performance.now() - started;
    console.log(`[hostile] padded sheet: ${Math.round(compressed / 1024)} KB compressed, 30 MB of whitespace, read in ${Math.round(ms)} ms`);
    expect(result.rows.filter((r) => r.ok)).toHaveLength(5);
    expect(ms).toBeLessThan(5_000);
  });

  it('a tag padded past 1 MB is refused as damaged, without scanning it again and again', { timeout: 60_000 }, async () => {
    const file = await doctored('padded-tag.xlsx', (parts) => {
      parts['xl/worksheets/sheet1.xml'] = parts['xl/worksheets/sheet1.xml']!.replace('<c r="A', `<c ${' '.repeat(3 * MB)}r="A`);
    });
    const started = performance.now();
    const err = await refusal(readSheetAll(file, { ...spec, limits: { maxPartBytes: 64 * MB } }));
    expect(err.code).toBe('corrupt-xlsx');
    expect(err.reason).toMatch(/a tag or comment longer than 1048576 characters/);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('a shared-strings part of 40 MB (a bomb of a few KB) is refused by the size its zip states, before it is inflated', { timeout: 60_000 }, async () => {
    const file = await doctored('strings-bomb.xlsx', (parts) => {
      const si = `<si><t>${'A'.repeat(1000)}</t></si>`;
      parts['xl/sharedStrings.xml'] = parts['xl/sharedStrings.xml']!.replace('</sst>', `${si.repeat((40 * MB) / si.length)}</sst>`);
    });
    const compressed = readFileSync(file).length;
    const rss = process.memoryUsage().rss;
    const started = performance.now();
    const err = await refusal(readSheetAll(file, spec));
    const ms = performance.now() - started;
    console.log(`[hostile] shared-strings bomb: ${Math.round(compressed / 1024)} KB compressed, refused in ${Math.round(ms)} ms, RSS +${Math.round((process.memoryUsage().rss - rss) / MB)} MB`);
    expect(err.code).toBe('too-large');
    expect(err.reason).toMatch(/shared strings is 40 MB uncompressed, more than the 8 MB allowed/);
    expect(ms).toBeLessThan(2_000);
    expect(process.memoryUsage().rss - rss).toBeLessThan(30 * MB);
    // The same refusal reaches the drop folder and the board as a rejected file, with what to do.
    const rejected = await planPaymentFile(file, config).then(() => undefined, (e: unknown) => e);
    expect(rejected).toBeInstanceOf(PaymentFileRejected);
    expect((rejected as PaymentFileRejected).whatNext).toMatch(/ask the sender/i);
  });

  it('a sheet larger than allowed is refused the same way', { timeout: 60_000 }, async () => {
    const file = await doctored('big-sheet.xlsx', (parts) => {
      parts['xl/worksheets/sheet1.xml'] = parts['xl/worksheets/sheet1.xml']!.replace('</sheetData>', `</sheetData>${'<!-- padding -->'.repeat((10 * MB) / 16)}`);
    });
    const err = await refusal(readSheetAll(file, spec));
    expect(err.code).toBe('too-large');
    expect(err.reason).toMatch(/sheet xl\/worksheets\/sheet1\.xml is 10 MB uncompressed/);
  });

  it('a CSV of 300,000 rows is refused at the row past the limit, in flat memory, and nothing is dispatched', { timeout: 120_000 }, async () => {
    const file = path.join(dir, 'huge.csv');
    const out = createWriteStream(file);
    out.write('Reference;Debit account;Beneficiary;IBAN;Amount;Currency;Execution date\n');
    for (let i = 0; i < 300_000; i++) out.write(`R-${i};DE89370400440532013000;Jane Doe ${i};DE89370400440532013000;1,00;EUR;07.01.2030\n`);
    await new Promise((r) => out.end(r));
    const big = testConfig({ dataDir: dir, paymentFiles: { maxRows: 250_000 } });
    const rss = process.memoryUsage().rss;
    const started = performance.now();
    const rejected = await planPaymentFile(file, big).then(() => undefined, (e: unknown) => e);
    const grown = process.memoryUsage().rss - rss;
    console.log(`[hostile] 300,000-row CSV: refused in ${Math.round(performance.now() - started)} ms, RSS +${Math.round(grown / MB)} MB`);
    expect(rejected).toBeInstanceOf(PaymentFileRejected);
    expect((rejected as PaymentFileRejected).reason).toBe('the file has more than 250,000 rows (row 250002 is past the limit)');
    expect((rejected as PaymentFileRejected).whatNext).toMatch(/split the file/);
    expect(grown).toBeLessThan(150 * MB);
  });

  it('a file with a header and no payment is refused, not made a run of 0 payments', async () => {
    const file = path.join(dir, 'header-only.csv');
    writeFileSync(file, 'Reference;Debit account;Beneficiary;IBAN;Amount;Currency;Execution date\n\n\n');
    const rejected = await planPaymentFile(file, config).then(() => undefined, (e: unknown) => e);
    expect(rejected).toBeInstanceOf(PaymentFileRejected);
    expect((rejected as PaymentFileRejected).reason).toBe('the file has a header row (row 1) but no payment under it');
  });
});
