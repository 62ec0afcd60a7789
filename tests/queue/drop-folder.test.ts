/** The drop folder on its own: a file that failed for a reason not its own is tried again by the same watcher. */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../logging/logger.js';
import { DropFolder } from '../../queue/drop-folder.js';
import { LogCapture, testRuntime } from '../helpers/runtime.js';
import { waitFor } from '../helpers/wait.js';

const rt = testRuntime({ bots: [] });
afterAll(() => rt.close());

class FileIsWrong extends Error {}

function folder(handle: (file: string) => Promise<string>, log = new LogCapture()) {
  const base = mkdtempSync(path.join(tmpdir(), 'rpa-drop-'));
  return new DropFolder({
    inbox: path.join(base, 'inbox'),
    pollMs: 50,
    settleMs: 0,
    retryMs: 200,
    redis: rt.redis,
    prefix: `${rt.prefix}:${path.basename(base)}`,
    log: createLogger({ level: 'debug', pretty: 'never', destination: log.stream }),
    handle,
    isRejection: (err) => (err instanceof FileIsWrong ? { reason: err.message } : undefined),
  });
}

describe('a drop folder', () => {
  it('keeps a file that failed for a reason not its own in processing/ and tries it again, waiting longer each time, until it goes through', async () => {
    const log = new LogCapture();
    const tries: number[] = [];
    const watcher = folder(async () => {
      tries.push(Date.now());
      if (tries.length <= 2) throw new Error('Redis went away');
      return 'run-1';
    }, log);
    await watcher.start();
    try {
      writeFileSync(path.join(watcher.dirs.inbox, 'pay.csv'), 'a;b\n1;2\n');
      await waitFor(() => readdirSync(watcher.dirs.archive).includes('pay.csv'), 'the file archived', 10_000);
      expect(tries).toHaveLength(3);
      // 200 ms, then 400 ms.
      expect(tries[1]! - tries[0]!).toBeGreaterThanOrEqual(200);
      expect(tries[2]! - tries[1]!).toBeGreaterThanOrEqual(400);
      expect(readdirSync(watcher.dirs.processing)).toEqual([]);
      const failures = log.records.filter((r) => r.msg === 'file could not be processed; it stays in processing/ and is tried again later');
      expect(failures.map((r) => r.retryInMs)).toEqual([200, 400]);
      expect(log.records.filter((r) => r.msg === 'trying a file again that could not be processed')).toHaveLength(2);
    } finally {
      await watcher.stop();
    }
  });

  it('rejects a wrong file at once with its reason, and does not try it again', async () => {
    let tries = 0;
    const watcher = folder(async () => {
      tries++;
      throw new FileIsWrong('the totals do not add up');
    });
    await watcher.start();
    try {
      writeFileSync(path.join(watcher.dirs.inbox, 'bad.csv'), 'x\n');
      await waitFor(() => readdirSync(watcher.dirs.rejected).includes('bad.csv'), 'the file rejected', 10_000);
      expect(readFileSync(path.join(watcher.dirs.rejected, 'bad.csv.reason.txt'), 'utf8')).toBe('the totals do not add up\n');
      await new Promise((r) => setTimeout(r, 500));
      expect(tries).toBe(1);
    } finally {
      await watcher.stop();
    }
  });
});
