/**
 * `npm run demo -- --night`: a compressed night on the demo data, as a plan (config.plans) started now
 * by an operator's trigger and moved on by the schedule host, with progress and the forecast printed
 * as it runs, ending with the morning summary. The night: the day's statements of two accounts the
 * demo opens; a payment file; a creditor's collections on the demo's mandate register, then the
 * bank's two answers (a status report, a notification), which its steps wait for as files; the control
 * of the day's direct debits booked (dd-control); the day's reconciliation of the books' ledger export.
 * True when every step ran and every item has an outcome.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { addDays, businessDayOnOrAfter, checkMandateTerms, mandateKey, todayIn, wallClock, type LocalDate } from '../../banking/index.js';
import { CollectionLedger } from '../../bots/collection-ledger/index.js';
import { plansSchema } from '../../config/plans.js';
import { bookOn } from '../../legacy-bank/bookings.js';
import { localIsoDate } from '../../legacy-bank/format.js';
import type { LegacyBankHandle } from '../../legacy-bank/server.js';
import { ownKeys } from '../../queue/keys.js';
import { forecastNight, morningSummaryText, PlanBook, resolvePlan, type MorningSummary } from '../../queue/plans/index.js';
import type { Runtime } from '../../queue/runtime.js';
import { resolveSchedules, ScheduleHost, startScheduledRun } from '../../queue/schedules/index.js';
import { writeSamplePaymentFile } from '../sample-payment-file.js';
import { openDemoAccounts } from './reconciliation.js';

const CREDITOR = { id: 'DE98ZZZ09999999999', name: 'Stadtwerke Musterstadt GmbH', iban: 'DE02120300000000202051' };
const DEBTORS = ['DE89370400440532013000', 'DE02100500000054540402', 'DE12500105170648489890', 'DE02300209000106531065', 'DE02700100800030876808', 'DE02500105170137075030'];
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function demoNight(rt: Runtime, bank: LegacyBankHandle, payments = 40, timeoutMs = 15 * 60_000): Promise<boolean> {
  const config = rt.config;
  const tz = config.banking.timeZone;
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T-]/g, '').slice(4);
  const dir = path.resolve(config.dataDir, 'demo', `night-${stamp}`);
  mkdirSync(path.join(dir, 'answers'), { recursive: true });
  const day = localIsoDate(bank.state.now()) as LocalDate;
  const accounts = openDemoAccounts(bank);

  // The evening before: the bank's day on the accounts, the payment file, the creditor's claims, the books' export.
  bookOn(accounts.treasury, day, { description: 'SEPA CREDIT TRANSFER RE-5150', amount: 73_500, endToEndId: 'RE-5150', counterparty: 'Hanse Import GmbH' });
  bookOn(accounts.operating, day, { description: 'ACCOUNT MAINTENANCE FEE', amount: -1_990 });
  await writeSamplePaymentFile(path.join(dir, `payments-${day}.xlsx`), { count: payments, debitAccount: accounts.treasury.accountNumber, executionDate: businessDayOnOrAfter(addDays(day, 2), { holidays: config.banking.holidays }), prefix: `NI${stamp.slice(-4)}` });
  config.directDebits.creditors = [CREDITOR];
  const register = new CollectionLedger(rt.redis, ownKeys(rt.prefix));
  const umr = (k: number) => `NIGHT-${stamp}-${k}`;
  for (const [k, debtorIban] of DEBTORS.entries()) {
    const terms = checkMandateTerms({ umr: umr(k), creditorId: CREDITOR.id, creditorName: CREDITOR.name, debtorName: `Demo debtor ${k + 1}`, debtorAddress: [], debtorIban, scheme: 'CORE', type: 'recurrent', signedOn: addDays(day, -90), signedAt: 'Berlin' }, { today: todayIn(tz, new Date()) as LocalDate });
    await register.mandates.record(mandateKey(terms), terms, 'demo: the mandate register');
  }
  bank.state.collectionFiles.debtorOutcomes.set(DEBTORS[1]!, 'insufficient-funds');
  const collectionDate = businessDayOnOrAfter(addDays(day, 20), { holidays: config.banking.holidays });
  const dmy = (d: string) => d.split('-').reverse().join('.');
  writeFileSync(path.join(dir, `claims-${day}.csv`), ['Mandate reference;Amount;Collection date;Pre-notification date', ...DEBTORS.map((_, k) => `${umr(k)};${24 + k * 11},50;${dmy(collectionDate)};${dmy(day)}`)].join('\n') + '\n');
  writeFileSync(path.join(dir, `ledger-${day}.csv`), ['Entry id;Account;Value date;Amount;Counterparty;End-to-end id', `GL-1;${accounts.treasury.accountNumber};${day};735,00;Hanse Import GmbH;RE-5150`, `GL-2;${accounts.operating.accountNumber};${day};-19,90;Nordstern Bank;`, `GL-3;${accounts.operating.accountNumber};${day};-250,00;Elbe Energie AG;EE-2211`].join('\n') + '\n');

  // The plan, as the configuration would declare it: its deadline 20 minutes from now.
  const deadline = wallClock(Date.now() + 20 * 60_000, tz);
  const [planConfig] = plansSchema.parse([
    {
      name: 'demo-night',
      when: 'every business day at 01:00',
      deadline,
      steps: [
        { name: 'statements', run: 'statements-of-day', params: { accounts: [accounts.treasury.accountNumber, accounts.operating.accountNumber], day: 'same-day' }, expectMinutes: 1 },
        { name: 'payments', run: 'payment-batch', params: { file: path.join(dir, 'payments-{day}.xlsx') }, expectMinutes: 2 },
        { name: 'collections', run: 'collection-cycle', params: { file: path.join(dir, 'claims-{day}.csv') }, expectMinutes: 1 },
        { name: 'status-report', run: 'collection-answers', params: { file: path.join(dir, 'answers', 'pain002-{day}.xml') }, after: ['collections'], waitForFileMinutes: 5, expectMinutes: 1 },
        { name: 'settlements', run: 'collection-answers', params: { file: path.join(dir, 'answers', 'camt054-{day}.xml') }, after: ['status-report'], waitForFileMinutes: 5, expectMinutes: 1 },
        { name: 'dd-control', run: 'dd-control-of-day', params: { day: 'same-day' }, after: ['settlements'], needs: 'end', expectMinutes: 1 },
        { name: 'reconcile', run: 'reconcile-day', params: { file: path.join(dir, 'ledger-{day}.csv') }, after: ['statements', 'payments'], needs: 'end', expectMinutes: 1 },
      ],
    },
  ]);
  config.plans = [planConfig!];
  config.worker.planCheckMs = 500;
  const plan = resolvePlan(config, planConfig!);
  process.stdout.write(`\nA compressed night: plan ${plan.name} of ${day}, deadline ${deadline} (${tz}); steps ${plan.steps.map((s) => `${s.name}${s.after.length ? ` (after ${s.after.join(', ')})` : ''}`).join(', ')}\n`);

  const host = new ScheduleHost(rt);
  await host.start();
  try {
    const schedule = resolveSchedules(config).find((s) => s.plan === plan.name)!;
    const started = await startScheduledRun(rt, schedule, Math.floor(Date.now() / 60_000) * 60_000, 'trigger');
    const book = new PlanBook(rt.redis, ownKeys(rt.prefix));
    const deadlineAt = Date.now() + timeoutMs;
    let answered = false;
    let last = '';
    for (;;) {
      const state = (await book.get(started.runId))!;
      // The bank answers the collection file overnight: its two answers arrive as files.
      if (!answered && bank.state.collectionFiles.list().length > 0) {
        for (const a of bank.state.collectionFiles.settle(Date.now(), () => false)) writeFileSync(path.join(dir, 'answers', `${a.kind === 'pain.002' ? 'pain002' : 'camt054'}-${day}.xml`), a.xml);
        answered = true;
      }
      if (state.night.endedAt) break;
      const f = await forecastNight(rt, plan, state);
      const line = `${plan.steps.map((s) => `${s.name} ${state.steps[s.name]?.state ?? 'waiting'}`).join(' · ')} | forecast ${wallClock(f.finishAt, tz)}${f.late ? ' LATE' : ''}`;
      if (line !== last) process.stdout.write(`  ${line}\n`);
      last = line;
      if (Date.now() > deadlineAt) throw new Error(`demo: the night did not end within ${timeoutMs / 60_000} min (rpa plan status shows where it is)`);
      await wait(1_000);
    }
    const summary = (await book.summary<MorningSummary>(started.runId))!;
    process.stdout.write(`\nMorning summary (sent through the alert sinks as type morning-summary; on the board under Nights):\n\n${morningSummaryText(summary, tz)}\n`);
    return summary.steps.every((s) => s.state === 'succeeded' || s.state === 'partial') && summary.totals.open === 0;
  } finally {
    await host.stop();
  }
}
