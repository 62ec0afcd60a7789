/**
 * One MT940 message to a `Statement` (opening `:60F:`/`:60M:`, closing `:62F:`/`:62M:`, available
 * `:64:` and forward available `:65:` balances, entries), or one MT942 message to an `EntryReport`
 * (floor limit `:34F:` for the currency, `:13D:`, entries, and the `:90D:`/`:90C:` totals checked
 * against the entries). Balances are not checked here: `read.ts` passes statements through
 * `checkedStatement`.
 */
import { Money } from '../../../banking/index.js';
import type { Balance, EntryReport, SourceRef, Statement, StatementAccount, StatementEntry } from '../../statement/index.js';
import { asIban } from '../iban-cache.js';
import { BankFileMalformed, EntryTotalsMismatch } from '../errors.js';
import { entryDateNear, swiftAmount, swiftDate, type AsWritten, type Where } from '../values.js';
import { parseField61 } from './field-61.js';
import { parseField86 } from './field-86.js';
import type { SwiftMessage, TagField } from './fields.js';

export interface MessageContext {
  file: string;
  sha256?: string;
  warnings: string[];
}

/** What an MT942 says beyond its entries: when it was made (`:13D:`) and its floor limits (`:34F:`). */
export interface Mt942Info {
  /** `:13D:` as ISO 8601 (`2017-01-19T18:15+01:00`; without an offset when `:13:` gives none), or null. */
  dateTime: string | null;
  /** `:34F:` floor limits: entries at or below are not reported. `D`/`C` for one side, `DC` for both. */
  floorLimits: { mark: 'D' | 'C' | 'DC'; amount: Money }[];
}

export type BuiltMessage = { kind: 'mt940'; statement: Statement } | { kind: 'mt942'; report: EntryReport; info: Mt942Info };

const BALANCE = /^([DC])(\d{6})([A-Z]{3})(\d[\d,]*)$/;
const FLOOR_LIMIT = /^([A-Z]{3})([DC]?)(\d[\d,]*)$/;
const TOTALS = /^(\d+)([A-Z]{3})(\d[\d,]*)$/;
const DATE_TIME = /^(\d{6})(\d\d)(\d\d)(?:([+-]\d\d)(\d\d))?$/;
const IGNORED = new Set(['21', 'NS']);

function sourceRef(ctx: MessageContext, f: TagField): SourceRef {
  return { file: ctx.file, ...(ctx.sha256 ? { sha256: ctx.sha256 } : {}), line: f.line, source: `:${f.tag}:` };
}

const where = (ctx: MessageContext, f: TagField): Where => ({ file: ctx.file, where: `line ${f.line}, :${f.tag}:` });

function malformed(ctx: MessageContext, f: TagField | { line: number }, reason: string): BankFileMalformed {
  return new BankFileMalformed({ file: ctx.file, problem: 'syntax', reason, where: `line ${f.line}` });
}

function balanceOf(ctx: MessageContext, f: TagField): Balance {
  const text = f.value.split('\n')[0]!.trim();
  const m = BALANCE.exec(text);
  if (!m) throw malformed(ctx, f, `the :${f.tag}: balance "${text.slice(0, 40)}" cannot be read (expected D/C, date YYMMDD, currency, amount)`);
  const at = where(ctx, f);
  const asWritten: AsWritten = {};
  const date = swiftDate(m[2]!, at, `:${f.tag}: date`, asWritten);
  return {
    amount: swiftAmount(m[4]!, m[3]!, m[1] === 'D', at, `:${f.tag}: balance`),
    date,
    type: f.tag,
    provenance: withAsWritten(sourceRef(ctx, f), asWritten),
  };
}

function withAsWritten(ref: SourceRef, asWritten: AsWritten): SourceRef {
  for (const _ in asWritten) return { ...ref, asWritten };
  return ref;
}

function accountOf(value: string): StatementAccount {
  const id = value.trim();
  const iban = asIban(id);
  if (iban) return { id, iban };
  const slash = /^([A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?)\/(.+)$/.exec(id.toUpperCase());
  const slashIban = slash ? asIban(slash[2]!) : undefined;
  return slashIban ? { id, bic: slash![1]!, iban: slashIban } : { id };
}

interface EntryDraft {
  f61: TagField;
  f86: TagField[];
}

function entryOf(ctx: MessageContext, d: EntryDraft, currency: string): StatementEntry {
  const at = where(ctx, d.f61);
  const l = parseField61(d.f61.value, at);
  const asWritten: AsWritten = {};
  const valueDate = swiftDate(l.valueDate, at, ':61: value date', asWritten);
  const details = parseField86(d.f86.map((f) => f.value));
  const references = details.references;
  if (l.customerReference && !/^NONREF$/i.test(l.customerReference)) references.customerReference = l.customerReference;
  if (l.bankReference && !/^NONREF$/i.test(l.bankReference)) references.bankReference = l.bankReference;
  const extra = details.extra;
  if (l.fundsCode) extra['61/fundsCode'] = l.fundsCode;
  if (l.supplementary) extra['61/supplementary'] = l.supplementary;
  const entry: StatementEntry = {
    bookingDate: l.entryDate ? entryDateNear(l.entryDate, valueDate, at, asWritten, ':61: entry date') : null,
    valueDate,
    amount: swiftAmount(l.amount, currency, l.mark === 'D' || l.mark === 'RC', at, ':61: amount'),
    references,
    remittance: details.remittance,
    provenance: withAsWritten(sourceRef(ctx, d.f61), asWritten),
  };
  if (l.mark.startsWith('R')) entry.reversal = true;
  let counterparty = details.counterparty;
  const supplementaryIban = !counterparty?.iban && l.supplementary ? asIban(l.supplementary) : undefined;
  if (supplementaryIban) counterparty = { ...counterparty, iban: supplementaryIban };
  if (counterparty) entry.counterparty = counterparty;
  if (l.typeCode) entry.transactionCode = l.typeCode;
  for (const _ in extra) {
    entry.extra = extra;
    break;
  }
  return entry;
}

function floorLimitOf(ctx: MessageContext, f: TagField): Mt942Info['floorLimits'][number] {
  const text = f.value.trim();
  const m = FLOOR_LIMIT.exec(text);
  if (!m) throw malformed(ctx, f, `the :34F: floor limit "${text.slice(0, 40)}" cannot be read (expected currency, optional D/C, amount)`);
  return { mark: (m[2] || 'DC') as 'D' | 'C' | 'DC', amount: swiftAmount(m[3]!, m[1]!, false, where(ctx, f), ':34F: floor limit') };
}

function dateTimeOf(ctx: MessageContext, f: TagField): string {
  const text = f.value.trim();
  const m = DATE_TIME.exec(text);
  if (!m || Number(m[2]) > 23 || Number(m[3]) > 59) throw malformed(ctx, f, `the :${f.tag}: date and time "${text.slice(0, 40)}" cannot be read (expected YYMMDDhhmm+hhmm)`);
  return `${swiftDate(m[1]!, where(ctx, f), `:${f.tag}: date`)}T${m[2]}:${m[3]}${m[4] ? `${m[4]}:${m[5]}` : ''}`;
}

function checkTotals(ctx: MessageContext, f: TagField, entries: StatementEntry[], currency: string): void {
  const text = f.value.trim();
  const m = TOTALS.exec(text);
  if (!m) throw malformed(ctx, f, `the :${f.tag}: totals "${text.slice(0, 40)}" cannot be read (expected count, currency, amount)`);
  const debit = f.tag === '90D';
  const mine = entries.filter((e) => (debit ? e.amount.isNegative() : !e.amount.isNegative()));
  const stated = swiftAmount(m[3]!, m[2]!, false, where(ctx, f), `:${f.tag}: total`);
  const sum = Money.sum(mine.map((e) => e.amount.abs()), currency);
  if (Number(m[1]) !== mine.length || !stated.equals(sum)) {
    throw new EntryTotalsMismatch({
      file: ctx.file,
      problem: 'totals-mismatch',
      reason: `the ${debit ? 'debit' : 'credit'} totals :${f.tag}: say ${Number(m[1])} entries for ${stated.toString()} ${stated.currency}, the entries are ${mine.length} for ${sum.toString()} ${currency}`,
      where: `line ${f.line}`,
    });
  }
}

export function buildMessage(msg: SwiftMessage, ctx: MessageContext): BuiltMessage {
  let id: TagField | undefined;
  let account: TagField | undefined;
  let sequence: TagField | undefined;
  let opening: TagField | undefined;
  let closing: TagField | undefined;
  const floorLimits: TagField[] = [];
  let dateTime: TagField | undefined;
  const others: TagField[] = [];
  const totals: TagField[] = [];
  const drafts: EntryDraft[] = [];
  let last: EntryDraft | undefined;
  for (const f of msg.fields) {
    switch (f.tag) {
      case '20':
        // A second :20: or :25: in one statement would silently replace the first (a broken :86: read as tags).
        if (id) throw malformed(ctx, f, `a second transaction reference :20: ("${f.value.trim().slice(0, 35)}") in statement "${id.value.trim()}"`);
        id = f;
        break;
      case '25':
        if (account) throw malformed(ctx, f, `a second account :25: in statement "${id?.value.trim() ?? ''}" (the first on line ${account.line})`);
        account = f;
        break;
      case '28':
      case '28C':
        sequence = f;
        break;
      case '60':
      case '60F':
      case '60M':
        if (opening) throw malformed(ctx, f, `a second opening balance :${f.tag}: in statement "${id?.value ?? ''}"`);
        opening = f;
        break;
      case '61':
        if (closing) throw malformed(ctx, f, `a :61: entry after the closing balance :${closing.tag}:`);
        last = { f61: f, f86: [] };
        drafts.push(last);
        continue;
      case '86':
        if (last) {
          last.f86.push(f);
          continue;
        }
        break; // information to the whole statement (after the closing balance): not an entry's
      case '62':
      case '62F':
      case '62M':
        if (closing) throw malformed(ctx, f, `a second closing balance :${f.tag}: in statement "${id?.value ?? ''}"`);
        closing = f;
        break;
      case '64':
      case '65':
        others.push(f);
        break;
      case '34F':
        floorLimits.push(f);
        break;
      case '13':
      case '13D':
        dateTime = f;
        break;
      case '90D':
      case '90C':
        totals.push(f);
        break;
      default:
        if (!IGNORED.has(f.tag)) ctx.warnings.push(`${ctx.file} line ${f.line}: tag :${f.tag}: is not read`);
    }
    last = undefined;
  }
  const start = { line: msg.line };
  if (!id) throw malformed(ctx, start, 'a message without a transaction reference :20:');
  if (!account) throw malformed(ctx, id, `statement "${id.value}" has no account identification :25:`);
  const common = {
    id: id.value.trim(),
    ...(sequence ? { sequence: sequence.value.trim() } : {}),
    account: accountOf(account.value),
    provenance: sourceRef(ctx, id),
  };
  if (opening || closing) {
    if (!opening) throw malformed(ctx, id, `statement "${common.id}" has no opening balance :60F:/:60M:`);
    if (!closing) throw malformed(ctx, id, `statement "${common.id}" has no closing balance :62F:/:62M: (is the file cut off?)`);
    const open = balanceOf(ctx, opening);
    const statement: Statement = {
      format: 'mt940',
      ...common,
      currency: open.amount.currency,
      opening: open,
      closing: balanceOf(ctx, closing),
      otherBalances: others.map((f) => balanceOf(ctx, f)),
      entries: drafts.map((d) => entryOf(ctx, d, open.amount.currency)),
    };
    return { kind: 'mt940', statement };
  }
  const floorLimit = floorLimits[0];
  if (!floorLimit && !totals.length) {
    throw malformed(ctx, id, `statement "${common.id}" has no opening balance :60F: (MT940) nor floor limit :34F: (MT942)`);
  }
  const currency = floorLimit ? FLOOR_LIMIT.exec(floorLimit.value.trim())?.[1] : TOTALS.exec(totals[0]!.value.trim())?.[2];
  if (!currency) throw malformed(ctx, floorLimit ?? totals[0]!, `the :${(floorLimit ?? totals[0]!).tag}: field has no currency`);
  const entries = drafts.map((d) => entryOf(ctx, d, currency));
  for (const t of totals) checkTotals(ctx, t, entries, currency);
  return {
    kind: 'mt942',
    report: { format: 'mt942', ...common, currency, balances: others.map((f) => balanceOf(ctx, f)), entries },
    info: { dateTime: dateTime ? dateTimeOf(ctx, dateTime) : null, floorLimits: floorLimits.map((f) => floorLimitOf(ctx, f)) },
  };
}
