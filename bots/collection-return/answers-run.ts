/**
 * The bank's answers to our collection files as one run: a pain.002 status report or a camt.054
 * notification (from its drop folder, the board or the command line) becomes one collection-return
 * item per collection it speaks of, so that each answer is applied once and a bad one is an
 * exception of its own; the parent writes what the run did.
 */
import path from 'node:path';
import { z } from 'zod';
import { parseBankFile } from '../../extractors/formats/index.js';
import { identifyFile, readBounded } from '../../extractors/input/index.js';
import { refreshCycleReport } from '../collection-cycle/index.js';
import { collectionLedgerService } from '../collection-ledger/index.js';
import { defineBot, defineRun, FileRejected, runIdFromDigest, runOutcomeCounts, type RunChild } from '../kit/index.js';
import type { CollectionReturnInput, CollectionReturnResult } from './index.js';

/** An answer file that is read but holds nothing we can apply. */
export class AnswerFileRejected extends FileRejected {}

const ACCEPTED = new Set(['ACCP', 'ACSC', 'ACTC', 'ACWC']);

/** The end-to-end id of an answer about every collection of the file it answers (a group status without transactions). */
export const WHOLE_FILE = '*';

/** The lines of an answer file, one item input each. */
export async function answerLines(file: string, maxBytes: number): Promise<{ kind: 'pain.002' | 'camt.054'; messageId: string; sha256: string; lines: CollectionReturnInput[] }> {
  // Read once: the bytes hashed are the bytes parsed.
  const { bytes, sha256 } = await readBounded(file, maxBytes, 'answer file');
  const read = parseBankFile(bytes, { file, sha256 });
  const name = path.basename(file);
  if (read.kind === 'pain.002') {
    const r = read.report;
    const answer = { kind: 'pain.002' as const, messageId: r.messageId, file: name, ...(r.originalMessageId ? { originalMessageId: r.originalMessageId } : {}) };
    const lines = r.payments.flatMap((p) =>
      p.transactions.flatMap((t): CollectionReturnInput[] => {
        const status = t.status ?? p.status ?? r.groupStatus;
        // Pending and other interim statuses say nothing final: the next report will.
        if (!t.originalEndToEndId || !status || (status !== 'RJCT' && !ACCEPTED.has(status))) return [];
        const reason = t.reasons[0]?.code ?? p.reasons[0]?.code ?? r.reasons[0]?.code;
        return [{ answer, endToEndId: t.originalEndToEndId, status: status === 'RJCT' ? 'rejected' : 'accepted', ...(status === 'RJCT' && reason ? { reasonCode: reason } : {}), ...(t.amount ? { amount: t.amount.toString() } : {}) }];
      }),
    );
    // A status for the whole file, with no transaction in it (a bank accepts or rejects a file as a whole so).
    const whole = r.groupStatus && (r.groupStatus === 'RJCT' || ACCEPTED.has(r.groupStatus)) && r.originalMessageId;
    if (lines.length === 0 && whole) {
      const reason = r.reasons[0]?.code;
      lines.push({ answer, endToEndId: WHOLE_FILE, status: r.groupStatus === 'RJCT' ? 'rejected' : 'accepted', ...(r.groupStatus === 'RJCT' && reason ? { reasonCode: reason } : {}) });
    }
    return { kind: 'pain.002', messageId: r.messageId, sha256, lines };
  }
  if (read.kind === 'camt.054') {
    const answer = { kind: 'camt.054' as const, messageId: read.messageId, file: name };
    const lines = read.reports.flatMap((rep) =>
      rep.entries.flatMap((e): CollectionReturnInput[] => {
        const e2e = e.references.endToEndId;
        if (!e2e) return [];
        const reason = e.extra?.['RtrInf/Rsn'];
        if (e.amount.isNegative()) return reason ? [{ answer, endToEndId: e2e, status: 'returned', reasonCode: reason, amount: e.amount.abs().toString() }] : [];
        return [{ answer, endToEndId: e2e, status: 'settled', amount: e.amount.toString() }];
      }),
    );
    return { kind: 'camt.054', messageId: read.messageId, sha256, lines };
  }
  throw new AnswerFileRejected(file, `the file is ${read.kind === 'pain.008' ? 'a pain.008 collection file' : `a ${read.kind} statement`}, not an answer to a collection file`, 'Put pain.002 status reports and camt.054 notifications of collections here.');
}

export const collectionAnswersRun = defineRun({
  name: 'collection-answers',
  title: "The bank's answers to collection files",
  takes: 'pain.002 status reports and camt.054 debit/credit notifications (ISO 20022 XML) about our collection files',
  extensions: ['.xml'],
  accepts: async (file) => {
    const what = await identifyFile(file);
    return what.kind === 'bank-file' && (what.format === 'pain.002' || what.format === 'camt.054') ? { accepted: true } : { accepted: false, fileIs: what.label };
  },
  inbox: (config) => {
    const a = config.collectionAnswers;
    return { dir: a.inbox, watch: a.watch, pollMs: a.pollMs, maxCrashes: a.maxCrashes };
  },
  plan: async (file, config) => {
    const read = await answerLines(file, config.collectionAnswers.maxFileMB * 1024 * 1024);
    if (read.lines.length === 0) throw new AnswerFileRejected(file, `the ${read.kind} ${read.messageId} names no collection (no end-to-end id)`, 'Ask the bank for the answer with its transactions; nothing was applied.');
    const children: RunChild[] = read.lines.map((input) => ({ bot: 'collection-return', input }));
    return {
      runId: runIdFromDigest('dda', read.sha256),
      parent: { bot: 'collection-answers', input: { file: path.basename(file), sha256: read.sha256, kind: read.kind, messageId: read.messageId, lines: read.lines.length } },
      children,
    };
  },
});

/** The parent of an answers run: what it applied, by outcome and reason. */
export const collectionAnswers = defineBot({
  name: 'collection-answers',
  services: [collectionLedgerService],
  input: z.object({ file: z.string(), sha256: z.string(), kind: z.enum(['pain.002', 'camt.054']), messageId: z.string(), lines: z.number().int() }),
  key: (i) => i.sha256,
  run: async (input, ctx) => {
    const outcomes = await ctx.runItems();
    const done = outcomes.filter((o) => o.status === 'done').map((o) => o.result as CollectionReturnResult);
    const byState: Record<string, number> = {};
    for (const r of done) byState[r.state] = (byState[r.state] ?? 0) + 1;
    const byReason: Record<string, number> = {};
    for (const o of outcomes) {
      const code = (o.input as CollectionReturnInput | undefined)?.reasonCode;
      if (code) byReason[code] = (byReason[code] ?? 0) + 1;
    }
    const counts = {
      lines: outcomes.length,
      applied: done.filter((r) => r.outcome === 'applied').length,
      alreadyApplied: done.filter((r) => r.outcome === 'already-applied').length,
      exceptions: runOutcomeCounts(outcomes).exceptions,
    };
    // The reports of the cycles these answers are about, rewritten with their collections' states now.
    const ledger = ctx.services.collections;
    const lines = outcomes.flatMap((o) => (o.input ? [o.input as CollectionReturnInput] : []));
    const cycles = new Set<string>(lines.flatMap((l) => (l.endToEndId === WHOLE_FILE && l.answer.originalMessageId ? [l.answer.originalMessageId] : [])));
    for (const c of await ledger.getMany([...new Set(lines.map((l) => l.endToEndId).filter((id) => id !== WHOLE_FILE))])) if (c.runId) cycles.add(c.runId);
    const reports = [];
    for (const runId of cycles) {
      const written = await refreshCycleReport(ctx.config.dataDir, ledger, runId);
      if (written) reports.push({ runId, ...written });
    }
    ctx.log.info({ counts, byState, byReason, answer: input.messageId, cycles: [...cycles] }, 'collection answers applied');
    return { counts, byState, byReason, cycleReports: reports };
  },
});
