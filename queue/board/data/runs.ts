/** A run's page and its actions: items by status (paged), its report files, retrying its failed items. */
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Actor } from '../../actor.js';
import { decideException } from '../../decisions.js';
import type { ExceptionRecord } from '../../exceptions-store.js';
import type { ItemStatus, Page, ItemRecord, RunCounts, RunMeta } from '../../item-index.js';
import type { Runtime } from '../../runtime.js';

/** Run ids are ours (letters, digits, `-`, `_`, `.`): anything else names no run, and never a file path. */
export const RUN_ID = /^[A-Za-z0-9._-]{1,200}$/;

export interface RunDetail {
  runId: string;
  exists: boolean;
  startedAt?: number;
  meta: RunMeta;
  counts: RunCounts;
  items: Page<ItemRecord>;
  /** Open exceptions by error class. */
  errors: { name: string; count: number }[];
  report: { json?: string; xlsx?: string; pdf?: string; summary?: string };
  /** What the run's report says at a glance, when its parent writes one (`<runId>.summary.json`). */
  summary?: RunSummary;
}

/** The report files a run's parent wrote under `<dataDir>/reports/` (JSON, XLSX, and PDF for those that write one). */
export function reportFiles(dataDir: string, runId: string): { json?: string; xlsx?: string; pdf?: string; summary?: string } {
  if (!RUN_ID.test(runId)) return {};
  const dir = path.resolve(dataDir, 'reports');
  const found = (ext: string) => {
    const f = path.join(dir, `${runId}.${ext}`);
    return existsSync(f) ? f : undefined;
  };
  return { json: found('json'), xlsx: found('xlsx'), pdf: found('pdf'), summary: found('summary.json') };
}

/**
 * A run's report at a glance, for its page: lines and small tables of text, written by the run's
 * parent beside its report (`<runId>.summary.json`). Read bounded and checked; shown as text.
 */
const summaryTables = z
  .array(z.object({ caption: z.string().max(200), columns: z.array(z.string().max(100)).max(12), rows: z.array(z.array(z.string().max(500)).max(12)).max(500), more: z.string().max(300).optional() }))
  .max(20)
  .default([]);
const runSummarySchema = z.object({
  lines: z.array(z.string().max(1_000)).max(50),
  tables: summaryTables,
  /** Pages of their own (one per account of a reconciliation), at /runs/<runId>/pages/<id>. */
  pages: z
    .array(z.object({ id: z.string().regex(/^[A-Za-z0-9.-]{1,80}$/), title: z.string().max(200), lines: z.array(z.string().max(1_000)).max(50), tables: summaryTables }))
    .max(500)
    .optional(),
});
export type RunSummary = z.infer<typeof runSummarySchema>;

const MAX_SUMMARY_BYTES = 4 * 1024 * 1024;

export async function readRunSummary(file: string | undefined): Promise<RunSummary | undefined> {
  if (!file || (await stat(file)).size > MAX_SUMMARY_BYTES) return undefined;
  try {
    const parsed = runSummarySchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export async function runDetail(rt: Runtime, runId: string, options: { status?: ItemStatus; offset?: number; limit?: number }): Promise<RunDetail> {
  const [startedAt, [meta], counts, items, errors] = await Promise.all([
    rt.runIndex.runStartedAt(runId),
    rt.runIndex.runMetas([runId]),
    rt.runIndex.runCounts(runId),
    rt.runIndex.pageByRun(runId, options),
    rt.exceptions.openErrorsOfRun(runId),
  ]);
  const report = reportFiles(rt.config.dataDir, runId);
  const summary = await readRunSummary(report.summary);
  return { runId, exists: startedAt !== undefined, startedAt, meta: meta ?? {}, counts, items, errors, report, ...(summary ? { summary } : {}) };
}

export interface RetryFilter {
  /** Only exceptions whose error class (name) is this. */
  errorName?: string;
  /** Only exceptions whose error message contains this (case-insensitive). */
  messageContains?: string;
}

export interface RetryOutcome {
  retried: string[];
  /** Exceptions the store refused for this user (a role, a compliance hold), with the reason. */
  refused: { exceptionId: string; businessKey: string; reason: string }[];
  /** Open exceptions of the run that the filter left out. */
  skipped: number;
}

export const matchesRetryFilter = (e: ExceptionRecord, f: RetryFilter) =>
  (!f.errorName || e.error.name === f.errorName) && (!f.messageContains || e.error.message.toLowerCase().includes(f.messageContains.toLowerCase()));

/**
 * "Retry all failed items of this run": every open exception of the run that matches the filter is
 * resumed as the acting user, through the store's checks (so an operator retries system failures;
 * business exceptions and compliance holds need a handler's decision and are reported as refused).
 * Reads the run's exceptions 200 at a time.
 */
export async function retryFailedItems(rt: Runtime, runId: string, actor: Actor, filter: RetryFilter, note?: string): Promise<RetryOutcome> {
  const out: RetryOutcome = { retried: [], refused: [], skipped: 0 };
  const ids: string[] = [];
  for (let offset = 0; ; offset += 200) {
    const chunk = await rt.exceptions.openIdsOfRun(runId, offset, 200);
    ids.push(...chunk);
    if (chunk.length < 200) break;
  }
  for (let i = 0; i < ids.length; i += 200) {
    const records = await rt.exceptions.getMany(ids.slice(i, i + 200));
    const wanted = records.filter((e) => e.status === 'open' && matchesRetryFilter(e, filter));
    out.skipped += records.length - wanted.length;
    for (let j = 0; j < wanted.length; j += 10) {
      await Promise.all(
        wanted.slice(j, j + 10).map(async (e) => {
          try {
            await decideException(rt, e.id, 'resume', actor, { note: note ?? 'retried with the failed items of the run' });
            out.retried.push(e.id);
          } catch (err) {
            out.refused.push({ exceptionId: e.id, businessKey: e.businessKey, reason: (err as Error).message });
          }
        }),
      );
    }
  }
  return out;
}
