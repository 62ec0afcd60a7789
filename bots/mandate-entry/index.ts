/**
 * mandate-entry: one SEPA direct-debit mandate, checked against the scheme's rules, its debtor
 * screened against the sanctions lists, then entered in the mandate register on the green-screen
 * host EXACTLY ONCE (postOnce: inquiry by creditor and UMR first, add only when absent, read back).
 * An amendment is applied once the same way: the register records every amendment it is sent, so
 * the bot sends only what differs from what the register shows, and sends nothing when it shows
 * the new terms already. A mandate the register holds with other data is an exception naming the
 * differences, never a silent overwrite.
 */
import { createHash } from 'node:crypto';
import { amendMandate as amendedTerms, checkMandateTerms, mandateKey, todayIn, type LocalDate, type MandateTerms } from '../../banking/index.js';
import { collectionLedgerService, type MandateBook } from '../collection-ledger/index.js';
import { BusinessRuleError, ComplianceHold, defineBot, type Posted } from '../kit/index.js';
import { complianceService } from '../compliance-service.js';
import { addMandate, amendMandate, hostTerminal, inquireMandate, type HostMandateData, type HostMandateView } from '../targets/mandate-host/index.js';
import { mandateEntryInput, mandateType, type MandateEntryInput, type RawMandate } from './input.js';
import { mandatePresentation } from './presentation.js';

export { mandateEntryInput, rawMandate, type MandateEntryInput, type RawMandate } from './input.js';

export interface MandateEntryResult {
  outcome: 'entered' | 'already-entered' | 'amended' | 'already-amended';
  umr: string;
  creditorId: string;
  /** The register's amendment number, for an amendment applied now. */
  amendment?: number;
  /** Look-alike characters corrected by their check digits while reading. */
  corrections: MandateEntryInput['corrections'];
  screening: { decision: string; score: number };
  evidence: string[];
}

/** The mandate's key from the text as read: creditor (without its business code) and UMR. */
export function mandateKeyOf(m: Pick<RawMandate, 'creditorId' | 'umr'>): string {
  return mandateKey({ creditorId: m.creditorId.replace(/\s+/g, '').toUpperCase(), umr: m.umr.trim() });
}

/**
 * An item's business key: the mandate's key, what is asked (a new mandate or an amendment) and a
 * digest of the terms as read. The same mandate with the same terms, from any file, is one item
 * (dispatching it again creates nothing); the same key with other terms is another item, which
 * then finds the register's mandate and stops as an exception naming the differences (`new`), or
 * applies them once (`amendment`).
 */
export function mandateItemKey(input: Pick<MandateEntryInput, 'mandate' | 'action'>): string {
  const m = input.mandate;
  const text = (v: unknown) => String(v ?? '').replace(/\s+/g, ' ').trim();
  const terms = [m.creditorName, m.debtorName, ...m.debtorAddress, m.debtorCountry, m.scheme, m.type, m.signedOn, m.signedAt, m.b2bConfirmedByDebtorBank]
    .map(text)
    .concat([m.debtorIban, m.debtorBic].map((v) => text(v).replace(/ /g, '').toUpperCase()));
  const digest = createHash('sha256').update(terms.join('\u0000')).digest('hex').slice(0, 10);
  return `${mandateKeyOf(m)}#${input.action === 'amendment' ? 'amend' : 'new'}-${digest}`;
}

/** Where the item came from, in words. */
const where = (i: MandateEntryInput) =>
  !i.source ? 'the mandate' : i.source.kind === 'scan' ? `the form ${i.source.file}${i.source.page ? ` page ${i.source.page}` : ''}` : `row ${i.source.row} of ${i.source.file}`;

/** The register's place of signature holds 35 characters. */
const PLACE_LENGTH = 35;

/** Our checked terms → what the register holds. */
export function toHostData(t: MandateTerms): HostMandateData {
  return {
    creditorName: t.creditorName,
    debtorName: t.debtorName,
    address1: t.debtorAddress.lines[0] ?? '',
    address2: t.debtorAddress.lines[1] ?? '',
    country: t.debtorAddress.country ?? t.debtorIban.slice(0, 2),
    iban: t.debtorIban,
    bic: t.debtorBic ?? '',
    scheme: t.scheme,
    type: t.type,
    signedOn: t.signedOn,
    place: t.signedAt,
    b2bConfirmed: !!t.b2bConfirmedByDebtorBank,
  };
}

const LABELS: Record<keyof HostMandateData, string> = {
  creditorName: "creditor's name",
  debtorName: "debtor's name",
  address1: 'address line 1',
  address2: 'address line 2',
  country: 'country',
  iban: "debtor's IBAN",
  bic: "debtor's BIC",
  scheme: 'scheme',
  type: 'type',
  signedOn: 'date of signature',
  place: 'place of signature',
  b2bConfirmed: 'B2B confirmation',
};

/** The fields where the register's mandate differs from the terms. */
export function differences(view: HostMandateView, want: HostMandateData): (keyof HostMandateData)[] {
  return (Object.keys(want) as (keyof HostMandateData)[]).filter((k) => String(view[k]) !== String(want[k]));
}

export const mandateEntry = defineBot({
  name: 'mandate-entry',
  input: mandateEntryInput,
  key: (i) => mandateItemKey(i),
  target: 'mandate-host',
  services: [complianceService, collectionLedgerService],
  presentation: mandatePresentation,
  run: async (input, ctx): Promise<MandateEntryResult> => {
    const from = { source: input.source && { file: input.source.file, kind: input.source.kind, row: input.source.row, page: input.source.page } };
    if (input.readingProblems?.length) {
      throw new BusinessRuleError(`${where(input)}: ${input.readingProblems.map((p) => `${p.field}: ${p.message}`).join('; ')}`, {
        ...from,
        field: input.readingProblems[0]!.field,
        problems: input.readingProblems,
      });
    }
    if (input.duplicateOfRow !== undefined) {
      throw new BusinessRuleError(`${where(input)} repeats the mandate of ${input.source?.kind === 'scan' ? `form ${input.duplicateOfRow} of the same scans` : `row ${input.duplicateOfRow} of the same file`}`, { ...from, field: 'umr', duplicateOfRow: input.duplicateOfRow });
    }
    const raw = input.mandate;
    let terms: MandateTerms;
    try {
      terms = checkMandateTerms(
        {
          ...raw,
          type: mandateType(raw.type),
          debtorAddress: { lines: raw.debtorAddress, ...(raw.debtorCountry ? { country: raw.debtorCountry } : {}) },
        },
        { today: todayIn(ctx.config.banking.timeZone, new Date()) },
      );
    } catch (err) {
      if (err instanceof BusinessRuleError) throw new BusinessRuleError(`${where(input)}: ${err.message}`, { ...err.details, ...from, field: (err as { field?: string }).field });
      throw err;
    }
    if (terms.signedAt.length > PLACE_LENGTH) {
      throw new BusinessRuleError(`${where(input)}: the place of signature has ${terms.signedAt.length} characters; the register holds ${PLACE_LENGTH}`, { ...from, field: 'signedAt' });
    }
    const key = { creditorId: terms.creditorId, umr: terms.umr };
    const want = toHostData(terms);

    // The debtor screened before anything reaches the register: a hold waits for a two-person decision.
    const compliance = ctx.services.compliance;
    const verdict = await compliance.checkParty(
      { id: mandateKey(terms), name: terms.debtorName, iban: terms.debtorIban, ...(terms.debtorBic ? { bic: terms.debtorBic } : {}), role: 'mandate debtor' },
      { released: ctx.item.releasedRules, itemId: ctx.item.itemId },
    );
    if (verdict.hold) {
      await compliance.sendAlerts(verdict.alerts);
      throw new ComplianceHold(`${where(input)}: ${verdict.hold.message}`, verdict.hold.rule, { ...verdict.hold.details, ...from });
    }

    const session = await ctx.session();
    await ctx.progress(20, 'checked and screened; session ready');
    const inquire = () => session.use((page) => inquireMandate(hostTerminal(page), key));
    const conflict = (view: HostMandateView, diff: (keyof HostMandateData)[]): never => {
      throw new BusinessRuleError(`${where(input)}: the register holds mandate ${terms.umr} of ${terms.creditorId} with other data (${diff.map((d) => LABELS[d]).join(', ')})`, {
        ...from,
        field: diff[0],
        differences: diff.map((d) => ({ field: d, label: LABELS[d], register: view[d], mandate: want[d] })),
      });
    };
    const shot = (page: import('playwright-core').Page) => page.screenshot().then((png) => ctx.evidence.save('register.png', png));

    let amendment: number | undefined;
    const steps =
      input.action === 'new'
        ? await ctx.postOnce({
            check: async () => {
              const view = await inquire();
              if (!view) return null;
              const diff = differences(view, want);
              return diff.length ? conflict(view, diff) : { confirmation: `${terms.umr}@${terms.creditorId}` };
            },
            write: () =>
              session.use(
                async (page) => {
                  // 'duplicate': someone added the key since the check; the read-back decides whether it is ours.
                  await addMandate(hostTerminal(page), key, want);
                  await shot(page);
                },
                { retry: false },
              ),
            readBack: async (): Promise<Posted | null> => {
              const view = await inquire();
              if (!view) return null;
              const diff = differences(view, want);
              return diff.length ? conflict(view, diff) : { confirmation: `${terms.umr}@${terms.creditorId}` };
            },
          })
        : await (async () => {
            // The check's view of the register: the write sends exactly what differs from it.
            let seen: HostMandateView | undefined;
            return ctx.postOnce({
              // Applied already when the register shows the new terms: nothing is sent again.
              check: async () => {
                const view = await inquire();
                if (!view) throw new BusinessRuleError(`${where(input)}: the register has no mandate ${terms.umr} of ${terms.creditorId} to amend`, { ...from, field: 'umr' });
                if (view.status === 'cancelled') throw new BusinessRuleError(`${where(input)}: mandate ${terms.umr} is cancelled in the register`, { ...from, field: 'umr' });
                seen = view;
                return differences(view, want).length ? null : { confirmation: `${terms.umr}@${terms.creditorId}` };
              },
              write: () =>
                session.use(
                  async (page) => {
                    const changes = Object.fromEntries(differences(seen!, want).map((k) => [k, want[k]])) as Partial<HostMandateData>;
                    amendment = (await amendMandate(hostTerminal(page), key, changes)).amendment;
                    await shot(page);
                  },
                  { retry: false },
                ),
              readBack: async () => {
                const view = await inquire();
                return view && !differences(view, want).length ? { confirmation: `${terms.umr}@${terms.creditorId}` } : null;
              },
            });
          })();
    void compliance.sendAlerts(verdict.alerts);
    await bookMandate(ctx.services.collections.mandates, terms, `${where(input)}, confirmed by the register (item ${ctx.item.itemId})`, todayIn(ctx.config.banking.timeZone, new Date()));
    await ctx.progress(100, steps.outcome);
    const done = steps.outcome === 'posted';
    return {
      outcome: input.action === 'new' ? (done ? 'entered' : 'already-entered') : done ? 'amended' : 'already-amended',
      umr: terms.umr,
      creditorId: terms.creditorId,
      ...(amendment !== undefined ? { amendment } : {}),
      corrections: input.corrections ?? [],
      screening: { decision: verdict.record.decision, score: verdict.record.score },
      evidence: ctx.evidence.list().map((e) => e.path),
    };
  },
});

/**
 * The register's terms written to the mandate book, for the collections on the mandate; a change a
 * collection must report (the debtor's account, the creditor's name) is kept as a pending amendment
 * with the values the book held before. Compared with the book, not the register, so that a crash
 * after the register changed and before the book did still records the amendment on the next attempt.
 */
async function bookMandate(book: MandateBook, terms: MandateTerms, source: string, today: LocalDate): Promise<void> {
  const key = mandateKey(terms);
  const before = await book.get(key);
  if (before) {
    const { amendments } = amendedTerms({ ...before.terms, status: 'active', collections: 0, amendments: [] }, terms, { on: today, source, today });
    const iban = amendments.find((a) => a.field === 'debtorIban');
    const name = amendments.find((a) => a.field === 'creditorName');
    if (iban || name) {
      await book.recordAmendment(key, {
        ...(iban ? { originalDebtorIban: iban.from, ...(iban.debtorBankChanged ? { debtorBankChanged: true } : {}) } : {}),
        ...(name ? { originalCreditorName: name.from } : {}),
      });
    }
  }
  await book.record(key, terms, source);
}
