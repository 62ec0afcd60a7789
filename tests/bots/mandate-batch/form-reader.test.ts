/**
 * The OCR proof of mandate forms: the 32 generated forms of tests/fixtures/mandate-forms (PNG,
 * bilevel TIFF and scanned PDF, 200 and 300 dpi, skewed, specked, stamped) read with the product's
 * form reader. Prints the share of fields read exactly after correction; no IBAN or creditor id, and
 * no other field, is ever accepted wrong without a person; a look-alike misreading is corrected by its
 * check digits and recorded beside the reading; the smudged IBAN and the unsigned form go to review.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANDATE_FORM_SPEC, mandateFromForm, type ReadMandateForm } from '../../../bots/mandate-batch/form-reader.js';
import { isCreditorId, isIban } from '../../../banking/index.js';
import { OcrPool, readForm } from '../../../extractors/ocr/index.js';
import { FORM_CREDITORS, MANDATE_FORMS, type FormCase } from '../../fixtures/mandate-forms/set.js';
import { renderMandateForm } from '../../fixtures/mandate-forms/render.js';

/**
 * `npm test` reads 18 of the 32 forms (every other one, and the unsigned and the smudged one: every
 * scan format, resolution and case); `npm run proofs` reads all 32 (PROOF_MANDATE_FORMS=32).
 */
const ALL = Number(process.env.PROOF_MANDATE_FORMS ?? 18) >= MANDATE_FORMS.length;
const FORMS = ALL ? MANDATE_FORMS : MANDATE_FORMS.filter((c, i) => i % 2 === 0 || !c.truth.signed || c.scan.ibanAsWritten === 'two-smudged');
const dir = mkdtempSync(path.join(tmpdir(), 'rpa-mandate-forms-'));
const pool = new OcrPool({ workers: 2, recycleAfterPages: 100, pageTimeoutMs: 120_000 });
const read = new Map<string, ReadMandateForm>();

beforeAll(async () => {
  await Promise.all(
    FORMS.map(async (c) => {
      const file = await renderMandateForm(c, dir);
      const form = await readForm(pool, file, MANDATE_FORM_SPEC, { minConfidence: 80 });
      read.set(c.name, await mandateFromForm(form, { file, sha256: 'test' }, { dataDir: dir, dir: path.join(dir, 'crops'), name: c.name }, { minConfidence: 80, creditors: FORM_CREDITORS }));
    }),
  );
}, 600_000);
afterAll(() => pool.close());

/** The truth of each field the reader reads, as the form shows it. */
const truthOf = (c: FormCase): Record<keyof ReadMandateForm['fields'], string> => ({
  creditorName: c.truth.creditorName,
  creditorId: c.truth.creditorId,
  umr: c.truth.umr,
  debtorName: c.truth.debtorName,
  street: c.truth.street,
  town: c.truth.town,
  country: c.truth.country,
  iban: c.truth.iban,
  bic: c.truth.bic,
  place: c.truth.place,
  signedOn: c.truth.signedOn.replace(/^(\d{4})-(\d{2})-(\d{2})$/, '$3.$2.$1'),
});
const same = (field: string, got: string | null, want: string) => (field === 'iban' || field === 'creditorId' ? (got ?? '').replace(/\s+/g, '') === want : got === want);

describe('mandate forms through OCR', () => {
  it('the set has at least 30 forms with valid IBANs and creditor ids, in every scan format', () => {
    expect(MANDATE_FORMS.length).toBeGreaterThanOrEqual(30);
    for (const c of MANDATE_FORMS) expect(isIban(c.truth.iban) && isCreditorId(c.truth.creditorId), c.name).toBe(true);
    expect(new Set(MANDATE_FORMS.map((c) => c.scan.format))).toEqual(new Set(['png', 'tiff', 'pdf']));
  });

  it('reads most fields exactly; a wrong IBAN or creditor id is always flagged, and a form that goes through without a person is right in every field', () => {
    let exact = 0;
    let fields = 0;
    const accepted: string[] = [];
    let straightThrough = 0;
    for (const c of FORMS) {
      const r = read.get(c.name)!;
      const toPerson = !!r.input.readingProblems?.length;
      if (!toPerson) straightThrough++;
      for (const [field, want] of Object.entries(truthOf(c))) {
        const f = r.fields[field as keyof ReadMandateForm['fields']];
        fields++;
        if (same(field, f.value, want)) exact++;
        // An IBAN or creditor id read wrong is flagged itself; any other field read wrong stops its form.
        else if ((field === 'iban' || field === 'creditorId') && !f.needsReview) accepted.push(`${c.name} ${field}: read "${f.value}", printed "${want}", not flagged`);
        else if (!toPerson) accepted.push(`${c.name} ${field}: read "${f.value}", printed "${want}", and the form went through`);
      }
      fields += 2;
      if (r.marks.type === c.truth.type) exact++;
      else expect(r.input.readingProblems?.some((p) => p.field === 'type'), `${c.name} type`).toBe(true);
      if (r.marks.signed === c.truth.signed) exact++;
    }
    console.log(
      `[mandate forms] ${FORMS.length} of the ${MANDATE_FORMS.length} forms: ${exact} of ${fields} fields read exactly after correction (${((100 * exact) / fields).toFixed(1)}%); ` +
        `${straightThrough} forms through without a person; wrong and accepted without a person: ${accepted.length}`,
    );
    expect(accepted).toEqual([]);
    expect(exact / fields).toBeGreaterThanOrEqual(0.8);
  });

  it('a look-alike character is corrected by the check digits and the reading kept; a smudged IBAN and a missing signature go to a person, with a crop', () => {
    const corrected = FORMS.flatMap((c) => (read.get(c.name)!.input.corrections ?? []).map((x) => ({ ...x, truth: c.truth })));
    // By the check digits (a look-alike in an IBAN) and by the bank's record of its creditors (a business code, a name).
    expect(corrected.some((x) => x.field === 'debtorIban')).toBe(true);
    for (const x of corrected) {
      expect(x.read.replace(/\s+/g, '')).not.toBe(x.corrected);
      const truth: Record<string, string> = { debtorIban: x.truth.iban, creditorId: x.truth.creditorId, creditorName: x.truth.creditorName };
      expect(x.corrected, `${x.field} read "${x.read}"`).toBe(truth[x.field]);
    }
    const smudged = MANDATE_FORMS.find((c) => c.scan.ibanAsWritten === 'two-smudged')!;
    const s = read.get(smudged.name)!;
    expect(s.fields.iban.needsReview).toBe(true);
    const problem = s.input.readingProblems!.find((p) => p.field === 'debtorIban')!;
    expect(problem.message).toMatch(/check digits|not found|nothing was read|low confidence/);
    expect(problem.crop && existsSync(path.join(dir, problem.crop))).toBe(true);
    const unsigned = MANDATE_FORMS.find((c) => !c.truth.signed)!;
    expect(read.get(unsigned.name)!.input.readingProblems).toEqual(expect.arrayContaining([expect.objectContaining({ message: expect.stringMatching(/no signature/) })]));
    for (const c of FORMS.filter((x) => x.truth.signed)) expect(read.get(c.name)!.marks.signed, c.name).toBe(true);
  });
});
