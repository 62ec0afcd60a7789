/**
 * Repairs a reading (OCR) of a code protected by check digits: when the code fails its check and
 * exactly ONE substitution of a look-alike character makes it valid, that is the correction; when
 * none or several do, nothing is guessed and a person decides. Only positions where a substitute
 * fits the code's shape are tried (the caller's `valid` decides), so an IBAN's letters stay letters.
 *
 * The look-alikes are the pairs OCR confuses on printed and hand-written forms: O/0, I/1/l, S/5,
 * B/8, Z/2, G/6 (each way).
 */
export const CONFUSABLE: Readonly<Record<string, readonly string[]>> = {
  O: ['0'], '0': ['O'],
  I: ['1', 'L'], L: ['1', 'I'], '1': ['I', 'L'],
  S: ['5'], '5': ['S'],
  B: ['8'], '8': ['B'],
  Z: ['2'], '2': ['Z'],
  G: ['6'], '6': ['G'],
};

export interface CheckDigitRepair {
  /** The code as corrected. */
  value: string;
  /** 0-based position of the character replaced, in the code without spaces. */
  position: number;
  from: string;
  to: string;
}

export type RepairResult =
  | { outcome: 'valid'; value: string }
  | { outcome: 'repaired'; value: string; repair: CheckDigitRepair }
  /** No look-alike substitution makes it valid, or more than one does (`candidates`). */
  | { outcome: 'unrepairable'; candidates: string[] };

/**
 * `reading` as read (spaces dropped, upper case: a lower-case l is read as I/L); `valid` the
 * code's own check (e.g. `isIban`, `isCreditorId`); `positions` limits the tried positions (a
 * creditor id's business code is not covered by its check digits, so changing it proves nothing).
 */
export function repairByCheckDigits(reading: string, valid: (code: string) => boolean, positions?: (index: number, code: string) => boolean): RepairResult {
  const code = reading.replace(/\s+/g, '').toUpperCase();
  if (valid(code)) return { outcome: 'valid', value: code };
  const found: CheckDigitRepair[] = [];
  for (let i = 0; i < code.length; i++) {
    if (positions && !positions(i, code)) continue;
    for (const to of CONFUSABLE[code[i]!] ?? []) {
      const candidate = code.slice(0, i) + to + code.slice(i + 1);
      if (valid(candidate)) found.push({ value: candidate, position: i, from: code[i]!, to });
    }
  }
  const distinct = [...new Set(found.map((f) => f.value))];
  return distinct.length === 1 ? { outcome: 'repaired', value: distinct[0]!, repair: found[0]! } : { outcome: 'unrepairable', candidates: distinct };
}
