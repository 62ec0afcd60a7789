import type { ScreeningHit, ScreeningResult } from './types.js';

const LIST_NAMES: Record<string, string> = { 'ofac-sdn': 'OFAC SDN', un: 'UN consolidated', eu: 'EU consolidated' };
const f3 = (n: number) => n.toFixed(3);
const signed = (n: number) => (n >= 0 ? `+${f3(n)}` : f3(n));

function hitLines(h: ScreeningHit, rank: string): string[] {
  const named = h.matchedName === h.entryName ? `"${h.matchedName}"` : `"${h.matchedName}" (${h.matchedNameKind} of "${h.entryName}")`;
  const lines = [
    `${rank} ${f3(h.score)}  ${LIST_NAMES[h.list] ?? h.list} entry ${h.entryId} (${h.type}${h.programs.length ? `; ${h.programs.join(', ')}` : ''})`,
    `     matched name ${named}: name score ${f3(h.nameScore)}`,
  ];
  if (h.tokens.length) lines.push(`     tokens: ${h.tokens.map((t) => (t.query === t.candidate ? `${t.query} = ${f3(t.score)}` : `${t.query} ~ ${t.candidate} ${f3(t.score)}`)).join(', ')}`);
  const un = [...h.unmatched.query.map((t) => `${t} (screened)`), ...h.unmatched.candidate.map((t) => `${t} (listed)`)];
  if (un.length) lines.push(`     unmatched: ${un.join(', ')}`);
  for (const a of h.adjustments) lines.push(`     ${a.reason} ${signed(a.delta)} (${a.detail})`);
  return lines;
}

/**
 * A screening result in plain text, for the CLI and for an exception's reason: the decision and
 * the thresholds, then each hit with its list and entry, the matched name, the token pairs with their
 * scores, what matched nothing, and each adjustment; last, the list versions screened against.
 */
export function explain(r: ScreeningResult): string {
  const q = r.query;
  const facts = [q.country && `country ${q.country}`, q.dob && `born ${q.dob}`, q.type, ...(q.identifiers ?? []).map((i) => `${i.kind} ${i.value}`)].filter(Boolean);
  const lines = [
    `${r.decision.toUpperCase()}: "${q.name}"${facts.length ? ` (${facts.join(', ')})` : ''} scored ${f3(r.score)} (block at ${f3(r.thresholds.block)}, review at ${f3(r.thresholds.review)})`,
    `  normalised: ${q.normalised || '(no tokens)'}`,
  ];
  if (r.hits.length) {
    lines.push(`  ${r.hits.length} hit${r.hits.length > 1 ? 's' : ''}:`);
    r.hits.forEach((h, i) => lines.push(...hitLines(h, `  ${i + 1}.`)));
  } else {
    lines.push(`  no list entry scored ${f3(r.thresholds.review)} or more`);
    if (r.nearMiss) lines.push('  closest:', ...hitLines(r.nearMiss, '  -'));
  }
  lines.push(`  lists: ${r.listVersions.map((v) => `${LIST_NAMES[v.source] ?? v.source} ${v.date} sha256 ${v.sha256.slice(0, 12)}`).join('; ')}`);
  lines.push(`  ${r.namesScored} of ${r.namesIndexed} list names scored in ${r.tookMs} ms`);
  return lines.join('\n') + '\n';
}
