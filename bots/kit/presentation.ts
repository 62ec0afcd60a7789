/**
 * How a bot's items are shown to the people who work them (the exception page, the dispatch form,
 * the inbox): the fields a person reads and corrects, with the bank's labels; where the item came
 * from, read-only, with its source row as evidence; which field an error is about. A bot without
 * one is shown through its input schema as it is.
 */
export interface FieldView {
  /** Dotted path in the bot's input (`instruction.beneficiaryIban`). */
  path: string;
  /** The bank's label (`Beneficiary IBAN`). */
  label: string;
  /** What a person should know to fill it in (`DE89 3704 0044 0532 0130 00`). */
  hint?: string;
}

/** The spreadsheet or document row an item was read from. */
export interface SourceRowView {
  file: string;
  sheet?: string;
  row: number;
  /** The row's cells by column header, as read. */
  cells: Record<string, unknown>;
}

/** A field an error is about, and why. */
export interface WrongField {
  path: string;
  reason: string;
}

/** An image of the source beside a field (the crop of a scanned form around it). */
export interface FieldEvidence {
  path: string;
  /** The image, relative to the data directory (`evidence/<run>/page-3-iban.png`): only evidence files are ever shown. */
  image: string;
  /** For people, and the image's alternative text: what it shows. */
  caption: string;
}

/** A table of evidence beside the form (a break's statement entry, the ledger lines it could match). */
export interface EvidenceTable {
  caption: string;
  columns: string[];
  /** Cells as text; scraped or read text is shown escaped, never as markup. */
  rows: string[][];
}

/** A short line for lists (the inbox): what the item is about. */
export interface ItemSummary {
  amount?: string;
  currency?: string;
  counterparty?: string;
}

export interface BotPresentation<I = unknown> {
  /** The fields a person reads and corrects, in order. The input's other fields are kept as they are and never shown as editable. */
  fields: FieldView[];
  /** Where the item came from, shown read-only beside the form. */
  provenance?: FieldView[];
  /** The row the item was read from, shown as evidence beside the form. */
  sourceRow?(input: I): SourceRowView | undefined;
  /** The fields an error is about, from its details (highlighted in the form, with the reason). */
  wrongFields?(details: Record<string, unknown>): WrongField[];
  /** Images of the source beside the fields they show (a form's crops), for the person correcting them. */
  fieldEvidence?(input: I): FieldEvidence[];
  /** Tables of evidence beside the form (both sides of a reconciliation break). */
  evidenceTables?(input: I): EvidenceTable[];
  /** What a person's correction means beyond the fields they changed (e.g. the reader's row errors are then answered). */
  afterEdit?(before: I, after: I): I;
  /** Amount, currency and counterparty, for the inbox's columns. */
  summary?(input: I): ItemSummary;
}
