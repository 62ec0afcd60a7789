/**
 * Toy runs for plans: `tally` (a schedule's start as N items, those named failing with a business
 * error) and `ledger-lines` (a text file, an item per line), both under the parent bot `tally`, whose
 * result counts its items. An item's amount is EUR 10.50 + its number (item 5 has none). No browser, no
 * target: a night's steps in milliseconds.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { BusinessRuleError, Money } from '../../../banking/index.js';
import { defineBot, defineRun, runIdFromDigest, runOutcomeCounts, type RunChild } from '../../../bots/kit/index.js';

export const tallyItem = defineBot({
  name: 'tally-item',
  input: z.object({ step: z.string(), n: z.number().int(), fail: z.boolean().default(false) }),
  key: (i) => `${i.step}#${i.n}`,
  // EUR 10.50 for item 0, 11.50 for item 1…; item 5 has none that can be read.
  amount: (i) => (i.n === 5 ? undefined : Money.of(`${10 + i.n}.50`, 'EUR')),
  run: async (input) => {
    if (input.fail) throw new BusinessRuleError(`line ${input.n} does not add up`, { field: 'amount' });
    return { n: input.n };
  },
});
export const tally = defineBot({
  name: 'tally',
  input: z.object({ step: z.string() }),
  key: (i) => i.step,
  run: async (_input, ctx) => ({ counts: runOutcomeCounts(await ctx.runItems()) }),
});
const params = z.object({ count: z.number().int(), failing: z.array(z.number().int()).default([]) });
export const tallyRun = defineRun({
  name: 'tally',
  title: 'Tally (test)',
  takes: 'no file',
  extensions: [],
  accepts: async () => ({ accepted: false, fileIs: 'a file' }),
  plan: async () => {
    throw new Error('no file');
  },
  fromSchedule: async (raw, start) => {
    const p = params.parse(raw);
    const children: RunChild[] = Array.from({ length: p.count }, (_, n) => ({ bot: 'tally-item', input: { step: `${start.schedule}@${start.at}`, n, fail: p.failing.includes(n) } }));
    return { runId: 'replaced', parent: { bot: 'tally', input: { step: `${start.schedule}@${start.at}` } }, children };
  },
});
export const ledgerRun = defineRun({
  name: 'ledger-lines',
  title: 'Ledger lines (test)',
  takes: 'a text file, a line per item',
  extensions: ['.csv'],
  accepts: async () => ({ accepted: true }),
  plan: async (file) => {
    const text = await readFile(file, 'utf8');
    const lines = text.split('\n').filter(Boolean);
    return { runId: runIdFromDigest('led', createHash('sha256').update(text).digest('hex')), parent: { bot: 'tally', input: { step: file } }, children: lines.map((l, n) => ({ bot: 'tally-item', input: { step: file, n } })) };
  },
});
