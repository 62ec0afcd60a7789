/**
 * A simulated account's statement of a day kept for the reconciliation as statement-fetch would keep
 * it: written as camt.053 by the simulator's own writer under the data directory, and recorded in the
 * statement book of a runtime. For tests of the reconciliation that need no browser.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import { reconcileService, type ReconcileStores } from '../../bots/reconcile/index.js';
import type { Account } from '../../legacy-bank/seed.js';
import { camt053, dayStatement } from '../../legacy-bank/statement-files.js';
import { ownKeys } from '../../queue/keys.js';
import type { Runtime } from '../../queue/runtime.js';

/** The reconciliation's books of a test runtime. */
export const booksOf = (rt: Runtime): ReconcileStores => reconcileService.make({ config: rt.config, redis: rt.redis, keyPrefix: ownKeys(rt.prefix), secrets: rt.secrets, log: rt.log });

/** Books a movement on a test account (minor units, running balance kept). */
export function bookTest(account: Account, date: string, amount: number, description: string, extra: { endToEndId?: string; counterparty?: string } = {}): void {
  const last = account.transactions[account.transactions.length - 1];
  const balanceAfter = (last?.balanceAfter ?? account.openingBalance) + amount;
  account.balance = balanceAfter;
  account.transactions.push({ seq: account.transactions.length + 1, date, description, amount, balanceAfter, ...extra });
}

export async function keepDayStatement(rt: Runtime, books: ReconcileStores, account: Account, date: string): Promise<void> {
  const s = dayStatement(account, date);
  const xml = camt053(s);
  const file = path.join(inject('dataDir'), 'statements', rt.prefix, account.accountNumber, `${date}.xml`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, xml);
  const dec = (m: number) => (m / 100).toFixed(2); // whole cents below 2^53: exact
  await books.statements.record(account.accountNumber, { date, opening: dec(s.opening), closing: dec(s.closing), currency: 'EUR', file, sha256: createHash('sha256').update(xml).digest('hex'), entries: s.entries.length });
}

/** A test account of the simulated bank (no history). */
export const testAccount = (accountNumber: string, openingBalance: number): Account => ({
  accountNumber,
  iban: `DE00TEST${accountNumber}`,
  customerId: 'C-TEST',
  holder: 'Test Holder',
  currency: 'EUR',
  balance: openingBalance,
  openingBalance,
  overdraftLimit: 0,
  opened: '2026-01-01',
  transactions: [],
});

/** A camt.054 credit notification of incoming payments booked on 2027-01-08 (each with the payer's name and remittance text). */
export function creditNotification(iban: string, entries: { amount: string; name: string; text: string }[]): string {
  const ntry = entries
    .map(
      (e, i) =>
        `<Ntry><NtryRef>${i + 1}</NtryRef><Amt Ccy="EUR">${e.amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2027-01-08</Dt></BookgDt><ValDt><Dt>2027-01-08</Dt></ValDt>` +
        `<NtryDtls><TxDtls><RltdPties><Dbtr><Nm>${e.name}</Nm></Dbtr></RltdPties><RmtInf><Ustrd>${e.text}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"><BkToCstmrDbtCdtNtfctn><GrpHdr><MsgId>NTF-REC-1</MsgId><CreDtTm>2027-01-08T18:00:00</CreDtTm></GrpHdr><Ntfctn><Id>NTF-REC-1</Id><Acct><Id><IBAN>${iban}</IBAN></Id></Acct>${ntry}</Ntfctn></BkToCstmrDbtCdtNtfctn></Document>`;
}
