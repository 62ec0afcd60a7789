/**
 * reconcile-day: the day's parent. It runs once every account has been reconciled and every break
 * has its first outcome (most wait in the inbox), and writes the day's report: the balancing per
 * account, the open breaks, the accounts that could not be reconciled and why.
 */
import { z } from 'zod';
import { defineBot } from '../kit/index.js';
import { reconcileService } from '../reconcile/index.js';
import type { ReconcileAccountResult } from './account.js';
import { accountItemKey } from './plan.js';
import { buildReport, openBreakRows, writeReconciliationReport, type AccountSection, type ReconciliationReport } from './report.js';

export const reconcileDayInput = z.object({
  file: z.string(),
  sha256: z.string(),
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  accounts: z.array(z.string()),
  lines: z.number().int(),
});

export interface ReconcileDayResult {
  day: string;
  totals: ReconciliationReport['totals'];
  report: { json: string; xlsx: string; pdf: string };
}

export const reconcileDay = defineBot({
  name: 'reconcile-day',
  input: reconcileDayInput,
  key: (i) => `${i.day}:${i.sha256.slice(0, 16)}`,
  services: [reconcileService],
  run: async (input, ctx): Promise<ReconcileDayResult> => {
    const items = await ctx.runItems();
    const sections: AccountSection[] = [];
    for (const account of input.accounts) {
      const item = items.find((i) => i.bot === 'reconcile-account' && i.businessKey === accountItemKey(account, input.day));
      const openBreaks = openBreakRows(await ctx.services.reconcile.breaks.openBreaks(account));
      if (item?.status === 'done') sections.push({ account, result: item.result as ReconcileAccountResult, openBreaks });
      else sections.push({ account, notReconciled: item?.exception?.reason ?? `its item is ${item?.status ?? 'missing (reconciled by another run of the same day?)'}`, openBreaks });
    }
    const report = buildReport({ runId: ctx.item.runId, day: input.day, ledgerFile: input.file }, sections);
    const files = await writeReconciliationReport(ctx.config.dataDir, report);
    ctx.log.info({ day: input.day, ...report.totals }, 'reconciliation report written');
    return { day: input.day, totals: report.totals, report: files };
  },
});
