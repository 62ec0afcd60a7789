/**
 * A scanned SEPA mandate form → a mandate-entry item: the printed fields found by their labels
 * (English or German forms), the ticked type of payment and the signature found as ink, an IBAN or
 * creditor identifier whose check digits fail corrected only when exactly one look-alike character
 * makes it valid (the reading kept beside the correction), and every field that is missing, below the
 * confidence threshold or failing its check a reading problem with the crop of the form around it.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CONFUSABLE, isCreditorId, isIban, repairByCheckDigits } from '../../banking/index.js';
import { findLabel, inkReader, labelRegExp, type FieldResult, type FormResult, type FormSpec, type OcrPage } from '../../extractors/ocr/index.js';
import type { MandateEntryInput } from '../mandate-entry/index.js';

const FIELDS = {
  creditorName: { label: /Creditor\s+name\b|Name\s+des\s+Zahlungsempf[äa]ngers/i, direction: 'right' },
  creditorId: { label: /Creditor\s+identifier|Gl[äa]ubiger-?\s?Identifikationsnummer/i, direction: 'right', check: isCreditorId },
  umr: { label: /Mandate\s+reference|Mandatsreferenz/i, direction: 'right' },
  debtorName: { label: /Name\s+of\s+the\s+debtor|Name\s+des\s+Zahlungspflichtigen|Kontoinhaber/i, direction: 'right' },
  street: { label: /Street\s+and\s+number|Stra(?:ß|ss)e\s+und\s+Hausnummer/i, direction: 'right' },
  town: { label: /Postal\s+code\s+and\s+city|PLZ\s+und\s+Ort/i, direction: 'right' },
  country: { label: /Country\s*:|Land\s*:/i, direction: 'right', pattern: /\b[A-Z]{2}\b/ },
  iban: { label: /\bIBAN\b/, direction: 'right', check: isIban },
  bic: { label: /\bBIC\b/, direction: 'right', pattern: /\b[A-Z0-9]{8}(?:[A-Z0-9]{3})?\b/ },
  place: { label: /Place\s+of\s+signature|Ort\s+der\s+Unterschrift/i, direction: 'right' },
  signedOn: { label: /\bDate\s*:|Datum\s*:/i, direction: 'right', pattern: /\d{2}[./-]\d{2}[./-]\d{4}/ },
} as const;

export const MANDATE_FORM_SPEC: FormSpec<keyof typeof FIELDS> = { fields: FIELDS };
type FormField = keyof typeof FIELDS;

/** The labels of the marks OCR does not read. */
const MARKS = {
  // OCR may join the words ("Recurrent-payment").
  recurrent: /Recurrent[\s-]*payment|Wiederkehrende[\s-]*Zahlung/i,
  oneOff: /One[\s-]*off[\s-]*payment|Einmalige[\s-]*Zahlung/i,
  // Not "Place of signature:" / "Ort der Unterschrift:".
  signature: /(?<!\bof\s)Signature\s*:|(?<!\bder\s)Unterschrift\s*:/i,
};

/** Share of a signature area's pixels that must be ink (not ruling) for it to count as signed. */
const MARK_INK = 0.004;
/** A ticked box: this share of ink around it at least, and this much more than the other box. */
const TICK_INK = 0.025;
const TICK_MARGIN = 0.025;

/** Which field of the mandate a form field fills. */
const MANDATE_FIELD: Record<FormField, string> = {
  creditorName: 'creditorName',
  creditorId: 'creditorId',
  umr: 'umr',
  debtorName: 'debtorName',
  street: 'debtorAddress',
  town: 'debtorAddress',
  country: 'debtorCountry',
  iban: 'debtorIban',
  bic: 'debtorBic',
  place: 'signedAt',
  signedOn: 'signedOn',
};
const OPTIONAL = new Set<FormField>(['bic', 'country']);

const REASONS: Record<string, string> = {
  'label-not-found': 'the field was not found on the form',
  'value-not-found': 'nothing was read next to its label',
  'check-failed': 'its check digits fail, and no single look-alike character explains it',
  'low-confidence': 'it was read with low confidence',
};

export interface ReadMandateForm {
  /** The item as the reader makes it (source, reading problems and corrections included). */
  input: MandateEntryInput;
  /** Per form field: the value read (after correction) and whether a person must look. */
  fields: Record<FormField, { value: string | null; needsReview: boolean; corrected?: boolean }>;
  marks: { type: 'recurrent' | 'one-off' | null; signed: boolean };
}

/**
 * Turns an OCR'd form into a mandate-entry item. `evidenceDir` receives the crops of the fields a
 * person must look at (`<name>-<field>.png`); their paths (relative to `dataDir`) go into the problems.
 */
export async function mandateFromForm(
  form: FormResult<FormField>,
  source: { file: string; sha256: string; page?: number },
  evidence: { dataDir: string; dir: string; name: string },
  options: { minConfidence: number; creditors?: readonly { id: string; name: string }[] },
): Promise<ReadMandateForm> {
  const problems: NonNullable<MandateEntryInput['readingProblems']> = [];
  const corrections: NonNullable<MandateEntryInput['corrections']> = [];
  const fields = {} as ReadMandateForm['fields'];
  const saveCrop = async (field: string, crop?: Buffer) => {
    if (!crop) return undefined;
    const file = path.join(evidence.dir, `${evidence.name}-${field}.png`);
    await mkdir(evidence.dir, { recursive: true });
    await writeFile(file, crop);
    return path.relative(evidence.dataDir, file);
  };
  for (const key of Object.keys(FIELDS) as FormField[]) {
    const r: FieldResult = form.fields[key];
    // Specks and strokes read as words ("-", ".", "~") are not part of a value.
    let value = r.value === null ? null : r.value.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).join(' ') || null;
    let review = r.needsReview || (value === null && !OPTIONAL.has(key));
    let corrected = false;
    if (r.reason === 'check-failed' && value && (key === 'iban' || key === 'creditorId')) {
      // A creditor id's business code (positions 5–7) is outside its check: never "corrected".
      const repaired = repairByCheckDigits(value, key === 'iban' ? isIban : isCreditorId, key === 'creditorId' ? (i) => i < 4 || i >= 7 : undefined);
      if (repaired.outcome === 'repaired') {
        corrections.push({ field: MANDATE_FIELD[key], read: value, corrected: repaired.value, position: repaired.repair.position });
        value = repaired.value;
        corrected = true;
        // Corrected by its check digits; still a person's when the rest was read with low confidence.
        review = r.confidence < options.minConfidence;
      }
    }
    if (OPTIONAL.has(key) && r.reason === 'label-not-found') review = false;
    fields[key] = { value, needsReview: review, ...(corrected ? { corrected } : {}) };
    if (review) {
      const crop = await saveCrop(key, r.crop);
      problems.push({ field: MANDATE_FIELD[key], message: `${REASONS[r.reason ?? ''] ?? 'it needs a look'} (read: "${(r.value ?? '').slice(0, 40)}")`, ...(crop ? { crop } : {}) });
    }
  }
  if (options.creditors?.length) checkCreditor(fields, options.creditors, corrections, problems);
  const marks = readMarks(form.pages);
  if (!marks.type) problems.push({ field: 'type', message: 'neither or both of "recurrent" and "one-off" are ticked' });
  if (!marks.signed) problems.push({ field: 'signedOn', message: 'the signature box holds no signature' });

  const v = (k: FormField) => fields[k].value ?? '';
  const input: MandateEntryInput = {
    mandate: {
      umr: v('umr'),
      creditorId: v('creditorId'),
      creditorName: v('creditorName'),
      debtorName: v('debtorName'),
      debtorAddress: [v('street'), v('town')].filter(Boolean),
      ...(v('country') ? { debtorCountry: v('country') } : {}),
      debtorIban: v('iban'),
      ...(v('bic') ? { debtorBic: v('bic') } : {}),
      scheme: 'CORE',
      type: marks.type ?? '',
      signedOn: v('signedOn').replace(/^(\d{2})[./-](\d{2})[./-](\d{4})$/, '$3-$2-$1'),
      signedAt: v('place'),
    },
    action: 'new',
    source: { file: path.isAbsolute(source.file) ? path.basename(source.file) : source.file, sha256: source.sha256, kind: 'scan', ...(source.page ? { page: source.page } : {}) },
    ...(problems.length ? { readingProblems: problems } : {}),
    ...(corrections.length ? { corrections } : {}),
  };
  return { input, fields, marks };
}

/** Each character the same, or a look-alike of it (O/0, Z/2, Z/7 …): a misreading of the known text. */
function lookAlike(read: string, known: string): boolean {
  if (read.length !== known.length) return false;
  return [...read].every((ch, i) => ch === known[i] || (CONFUSABLE[ch] ?? []).includes(known[i]!) || (ch === '7' && known[i] === 'Z') || (ch === 'Z' && known[i] === '7'));
}

/**
 * The form's creditor against the bank's creditors: found by country and national identifier (what the
 * check digits cover), its business code and name then taken from the creditor's record when the form's
 * are a misreading of them. A creditor the bank does not collect for is a problem for a person.
 */
function checkCreditor(
  fields: ReadMandateForm['fields'],
  creditors: readonly { id: string; name: string }[],
  corrections: NonNullable<MandateEntryInput['corrections']>,
  problems: NonNullable<MandateEntryInput['readingProblems']>,
): void {
  const read = (fields.creditorId.value ?? '').replace(/\s+/g, '').toUpperCase();
  // The same creditor may collect under several business codes: the one read, else the one it is a misreading of.
  const candidates = creditors.map((c) => ({ ...c, id: c.id.replace(/\s+/g, '').toUpperCase() })).filter((c) => c.id.slice(0, 4) === read.slice(0, 4) && c.id.slice(7) === read.slice(7));
  const exact = candidates.filter((c) => c.id === read);
  const alike = candidates.filter((c) => lookAlike(read.slice(4, 7), c.id.slice(4, 7)));
  const known = exact.length === 1 ? exact[0] : alike.length === 1 ? alike[0] : undefined;
  if (!known) {
    const message = candidates.length
      ? `the business code "${read.slice(4, 7)}" is none of the creditor's (${candidates.map((c) => c.id.slice(4, 7)).join(', ')})`
      : `"${read.slice(0, 35)}" is not the identifier of a creditor the bank collects for`;
    if (!fields.creditorId.needsReview || candidates.length) problems.push({ field: 'creditorId', message });
    fields.creditorId.needsReview = true;
    // A check-digit correction of an identifier a person must look at anyway is a suggestion, not a correction.
    for (let i = corrections.length - 1; i >= 0; i--) {
      if (corrections[i]!.field !== 'creditorId') continue;
      fields.creditorId.value = corrections[i]!.read;
      delete fields.creditorId.corrected;
      corrections.splice(i, 1);
    }
    return;
  }
  if (read !== known.id) corrections.push({ field: 'creditorId', read, corrected: known.id, position: 4 });
  fields.creditorId = { value: known.id, needsReview: false, ...(read !== known.id ? { corrected: true } : {}) };
  const name = fields.creditorName.value ?? '';
  if (name !== known.name) {
    corrections.push({ field: 'creditorName', read: name, corrected: known.name, position: 0 });
    fields.creditorName = { value: known.name, needsReview: false, corrected: true };
  }
  // The creditor's part is settled by its record: drop what the reading of it had flagged.
  for (let i = problems.length - 1; i >= 0; i--) if (problems[i]!.field === 'creditorId' || problems[i]!.field === 'creditorName') problems.splice(i, 1);
}

/** The ticked type of payment and whether the signature box holds ink, from the first page that shows them. */
export function readMarks(pages: OcrPage[]): ReadMandateForm['marks'] {
  for (const page of pages) {
    if (!page.image) continue;
    const recurrent = findLabel(page, labelRegExp(MARKS.recurrent));
    const oneOff = findLabel(page, labelRegExp(MARKS.oneOff));
    const signature = findLabel(page, labelRegExp(MARKS.signature));
    if (!recurrent && !oneOff && !signature) continue;
    const ink = inkReader(page.image);
    // A box stands left of its label, about as tall as the text: look in a square of 2 text heights
    // there; or at the start of the label's first word when OCR read the box as part of it ("XRecurrent").
    const boxInk = (l: typeof recurrent) => {
      if (!l) return 0;
      const h = l.box.height;
      const glued = !l.words[0]!.text.startsWith(l.text.slice(0, 1));
      return ink.inkRatio({ x: glued ? l.box.x - 0.2 * h : l.box.x - 2.6 * h, y: l.box.y - 0.6 * h, width: 2.4 * h, height: 2.2 * h });
    };
    const [r, o] = [boxInk(recurrent), boxInk(oneOff)];
    // Ticked: clearly more ink than the other box, whose border alone may show (a slanted border is not ruled out).
    const ticked = (a: number, b: number) => a > TICK_INK && a > b + TICK_MARGIN;
    const type = ticked(r, o) ? 'recurrent' : ticked(o, r) ? 'one-off' : null;
    let signed = false;
    if (signature) {
      const h = signature.box.height;
      // The signature area: right of the label, from a little above it to a few lines below.
      const area = ink.inkRatio({ x: signature.box.x + signature.box.width + 2 * h, y: signature.box.y - 2 * h, width: 40 * h, height: 9 * h });
      signed = area > MARK_INK;
    }
    return { type, signed };
  }
  return { type: null, signed: false };
}
