import { HISTORIC_CURRENCIES, isHistoricCurrency } from '../../banking/index.js';
import type { Balance, EntryReport, Statement, StatementEntry, StatementFlag } from './types.js';

/**
 * The flags a statement or report earns from what was read in it: a withdrawn currency (read with
 * its own minor units), dates read otherwise than written (a 30 February). Returns it with `flags`
 * set when there are any; readers call it on everything they return.
 */
export function flagged<T extends Statement | EntryReport>(s: T): T {
  const flags: StatementFlag[] = [...(s.flags ?? [])];
  if (isHistoricCurrency(s.currency)) {
    const h = HISTORIC_CURRENCIES[s.currency];
    flags.push({ code: 'historic-currency', message: `in ${s.currency} (${h.name}), a currency withdrawn in ${h.withdrawn} and replaced by ${h.replacedBy}: amounts read with its ${h.minorUnits} decimals` });
  }
  const balances: Balance[] = 'balances' in s ? s.balances : [s.opening, s.closing, ...s.otherBalances];
  const adjusted = [...balances, ...s.entries].filter((x: Balance | StatementEntry) => x.provenance.asWritten);
  if (adjusted.length) {
    const first = adjusted[0]!.provenance;
    const [what, text] = Object.entries(first.asWritten!)[0]!;
    flags.push({
      code: 'date-adjusted',
      message: `${adjusted.length} date(s) that do not exist read as the last day of February (first: ${what} "${text}"${first.line ? ` on line ${first.line}` : ''}); the original text is kept with each`,
    });
  }
  return flags.length ? { ...s, flags } : s;
}
