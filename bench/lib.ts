/**
 * Shared pieces of the benchmark harness: the result shape, a private Redis, machine
 * facts, statistics, the table printer and the results file.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startEmbeddedRedis } from '../queue/embedded-redis.js';

export interface BenchResult {
  name: string;
  /** Unit of value and baseline, e.g. "items/s". */
  unit: string;
  /** What we measure (our code). */
  value: number;
  /** The reference, measured in the same run on the same machine. */
  baseline: number;
  /** value / baseline. */
  ratio: number;
  /** The goal, in words and as a number to compare ratio with. */
  goal: { ratioAtLeast: number; text: string; met: boolean };
  /** Everything else worth keeping: parameters, per-round figures, machine facts. */
  [extra: string]: unknown;
}

export interface Benchmark {
  name: string;
  description: string;
  run(): Promise<BenchResult>;
}

export const benchDir = path.dirname(fileURLToPath(import.meta.url));
export const resultsDir = path.join(benchDir, 'results');

export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer (got "${raw}")`);
  return n;
}

export function machineInfo(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    totalMemMB: Math.round(os.totalmem() / 2 ** 20),
    loadAvg: os.loadavg().map((l) => Math.round(l * 100) / 100),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

export interface BenchRedis {
  url: string;
  /** "embedded" (private redis-server in a temp dir) or "REDIS_URL". */
  source: string;
  /** A temp dir the benchmark may use for data (removed at stop). */
  dataDir: string;
  stop(): Promise<void>;
}

/** A private redis-server in a temp dir, unless REDIS_URL names one. */
export async function benchRedis(label: string): Promise<BenchRedis> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `rpa-bench-${label}-`));
  const external = process.env.REDIS_URL;
  const embedded = external ? undefined : await startEmbeddedRedis({ dataDir });
  return {
    url: external ?? embedded!.url,
    source: external ? 'REDIS_URL' : 'embedded',
    dataDir,
    stop: async () => {
      await embedded?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function median(xs: number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export const round = (n: number, digits = 0): number => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

/** A plain text table; numbers right-aligned; every column at least minWidth wide (for tables printed row by row). */
export function table(header: string[], rows: (string | number)[][], minWidth = 0): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? c.toLocaleString('en-US') : c)))];
  const widths = header.map((_, i) => Math.max(minWidth, ...cells.map((r) => String(r[i] ?? '').length)));
  const line = (r: (string | number)[], numeric: boolean[]) =>
    r.map((c, i) => (numeric[i] ? String(c).padStart(widths[i]!) : String(c).padEnd(widths[i]!))).join('  ');
  const numeric = header.map((_, i) => rows.some((r) => typeof r[i] === 'number'));
  return [line(header, numeric.map(() => false)), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map((r) => line(r, numeric))].join('\n');
}

export function writeResult(result: BenchResult): string {
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${result.name}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  return file;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** All CPUs' busy and total time so far (ms), for a machine-wide busy share. */
export function machineTimes(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const c of os.cpus()) {
    const t = c.times.user + c.times.nice + c.times.sys + c.times.irq + c.times.idle;
    total += t;
    busy += t - c.times.idle;
  }
  return { busy, total };
}

const CLOCK_TICK_MS = 10; // USER_HZ is 100 on Linux

/**
 * CPU ms used so far by this process's descendants (Chromium's processes, the embedded
 * redis-server), from /proc: utime + stime of each live descendant. Linux only; 0 elsewhere.
 * A descendant that exited during a round takes its CPU time with it (an undercount).
 */
export function descendantsCpuMs(): number {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return 0;
  }
  const parent = new Map<number, number>();
  const cpu = new Map<number, number>();
  for (const e of entries) {
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // fields after "(comm)": state(3) ppid(4) … utime(14) stime(15), numbered from 1
      parent.set(Number(e), Number(rest[1]));
      cpu.set(Number(e), (Number(rest[11]) + Number(rest[12])) * CLOCK_TICK_MS);
    } catch {
      // gone while we looked
    }
  }
  let total = 0;
  for (const [pid, ms] of cpu) {
    for (let p = parent.get(pid), hops = 0; p !== undefined && p > 1 && hops < 64; p = parent.get(p), hops++) {
      if (p === process.pid) {
        total += ms;
        break;
      }
    }
  }
  return total;
}

/**
 * A measured pass in a process of its own (its peak RSS its own), run under tsx as the product runs:
 * `bench/<script>` with its arguments; its report is the last line it prints, as JSON.
 */
export async function runChild<T>(script: string, args: readonly string[]): Promise<T> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(benchDir, script), ...args], { cwd: path.dirname(benchDir), maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '') as T;
}
