import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Redis } from 'ioredis';

/** SHA-256 of a file, streamed (a file of any size, in flat memory). */
async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Why a file was not processed, in words for the person who dropped it. */
export interface Rejection {
  reason: string;
  whatNext?: string;
}

export interface DropFolderOptions {
  inbox: string;
  pollMs: number;
  /** Processes one file (already moved to processing/); resolves with the run id, or throws. */
  handle: (file: string) => Promise<string>;
  /** The errors that mean "this file is wrong" (moved to rejected/); any other error leaves it for a retry. */
  isRejection: (err: unknown) => Rejection | undefined;
  redis: Redis;
  /** Key prefix of the content-hash register. */
  prefix: string;
  log: Logger;
  /** A file is taken once its size and time have not changed for this long (it is no longer being written). */
  settleMs?: number;
  /** A file found in processing/ at start after this many attempts (each one took its worker down) goes to rejected/. */
  maxCrashes?: number;
  /**
   * A file that could not be processed for a reason not its own (Redis away, a bug) is tried again
   * this long after, then twice as long each time, up to ten minutes (default 30 s).
   */
  retryMs?: number;
}

/** The longest wait between two tries of a file that failed for a reason not its own. */
const MAX_RETRY_MS = 10 * 60_000;

/**
 * A drop folder: files put in the inbox are picked up, moved atomically to processing/
 * (so that of several watching workers exactly one takes a file), then to archive/ or to
 * rejected/ with a `.reason.txt` beside it. The same content is never processed twice,
 * whatever the file is called: content hashes are registered in Redis. Files left in
 * processing/ by a worker that died are taken up again (dispatching a run is idempotent), but
 * each attempt is counted first (`.<name>.attempts` beside it): a file that took its worker down
 * `maxCrashes` times is moved to rejected/ with that reason instead of crashing every restart.
 * A file that failed for a reason not its own stays in processing/ and this watcher tries it again
 * at a later scan (after `retryMs`, doubling), so a blip of Redis does not leave it there until the
 * next start.
 */
export class DropFolder {
  readonly dirs: { inbox: string; processing: string; archive: string; rejected: string };
  private timer?: NodeJS.Timeout;
  private scanning?: Promise<void>;
  private readonly seenSizes = new Map<string, string>();
  /** Files this watcher left in processing/ after an error not theirs: when to try each again, and the wait after that. */
  private readonly retries = new Map<string, { at: number; waitMs: number }>();

  constructor(private readonly options: DropFolderOptions) {
    const inbox = path.resolve(options.inbox);
    const base = path.dirname(inbox);
    this.dirs = { inbox, processing: path.join(base, 'processing'), archive: path.join(base, 'archive'), rejected: path.join(base, 'rejected') };
  }

  async start(): Promise<void> {
    await Promise.all(Object.values(this.dirs).map((d) => mkdir(d, { recursive: true })));
    await this.recoverProcessing();
    const tick = () => {
      this.scanning = this.scanOnce()
        .catch((err: unknown) => this.options.log.error({ err }, 'drop folder scan failed'))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, this.options.pollMs);
        });
    };
    this.timer = setTimeout(tick, 0);
    this.options.log.info({ inbox: this.dirs.inbox }, 'watching the drop folder');
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.scanning;
  }

  /** Looks at the inbox once: every settled file is processed. */
  async scanOnce(): Promise<void> {
    const names = (await readdir(this.dirs.inbox)).filter((n) => !n.startsWith('.') && !n.endsWith('.part'));
    for (const name of names) {
      const file = path.join(this.dirs.inbox, name);
      const s = await stat(file).catch(() => undefined);
      if (!s?.isFile()) continue;
      const signature = `${s.size}:${s.mtimeMs}`;
      const settled = this.seenSizes.get(name) === signature && Date.now() - s.mtimeMs >= (this.options.settleMs ?? 500);
      this.seenSizes.set(name, signature);
      if (!settled) continue;
      this.seenSizes.delete(name);
      const taken = path.join(this.dirs.processing, name);
      try {
        await rename(file, taken);
      } catch {
        continue; // another worker took it
      }
      await this.process(taken);
    }
    await this.retryDue();
  }

  /** Tries again the files this watcher left in processing/ whose time has come. */
  private async retryDue(): Promise<void> {
    for (const [name, retry] of [...this.retries]) {
      if (Date.now() < retry.at) continue;
      const file = path.join(this.dirs.processing, name);
      if (!(await stat(file).catch(() => undefined))) {
        this.retries.delete(name); // moved out by hand
        continue;
      }
      this.options.log.info({ file: name }, 'trying a file again that could not be processed');
      await this.process(file);
    }
  }

  private async recoverProcessing(): Promise<void> {
    const max = this.options.maxCrashes ?? 2;
    for (const name of await readdir(this.dirs.processing)) {
      if (name.startsWith('.')) continue;
      const file = path.join(this.dirs.processing, name);
      const attempts = await this.attempts(file);
      if (attempts >= max) {
        this.options.log.error({ file: name, attempts }, 'a file in processing/ took its worker down each time it was read: rejecting it');
        await rm(this.attemptsFile(file), { force: true });
        await this.reject(file, {
          reason: `reading this file stopped the worker ${attempts} time${attempts === 1 ? '' : 's'} (it ran out of memory or crashed), so it is not read again`,
          whatNext: 'Look at the worker\'s log of that time; ask the sender for the file again, split into smaller files if it is very large. To try it once more, move it back to the inbox.',
        });
        continue;
      }
      this.options.log.warn({ file: name, attempts }, 'a file was left in processing/ (its worker stopped): taking it up again');
      await this.process(file);
    }
  }

  private attemptsFile(file: string): string {
    return path.join(path.dirname(file), `.${path.basename(file)}.attempts`);
  }

  private async attempts(file: string): Promise<number> {
    return Number((await readFile(this.attemptsFile(file), 'utf8').catch(() => '0')).trim()) || 0;
  }

  /** Counts an attempt on disk before the file is read: if reading it takes the worker down, the next start knows. */
  private async countAttempt(file: string): Promise<void> {
    const handle = await open(this.attemptsFile(file), 'w');
    try {
      await handle.writeFile(String((await this.attempts(file)) + 1));
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /** Processes a file in processing/. Left there (an error not the file's), it is tried again later, after twice the last wait. */
  private async process(file: string): Promise<void> {
    const name = path.basename(file);
    await this.countAttempt(file);
    let left: { err: unknown } | undefined;
    try {
      left = await this.processCounted(file, name);
    } finally {
      await rm(this.attemptsFile(file), { force: true });
    }
    if (!left) {
      this.retries.delete(name);
      return;
    }
    const last = this.retries.get(name)?.waitMs;
    const waitMs = last === undefined ? (this.options.retryMs ?? 30_000) : Math.min(last * 2, MAX_RETRY_MS);
    this.retries.set(name, { at: Date.now() + waitMs, waitMs });
    this.options.log.error({ err: left.err, file: name, retryInMs: waitMs }, 'file could not be processed; it stays in processing/ and is tried again later');
  }

  /** Processes a counted file; the error that left it in processing/ (not the file's fault), else undefined. */
  private async processCounted(file: string, name: string): Promise<{ err: unknown } | undefined> {
    const { log, redis, prefix } = this.options;
    const sha256 = await fileSha256(file);
    const registerKey = `${prefix}:drop:sha:${sha256}`;
    const claimed = await redis.set(registerKey, JSON.stringify({ name, at: new Date().toISOString(), state: 'processing' }), 'NX');
    if (claimed !== 'OK') {
      const before = JSON.parse((await redis.get(registerKey)) ?? '{}') as { name?: string; at?: string; state?: string; runId?: string };
      if (before.state !== 'processing' || before.name !== name) {
        await this.reject(file, { reason: `the same content was already received as ${before.name ?? 'another file'} at ${before.at ?? '?'}${before.runId ? ` (run ${before.runId})` : ''}`, whatNext: 'Nothing: it is not processed twice. If it really is a new instruction, the sender must send a new file.' });
        return;
      }
    }
    try {
      const runId = await this.options.handle(file);
      await redis.set(registerKey, JSON.stringify({ name, at: new Date().toISOString(), state: 'dispatched', runId }));
      await rename(file, await this.freeName(this.dirs.archive, name));
      log.info({ file: name, runId }, 'file dispatched and archived');
    } catch (err) {
      const rejection = this.options.isRejection(err);
      if (!rejection) {
        // Not the file's fault (Redis down, a bug): it stays in processing/ and is tried again later.
        await redis.del(registerKey).catch(() => undefined); // Redis may be the reason; a stale claim of this name is taken over
        return { err };
      }
      await redis.set(registerKey, JSON.stringify({ name, at: new Date().toISOString(), state: 'rejected', reason: rejection.reason }));
      await this.reject(file, rejection);
    }
  }

  private async reject(file: string, rejection: Rejection): Promise<void> {
    const target = await this.freeName(this.dirs.rejected, path.basename(file));
    // The reason first: whoever sees the file in rejected/ finds why beside it.
    await writeFile(`${target}.reason.txt`, `${rejection.reason}\n${rejection.whatNext ? `\nWhat to do: ${rejection.whatNext}\n` : ''}`);
    await rename(file, target);
    this.options.log.warn({ file: path.basename(file), reason: rejection.reason }, 'file rejected');
  }

  /** `name`, or `name.1`, `name.2`... when a file of that name is already there. */
  private async freeName(dir: string, name: string): Promise<string> {
    for (let i = 0; ; i++) {
      const candidate = path.join(dir, i === 0 ? name : `${name}.${i}`);
      if (!(await stat(candidate).catch(() => undefined))) return candidate;
    }
  }
}
