import type { BotPresentation, WrongField } from '../kit/index.js';
import type { MandateEntryInput } from './input.js';

/** Mandate fields by the names the banking rules give them, with the labels of a SEPA mandate form. */
const FIELDS = [
  { name: 'umr', label: 'Mandate reference (UMR)', hint: '1–35 SEPA characters, case-sensitive' },
  { name: 'creditorId', label: 'Creditor identifier', hint: 'e.g. DE98 ZZZ 0999 9999 999' },
  { name: 'creditorName', label: 'Creditor name' },
  { name: 'debtorName', label: 'Debtor name (account holder)' },
  { name: 'debtorAddress', label: 'Debtor address', hint: 'street and number; post code and town' },
  { name: 'debtorCountry', label: 'Debtor country', hint: 'ISO code, e.g. DE' },
  { name: 'debtorIban', label: 'Debtor IBAN', hint: 'e.g. DE89 3704 0044 0532 0130 00' },
  { name: 'debtorBic', label: 'Debtor BIC', hint: 'optional within SEPA' },
  { name: 'scheme', label: 'Scheme', hint: 'CORE or B2B' },
  { name: 'type', label: 'Type of payment', hint: 'recurrent or one-off' },
  { name: 'signedOn', label: 'Date of signature', hint: 'YYYY-MM-DD' },
  { name: 'signedAt', label: 'Place of signature' },
  { name: 'b2bConfirmedByDebtorBank', label: "Confirmed by the debtor's bank (B2B)" },
] as const;

const pathOf = (field: string) => `mandate.${field}`;
const known = new Set<string>(FIELDS.map((f) => f.name));

/** How mandates are shown to the people who correct them: the form's fields, the source beside them. */
export const mandatePresentation: BotPresentation<MandateEntryInput> = {
  fields: FIELDS.map((f) => ({ path: pathOf(f.name), label: f.label, ...('hint' in f ? { hint: f.hint } : {}) })),
  provenance: [
    { path: 'source.file', label: 'File' },
    { path: 'source.kind', label: 'Read from' },
    { path: 'source.page', label: 'Page' },
    { path: 'source.row', label: 'Row' },
  ],
  sourceRow: (input) =>
    input.source?.kind === 'sheet' && input.source.row !== undefined
      ? { file: input.source.file, ...(input.source.sheet ? { sheet: input.source.sheet } : {}), row: input.source.row, cells: input.source.cells ?? {} }
      : undefined,
  wrongFields: (details) => {
    const out: WrongField[] = [];
    const add = (field: unknown, reason: unknown) => {
      const name = typeof field === 'string' ? field.replace(/^debtorAddress\..*$/, 'debtorAddress') : '';
      if (known.has(name) && typeof reason === 'string') out.push({ path: pathOf(name), reason });
    };
    if (Array.isArray(details.problems)) for (const p of details.problems as { field?: unknown; message?: unknown }[]) add(p?.field, p?.message);
    if (Array.isArray(details.differences)) for (const d of details.differences as { field?: unknown; label?: unknown; register?: unknown }[]) {
      const map: Record<string, string> = { iban: 'debtorIban', bic: 'debtorBic', place: 'signedAt', address1: 'debtorAddress', address2: 'debtorAddress', country: 'debtorCountry', b2bConfirmed: 'b2bConfirmedByDebtorBank' };
      add(map[String(d?.field)] ?? d?.field, `the register holds "${String(d?.register ?? '')}"`);
    }
    if (typeof details.field === 'string') add(details.field, typeof details.reason === 'string' ? details.reason : 'this field is wrong');
    return out;
  },
  // The crop of the form around each field the reader doubted, beside the field.
  fieldEvidence: (input) =>
    (input.readingProblems ?? []).flatMap((p) =>
      p.crop && known.has(p.field)
        ? [{ path: pathOf(p.field), image: p.crop, caption: `The form${input.source?.page !== undefined ? `, page ${input.source.page}` : ''}, as scanned: ${p.message}` }]
        : [],
    ),
  // A person who corrected the fields has answered the reader's problems and the duplicate mark.
  afterEdit: (_before, after) => {
    const { readingProblems: _problems, duplicateOfRow: _duplicate, ...rest } = after;
    return rest;
  },
  summary: (input) => ({ counterparty: input.mandate?.debtorName }),
};
