/** Bots for the page tests: one that ends each way an item can end (done, business, compliance, system), and one no worker runs. */
import { PNG } from 'pngjs';
import { z } from 'zod';
import { defineBot } from '../../../../bots/kit/define-bot.js';
import { BusinessRuleError, ComplianceHold } from '../../../../bots/kit/errors.js';

/** A 4×4 PNG, as a screenshot's stand-in. */
export function tinyPng(): Buffer {
  const png = new PNG({ width: 4, height: 4 });
  png.data.fill(200);
  return PNG.sync.write(png);
}

/** What the toy's "target" has entered, by reference: the tests check that a resumed item is entered once. */
export const entered = new Map<string, number>();
export const systemFault = { on: true };

export const toyPay = defineBot({
  name: 'toy-pay',
  input: z.object({
    ref: z.string().min(1),
    beneficiary: z.string().min(2),
    amount: z.number().positive(),
    currency: z.enum(['EUR', 'USD']).default('EUR'),
    source: z.object({ file: z.string(), sheet: z.string(), row: z.number().int(), cells: z.record(z.string(), z.unknown()) }).optional(),
  }),
  key: (i) => i.ref,
  // Shown as a bank's payment: labelled fields, the source row beside them, the wrong field flagged.
  presentation: {
    fields: [
      { path: 'ref', label: 'Reference' },
      { path: 'beneficiary', label: 'Beneficiary name' },
      { path: 'amount', label: 'Amount' },
      { path: 'currency', label: 'Currency' },
    ],
    provenance: [
      { path: 'source.file', label: 'File' },
      { path: 'source.row', label: 'Row' },
    ],
    sourceRow: (i) => i.source,
    wrongFields: (d) => (typeof d.field === 'string' ? [{ path: d.field, reason: 'this is the field the error is about' }] : []),
    summary: (i) => ({ amount: String(i.amount), currency: i.currency, counterparty: i.beneficiary }),
  },
  run: async (input, ctx) => {
    await ctx.progress(30, 'checked');
    ctx.log.info({ beneficiary: input.beneficiary }, `entering ${input.ref}`);
    if (input.beneficiary.includes('BAD') || input.beneficiary.includes('<')) {
      throw new BusinessRuleError(`the beneficiary name "${input.beneficiary}" is not allowed`, { field: 'beneficiary', source: input.source && { file: input.source.file, row: input.source.row } });
    }
    if (input.beneficiary.includes('HOLD') && !ctx.item.releasedRules.includes('sanctions.demo')) {
      throw new ComplianceHold(`"${input.beneficiary}" resembles a sanctions list entry`, 'sanctions.demo', {
        severity: 'critical',
        explanation: `REVIEW: "${input.beneficiary}" scored 0.930\n  1. 0.930  OFAC SDN entry 4242 (entity; SDGT)`,
        hits: [{ list: 'ofac-sdn', entryId: '4242', entryName: 'HOLD TRADING LLC', matchedName: 'HOLD TRADING', score: 0.93, programs: ['SDGT'] }],
      });
    }
    if (input.beneficiary.includes('FLAKY') && systemFault.on) throw new Error('connection reset by the target');
    await ctx.evidence.save('result.png', tinyPng());
    entered.set(input.ref, (entered.get(input.ref) ?? 0) + 1);
    await ctx.progress(100, 'entered');
    return { confirmation: `C-${input.ref}` };
  },
});

/** Never run by a worker in the tests: its items wait (cancel, schedules). */
export const toyIdle = defineBot({
  name: 'toy-idle',
  input: z.object({ account: z.string().min(4), asOf: z.iso.date() }),
  key: (i) => `${i.account}@${i.asOf}`,
  run: async () => 'never',
});
