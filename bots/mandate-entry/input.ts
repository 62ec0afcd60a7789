/** What a mandate-entry item carries: the mandate as a source gave it, where it came from, and what reading it found. */
import { z } from 'zod';

/** A mandate as read from a form or a sheet: text, not yet checked. */
export const rawMandate = z.object({
  umr: z.string(),
  creditorId: z.string(),
  creditorName: z.string(),
  debtorName: z.string(),
  /** Up to two lines: street and number, post code and town. */
  debtorAddress: z.array(z.string()).default([]),
  debtorCountry: z.string().optional(),
  debtorIban: z.string(),
  debtorBic: z.string().optional(),
  /** CORE or B2B. */
  scheme: z.string(),
  /** recurrent or one-off (RCUR / OOFF are read as such too). */
  type: z.string(),
  /** YYYY-MM-DD. */
  signedOn: z.string(),
  signedAt: z.string(),
  b2bConfirmedByDebtorBank: z.boolean().optional(),
});
export type RawMandate = z.infer<typeof rawMandate>;

export const mandateSource = z.object({
  file: z.string(),
  sha256: z.string(),
  /** A sheet row, or a page of a scanned form. */
  kind: z.enum(['sheet', 'scan']),
  sheet: z.string().optional(),
  row: z.number().int().optional(),
  page: z.number().int().optional(),
  cells: z.record(z.string(), z.unknown()).optional(),
});

/** A field the reader could not read with confidence (OCR), or a cell the sheet reader refused. */
export const readingProblem = z.object({
  field: z.string(),
  message: z.string(),
  /** The crop of the form around the field (evidence path), for the handler. */
  crop: z.string().optional(),
});

/** A reading corrected by its check digits (one look-alike character), kept beside the value. */
export const readingCorrection = z.object({ field: z.string(), read: z.string(), corrected: z.string(), position: z.number().int() });

export const mandateEntryInput = z.object({
  mandate: rawMandate,
  /** `new`: add it to the register; `amendment`: change the register's mandate of this key to these terms. */
  action: z.enum(['new', 'amendment']).default('new'),
  source: mandateSource.optional(),
  readingProblems: z.array(readingProblem).optional(),
  corrections: z.array(readingCorrection).optional(),
  /** This row repeats the mandate key of an earlier row of the same file. */
  duplicateOfRow: z.number().int().optional(),
});
export type MandateEntryInput = z.infer<typeof mandateEntryInput>;

/** A type as sources write it → ours. */
export const mandateType = (text: string) => (/^(rcur|recurrent|recurring|wiederkehrend)$/i.test(text.trim()) ? 'recurrent' : /^(ooff|one-off|one off|oneoff|einmalig)$/i.test(text.trim()) ? 'one-off' : text);
