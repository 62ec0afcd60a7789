/**
 * How a break is shown to the person deciding it: the decision's fields; where it came from; the
 * statement entry or ledger line itself with its file and line, and beside it the lines it relates to
 * and the account's open lines that could match it, each with the id a manual match names.
 */
import type { BotPresentation, EvidenceTable } from '../kit/index.js';
import type { StoredLine } from '../reconcile/index.js';
import type { BreakInput } from './break-item.js';

const COLUMNS = ['Id', 'Side', 'Date', 'Amount', 'Counterparty', 'References', 'Source'];

const refs = (l: StoredLine) =>
  Object.entries(l.references)
    .map(([k, v]) => `${k}: ${v}`)
    .join('; ');
const row = (id: string, side: string, l: StoredLine): string[] => [
  id,
  side === 'bank' ? 'bank statement' : 'books',
  l.date,
  `${l.amount.amount} ${l.amount.currency}`,
  l.counterparty ?? '',
  refs(l),
  l.source ? `${l.source.file}${l.source.where ? ` ${l.source.where}` : l.source.at !== undefined ? ` ${side === 'bank' ? 'line' : 'row'} ${l.source.at}` : ''}` : '',
];

export const breakPresentation: BotPresentation<BreakInput> = {
  fields: [
    { path: 'resolution.action', label: 'Decision', hint: 'match, fee, write-off, timing or escalate' },
    { path: 'resolution.lines', label: 'Lines to match with (ids)', hint: 'for a match: ids from the evidence, e.g. ledger:INV-1041, bank:2027-01-05.xml#1.3' },
    { path: 'resolution.note', label: 'Why (kept with the break)', hint: 'e.g. card settlement of March, booked late in the books' },
  ],
  provenance: [
    { path: 'account', label: 'Account' },
    { path: 'day', label: 'Reconciliation day' },
    { path: 'class', label: 'Break class' },
    { path: 'ageDays', label: 'Age (business days)' },
    { path: 'reason', label: 'What is wrong' },
  ],
  sourceRow: (input) =>
    input.line.source
      ? {
          file: input.line.source.file,
          row: input.line.source.at ?? 0,
          cells: { Side: input.side === 'bank' ? 'bank statement entry' : 'ledger line', ...(input.line.source.where ? { Where: input.line.source.where } : {}), Date: input.line.date, Amount: `${input.line.amount.amount} ${input.line.amount.currency}`, Counterparty: input.line.counterparty ?? '', References: refs(input.line), Id: input.breakId },
        }
      : undefined,
  evidenceTables: (input): EvidenceTable[] => [
    { caption: input.side === 'bank' ? 'This statement entry' : 'This ledger line', columns: COLUMNS, rows: [row(input.breakId, input.side, input.line)] },
    ...(input.related.length ? [{ caption: 'Lines it relates to', columns: COLUMNS, rows: input.related.map((o) => row(o.id, o.side, o.line)) }] : []),
    { caption: 'Open lines of this account that could match it', columns: COLUMNS, rows: input.candidates.map((o) => row(o.id, o.side, o.line)) },
  ],
  wrongFields: (details) =>
    typeof details.field === 'string' && details.field.startsWith('resolution.')
      ? [{ path: details.field, reason: details.field === 'resolution.lines' ? 'these lines cannot be matched: see the reason above' : 'choose what to do with this break' }]
      : [],
  summary: (input) => ({ amount: input.line.amount.amount, currency: input.line.amount.currency, ...(input.line.counterparty ? { counterparty: input.line.counterparty } : {}) }),
};
