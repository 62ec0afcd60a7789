import { explain } from './explain.js';
import type { ScreeningResult } from './types.js';

/**
 * What an item does with a screening result, in the terms of the error taxonomy. `ComplianceHold`
 * lives in bots/kit/errors.ts, which compliance/ may not import; a bot turns this into
 * `throw new ComplianceHold(o.message, o.rule, o.details)`:
 * - block: rule `sanctions.block`, a hold whose release needs two approvers;
 * - review: rule `sanctions.review`, the same kind of exception, for a person to look at the hit;
 * - pass: undefined, the item goes on (record `result.listVersions` with it all the same).
 * The details carry the hits, the score, the thresholds, the list versions and the plain-text
 * explanation, so the exception shows which list version screened the item and why it hit.
 */
export function screeningHold(result: ScreeningResult): { rule: string; message: string; details: Record<string, unknown> } | undefined {
  if (result.decision === 'pass') return undefined;
  const top = result.hits[0]!;
  const what = result.decision === 'block' ? 'matches' : 'resembles';
  return {
    rule: `sanctions.${result.decision}`,
    message: `"${result.query.name}" ${what} ${top.list} entry ${top.entryId} "${top.matchedName}" (score ${top.score.toFixed(3)})`,
    details: {
      decision: result.decision,
      score: result.score,
      thresholds: result.thresholds,
      hits: result.hits,
      listVersions: result.listVersions,
      explanation: explain(result),
    },
  };
}
