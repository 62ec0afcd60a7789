/**
 * collection-cycle: the parent of a creditor's collection run. Once every claim has an outcome it
 * takes the collections planned, adds the re-presentations due to the same creditors (insufficient
 * funds last cycle, presented once more), writes the pain.008 file (the run's id is its message id,
 * so the same run writes the same bytes), validates it against the bank's XSD as it is written, and
 * uploads it exactly once (collection-submit's procedure, through postOnce). A file that fails its
 * schema is never sent: the run stops as an exception naming the element and the collection.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { BusinessRuleError, earliestCollectionDate, mandateKey, Money, type LocalDate } from '../../banking/index.js';
import { writePain008, XsdSchema, type Pain008Entry, type WrittenPain008 } from '../../banking/pain008/index.js';
import { collectionDatePolicy, collectionLedgerService, type LedgerCollection, type StoredEntry } from '../collection-ledger/index.js';
import { submitCollectionFile, type CollectionSubmitResult } from '../collection-submit/index.js';
import { complianceService } from '../compliance-service.js';
import { collectionCredit, reconcileService } from '../reconcile/index.js';
import { defineBot, runOutcomeCounts, type BotContext } from '../kit/index.js';
import type { CollectionPlanResult } from './plan-item.js';
import { buildCycleReport, writeCycleReport, type CycleHeader } from './report.js';

export const collectionCycleInput = z.object({
  file: z.string(),
  sha256: z.string(),
  rows: z.number().int(),
  messageId: z.string().min(1).max(35),
  plannedAt: z.string(),
});

export interface CollectionCycleResult {
  /** The file sent, or null when nothing could be collected. */
  file: (Omit<WrittenPain008, 'file'> & { name: string; submitted: CollectionSubmitResult; schemaChecked: boolean }) | null;
  counts: { claims: number; planned: number; represented: number; exceptions: number; rejected: number; pending: number };
  total: string;
  /** Pre-notifications still owed (not sent, still in time), by collection. */
  noticesOwed: { endToEndId: string; umr: string; debtorName: string; amount: string; collectionDate: string; noticeBy: string }[];
  /** Collection dates moved forward, and why. */
  rolled: { endToEndId: string; requested: string; collectionDate: string; reason: string }[];
  /** Re-presentations that were due and not made, and why. */
  notRepresented: { endToEndId: string; umr: string; reason: string }[];
  /** The cycle's report (rewritten when answers about it are applied). */
  report?: { json: string; xlsx: string; pdf: string };
}

const toEntry = (e: StoredEntry): Pain008Entry => ({ ...e, amount: Money.of(e.amount, 'EUR') });

/** The cycle's collection date for re-presentations: the earliest of its own collections. */
const cycleDate = (entries: StoredEntry[]): LocalDate => entries.map((e) => e.collectionDate).sort()[0]!;

async function represent(ctx: BotContext, runId: string, creditors: Set<string>, date: LocalDate, notRepresented: CollectionCycleResult['notRepresented']): Promise<StoredEntry[]> {
  const ledger = ctx.services.collections;
  const due = await ledger.claimRepresentations(runId, (c) => c.entry !== undefined && creditors.has(c.entry.creditor.creditorId));
  const out: StoredEntry[] = [];
  for (const [i, original] of due.entries()) {
    const endToEndId = `${runId}-R${i + 1}`;
    const made = await ledger.get(endToEndId);
    if (made?.entry) {
      out.push(made.entry);
      continue;
    }
    const state = await ledger.mandateState(original.mandateKey);
    if (state.stopped) {
      notRepresented.push({ endToEndId: original.endToEndId, umr: original.umr, reason: `collections on the mandate are stopped: ${state.stopped}` });
      continue;
    }
    const before = original.entry!;
    const compliance = ctx.services.compliance;
    const check = { id: endToEndId, debtorAccount: before.creditor.iban, beneficiaryName: before.debtorName, beneficiaryIban: before.debtorIban, ...(before.debtorBic ? { beneficiaryBic: before.debtorBic } : {}), amount: Money.of(before.amount, 'EUR'), at: new Date(), role: 'collection debtor' };
    const verdict = await compliance.check(check, { released: [], itemId: ctx.item.itemId });
    void compliance.sendAlerts(verdict.alerts);
    if (verdict.hold) {
      notRepresented.push({ endToEndId: original.endToEndId, umr: original.umr, reason: `held by compliance: ${verdict.hold.message}` });
      continue;
    }
    // The same claim, on this cycle's date; a failed first collection stays FRST. An amendment it carried is carried again.
    const entry: StoredEntry = { ...before, endToEndId, collectionDate: date };
    await ledger.plan(
      { endToEndId, umr: original.umr, mandateKey: original.mandateKey, amount: before.amount, collectionDate: date, sequenceType: original.sequenceType, represents: original.endToEndId, runId, entry },
      `${runId}: presented again (${original.endToEndId}, ${original.history.at(-2)?.reason ?? 'AM04'})`,
    );
    await compliance.recordPosted(check);
    out.push(entry);
  }
  return out;
}

/**
 * The collection dates checked again as the file is about to leave: the bank's cut-off may have passed
 * since the claims were planned. Too early now: moved to the first date a file sent now can ask for
 * (roll-forward), or the cycle stops with an exception naming them (reject). A file written before
 * (a crash after it) keeps its dates: the same run writes the same file.
 */
async function keepDatesValid(ctx: BotContext, messageId: string, entries: StoredEntry[], rolled: CollectionCycleResult['rolled']): Promise<StoredEntry[]> {
  const ledger = ctx.services.collections;
  if (await ledger.knowsFile(messageId)) return entries;
  const earliest = earliestCollectionDate(collectionDatePolicy(ctx.config, new Date()));
  const late = entries.filter((e) => e.collectionDate < earliest);
  if (!late.length) return entries;
  if (ctx.config.directDebits.onLateCollectionDate === 'reject') {
    throw new BusinessRuleError(
      `the bank's cut-off passed since these claims were planned: ${late.length} collection(s) are due before ${earliest}, the first collection date a file sent now can ask for (${late
        .slice(0, 5)
        .map((e) => e.endToEndId)
        .join(', ')}${late.length > 5 ? ', …' : ''}); nothing was sent`,
      { field: 'collectionDate', earliestValidDate: earliest, collections: late.map((e) => ({ endToEndId: e.endToEndId, collectionDate: e.collectionDate })) },
    );
  }
  const reason = `the bank's cut-off passed between planning and sending: ${earliest} is the first date a file sent now can ask for`;
  for (const e of late) {
    await ledger.moveCollectionDate(e.endToEndId, earliest);
    rolled.push({ endToEndId: e.endToEndId, requested: e.collectionDate, collectionDate: earliest, reason });
  }
  return entries.map((e) => (e.collectionDate < earliest ? { ...e, collectionDate: earliest } : e));
}

async function writeFile(ctx: BotContext, input: z.infer<typeof collectionCycleInput>, entries: StoredEntry[]): Promise<WrittenPain008> {
  const d = ctx.config.directDebits;
  const dir = path.join(ctx.config.dataDir, 'collection-files');
  await mkdir(dir, { recursive: true });
  const schemaFile = d.schemas[d.pain008Version];
  const schema = schemaFile ? await XsdSchema.load(schemaFile) : undefined;
  const creditors = [...new Set(entries.map((e) => e.creditor.name))];
  try {
    return await writePain008(path.join(dir, `${input.messageId}.xml`), entries.map(toEntry), {
      version: d.pain008Version,
      messageId: input.messageId,
      createdAt: new Date(input.plannedAt),
      initiatingParty: creditors.length === 1 ? creditors[0]! : 'Direct-debit collections',
      ...(schema ? { schema } : {}),
    });
  } finally {
    await schema?.dispose();
  }
}

/**
 * A collection its plan item planned and the ledger no longer has: Redis lost the ledger's write while
 * keeping the item's outcome (a failover between the two, with no replica confirming the writes).
 * Planned again from the item's result, which holds the whole entry, with what planning does to its
 * mandate (CollectionLedger.planClaim).
 */
async function restoreLostPlans(ctx: BotContext, runId: string, plans: CollectionPlanResult[]): Promise<void> {
  const ledger = ctx.services.collections;
  const known = new Set((await ledger.getMany(plans.map((p) => p.endToEndId))).map((c) => c.endToEndId));
  for (const { endToEndId, entry: e } of plans.filter((p) => !known.has(p.endToEndId))) {
    ctx.log.warn({ endToEndId }, 'a planned collection was missing from the ledger (Redis lost it): planned again from its plan item');
    await ledger.planClaim(
      { endToEndId, umr: e.umr, mandateKey: mandateKey({ creditorId: e.creditorId, umr: e.umr }), amount: e.amount, collectionDate: e.collectionDate, sequenceType: e.sequenceType, runId, entry: e },
      `${runId}: planned again from its plan item, after Redis lost the ledger's record`,
    );
  }
}

export const collectionCycle = defineBot({
  name: 'collection-cycle',
  input: collectionCycleInput,
  key: (i) => i.messageId,
  target: 'legacy-bank',
  services: [collectionLedgerService, complianceService, reconcileService],
  run: async (input, ctx): Promise<CollectionCycleResult> => {
    const ledger = ctx.services.collections;
    const outcomes = await ctx.runItems();
    const plans = outcomes.filter((o) => o.status === 'done').map((o) => o.result as CollectionPlanResult);
    await restoreLostPlans(ctx, input.messageId, plans);
    const own = plans.map((p) => p.entry);
    const notRepresented: CollectionCycleResult['notRepresented'] = [];
    const again = own.length ? await represent(ctx, input.messageId, new Set(own.map((e) => e.creditor.creditorId)), cycleDate(own), notRepresented) : [];
    const entries = [...own, ...again].sort((a, b) => (a.endToEndId < b.endToEndId ? -1 : a.endToEndId > b.endToEndId ? 1 : 0));
    const counts = runOutcomeCounts(outcomes);
    const total = entries.reduce((s, e) => s.plus(Money.of(e.amount, 'EUR')), Money.zero('EUR'));
    const report: Omit<CollectionCycleResult, 'file'> = {
      counts: { claims: outcomes.length, planned: own.length, represented: again.length, exceptions: counts.exceptions, rejected: counts.rejected, pending: counts.pending },
      total: total.toString(),
      noticesOwed: plans
        .filter((p) => p.notice.status === 'due')
        .map((p) => ({ endToEndId: p.endToEndId, umr: p.entry.umr, debtorName: p.entry.debtorName, amount: p.entry.amount, collectionDate: p.entry.collectionDate, noticeBy: p.notice.noticeBy })),
      rolled: plans.flatMap((p) => (p.rolled ? [{ endToEndId: p.endToEndId, requested: p.rolled.requested, collectionDate: p.entry.collectionDate, reason: p.rolled.reason }] : [])),
      notRepresented,
    };
    const header = (file: CycleHeader['file']): CycleHeader => ({ runId: input.messageId, claimsFile: input.file, file, ...report });
    const publish = async (h: CycleHeader) => {
      await ledger.recordCycle(input.messageId, h);
      return writeCycleReport(ctx.config.dataDir, buildCycleReport(h, await ledger.ofRun(input.messageId)));
    };
    if (!entries.length) {
      ctx.log.warn({ counts: report.counts }, 'no collection could be made: no file written');
      return { ...report, file: null, report: await publish(header(null)) };
    }
    await ctx.progress(30, `${entries.length} collections; writing the file`);
    const dated = await keepDatesValid(ctx, input.messageId, entries, report.rolled);
    const written = await writeFile(ctx, input, dated);
    if (!written.schema) ctx.log.warn({ messageId: written.messageId }, 'the collection file was NOT checked against a schema (no directDebits.schemas entry for its version)');
    const ids = entries.map((e) => e.endToEndId);
    await ledger.recordFile(written.messageId, ids);
    const byId = new Map<string, LedgerCollection['mandateKey']>();
    for (const c of await ledger.ofRun(input.messageId)) byId.set(c.endToEndId, c.mandateKey);
    const mandateOf = async (e2e: string) => {
      const key = byId.get(e2e) ?? (await ledger.get(e2e))?.mandateKey;
      if (!key) throw new Error(`collection ${e2e} of the file ${written.messageId} is missing from the ledger: the cycle runs again`);
      return key;
    };
    for (const id of ids) await ledger.step(id, await mandateOf(id), 'in-file', { source: `file ${written.messageId}` });
    await ctx.progress(50, 'file written and validated; submitting');
    const submitted = await submitCollectionFile({ file: written.file, messageId: written.messageId, sha256: written.sha256, count: written.count, controlSum: written.controlSum }, ctx);
    for (const id of ids) await ledger.step(id, await mandateOf(id), 'submitted', { source: `file ${written.messageId}, bank reference ${submitted.reference}` });
    // What the creditor's statement should show: the file's collections credited as one batch (reconcile-day's books side).
    for (const e of dated) await ctx.services.reconcile.expected.expect(e.creditor.iban, collectionCredit(e, written.messageId, path.basename(written.file)));
    const { file, ...rest } = written;
    ctx.log.info({ messageId: written.messageId, count: written.count, controlSum: written.controlSum, reference: submitted.reference, schema: written.schema }, 'collection file submitted');
    const files = await publish(header({ name: path.basename(file), messageId: written.messageId, reference: submitted.reference, count: written.count, controlSum: written.controlSum, schema: written.schema }));
    return { ...report, file: { ...rest, name: path.basename(file), submitted, schemaChecked: written.schema !== null }, report: files };
  },
});
