/**
 * Demo step 5: the day's reconciliation, on two accounts the demo opens at the bank (new numbers each
 * run, so a second run reconciles its own day): the treasury account the payment file is entered from,
 * and an operating account. The bank books the day's own traffic on them (a customer's credit, the
 * account fee, a salary, a card settlement, interest, the rent); statement-fetch fetches both days'
 * statements (camt.053 and MT940); a sample ledger export of the books, with planted differences, is
 * dispatched as a reconcile-day run, which also takes the payments the demo entered (our own
 * outcomes, never in the export). Prints the daily balancing and the breaks; every break waits in the
 * inbox with both sides' evidence. True when each planted difference is found in its class, nothing
 * else is, and only the account whose books' balance was planted 25.00 off is flagged.
 */
import { writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { ReconcileAccountResult, ReconcileDayResult } from '../../bots/reconcile-day/index.js';
import type { StatementFetchResult } from '../../bots/statement-fetch/index.js';
import { bookOn } from '../../legacy-bank/bookings.js';
import { localIsoDate, toDecimalString } from '../../legacy-bank/format.js';
import type { Account } from '../../legacy-bank/seed.js';
import type { LegacyBankHandle } from '../../legacy-bank/server.js';
import { dispatchItem } from '../../queue/dispatch.js';
import { itemIdFor } from '../../queue/item-index.js';
import { dispatchFile } from '../../queue/run-sources.js';
import type { Runtime } from '../../queue/runtime.js';
import { followRun } from '../run-progress.js';
import { printTable } from './print-table.js';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Amounts as the ledger export writes them (the configured locale, German: -1234,56). */
const de = (cents: number) => toDecimalString(cents).replace('.', ',');

/** The demo's two accounts, opened at the bank with numbers of this run. */
export function openDemoAccounts(bank: LegacyBankHandle): { treasury: Account; operating: Account } {
  const base = 9_000_000_000 + (Date.now() % 999_999_990);
  const opened = localIsoDate(bank.state.now());
  const open = (n: number, holder: string, cents: number) => bank.state.openAccount({ accountNumber: String(base + n), holder, currency: 'EUR', openingBalance: cents, opened });
  return { treasury: open(0, 'Nordstern Demo Treasury', 250_000_000), operating: open(1, 'Nordstern Demo Operations', 4_500_000) };
}

async function fetchStatement(rt: Runtime, account: string, day: string, format: 'camt053' | 'mt940'): Promise<StatementFetchResult> {
  const item = await dispatchItem(rt, 'statement-fetch', { account, date: day, format }, { runId: `demo-statements-${day}` });
  for (let i = 0; i < 900; i++) {
    const got = (await rt.queue('statement-fetch').getJob(item.itemId))?.returnvalue as StatementFetchResult | undefined;
    if (got) return got;
    if ((await rt.items.get(item.itemId))?.status === 'exception') break;
    await wait(200);
  }
  throw new Error(`demo: the statement of ${account} for ${day} could not be fetched (see the inbox)`);
}

export async function demoReconciliation(rt: Runtime, bank: LegacyBankHandle, accounts: { treasury: Account; operating: Account }): Promise<boolean> {
  const { treasury, operating } = accounts;
  const dir = path.resolve(rt.config.dataDir, 'demo');
  await mkdir(dir, { recursive: true });
  const day = localIsoDate(bank.state.now()); // the bank's day: the payments were booked on it
  // The bank's own traffic of the day.
  bookOn(treasury, day, { description: 'SEPA CREDIT TRANSFER RE-4711', amount: 48_250, endToEndId: 'RE-4711', counterparty: 'Hanse Import GmbH' });
  bookOn(treasury, day, { description: 'ACCOUNT MAINTENANCE FEE', amount: -1_990 });
  bookOn(operating, day, { description: 'SEPA CREDIT TRANSFER SALARY REFUND', amount: 312_000, counterparty: 'Nordlicht Maschinenbau AG' });
  bookOn(operating, day, { description: 'CARD SETTLEMENT', amount: -18_740, endToEndId: 'CARD-0412', counterparty: 'Kartenservice Nord' });
  bookOn(operating, day, { description: 'INTEREST', amount: 1_215 });
  bookOn(operating, day, { description: 'STANDING ORDER RENT', amount: -95_000, endToEndId: 'SO-RENT-12', counterparty: 'Hausverwaltung Elbblick' });
  process.stdout.write(`\nReconciliation of ${day}: the treasury account ${treasury.accountNumber} (the payments were entered from it) and the operating account ${operating.accountNumber}\n`);

  const fetched = [await fetchStatement(rt, treasury.accountNumber, day, 'camt053'), await fetchStatement(rt, operating.accountNumber, day, 'mt940')];
  for (const f of fetched) process.stdout.write(`Statement ${path.relative(process.cwd(), f.file)} (${f.format}): opening ${f.opening}, closing ${f.closing} ${f.currency}, ${f.entries} entries\n`);

  // The books' export of the day, with planted differences. The payments the demo entered are not in it: they
  // come from our own outcomes.
  const rows: string[][] = [];
  const line = (a: Account, cents: number, counterparty: string, ref: string) => rows.push([`GL-${rows.length + 1}`, a.accountNumber, day, de(cents), counterparty, ref, '']);
  line(treasury, 48_250, 'Hanse Import GmbH', 'RE-4711');
  line(treasury, 25_000, 'Ostsee Handel KG', 'RE-4712'); // planted: expected today, not at the bank yet (timing); the fee is not in the books
  line(operating, 312_000, 'Nordlicht Maschinenbau', ''); // no reference: by amount, date and name
  line(operating, -18_500, 'Kartenservice Nord', 'CARD-0412'); // planted: 2.40 less than the bank took (a fee difference)
  line(operating, -95_000, 'Hausverwaltung Elbblick', 'SO-RENT-12');
  line(operating, -95_000, 'Hausverwaltung Elbblick', 'SO-RENT-12'); // planted: booked twice in the books (a duplicate); the interest is not in the books
  // The operating account's books balance: 25.00 off what the bank, its open breaks (interest +12.15, the rent twice
  // −950.00) and the fee difference (−2.40) explain.
  const closing = operating.balance;
  rows[rows.length - 1]![6] = de(closing - (1_215 + 95_000 - 240) + 2_500);
  const file = path.join(dir, `ledger-${operating.accountNumber}-${day}.csv`);
  writeFileSync(file, [['Entry id', 'Account', 'Value date', 'Amount', 'Counterparty', 'End-to-end id', 'Balance'], ...rows].map((r) => r.join(';')).join('\n') + '\n');
  process.stdout.write(`Ledger export ${path.relative(process.cwd(), file)} (${rows.length} lines; planted: a fee and interest the books lack, a credit not yet at the bank, a card settlement 2.40 apart, a rent booked twice, the operating account's books 25.00 off)\n`);

  const run = await dispatchFile(rt, 'reconcile-day', file);
  await followRun(rt, run.runId, process.stdout);
  const result = (await rt.queue('reconcile-day').getJob(run.runId))?.returnvalue as ReconcileDayResult;
  const results: (ReconcileAccountResult & { balancing: NonNullable<ReconcileAccountResult['balancing']> })[] = [];
  for (const a of [treasury, operating]) results.push((await rt.queue('reconcile-account').getJob(itemIdFor('reconcile-account', `${a.accountNumber}@${day}`)))!.returnvalue as (typeof results)[number]);
  process.stdout.write(`\nDaily balancing ${day} (${path.relative(process.cwd(), result.report.xlsx)}, ${path.relative(process.cwd(), result.report.pdf)}):\n`);
  printTable(
    results.map((r) => ({
      account: r.account,
      opening: r.balancing.opening,
      closing: r.balancing.closing,
      books: r.balancing.ledgerBalance,
      difference: r.balancing.difference,
      explained: r.balancing.explained,
      unexplained: r.balancing.unexplained,
      status: r.balancing.flagged ? 'FLAGGED' : 'balanced',
    })),
  );
  printTable(results.map((r) => ({ account: r.account, matches: String(r.matches.total), 'by rule': Object.entries(r.matches.byRule).map(([k, v]) => `${k} ${v}`).join(', '), 'our payments': String(r.lines.ownOutcomes), breaks: String(r.breaks.opened) })));
  const open = (await rt.exceptions.list({ runId: run.runId, status: 'open', limit: 100 })).filter((e) => e.bot === 'reconcile-break');
  printTable(open.map((e) => ({ break: e.reason.slice(0, 120) })));
  process.stdout.write("Each break waits in the inbox with the statement entry and the ledger lines beside it (npm run demo -- --serve, then the board's inbox).\n");

  const classes = (r: (typeof results)[number]) => Object.entries(r.balancing.byClass).filter(([, v]) => v.count > 0).map(([c, v]) => `${c}:${v.count}`).sort().join(' ');
  const [t, o] = results as [(typeof results)[number], (typeof results)[number]];
  return (
    classes(t) === 'missing-in-ledger:1 timing:1' &&
    classes(o) === 'duplicate:1 missing-in-ledger:1' &&
    t.lines.ownOutcomes > 0 &&
    t.matches.byRule.reference === t.lines.ownOutcomes + 1 &&
    o.matches.byRule['fee-difference'] === 1 &&
    o.matches.byRule['amount-date-name'] === 1 &&
    !t.balancing.flagged &&
    o.balancing.flagged &&
    o.balancing.unexplained === '-25.00'
  );
}
