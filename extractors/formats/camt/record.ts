/**
 * One camt record — a statement (`Stmt`, camt.053), a notification (`Ntfctn`, camt.054) or an
 * account report (`Rpt`, camt.052) — to the shared shape. Balances by type (`Bal/Tp/CdOrPrtry/Cd`):
 * opening is `OPBD`, else `PRCD` (previous closing booked), else the first `ITBD` (a later page of
 * a paginated statement); closing is `CLBD`, else the last `ITBD`. Every other balance (`OPAV`,
 * `CLAV`, `FWAV`, `ITAV`, `INFO`, `XPCD`...) is kept in `otherBalances`, in document order.
 */
import type { Balance, EntryReport, Statement, StatementAccount } from '../../statement/index.js';
import { BankFileMalformed } from '../errors.js';
import { given, kid, kids, required, type XmlNode } from '../xml/node.js';
import { dateOf, entryOf, signedAmount, sourceRef, type CamtContext } from './entry.js';

export type CamtMessage = 'camt.052' | 'camt.053' | 'camt.054';

function accountOf(ctx: CamtContext, rec: XmlNode, path: string): { account: StatementAccount; currency?: string } {
  const acct = kid(rec, 'Acct');
  const iban = given(acct, 'Id', 'IBAN');
  const id = iban ?? given(acct, 'Id', 'Othr', 'Id');
  if (!id) {
    throw new BankFileMalformed({ file: ctx.file, problem: 'missing-element', reason: 'the account has no identification (Acct/Id/IBAN or Acct/Id/Othr/Id)', where: `${path}/Acct` });
  }
  const account: StatementAccount = { id };
  if (iban) account.iban = iban.replace(/\s/g, '').toUpperCase();
  const bic = given(acct, 'Svcr', 'FinInstnId', 'BICFI') ?? given(acct, 'Svcr', 'FinInstnId', 'BIC');
  if (bic) account.bic = bic;
  const name = given(acct, 'Nm');
  if (name) account.name = name;
  const owner = given(acct, 'Ownr', 'Nm') ?? given(acct, 'Ownr', 'Pty', 'Nm');
  if (owner) account.owner = owner;
  const currency = given(acct, 'Ccy');
  return { account, ...(currency ? { currency } : {}) };
}

function balanceOf(ctx: CamtContext, bal: XmlNode, path: string): Balance {
  const type = given(bal, 'Tp', 'CdOrPrtry', 'Cd') ?? given(bal, 'Tp', 'CdOrPrtry', 'Prtry');
  if (!type) throw new BankFileMalformed({ file: ctx.file, problem: 'missing-element', reason: 'a balance has no type (Tp/CdOrPrtry/Cd)', where: path });
  const asWritten: Record<string, string> = {};
  const date = dateOf(ctx, kid(bal, 'Dt'), `${path}/Dt`, asWritten);
  const provenance = { ...sourceRef(ctx, path), ...(Object.keys(asWritten).length ? { asWritten } : {}) };
  return { amount: signedAmount(ctx, bal, path, `${type} balance`), date, type, provenance };
}

interface RecordParts {
  id: string;
  sequence?: string;
  account: StatementAccount;
  currency?: string;
  balances: Balance[];
  entries: ReturnType<typeof entryOf>[];
  path: string;
}

function partsOf(ctx: CamtContext, rec: XmlNode, path: string): RecordParts {
  const id = required(ctx, rec, path, 'Id');
  const sequence = given(rec, 'ElctrncSeqNb') ?? given(rec, 'LglSeqNb');
  const { account, currency } = accountOf(ctx, rec, path);
  return {
    id,
    ...(sequence ? { sequence } : {}),
    account,
    ...(currency ? { currency } : {}),
    balances: kids(rec, 'Bal').map((b, i) => balanceOf(ctx, b, `${path}/Bal[${i + 1}]`)),
    entries: kids(rec, 'Ntry').map((n, i) => entryOf(ctx, n, `${path}/Ntry[${i + 1}]`)),
    path,
  };
}

function missingBalance(ctx: CamtContext, p: RecordParts, which: string, codes: string): BankFileMalformed {
  const found = p.balances.map((b) => b.type).join(', ') || 'none';
  return new BankFileMalformed({
    file: ctx.file,
    problem: 'missing-element',
    reason: `statement "${p.id}" has no ${which} balance (Bal with type ${codes}; balances found: ${found}), so it cannot be checked`,
    where: p.path,
  });
}

export function statementOf(ctx: CamtContext, rec: XmlNode, path: string): Statement {
  const p = partsOf(ctx, rec, path);
  const pick = (...codes: string[]) => codes.map((c) => p.balances.find((b) => b.type === c)).find(Boolean);
  const interim = p.balances.filter((b) => b.type === 'ITBD');
  const booked = pick('CLBD');
  const opening = pick('OPBD', 'PRCD') ?? (booked || interim.length > 1 ? interim[0] : undefined);
  const closing = booked ?? (interim.length && interim[interim.length - 1] !== opening ? interim[interim.length - 1] : undefined);
  if (!opening) throw missingBalance(ctx, p, 'opening', 'OPBD, PRCD or ITBD');
  if (!closing) throw missingBalance(ctx, p, 'closing', 'CLBD or ITBD');
  return {
    format: 'camt.053',
    id: p.id,
    ...(p.sequence ? { sequence: p.sequence } : {}),
    account: p.account,
    currency: p.currency ?? opening.amount.currency,
    opening,
    closing,
    otherBalances: p.balances.filter((b) => b !== opening && b !== closing),
    entries: p.entries,
    provenance: sourceRef(ctx, path),
  };
}

export function reportOf(ctx: CamtContext, rec: XmlNode, path: string, format: 'camt.052' | 'camt.054'): EntryReport {
  const p = partsOf(ctx, rec, path);
  return {
    format,
    id: p.id,
    ...(p.sequence ? { sequence: p.sequence } : {}),
    account: p.account,
    currency: p.currency ?? p.entries[0]?.amount.currency ?? p.balances[0]?.amount.currency ?? 'XXX',
    balances: p.balances,
    entries: p.entries,
    provenance: sourceRef(ctx, path),
  };
}
