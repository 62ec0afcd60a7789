/**
 * The day's statement of an account as the bank sends it: camt.053.001.02 (ISO 20022 XML) or MT940
 * (SWIFT text), from the account's booked transactions. The opening balance is the balance after the
 * last booking before the day (or the account's opening balance), the closing one after the day's
 * last booking; a day without bookings is a statement without entries. Amounts in minor units,
 * written as decimals; nothing is a float. Written here, by the simulator: nothing of ours is used.
 */
import type { Account } from './seed.js';
import { BANK_CODE, BANK_NAME } from './seed.js';

export interface DayStatement {
  account: Account;
  /** The statement's last day (its closing balance's date). */
  date: string;
  /** Its first day: the same as `date` for a day's statement, the 1st for a month's. */
  from: string;
  /** Statement number: the day's ordinal since the account was opened. */
  number: number;
  opening: number;
  closing: number;
  entries: Account['transactions'];
}

export function dayStatement(account: Account, date: string): DayStatement {
  return periodStatement(account, date, date);
}

/** The month's statement (`YYYY-MM`): every booking from the 1st to the month's last day. */
export function monthStatement(account: Account, month: string): DayStatement {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  const s = periodStatement(account, `${month}-01`, last);
  return { ...s, number: (y - 2000) * 12 + m };
}

function periodStatement(account: Account, from: string, date: string): DayStatement {
  const before = account.transactions.filter((t) => t.date < from);
  const entries = account.transactions.filter((t) => t.date >= from && t.date <= date);
  const opening = before.length ? before[before.length - 1]!.balanceAfter : account.openingBalance;
  const closing = entries.length ? entries[entries.length - 1]!.balanceAfter : opening;
  const number = Math.max(1, Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${account.opened}T00:00:00Z`)) / 86_400_000));
  return { account, date, from, number, opening, closing, entries };
}

const decimal = (minor: number) => {
  const a = Math.abs(minor);
  return `${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
};
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** A booking's transaction details, when it has any: its batch's message id, its end-to-end id and the other party's name. */
function details(t: Account['transactions'][number]): string {
  if (!t.endToEndId && !t.counterparty && !t.batch) return '';
  const role = t.amount < 0 ? 'Cdtr' : 'Dbtr';
  const ids = `${t.batch ? `<MsgId>${esc(t.batch)}</MsgId>` : ''}${t.endToEndId ? `<EndToEndId>${esc(t.endToEndId)}</EndToEndId>` : ''}`;
  const refs = ids ? `<Refs>${ids}</Refs>` : '';
  const party = t.counterparty ? `<RltdPties><${role}><Nm>${esc(t.counterparty.slice(0, 140))}</Nm></${role}></RltdPties>` : '';
  return `<NtryDtls><TxDtls>${refs}${party}</TxDtls></NtryDtls>`;
}

export function camt053(s: DayStatement): string {
  const id = `STMT-${s.account.accountNumber}-${s.from === s.date ? '' : `${s.from.replace(/-/g, '')}-`}${s.date.replace(/-/g, '')}`;
  const bal = (code: string, minor: number, on: string) =>
    `<Bal><Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp><Amt Ccy="${s.account.currency}">${decimal(minor)}</Amt><CdtDbtInd>${minor < 0 ? 'DBIT' : 'CRDT'}</CdtDbtInd><Dt><Dt>${on}</Dt></Dt></Bal>`;
  const entries = s.entries
    .map(
      (t) =>
        `<Ntry><NtryRef>${t.seq}</NtryRef><Amt Ccy="${s.account.currency}">${decimal(t.amount)}</Amt><CdtDbtInd>${t.amount < 0 ? 'DBIT' : 'CRDT'}</CdtDbtInd><Sts>BOOK</Sts>` +
        `<BookgDt><Dt>${t.date}</Dt></BookgDt><ValDt><Dt>${t.date}</Dt></ValDt><AcctSvcrRef>${s.account.accountNumber}-${t.seq}</AcctSvcrRef>` +
        `<BkTxCd><Prtry><Cd>${t.amount < 0 ? 'NDDT' : 'NTRF'}</Cd></Prtry></BkTxCd>${details(t)}<AddtlNtryInf>${esc(t.description.slice(0, 500))}</AddtlNtryInf></Ntry>`,
    )
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>` +
    `<GrpHdr><MsgId>${id}</MsgId><CreDtTm>${s.date}T23:00:00</CreDtTm></GrpHdr>` +
    `<Stmt><Id>${id}</Id><ElctrncSeqNb>${s.number}</ElctrncSeqNb><CreDtTm>${s.date}T23:00:00</CreDtTm>` +
    `<Acct><Id><IBAN>${s.account.iban}</IBAN></Id><Ccy>${s.account.currency}</Ccy><Ownr><Nm>${esc(s.account.holder)}</Nm></Ownr><Svcr><FinInstnId><Nm>${BANK_NAME}</Nm></FinInstnId></Svcr></Acct>` +
    `${bal('OPBD', s.opening, s.from)}${bal('CLBD', s.closing, s.date)}${entries}</Stmt></BkToCstmrStmt></Document>\n`
  );
}

/** MT940 text (SWIFT character set: the description's other characters replaced). */
export function mt940(s: DayStatement): string {
  const yymmdd = s.date.slice(2).replace(/-/g, '');
  const fromYymmdd = s.from.slice(2).replace(/-/g, '');
  const amt = (minor: number) => decimal(minor).replace('.', ',');
  const swift = (text: string) => text.normalize('NFKD').replace(/[^A-Za-z0-9/?:().,'+ -]/g, ' ');
  const lines = [
    `:20:${`STMT${yymmdd}${s.number}`.slice(0, 16)}`,
    `:25:${BANK_CODE}/${s.account.accountNumber}`,
    `:28C:${s.number}/1`,
    `:60F:${s.opening < 0 ? 'D' : 'C'}${fromYymmdd}${s.account.currency}${amt(s.opening)}`,
  ];
  for (const t of s.entries) {
    const on = t.date.slice(2).replace(/-/g, '');
    lines.push(`:61:${on}${on.slice(2)}${t.amount < 0 ? 'D' : 'C'}${amt(t.amount)}N${t.amount < 0 ? 'DDT' : 'TRF'}${t.endToEndId || t.batch ? swift((t.endToEndId ?? t.batch)!).slice(0, 16) : 'NONREF'}//${s.account.accountNumber}-${t.seq}`);
    const text = swift(t.description);
    const chunks = text.match(/.{1,65}/g) ?? [''];
    lines.push(`:86:${chunks[0]}`, ...chunks.slice(1, 6));
  }
  lines.push(`:62F:${s.closing < 0 ? 'D' : 'C'}${yymmdd}${s.account.currency}${amt(s.closing)}`);
  return `{1:F01NSTBDEFFAXXX0000000000}{2:O940NSTBDEFFXXXX}{4:\r\n${lines.join('\r\n')}\r\n-}`;
}
