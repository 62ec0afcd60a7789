/** What a scan run reads: one file, a ZIP or a folder of scans, named by their content. */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { MandateFileRejected } from '../../../bots/mandate-batch/index.js';
import { openScanSet } from '../../../bots/mandate-batch/scan-set.js';
import { testConfig } from '../../helpers/runtime.js';

const dir = mkdtempSync(path.join(tmpdir(), 'rpa-scan-set-'));
const config = testConfig({ mandateFiles: { maxRows: 3 } });
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('openScanSet', () => {
  it('a folder: its scans in name order, shown with the folder; the same content is the same run wherever it lies', async () => {
    for (const d of ['a', 'b']) {
      mkdirSync(path.join(dir, d, 'sub'), { recursive: true });
      writeFileSync(path.join(dir, d, 'form-2.png'), Buffer.concat([PNG, Buffer.from('two')]));
      writeFileSync(path.join(dir, d, 'form-1.png'), Buffer.concat([PNG, Buffer.from('one')]));
      writeFileSync(path.join(dir, d, 'readme.txt'), 'not a scan');
      writeFileSync(path.join(dir, d, 'sub', 'form-3.png'), PNG);
    }
    const a = await openScanSet(path.join(dir, 'a'), config);
    expect(a.files.map((f) => f.shownAs)).toEqual(['a/form-1.png', 'a/form-2.png']);
    expect((await openScanSet(path.join(dir, 'b'), config)).sha256).toBe(a.sha256);
    writeFileSync(path.join(dir, 'b', 'form-2.png'), Buffer.concat([PNG, Buffer.from('changed')]));
    expect((await openScanSet(path.join(dir, 'b'), config)).sha256).not.toBe(a.sha256);
  });

  it('a ZIP: its scans unpacked for the run and removed after it, shown inside the ZIP', async () => {
    const zip = new JSZip();
    zip.file('batch/form-1.png', PNG);
    zip.file('batch/cover.txt', 'cover sheet');
    const file = path.join(dir, 'batch.zip');
    writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer' }));
    const set = await openScanSet(file, config);
    expect(set.files.map((f) => f.shownAs)).toEqual(['batch.zip › batch/form-1.png']);
    await set.close();
    expect(existsSync(set.files[0]!.path)).toBe(false);
  });

  it('refuses a folder or ZIP without scans, or with more than the limit, naming why', async () => {
    mkdirSync(path.join(dir, 'empty'));
    await expect(openScanSet(path.join(dir, 'empty'), config)).rejects.toThrow(MandateFileRejected);
    mkdirSync(path.join(dir, 'many'));
    for (let i = 0; i < 4; i++) writeFileSync(path.join(dir, 'many', `f${i}.tif`), PNG);
    await expect(openScanSet(path.join(dir, 'many'), config)).rejects.toThrow(/holds 4 scans; the limit is 3/);
    const zip = new JSZip();
    zip.file('notes.txt', 'no scans');
    const file = path.join(dir, 'noscans.zip');
    writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer' }));
    await expect(openScanSet(file, config)).rejects.toThrow(/holds no scanned form/);
  });
});
