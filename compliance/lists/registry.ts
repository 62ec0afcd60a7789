import { stat } from 'node:fs/promises';
import { ListUnreadable, NoListsConfigured } from './errors.js';
import { loadSource, sourceFiles, type ListSources } from './sources.js';
import type { ListSource, SanctionsList } from './types.js';

/** The lists in force: `generation` changes whenever one of them is replaced by a new version. */
export interface LoadedLists {
  generation: number;
  lists: SanctionsList[];
  /** Lists whose file changed but could not be reloaded: the previous version is still in use. */
  stale: { source: ListSource; error: string; since: string }[];
}

/** What a registry tells about itself (a pino logger fits). */
export interface RegistryLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

interface Held {
  source: ListSource;
  files: string[];
  /** size, mtime and inode of each file when the version held was read. */
  stamp: string;
  list?: SanctionsList;
  error?: { error: string; since: string };
}

async function stampOf(files: string[]): Promise<string> {
  const parts = await Promise.all(
    files.map(async (f) => {
      try {
        const s = await stat(f);
        return `${s.size}:${s.mtimeMs}:${s.ino}`;
      } catch {
        return 'missing';
      }
    }),
  );
  return parts.join('|');
}

/**
 * The configured sanctions lists, loaded once and reloaded when their files change, without a
 * restart. Before each use (`current()`), and at most every `reloadCheckMs`, the files are looked at
 * with a stat (size, mtime, inode: cheap); a changed list is read again, and when its content hash
 * differs it replaces the old version and the generation goes up (the screening index is rebuilt for it).
 *
 * Fails closed: the first load of every configured list must succeed (ListUnreadable otherwise). A
 * later reload that fails (a half-written or broken file) keeps the version in use, reports it in
 * `stale` and in the log, and is tried again at the next check. Replace list files atomically
 * (write a temporary file, then rename) so that a reader never sees half a file.
 */
export class ListRegistry {
  private readonly held: Held[];
  private generation = 0;
  private lastCheck = -Infinity;
  private pending?: Promise<void>;

  constructor(
    private readonly sources: ListSources,
    private readonly options: { reloadCheckMs: number; log?: RegistryLog; now?: () => number } = { reloadCheckMs: 30_000 },
  ) {
    this.held = sourceFiles(sources).map((s) => ({ ...s, stamp: '' }));
    if (!this.held.length) throw new NoListsConfigured();
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** The lists in force, after a reload of any list whose files changed (checked at most every reloadCheckMs). */
  async current(): Promise<LoadedLists> {
    // A check under way (say the first load, started by another item of this process) is waited for:
    // the lists are never handed out half loaded.
    if (this.pending) await this.pending;
    else if (this.now() - this.lastCheck >= this.options.reloadCheckMs || this.held.some((h) => !h.list)) await this.check();
    return this.snapshot();
  }

  /** Looks at the files now, whatever the interval, and reloads what changed. */
  async check(): Promise<void> {
    this.pending ??= this.reloadChanged().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private snapshot(): LoadedLists {
    return {
      generation: this.generation,
      lists: this.held.map((h) => h.list!),
      stale: this.held.filter((h) => h.error && h.list).map((h) => ({ source: h.source, ...h.error! })),
    };
  }

  private async reloadChanged(): Promise<void> {
    this.lastCheck = this.now();
    await Promise.all(this.held.map((h) => this.reloadIfChanged(h)));
    const failed = this.held.find((h) => !h.list);
    if (failed) throw new ListUnreadable(failed.files.join(', '), failed.error?.error ?? 'not loaded');
  }

  private async reloadIfChanged(h: Held): Promise<void> {
    const before = await stampOf(h.files);
    if (before === h.stamp && h.list) return;
    try {
      const list = await loadSource(h.source, this.sources);
      const after = await stampOf(h.files);
      if (after !== before) throw new Error('the file changed while it was read; it is read again at the next check');
      h.stamp = before;
      h.error = undefined;
      if (h.list?.version.sha256 === list.version.sha256) return;
      const previous = h.list?.version;
      h.list = list;
      this.generation++;
      this.options.log?.info(
        { list: h.source, sha256: list.version.sha256, date: list.version.date, entries: list.entries.length, previous: previous?.sha256 },
        previous ? 'sanctions list reloaded: new version' : 'sanctions list loaded',
      );
    } catch (err) {
      const error = (err as Error).message;
      h.error = { error, since: h.error?.since ?? new Date(this.now()).toISOString() };
      if (h.list) this.options.log?.warn({ list: h.source, error, using: h.list.version.sha256 }, 'sanctions list changed but could not be reloaded; the previous version stays in use');
    }
  }
}
