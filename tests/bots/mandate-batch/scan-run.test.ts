/**
 * Scanned mandate forms as one run (a PDF of a scan station's batch; a ZIP of scans): a form a page,
 * each entered once or put in front of a person with its reason and crop; the person's correction on
 * the board resumes it.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { mandateBatch, type MandateRunReport } from '../../../bots/mandate-batch/index.js';
import { mandateEntry, type MandateEntryInput } from '../../../bots/mandate-entry/index.js';
import { mandateRegisterKey } from '../../../legacy-bank/host/mandate-register.js';
import { dispatchFile } from '../../../queue/run-sources.js';
import { FORM_CREDITORS, MANDATE_FORMS } from '../../fixtures/mandate-forms/set.js';
import { renderMandateForm, renderMandateFormsPdf } from '../../fixtures/mandate-forms/render.js';
import { boardUsers, usePagesBoard } from '../../queue/board/pages/fixture.js';
import { useBankWorker } from '../../helpers/bank-worker.js';
import { waitFor } from '../../helpers/wait.js';

const dir = mkdtempSync(path.join(tmpdir(), 'rpa-mandate-scans-'));
let users: Awaited<ReturnType<typeof boardUsers>> = [];
beforeAll(async () => {
  users = await boardUsers();
});
const env = useBankWorker({
  bots: [mandateEntry, mandateBatch],
  customers: 2,
  config: () => ({
    dataDir: path.join(dir, 'data'),
    bots: { 'mandate-entry': { concurrency: 2, attempts: 3, backoffMs: 100 } },
    mandateFiles: { inbox: path.join(dir, 'drop', 'inbox'), pollMs: 100, creditors: FORM_CREDITORS },
    board: { users },
  }),
});
const board = usePagesBoard({ over: () => env.rt });

type Register = { mandates: { umr: string; iban: string; debtorName: string }[]; addAttempts: Record<string, number> };
const register = async () => (await (await fetch(`${env.bank.url}/_inspect/mandates`)).json()) as Register;

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
    const { mandates, addAttempts } = await register();
    const entered = report.items.filter((i) => i.outcome === 'entered');
    expect(mandates.map((m) => m.umr).sort()).toEqual(entered.map((i) => i.umr).sort());
    expect(Object.values(addAttempts).every((n) => n === 1)).toBe(true);
    // What was entered is what the forms say.
    for (const m of mandates) expect(m.iban).toBe(cases.find((c) => c.truth.umr === m.umr)!.truth.iban);
    // Every reading problem of a doubtful form points to a crop of the form that exists.
    const [exception] = await env.rt.exceptions.list({ runId: run.runId });
    const problems = (exception!.error.details?.problems ?? []) as NonNullable<MandateEntryInput['readingProblems']>;
    expect(problems.length).toBeGreaterThan(0);
    const crops = problems.flatMap((p) => (p.crop ? [p.crop] : []));
    for (const crop of crops) expect(existsSync(path.join(env.rt.config.dataDir, crop)), crop).toBe(true);
  }, 120_000); // OCR of every page: beside the proofs line (npm test runs two files at once) it takes longer than the default 30 s
});

describe('a ZIP of scans, and the handler who corrects a form', () => {
  it('shows the crop of each doubtful field beside it on the exception page; the correction resumes the form, entered once', async () => {
    // Two scans in a ZIP as a scan station sends them: a PNG whose IBAN has two smudged figures, a scanned PDF.
    const smudged = MANDATE_FORMS[27]!;
    const other = MANDATE_FORMS[20]!;
    const zip = new JSZip();
    for (const c of [smudged, other]) {
      const file = await renderMandateForm(c, dir);
      zip.file(`scans/${path.basename(file)}`, readFileSync(file));
    }
    zip.file('scans/notes.txt', 'not a form');
    const zipFile = path.join(dir, 'scan-batch.zip');
    writeFileSync(zipFile, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    const run = await dispatchFile(env.rt, 'mandate-batch', zipFile);
    expect(run.items).toHaveLength(2);

    const exception = await waitFor(async () => {
      const list = await env.rt.exceptions.list({ runId: run.runId });
      // The ZIP's first scan is the run's first form.
      return list.find((e) => e.businessKey === `${run.runId}:form1`);
    }, 'the smudged form in the inbox', 120_000);
    const input = ((await env.rt.queue('mandate-entry').getJob(exception.itemId))!.data as { input: MandateEntryInput }).input;
    expect(input.source).toMatchObject({ file: expect.stringMatching(/^scan-batch\.zip › scans\/mandate-28\.png$/), kind: 'scan', page: 1 });
    const ibanProblem = input.readingProblems!.find((p) => p.field === 'debtorIban')!;
    expect(ibanProblem.message).toMatch(/check digits fail/);

    // The page: the IBAN field flagged with the reason, the crop of the form beside it, served from the evidence folder.
    const page = await board.get(`/exceptions/${exception.id}`, 'handler');
    expect(page.status).toBe(200);
    const field = /<div class="field invalid"><label for="f-in-mandate-debtorIban">[\s\S]*?<\/div>/.exec(page.text)?.[0] ?? '';
    expect(field).toContain('Debtor IBAN');
    expect(field).toMatch(/check digits fail/);
    const src = /<figure class="field-source"><a [^>]*><img src="([^"]+)"/.exec(field)?.[1];
    expect(src, 'a crop beside the IBAN field').toBeDefined();
    const image = await board.request(src!.replace(/&amp;/g, '&'), 'handler');
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect((await image.arrayBuffer()).byteLength).toBeGreaterThan(500);

    // The handler types what the form says (every field: others may be doubtful too) and resumes.
    const t = smudged.truth;
    const resumed = await board.post(`/exceptions/${exception.id}/resume`, 'handler', {
      'in.mandate.umr': t.umr,
      'in.mandate.creditorId': t.creditorId,
      'in.mandate.creditorName': t.creditorName,
      'in.mandate.debtorName': t.debtorName,
      'in.mandate.debtorAddress': JSON.stringify([t.street, t.town]),
      'in.mandate.debtorCountry': t.country,
      'in.mandate.debtorIban': t.iban,
      'in.mandate.debtorBic': t.bic,
      'in.mandate.scheme': 'CORE',
      'in.mandate.type': t.type,
      'in.mandate.signedOn': t.signedOn,
      'in.mandate.signedAt': t.place,
      note: 'IBAN from the paper form',
    });
    expect(resumed.status, resumed.text.slice(0, 2000)).toBe(303);
    await waitFor(async () => (await env.rt.items.get(exception.itemId))?.status === 'done', 'the corrected form entered', 60_000);
    const after = await register();
    expect(after.mandates.find((m) => m.umr === t.umr)).toMatchObject({ iban: t.iban, debtorName: t.debtorName });
    expect(after.addAttempts[mandateRegisterKey(t.creditorId, t.umr)]).toBe(1);
    expect((await env.rt.exceptions.get(exception.id)).status).toBe('resumed');
  }, 120_000); // OCR of every page: beside the proofs line (npm test runs two files at once) it takes longer than the default 30 s
});
