/**
 * Demo step 4: one direct-debit collection cycle on the demo mandates (those the mandate step entered
 * in the register). A creditor's sheet of claims is dispatched as a collection-cycle run: each claim
 * checked against its mandate, screened, planned; the pain.008 written and validated against the
 * official XSD (../shared/corpus, when present: else the report says plainly it was not) and uploaded
 * once. The bank settles it (one debtor's account cannot pay: AM04), a bot fetches its answers from
 * the bank's screen into the answers drop folder, they are applied (the return acted on: presented
 * again in the next cycle), dd-control checks the debits the bank booked, and the cycle's report is
 * printed (XLSX and PDF beside it). True when all of that came out as described.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { addDays, businessDayOnOrAfter, todayIn } from '../../banking/index.js';
import type { CollectionCycleReport, CollectionCycleResult } from '../../bots/collection-cycle/index.js';
import { collectionAnswersRun, type CollectionAnswersFetchResult } from '../../bots/collection-return/index.js';
import type { DdControlResult } from '../../bots/dd-control/index.js';
import type { LegacyBankHandle } from '../../legacy-bank/server.js';
import { dispatchItem } from '../../queue/dispatch.js';
import { runDropFolder } from '../../queue/run-inboxes.js';
import { dispatchFile } from '../../queue/run-sources.js';
import type { Runtime } from '../../queue/runtime.js';
import { followRun } from '../run-progress.js';
import { printTable } from './print-table.js';

/** A mandate the demo entered, as the collections need it. */
export interface DemoMandate {
  umr: string;
  creditorId: string;
  creditorName: string;
  debtorName: string;
  debtorIban: string;
}

/** The creditors' own accounts (the demo's bank collects into them). */
const CREDITOR_ACCOUNTS = ['DE02120300000000202051', 'DE02500105170137075030', 'FR1420041010050500013M02606'];
const XSD_DIR = path.resolve('../shared/corpus/sepa/xsd');

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, read: () => Promise<T | undefined | null>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (v !== undefined && v !== null) return v;
    if (Date.now() > deadline) throw new Error(`demo: ${what} did not happen within ${timeoutMs / 1000} s`);
    await wait(300);
  }
}

export async function demoCollections(rt: Runtime, bank: LegacyBankHandle, mandates: DemoMandate[]): Promise<boolean> {
  const config = rt.config;
  const dir = path.resolve(config.dataDir, 'demo');
  await mkdir(dir, { recursive: true });
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T-]/g, '').slice(4);
  const creditors = [...new Map(mandates.map((m) => [m.creditorId, m.creditorName]))];
  config.directDebits.creditors = creditors.map(([id, name], i) => ({ id, name, iban: CREDITOR_ACCOUNTS[i % CREDITOR_ACCOUNTS.length]! }));
  const version = config.directDebits.pain008Version;
  const xsd = path.join(XSD_DIR, `${version}.xsd`);
  if (!config.directDebits.schemas[version] && existsSync(xsd)) config.directDebits.schemas[version] = xsd;
  config.collectionAnswers.inbox = path.join(dir, `answers-${stamp}`, 'inbox');

  // The claims: one per demo mandate, on a business day far enough ahead for the 14 days' notice sent today.
  const today = todayIn(config.banking.timeZone, new Date());
  const date = businessDayOnOrAfter(addDays(today, 16), { holidays: config.banking.holidays });
  const de = (iso: string) => iso.split('-').reverse().join('.');
  const rows = mandates.map((m, i) => [m.umr, m.creditorId, `${19 + i * 10},90`, de(date), `Invoice ${stamp}-${i + 1}`, de(today)].join(';'));
  const claims = path.join(dir, `collections-${stamp}.csv`);
  writeFileSync(claims, ['Mandate reference;Creditor identifier;Amount;Collection date;Remittance;Pre-notification date', ...rows].join('\n') + '\n');
  // The debtor bank of the second mandate will answer "insufficient funds".
  const short = mandates[1 % mandates.length]!;
  bank.state.collectionFiles.debtorOutcomes.set(short.debtorIban, 'insufficient-funds');
  process.stdout.write(`\nCollections: ${path.relative(process.cwd(), claims)} (${mandates.length} claims on the demo mandates, collection date ${date}; ${short.debtorName}'s bank will answer AM04)\n`);

  const run = await dispatchFile(rt, 'collection-cycle', claims);
  await followRun(rt, run.runId, process.stdout);
  const cycle = (await rt.queue('collection-cycle').getJob(run.runId))?.returnvalue as CollectionCycleResult;
  const file = cycle.file;
  process.stdout.write(
    file
      ? `pain.008 ${file.name}: ${file.count} collections, ${file.controlSum} EUR, ${file.blocks.length} block(s); ${file.schema ? `validated against ${path.relative(process.cwd(), file.schema)}` : 'NOT checked against a schema (no XSD configured or found)'}; uploaded once, bank reference ${file.submitted.reference}\n`
      : 'No collection file: nothing could be collected.\n',
  );

  // The bank's answers, fetched from its screen into the drop folder, where the answers runs take them.
  const fetch = await dispatchItem(rt, 'collection-answers-fetch', { asOf: `demo-${stamp}` }, { runId: `demo-answers-${stamp}` });
  const fetched = await until('fetching the answers', async () => (await rt.queue('collection-answers-fetch').getJob(fetch.itemId))?.returnvalue as CollectionAnswersFetchResult | undefined);
  process.stdout.write(`The bank's answers fetched from its screen: ${fetched.fetched.join(', ') || 'none'}\n`);
  const folder = runDropFolder(rt, collectionAnswersRun)!;
  await folder.start();
  const reportFile = cycle.report!.json;
  let report: CollectionCycleReport;
  try {
    report = await until('applying the answers', async () => {
      const r = JSON.parse(readFileSync(reportFile, 'utf8')) as CollectionCycleReport;
      return r.collections.every((c) => c.state !== 'submitted' && c.state !== 'in-file') ? r : undefined;
    });
  } finally {
    await folder.stop();
  }

  // The control of the day's debits on the debtors' accounts.
  const control = await dispatchItem(rt, 'dd-control', { day: date }, { runId: `demo-dd-control-${stamp}` });
  const controlled = await until('dd-control', async () => {
    const item = await rt.items.get(control.itemId);
    if (item?.status === 'exception') return { findings: -1 } as unknown as DdControlResult;
    return (await rt.queue('dd-control').getJob(control.itemId))?.returnvalue as DdControlResult | undefined;
  });

  process.stdout.write(`\nCycle report ${report.runId} (${path.relative(process.cwd(), cycle.report!.xlsx)}, ${path.relative(process.cwd(), cycle.report!.pdf)}):\n`);
  for (const c of report.creditors) {
    process.stdout.write(`${c.name} (${c.creditorId}): ${c.collections} collections, ${c.total} EUR, R-rate ${c.rRate === null ? 'n/a' : `${(c.rRate * 100).toFixed(1)} %`}\n`);
    printTable([
      ...Object.entries(c.byState).map(([state, v]) => ({ 'state or reason': state, count: String(v!.count), 'sum EUR': v!.sum })),
      ...Object.entries(c.byReason).map(([reason, v]) => ({ 'state or reason': `reason ${reason}`, count: String(v.count), 'sum EUR': v.sum })),
    ]);
  }
  const returned = report.collections.filter((c) => c.reason === 'AM04');
  for (const r of returned) process.stdout.write(`Returned ${r.endToEndId} (${r.umr}, ${r.amount} EUR, AM04 insufficient funds): ${r.state === 're-presented' ? 'presented again in the creditor\'s next cycle' : r.state}\n`);
  process.stdout.write(`dd-control ${date}: ${controlled.findings === 0 ? `${controlled.postings} debit(s) booked, each one of our collections as made` : 'FINDINGS: see the inbox'}\n`);
  const schemaOk = !existsSync(xsd) || file?.schema !== null;
  // The check counts this cycle's own claims: a re-presentation of an earlier demo run's return (the Redis of the data
  // directory keeps them) may come back again too.
  const ownReturned = returned.filter((r) => !r.represents);
  return !!file && schemaOk && bank.state.collectionFiles.byMessageId(run.runId).length === 1 && ownReturned.length === 1 && ownReturned[0]!.state === 're-presented' && controlled.findings === 0;
}
