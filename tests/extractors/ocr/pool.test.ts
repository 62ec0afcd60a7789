import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { DocumentTooLarge } from '../../../extractors/input/read-bounded.js';
import { ImageDamaged, NotAnImage, OcrEngineFailed, OcrPoolClosed, OcrTimeout } from '../../../extractors/ocr/errors.js';
import { ocrFile } from '../../../extractors/ocr/ocr-file.js';
import { toOcrPage, toPageText } from '../../../extractors/ocr/ocr-page.js';
import { OcrPool } from '../../../extractors/ocr/pool.js';
import { crc32, jpegOf, line, pngOf, tiffOf } from './fixtures.js';

// One pool for the file: one lane, a new worker every 2 pages.
const pool = new OcrPool({ workers: 1, recycleAfterPages: 2, pageTimeoutMs: 30_000 });
const dir = mkdtempSync(path.join(os.tmpdir(), 'ocr-pool-'));
afterAll(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});

const write = (name: string, bytes: Buffer) => {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
};

describe('OCR pool', () => {
  it('recycles its worker after recycleAfterPages pages, and reads right after recycling', async () => {
    const texts = ['Invoice 4711 was paid', 'Customer Erika Mustermann', 'Total amount 1234.56 EUR'];
    const before = pool.stats();
    const pages = await Promise.all(
      texts.map(async (t, i) => toOcrPage(await pool.recognize({ image: pngOf(line(t)), label: `line ${i}` }), { file: `line ${i}`, page: 1, width: 700, height: 80 })),
    );
    expect(pages.map((p) => p.text)).toEqual(texts);
    const after = pool.stats();
    // 3 pages, a new worker after every 2: the first worker, then a fresh one for page 3.
    expect(after.pagesDone - before.pagesDone).toBe(3);
    expect(after.workersStarted - before.workersStarted).toBe(2);
    expect(after.workersRecycled - before.workersRecycled).toBe(1);
    expect(after.workersReplaced).toBe(0);

    // Words and lines with boxes in pixels (top-left origin) and confidences 0–100.
    const p = pages[2]!;
    expect(p.lines).toHaveLength(1);
    expect(p.words.map((w) => w.text)).toEqual(['Total', 'amount', '1234.56', 'EUR']);
    for (const w of p.words) {
      expect(w.box.x).toBeGreaterThanOrEqual(0);
      expect(w.box.x + w.box.width).toBeLessThanOrEqual(700);
      expect(w.box.y).toBeGreaterThan(10); // the text's top is ~28 px down (32 px font, baseline 52)
      expect(w.box.y + w.box.height).toBeLessThanOrEqual(62);
      expect(w.confidence).toBeGreaterThan(80);
      expect(w.confidence).toBeLessThanOrEqual(100);
    }
    expect(p.words.map((w) => w.box.x)).toEqual([...p.words.map((w) => w.box.x)].sort((a, b) => a - b));
    const pt = toPageText(p);
    expect(pt).toMatchObject({ page: 1, width: 700, height: 80, origin: 'ocr' });
    expect(pt.items[2]).toEqual({ text: '1234.56', ...p.words[2]!.box, confidence: p.words[2]!.confidence });
  });

  it('reads JPEG, and a chosen page of a multi-page TIFF', async () => {
    const jpg = write('scan.jpg', jpegOf(line('Standing order 2024')));
    const tif = write('fax.tif', tiffOf([pngOf(line('First page of the fax')), pngOf(line('Second page of the fax', 760))]));
    const [[j], pages] = await Promise.all([ocrFile(pool, jpg), ocrFile(pool, tif, { pages: [2] })]);
    expect(j!.text).toBe('Standing order 2024');
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({ file: tif, page: 2, width: 760, height: 80, text: 'Second page of the fax' });
  });

  it('an image the engine cannot decode is ImageDamaged, and the worker goes on', async () => {
    const png = pngOf(line('Still working'));
    const before = pool.stats();
    // Past our own structure check (which would refuse it first), straight to the engine.
    await expect(pool.recognize({ image: png.subarray(0, png.length >> 1), label: 'half.png' })).rejects.toThrow(ImageDamaged);
    const page = await pool.recognize({ image: png, label: 'whole.png' });
    expect(toOcrPage(page, { file: 'whole.png', page: 1, width: 700, height: 80 }).text).toBe('Still working');
    expect(pool.stats().workersReplaced).toBe(before.workersReplaced);
  });

  it('broken files: a clear error each, quickly, without reaching the engine', async () => {
    const png = pngOf(line('Broken files'));
    const tiff = tiffOf([png]);
    const big = path.join(dir, 'huge.tif');
    writeFileSync(big, tiff.subarray(0, 16));
    truncateSync(big, 100 * 1024 * 1024); // sparse: 100 MB long, nothing written
    const cases: [string, RegExp, new (...a: never[]) => Error][] = [
      [write('truncated.png', png.subarray(0, Math.floor(png.length * 0.6))), /truncated\.png is a damaged PNG image: .*truncated/, ImageDamaged],
      [write('corrupt-data.png', corruptImageData(png)), /corrupt-data\.png is a damaged PNG image: its compressed image data cannot be read/, ImageDamaged],
      [write('truncated.tif', tiff.subarray(0, Math.floor(tiff.length * 0.6))), /truncated\.tif is a damaged TIFF image: .*truncated/, ImageDamaged],
      [write('garbage.png', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256))), /garbage\.png is not a PNG, JPEG, TIFF or PDF/, NotAnImage],
      [write('wrong-encoding.png', Buffer.from('IBAN;Betrag\nDE89370400440532013000;12,50\n', 'utf16le')), /wrong-encoding\.png is not a PNG/, NotAnImage],
      [big, /huge\.tif is over 52428800 bytes; the limit is 52428800 bytes/, DocumentTooLarge],
    ];
    const before = pool.stats();
    for (const [file, message, type] of cases) {
      const started = performance.now();
      const err = await ocrFile(pool, file).then(() => undefined, (e: unknown) => e);
      expect(err, file).toBeInstanceOf(type);
      expect((err as Error).message).toMatch(message);
      expect((err as { whatNext?: string }).whatNext).toBeTruthy();
      expect(performance.now() - started).toBeLessThan(1_000);
    }
    expect(pool.stats().pagesDone).toBe(before.pagesDone);
  });
});

describe('OCR pool limits', () => {
  it('a page past pageTimeoutMs fails with OcrTimeout and its worker is replaced', async () => {
    const slow = new OcrPool({ workers: 1, recycleAfterPages: 100, pageTimeoutMs: 1 });
    try {
      await slow.warmUp();
      await expect(slow.recognize({ image: pngOf(line('Too slow')), label: 'slow.png' })).rejects.toThrow(OcrTimeout);
      expect(slow.stats()).toMatchObject({ workersStarted: 1, workersReplaced: 1, pagesDone: 0 });
    } finally {
      await slow.close();
    }
  });

  it('a worker that dies mid-page fails that page (OcrEngineFailed) and a fresh one reads the next; close() then fails the waiting pages', async () => {
    const small = new OcrPool({ workers: 1, recycleAfterPages: 100, pageTimeoutMs: 30_000 });
    await small.warmUp();
    const dying = small.recognize({ image: pngOf(line('Lost page')), label: 'lost.png' });
    // The worker's thread, killed from outside (as an out-of-memory abort would end it).
    (small as unknown as { lanes: { worker: { worker: Worker } }[] }).lanes[0]!.worker.worker.terminate();
    await expect(dying).rejects.toThrow(OcrEngineFailed);
    expect(small.stats()).toMatchObject({ workersStarted: 1, workersReplaced: 1 });

    const image = pngOf(line('Closing time'));
    const first = small.recognize({ image, label: 'first' });
    const waiting = small.recognize({ image, label: 'waiting' });
    const closing = small.close();
    await expect(waiting).rejects.toThrow(OcrPoolClosed);
    const page = await first; // the running page finishes, on a fresh worker
    expect(toOcrPage(page, { file: 'first', page: 1, width: 700, height: 80 }).text).toBe('Closing time');
    await closing;
    await expect(small.recognize({ image, label: 'late' })).rejects.toThrow(OcrPoolClosed);
    expect(small.stats()).toMatchObject({ workersStarted: 2, busy: 0, queued: 0 });
  });

  it('the worker has no network: a language path that is a URL fails instead of fetching', async () => {
    const script = fileURLToPath(new URL('../../../extractors/ocr/offline-worker.cjs', import.meta.url));
    const thread = new Worker(script);
    const messages: { status: string; action: string; data: unknown }[] = [];
    thread.on('message', (m) => messages.push(m));
    const exited = new Promise<number>((resolve) => thread.once('exit', resolve));
    thread.postMessage({
      workerId: 'test',
      jobId: 'job-1',
      action: 'loadLanguage',
      payload: { langs: 'eng', options: { langPath: 'https://cdn.invalid/tessdata', gzip: true, cacheMethod: 'none', lstmOnly: true } },
    });
    // The thread ends itself after refusing (a worker that failed to start must not linger).
    expect(await exited).toBe(1);
    const end = messages.find((m) => m.status !== 'progress');
    expect(end).toMatchObject({ status: 'reject', action: 'loadLanguage' });
    expect(String(end!.data)).toMatch(/tried to fetch over the network; it works offline only/);
  });
});

/** The PNG with its chunks whole (and their checksums right) but its compressed pixel data garbled. */
function corruptImageData(png: Buffer): Buffer {
  const out = Buffer.from(png);
  const idat = out.indexOf('IDAT', 0, 'latin1');
  const length = out.readUInt32BE(idat - 4);
  for (let i = idat + 6; i < idat + 4 + length; i++) out[i] = (i * 31) & 0xff;
  out.writeUInt32BE(crc32(out.subarray(idat, idat + 4 + length)), idat + 4 + length);
  return out;
}
