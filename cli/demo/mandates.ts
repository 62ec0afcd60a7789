/**
 * Demo step 3: SEPA mandates entered on the green-screen register. A CRM's sheet of mandates (one
 * row repeating an earlier one's mandate), then a ZIP of scanned paper forms drawn by the tests'
 * form generator: a clean form, one whose IBAN the OCR misreads by one look-alike character (its
 * check digits correct it), and one with two figures of the IBAN smudged (no single look-alike
 * explains it: it goes to the inbox with the crop of the form beside the field). Prints both
 * reports. True when the sheet came out as it should, the misread IBAN was corrected by its check digits,
 * the smudged form waits for a person, and every mandate in the register says what its source says.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import JSZip from 'jszip';
import type { MandateRunReport } from '../../bots/mandate-batch/index.js';
import type { MandateEntryInput } from '../../bots/mandate-entry/index.js';
import { dispatchFile } from '../../queue/run-sources.js';
import type { Runtime } from '../../queue/runtime.js';
import { FORM_CREDITORS, MANDATE_FORMS } from '../../tests/fixtures/mandate-forms/set.js';
import { renderMandateForm } from '../../tests/fixtures/mandate-forms/render.js';
import { followRun } from '../run-progress.js';
import type { DemoMandate } from './collections.js';
import { printTable } from './print-table.js';

const SHEET_HEADER = 'Mandate reference;Creditor identifier;Creditor name;Debtor name;Street;Town;Country;IBAN;BIC;Scheme;Type;Date of signature;Place of signature';
const SHEET_DEBTORS = [
  ['Erika Mustermann', 'Hauptstrasse 12', '10115 Berlin', 'DE', 'DE89370400440532013000', 'COBADEFFXXX'],
  ['Jan de Vries', 'Kerkstraat 4', '1012 AB Amsterdam', 'NL', 'NL91ABNA0417164300', 'ABNANL2A'],
  ['Peter Gruber', 'Mariahilfer Strasse 88', '1070 Wien', 'AT', 'AT611904300234573201', 'BKAUATWW'],
  ['Sofia Garcia', 'Calle Mayor 3', '28013 Madrid', 'ES', 'ES9121000418450200051332', 'CAIXESBBXXX'],
] as const;
/**
 * The forms of the ZIP: one read cleanly, one whose IBAN the OCR misreads by one look-alike character
 * (a bilevel 200 dpi TIFF: "SI56" read "S156"), one with two IBAN figures smudged.
 */
const FORM_CASES = { clean: MANDATE_FORMS[21]!, misread: MANDATE_FORMS[4]!, smudged: MANDATE_FORMS[27]! };

export async function demoMandates(rt: Runtime, registerUrl: string): Promise<{ ok: boolean; entered: DemoMandate[] }> {
  const dir = path.resolve(rt.config.dataDir, 'demo');
  await mkdir(dir, { recursive: true });
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T-]/g, '').slice(4);
  // The forms' creditors are the bank's direct-debit clients: a form from anyone else goes to a person.
  rt.config.mandateFiles.creditors = [...FORM_CREDITORS];

  // 1. The CRM's sheet: four mandates, the fifth row repeating the first's.
  const creditor = FORM_CREDITORS[0]!;
  const rows = SHEET_DEBTORS.map((d, i) => [`CRM-${stamp}-${i + 1}`, creditor.id, creditor.name, ...d.slice(0, 5), d[5], 'CORE', 'RCUR', '02.11.2026', d[2].split(' ').pop()].join(';'));
  const sheet = path.join(dir, `mandates-${stamp}.csv`);
  writeFileSync(sheet, [SHEET_HEADER, ...rows, rows[0]!].join('\n') + '\n');
  process.stdout.write(`\nMandate sheet: ${path.relative(process.cwd(), sheet)} (4 mandates; row 6 repeats row 2's mandate)\n`);
  const sheetReport = await runToReport(rt, sheet);

  // 2. A ZIP of scanned forms, as a scan station sends them.
  const zip = new JSZip();
  // Each demo run's forms carry their own UMRs: the queue remembers what earlier runs entered.
  const forms = Object.fromEntries(Object.entries(FORM_CASES).map(([k, c]) => [k, { ...c, truth: { ...c.truth, umr: `${c.truth.umr}-${stamp.slice(-6)}` } }])) as typeof FORM_CASES;
  for (const c of Object.values(forms)) {
    const file = await renderMandateForm(c, dir);
    zip.file(`scans-${stamp}/${path.basename(file)}`, readFileSync(file));
  }
  const zipFile = path.join(dir, `mandate-scans-${stamp}.zip`);
  writeFileSync(zipFile, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  process.stdout.write(
    `\nScanned mandate forms: ${path.relative(process.cwd(), zipFile)} (${FORM_CASES.clean.name}: a clean scan; ${FORM_CASES.misread.name}: a bilevel 200 dpi scan; ${FORM_CASES.smudged.name}: two IBAN figures smudged)\n`,
  );
  const scanReport = await runToReport(rt, zipFile);

  // What the reader corrected, and what waits for a person.
  const inputs = await Promise.all(scanReport.items.map(async (i) => ({ item: i, input: await inputOf(rt, i.businessKey, scanReport.runId) })));
  const corrected = inputs.flatMap(({ input }) => (input?.corrections ?? []).map((c) => ({ form: input!.source?.file ?? '', field: c.field, read: c.read, corrected: c.corrected })));
  if (corrected.length) {
    process.stdout.write('\nCorrected by their check digits (one look-alike character; the reading is kept beside the correction):\n');
    printTable(corrected);
  }
  const register = (await (await fetch(`${registerUrl}/_inspect/mandates`)).json()) as { mandates: { umr: string; iban: string }[] };
  const truth = new Map([
    ...SHEET_DEBTORS.map((d, i) => [`CRM-${stamp}-${i + 1}`, d[4]] as const),
    ...Object.values(forms).map((c) => [c.truth.umr, c.truth.iban] as const),
  ]);
  const wrong = register.mandates.filter((m) => truth.has(m.umr) && truth.get(m.umr) !== m.iban);
  const sheetOk = sheetReport.counts.entered + sheetReport.counts.alreadyEntered === 4 && sheetReport.counts.exceptions === 1;
  const ibanCorrected = corrected.some((c) => c.field === 'debtorIban' && c.corrected === FORM_CASES.misread.truth.iban);
  const smudgedWaits = inputs.some(({ item, input }) => input?.source?.file.includes(FORM_CASES.smudged.name) && item.status === 'exception');
  process.stdout.write(
    `\nMandates: sheet ${sheetOk ? 'as expected' : 'NOT as expected'}; the misread IBAN ${ibanCorrected ? 'corrected by its check digits' : 'NOT corrected'}; ` +
      `${scanReport.counts.exceptions} form(s) wait for a person on the board's inbox, the crop of the form beside each doubtful field; ` +
      `${wrong.length ? `${wrong.length} mandate(s) in the register DIFFER from their source` : 'every mandate in the register says what its source says'}\n`,
  );
  // The mandates now in the register, for the collections step.
  const inRegister = new Set(register.mandates.map((m) => m.umr));
  const entered: DemoMandate[] = [
    ...SHEET_DEBTORS.map((d, i) => ({ umr: `CRM-${stamp}-${i + 1}`, creditorId: creditor.id, creditorName: creditor.name, debtorName: d[0], debtorIban: d[4] })),
    ...Object.values(forms).map((c) => ({ umr: c.truth.umr, creditorId: c.truth.creditorId, creditorName: c.truth.creditorName, debtorName: c.truth.debtorName, debtorIban: c.truth.iban })),
  ].filter((m) => inRegister.has(m.umr));
  return { ok: sheetOk && ibanCorrected && smudgedWaits && wrong.length === 0, entered };
}

async function runToReport(rt: Runtime, file: string): Promise<MandateRunReport> {
  const run = await dispatchFile(rt, 'mandate-batch', file);
  await followRun(rt, run.runId, process.stdout);
  const job = await rt.queue('mandate-batch').getJob(run.runId);
  const paths = (job?.returnvalue as { report: { json: string; xlsx?: string } }).report;
  const report = JSON.parse(readFileSync(paths.json, 'utf8')) as MandateRunReport;
  process.stdout.write(`\nRun report ${report.runId} (${path.relative(process.cwd(), paths.xlsx ?? paths.json)}):\n`);
  printTable(Object.entries(report.counts).map(([outcome, n]) => ({ outcome, items: String(n) })));
  printTable(report.exceptions.map((e) => ({ source: e.row !== undefined ? `row ${e.row}` : `${path.basename(e.source ?? '')} p. ${e.page ?? ''}`, crops: String(e.crops?.length ?? 0), reason: e.reason.replace(/^.*? page \d+: /, '').slice(0, 100) })));
  return report;
}

async function inputOf(rt: Runtime, businessKey: string, runId: string): Promise<MandateEntryInput | undefined> {
  const item = (await rt.runIndex.listByRun(runId)).find((i) => i.businessKey === businessKey);
  const job = item ? await rt.queue('mandate-entry').getJob(item.itemId) : undefined;
  return (job?.data as { input?: MandateEntryInput } | undefined)?.input;
}
