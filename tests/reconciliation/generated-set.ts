/**
 * A reconciliation set with known answers: bank lines and ledger lines built case by case, each case
 * with the matches and breaks it must give. Deterministic (no randomness): the same set every run.
 * Counterparties are distinct people (no two alike by the name scorer), so that every match the
 * engine makes is one the set planted.
 */
import { creditorReferenceFor, Money, addDays, type LocalDate } from '../../banking/index.js';
import { reconcileSettings } from '../../bots/reconcile/index.js';
import { configSchema } from '../../config/schema.js';
import type { BankLine, BreakClass, LedgerLine, ReconcileSettings } from '../../reconciliation/index.js';

export interface GeneratedSet {
  bank: BankLine[];
  ledger: LedgerLine[];
  /** Every true match as the pairs of lines it joins (`bank|ledger`). */
  pairs: Set<string>;
  /** Every break the set plants: `side:id` → its class. */
  breaks: Map<string, BreakClass>;
  /** How many of each case. */
  cases: Record<string, number>;
}

const FIRST = ['Anna', 'Bernd', 'Clara', 'Dieter', 'Elif', 'Farid', 'Greta', 'Hakan', 'Ines', 'Jonas', 'Katja', 'Lukas', 'Mira', 'Nils', 'Olga', 'Paul', 'Quirin', 'Rosa', 'Sven', 'Tanja', 'Ugo', 'Vera', 'Wim', 'Xenia', 'Yusuf', 'Zora'];
const LAST = ['Achterberg', 'Brandauer', 'Castellano', 'Dobrowolski', 'Eisenhower', 'Fitzgerald', 'Gonzaga', 'Hallgrimsson', 'Ivanovic', 'Jablonski', 'Kowalczyk', 'Lindqvist', 'Montgomery', 'Nakamura', 'Oppenheimer', 'Petrakis', 'Quintero', 'Rasmussen', 'Szczepanski', 'Thorvaldsen', 'Underwood', 'Valderrama', 'Wojciechowski', 'Xanthopoulos', 'Yilmazer', 'Zimmermann', 'Abernathy', 'Bergkamp', 'Cavendish', 'Drummond', 'Eriksson', 'Falkenberg', 'Grimaldi', 'Hollingsworth', 'Iglesias', 'Jorgensen', 'Kerrigan', 'Lombardi', 'Mastroianni', 'Nordstrom', 'Okonkwo', 'Pellegrini', 'Quackenbush', 'Rutherford', 'Sandoval', 'Tarkovsky', 'Uhlenbrock', 'Vanderbilt', 'Whitmore', 'Yamamoto'];

const SYLLABLES = ['ka', 'lo', 'mi', 'ru', 'de', 'pa', 'sen', 'tor', 'vel', 'bri', 'gan', 'hu', 'jis', 'nor', 'quo', 'zat', 'fel', 'wim', 'yor', 'cud'];

const ASOF = '2027-01-29';
/** Business days of January 2027 (TARGET2: 1 January closed). */
const DAYS: string[] = [];
for (let d = '2027-01-04'; d <= '2027-01-29'; d = addDays(d as LocalDate, 1)) {
  const wd = new Date(`${d}T12:00:00Z`).getUTCDay();
  if (wd !== 0 && wd !== 6) DAYS.push(d);
}

export function generateSet(scale = 1): GeneratedSet {
  const bank: BankLine[] = [];
  const ledger: LedgerLine[] = [];
  const pairs = new Set<string>();
  const breaks = new Map<string, BreakClass>();
  const cases: Record<string, number> = {};
  let person = 0;
  let cents = 1000;
  const name = () => {
    const n = person++;
    if (n < FIRST.length * LAST.length) return `${FIRST[n % FIRST.length]} ${LAST[Math.floor(n / FIRST.length)]}`;
    // Past the list (large sets): a made-up surname of syllables, neighbours far apart (a multiplicative permutation).
    let x = (n * 7919) % 3_200_000;
    let surname = '';
    for (let k = 0; k < 5; k++, x = Math.floor(x / 20)) surname += SYLLABLES[x % 20];
    return `${FIRST[n % FIRST.length]} ${surname[0]!.toUpperCase()}${surname.slice(1)}`;
  };
  /** A new amount (EUR), never used before: no two cases meet by amount. */
  const amount = (sign = 1) => {
    cents += 137;
    return Money.fromMinorUnits(BigInt(sign * cents), 'EUR');
  };
  /** The i-th case's day, and a day `shift` business days after it (never past the month). */
  const day = (i: number, shift = 0) => DAYS[(i % (DAYS.length - 6)) + shift]!;
  const count = (c: string, n: number) => Math.max(1, Math.round(n * scale));
  let nb = 0;
  let nl = 0;
  const b = (l: Omit<BankLine, 'id'>) => {
    const line = { ...l, id: `B${++nb}` };
    bank.push(line);
    return line;
  };
  const g = (l: Omit<LedgerLine, 'id'>) => {
    const line = { ...l, id: `L${++nl}` };
    ledger.push(line);
    return line;
  };
  const pair = (bs: BankLine[], ls: LedgerLine[]) => {
    for (const x of bs) for (const y of ls) pairs.add(`${x.id}|${y.id}`);
  };
  const plant = (c: string, n: number, make: (i: number) => void) => {
    cases[c] = count(c, n);
    for (let i = 0; i < cases[c]!; i++) make(i);
  };

  plant('end-to-end id', 600, (i) => {
    const a = amount(i % 3 ? 1 : -1);
    const ref = { endToEndId: `E2E-2027-${String(i).padStart(6, '0')}` };
    pair([b({ amount: a, date: day(i, i % 3), counterparty: name(), references: ref })], [g({ amount: a, date: day(i), counterparty: name(), references: ref })]);
  });
  plant('structured creditor reference', 200, (i) => {
    const a = amount();
    const rf = creditorReferenceFor(`INV${20270000 + i}`);
    pair([b({ amount: a, date: day(i, 1), references: { text: `Invoice ${rf.replace(/(.{4})/g, '$1 ')} thanks` } })], [g({ amount: a, date: day(i), references: { creditorReference: rf } })]);
  });
  plant('mandate and amount', 150, (i) => {
    const a = amount(-1);
    const who = name();
    const ref = { mandateReference: `MND-${i}` };
    pair([b({ amount: a, date: day(i), counterparty: who, references: ref })], [g({ amount: a, date: day(i), counterparty: who, references: ref })]);
  });
  plant('our reference', 150, (i) => {
    const a = amount(-1);
    const ref = { ourReference: `PAY-${String(i).padStart(5, '0')}` };
    pair([b({ amount: a, date: day(i, 1), references: ref })], [g({ amount: a, date: day(i), counterparty: name(), references: ref })]);
  });
  plant('amount, date and name', 400, (i) => {
    const a = amount(i % 2 ? 1 : -1);
    const who = name();
    // The bank writes names its own way: upper case, umlauts spelt out, a letter dropped now and then.
    const written = i % 4 === 0 ? who.toUpperCase() : i % 4 === 1 ? `${who.split(' ')[1]}, ${who.split(' ')[0]}` : i % 4 === 2 ? who.replace(/(\w{4})\w/, '$1') : who;
    pair([b({ amount: a, date: day(i, i % 3), counterparty: written, references: {} })], [g({ amount: a, date: day(i), counterparty: who, references: {} })]);
  });
  plant('batch booking', 20, (i) => {
    const members = Array.from({ length: 10 }, (_, k) => g({ amount: amount(), date: day(i), counterparty: name(), references: { endToEndId: `DDB-${i}-${k}-X` }, batch: `DD-FILE-${i}` }));
    const total = Money.sum(members.map((m) => m.amount), 'EUR');
    pair([b({ amount: total, date: day(i, 1), references: { ourReference: `DD-FILE-${i}` } })], members);
  });
  plant('one entry for several lines', 20, (i) => {
    const who = name();
    const lines = Array.from({ length: 3 }, () => g({ amount: amount(-1), date: day(i), counterparty: who, references: {} }));
    pair([b({ amount: Money.sum(lines.map((l) => l.amount), 'EUR'), date: day(i, 1), counterparty: who, references: {} })], lines);
  });
  plant('instalments', 40, (i) => {
    const rf = creditorReferenceFor(`INST${1000 + i}`);
    const parts = [amount(), amount(), ...(i % 2 ? [amount()] : [])];
    const whole = g({ amount: Money.sum(parts, 'EUR'), date: day(i), counterparty: name(), references: { creditorReference: rf } });
    pair(parts.map((p, k) => b({ amount: p, date: day(i, 2 * k), references: { text: `part ${k + 1} ${rf}` } })), [whole]);
  });
  plant('fee by reference', 100, (i) => {
    const a = amount();
    const fee = Money.fromMinorUnits(BigInt(50 + (i % 5) * 50), 'EUR');
    const ref = { endToEndId: `FEE-E2E-${i}` };
    pair([b({ amount: a.minus(fee), date: day(i), references: ref })], [g({ amount: a, date: day(i), references: ref })]);
  });
  plant('fee by name', 50, (i) => {
    const a = amount();
    const who = name();
    pair([b({ amount: a.minus(Money.of('1.50', 'EUR')), date: day(i), counterparty: who, references: {} })], [g({ amount: a, date: day(i), counterparty: who, references: {} })]);
  });
  plant('timing', 100, (i) => {
    const l = g({ amount: amount(), date: DAYS[DAYS.length - 1 - (i % 2)]!, counterparty: name(), references: { endToEndId: `LATE-${i}` } });
    breaks.set(`ledger:${l.id}`, 'timing');
  });
  plant('missing at bank', 80, (i) => {
    const l = g({ amount: amount(), date: day(i % 5), counterparty: name(), references: { endToEndId: `GONE-${i}` } });
    breaks.set(`ledger:${l.id}`, 'missing-at-bank');
  });
  plant('missing in ledger', 80, (i) => {
    const l = b({ amount: amount(-1), date: day(i), counterparty: name(), references: { endToEndId: `UNBOOKED-${i}` } });
    breaks.set(`bank:${l.id}`, 'missing-in-ledger');
  });
  plant('unknown', 20, (i) => {
    const l = b({ amount: amount(), date: day(i), references: {} });
    breaks.set(`bank:${l.id}`, 'unknown');
  });
  plant('bank duplicate', 30, (i) => {
    const a = amount();
    const ref = { endToEndId: `TWICE-B-${i}` };
    const who = name();
    const first = b({ amount: a, date: day(i), counterparty: who, references: ref });
    pair([first], [g({ amount: a, date: day(i), counterparty: who, references: ref })]);
    breaks.set(`bank:${b({ amount: a, date: day(i), counterparty: who, references: ref }).id}`, 'duplicate');
  });
  plant('ledger duplicate', 30, (i) => {
    const a = amount(-1);
    const ref = { endToEndId: `TWICE-L-${i}` };
    const who = name();
    pair([b({ amount: a, date: day(i), counterparty: who, references: ref })], [g({ amount: a, date: day(i), counterparty: who, references: ref })]);
    breaks.set(`ledger:${g({ amount: a, date: day(i), counterparty: who, references: ref }).id}`, 'duplicate');
  });
  plant('wrong reference', 50, (i) => {
    const a = amount();
    const who = name();
    const rf = creditorReferenceFor(`WRONG${i}`);
    // The payer mistyped the reference (its check digits fail): the engine matches on amount, date and name.
    const typo = `${rf.slice(0, -1)}${(Number(rf.slice(-1)) + 1) % 10}`;
    pair([b({ amount: a, date: day(i), counterparty: who, references: { text: typo } })], [g({ amount: a, date: day(i), counterparty: who, references: { creditorReference: rf } })]);
  });
  plant('amount difference', 40, (i) => {
    const a = amount();
    const ref = { endToEndId: `DIFF-${i}` };
    const x = b({ amount: a.plus(Money.of('25.00', 'EUR')), date: day(i), counterparty: name(), references: ref });
    const y = g({ amount: a, date: day(i), counterparty: name(), references: ref });
    breaks.set(`bank:${x.id}`, 'amount-difference');
    breaks.set(`ledger:${y.id}`, 'amount-difference');
  });
  return { bank, ledger, pairs, breaks, cases };
}

export const GENERATED_AS_OF = ASOF;

/** The settings the set is reconciled with: the configuration's defaults (reconciliation.*), as of the set's day. */
export const generatedSetSettings = (): ReconcileSettings => reconcileSettings(configSchema.parse({}), ASOF);
