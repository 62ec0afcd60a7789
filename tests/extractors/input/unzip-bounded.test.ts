/** A ZIP's files written out within limits: names never used as paths, limits checked before inflating, damaged archives refused. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { ArchiveUnreadable, DocumentTooLarge, unzipBounded } from '../../../extractors/input/index.js';

const dir = mkdtempSync(path.join(tmpdir(), 'rpa-unzip-'));
const LIMITS = { maxFiles: 10, maxFileBytes: 100_000, maxTotalBytes: 150_000 };

async function zipOf(name: string, files: Record<string, string | Buffer>): Promise<string> {
  const zip = new JSZip();
  for (const [n, content] of Object.entries(files)) zip.file(n, content);
  const file = path.join(dir, name);
  writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return file;
}

describe('unzipBounded', () => {
  it('writes the wanted files under its own names inside the folder; an entry named to climb out refuses the archive', async () => {
    const file = await zipOf('a.zip', { 'scans/one.png': 'png-1', 'scans/b/one.png': 'png-2', '__MACOSX/._one.png': 'fork', '.DS_Store': 'x', 'notes.txt': 'no' });
    const out = path.join(dir, 'a');
    const files = await unzipBounded(file, out, { ...LIMITS, wanted: (n) => /\.png$/.test(n) });
    expect(files.map((f) => f.name)).toEqual(['scans/one.png', 'scans/b/one.png']);
    expect(readdirSync(out).sort()).toEqual(['0001-one.png', '0002-one.png']);
    expect(readFileSync(path.join(out, '0002-one.png'), 'utf8')).toBe('png-2');
    const climbing = await zipOf('climb.zip', { 'one.png': 'png-1', '../../escape.png': 'png-2' });
    await expect(unzipBounded(climbing, path.join(dir, 'climb'), LIMITS)).rejects.toThrow(ArchiveUnreadable);
    expect(existsSync(path.join(dir, 'escape.png'))).toBe(false);
  });

  it('refuses the archive whole when a file, the count or the total crosses its limit, before inflating it', async () => {
    const big = await zipOf('big.zip', { 'one.png': Buffer.alloc(120_000) });
    await expect(unzipBounded(big, path.join(dir, 'big'), LIMITS)).rejects.toThrow(DocumentTooLarge);
    const many = await zipOf('many.zip', Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`f${i}.png`, 'x'])));
    await expect(unzipBounded(many, path.join(dir, 'many'), LIMITS)).rejects.toThrow(/more than 10 files/);
    const total = await zipOf('total.zip', { 'a.png': Buffer.alloc(90_000), 'b.png': Buffer.alloc(90_000) });
    await expect(unzipBounded(total, path.join(dir, 'total'), LIMITS)).rejects.toThrow(/unpacks to over 150000 bytes/);
  });

  it('refuses a damaged or cut-short archive with what to do', async () => {
    const good = readFileSync(await zipOf('cut.zip', { 'one.png': Buffer.alloc(5_000, 7) }));
    const cut = path.join(dir, 'cut-short.zip');
    writeFileSync(cut, good.subarray(0, good.length - 30));
    const err = await unzipBounded(cut, path.join(dir, 'cut'), LIMITS).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArchiveUnreadable);
    expect((err as ArchiveUnreadable).whatNext).toMatch(/Make the ZIP again/);
  });
});
