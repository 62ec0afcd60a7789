/** A PDF of scanned mandate forms (a scan station's batch) as one run: a form a page, each entered once or put in front of a person with its reason and crop. */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mandateBatch, type MandateRunReport } from '../../../bots/mandate-batch/index.js';
import { mandateEntry, type MandateEntryInput } from '../../../bots/mandate-entry/index.js';
import { dispatchFile } from '../../../queue/run-sources.js';
import { FORM_CREDITORS, MANDATE_FORMS } from '../../fixtures/mandate-forms/set.js';
import { renderMandateFormsPdf } from '../../fixtures/mandate-forms/render.js';
import { useBankWorker } from '../../helpers/bank-worker.js';
import { waitFor } from '../../helpers/wait.js';

const dir = mkdtempSync(path.join(tmpdir(), 'rpa-mandate-scans-'));
const env = useBankWorker({
  bots: [mandateEntry, mandateBatch],
  customers: 2,
  config: () => ({
    dataDir: path.join(dir, 'data'),
    bots: { 'mandate-entry': { concurrency: 2, attempts: 3, backoffMs: 100 } },
    mandateFiles: { inbox: path.join(dir, 'drop', 'inbox'), pollMs: 100, creditors: FORM_CREDITORS },
  }),
});

describe('a PDF of scanned mandate forms, end to end', () => {
  it('makes an item of every page: the well-read forms are entered once, the doubtful ones wait for a person with the reason and the crop', async () => {
    const cases = [MANDATE_FORMS[21]!, MANDATE_FORMS[13]!, MANDATE_FORMS[4]!];
    const file = await renderMandateFormsPdf(cases, path.join(dir, 'scan-batch.pdf'));
    const run = await dispatchFile(env.rt, 'mandate-batch', file);
    expect(run.items).toHaveLength(3);
    const job = await waitFor(async () => {
      const j = await env.rt.queue('mandate-batch').getJob(run.runId);
      return j?.returnvalue && j;
    }, 'the report', 120_000);
    const report = JSON.parse(readFileSync(job.returnvalue.report.json, 'utf8')) as MandateRunReport;
    expect(report.counts.items).toBe(3);
    expect(report.counts.pending).toBe(0);
    expect(report.counts.entered + report.counts.exceptions).toBe(3);
    // The unsigned form (page 2) is never entered.
    const unsigned = report.exceptions.find((e) => e.page === 2);
    expect(unsigned?.reason).toMatch(/no signature/);
    const register = (await (await fetch(`${env.bank.url}/_inspect/mandates`)).json()) as { mandates: { umr: string; iban: string }[]; addAttempts: Record<string, number> };
    const entered = report.items.filter((i) => i.outcome === 'entered');
    expect(register.mandates.map((m) => m.umr).sort()).toEqual(entered.map((i) => i.umr).sort());
    expect(Object.values(register.addAttempts).every((n) => n === 1)).toBe(true);
    // What was entered is what the forms say.
    for (const m of register.mandates) expect(m.iban).toBe(cases.find((c) => c.truth.umr === m.umr)!.truth.iban);
    // Every reading problem of a doubtful form points to a crop of the form that exists.
    const [exception] = await env.rt.exceptions.list({ runId: run.runId });
    const problems = (exception!.error.details?.problems ?? []) as NonNullable<MandateEntryInput['readingProblems']>;
    expect(problems.length).toBeGreaterThan(0);
    const crops = problems.flatMap((p) => (p.crop ? [p.crop] : []));
    for (const crop of crops) expect(existsSync(path.join(env.rt.config.dataDir, crop)), crop).toBe(true);
  });
});
