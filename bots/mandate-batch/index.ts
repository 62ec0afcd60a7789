import { z } from 'zod';
import { defineBot } from '../kit/index.js';
import { buildMandateReport, writeMandateReport } from './report.js';

export { MandateFileRejected, mandateChild, mandateRunId, planMandateSheet, type MandateBatchInput, type MandateRunPlan } from './plan.js';
export { buildMandateReport, writeMandateReport, type MandateRunReport } from './report.js';
export { mandateBatchRun } from './run.js';
export { planMandateScans } from './scan-plan.js';
export { MANDATE_FORM_SPEC, mandateFromForm, readMarks, type ReadMandateForm } from './form-reader.js';
export { mandateSheetSpec } from './sheet-spec.js';

/** The parent of a mandate run: once every mandate has an outcome, it writes the run's report. */
export const mandateBatch = defineBot({
  name: 'mandate-batch',
  input: z.object({ file: z.string(), sha256: z.string(), source: z.enum(['sheet', 'scans']), rows: z.number().int() }),
  key: (i) => i.sha256,
  run: async (input, ctx) => {
    const report = buildMandateReport(ctx.item.runId, input, await ctx.runItems());
    const paths = await writeMandateReport(ctx.config.dataDir, report);
    ctx.log.info({ counts: report.counts, report: paths.json }, 'mandate run report written');
    return { counts: report.counts, report: paths };
  },
});
