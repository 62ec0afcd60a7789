/** A mandate sheet (a CRM's CSV export) as one run: each mandate entered once on the host, wrong rows as exceptions, the run's report. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mandateBatch, type MandateRunReport } from '../../../bots/mandate-batch/index.js';
import { mandateEntry } from '../../../bots/mandate-entry/index.js';
import { dispatchFile } from '../../../queue/run-sources.js';
import { useBankWorker } from '../../helpers/bank-worker.js';
import { waitFor } from '../../helpers/wait.js';

const dir = mkdtempSync(path.join(tmpdir(), 'rpa-mandates-'));
const env = useBankWorker({
  bots: [mandateEntry, mandateBatch],
  customers: 2,
  config: () => ({
    dataDir: path.join(dir, 'data'),
    bots: { 'mandate-entry': { concurrency: 2, attempts: 3, backoffMs: 100 } },
    mandateFiles: { inbox: path.join(dir, 'drop', 'inbox'), pollMs: 100 },
  }),
});

const reportOf = async (runId: string) => {
  const job = await waitFor(async () => {
    const j = await env.rt.queue('mandate-batch').getJob(runId);
    return j?.returnvalue && j;
  }, `the report of ${runId}`, 90_000);
  return JSON.parse(readFileSync(job.returnvalue.report.json, 'utf8')) as MandateRunReport;
};

describe('a mandate sheet, end to end', () => {
  it('enters each valid mandate once, makes exceptions of wrong and repeated rows, and writes the report', async () => {
    const header = 'Mandatsreferenz;Gläubiger-ID;Gläubiger;Kontoinhaber;Straße;PLZ Ort;Land;IBAN;BIC;Lastschriftart;Zahlungsart;Unterschriftsdatum;Ort der Unterschrift';
    const row = (umr: string, over: Partial<Record<'ci' | 'iban' | 'bic' | 'name', string>> = {}) =>
      [umr, over.ci ?? 'DE98ZZZ09999999999', 'Stadtwerke Musterstadt GmbH', over.name ?? 'Erika Mustermann', 'Hauptstraße 12', '10115 Berlin', 'DE', over.iban ?? 'DE89 3704 0044 0532 0130 00', over.bic ?? 'COBADEFFXXX', 'CORE', 'RCUR', '01.11.2026', 'Berlin'].join(';');
    const file = path.join(dir, 'crm-export.csv');
    writeFileSync(
      file,
      [
        header,
        row('SH-001'),
        row('SH-002', { name: 'Max Mustermann' }),
        row('SH-003', { ci: 'DE97ZZZ09999999999' }),
        row('SH-004', { iban: '' }),
        row('SH-002', { name: 'Max Mustermann' }),
        row('SH-005', { iban: 'NL91 ABNA 0417 1643 00', bic: 'ABNANL2A' }),
      ].join('\r\n') + '\r\n',
    );
    const run = await dispatchFile(env.rt, 'mandate-batch', file);
    expect(run.created).toBe(true);
    expect(run.items).toHaveLength(6);
    const report = await reportOf(run.runId);
    expect(report.counts).toMatchObject({ items: 6, entered: 3, alreadyEntered: 0, exceptions: 3, pending: 0 });
    const reasons = Object.fromEntries(report.exceptions.map((e) => [e.row, e.reason]));
    expect(Object.keys(reasons).map(Number).sort()).toEqual([4, 5, 6]);
    expect(reasons[4]).toMatch(/creditor identifier .* check digits/);
    expect(reasons[5]).toMatch(/debtorIban|IBAN/);
    expect(reasons[6]).toMatch(/repeats the mandate of row 3/);
    const register = (await (await fetch(`${env.bank.url}/_inspect/mandates`)).json()) as { mandates: { umr: string }[]; addAttempts: Record<string, number> };
    expect(register.mandates.map((m) => m.umr).sort()).toEqual(['SH-001', 'SH-002', 'SH-005']);
    expect(Object.values(register.addAttempts).every((n) => n === 1)).toBe(true);

    // The same file again: the same run, nothing new.
    expect(await dispatchFile(env.rt, 'mandate-batch', file)).toMatchObject({ runId: run.runId, created: false });
  }, 120_000); // mandates on the green screen: 9 s alone, past 30 s once beside a Chromium proof (npm test runs two files at once)
});
