/**
 * formats: entries a second read by the bank format readers on large generated files, each against
 * the bare cost of the underlying work, measured in the same run on the same bytes.
 *
 * MT940 (BENCH_FORMATS_MT940_ENTRIES, default 100,000 entries in statements of 1,000, with `:86:`
 * in the three shapes banks use):
 *   value    = `parseMt940(bytes)`: decoding, messages, every field, Money amounts, :86: subfields,
 *              references and counterparty, the balance check of each statement;
 *   baseline = a bare pass: bytes to text, split into lines, one regex over each `:61:` line.
 * camt.053 (BENCH_FORMATS_CAMT_ENTRIES, default 20,000 entries in statements of 1,000, ~16 MB):
 *   value    = `parseCamt(bytes)`: decoding, safety checks, XMLValidator, the parse, mapping, check;
 *   baseline = fast-xml-parser parsing the same bytes (as text) with the very options our reader
 *              uses, and nothing else: no safety checks, no validation, no mapping.
 * ratio = value / baseline for each. The rounds alternate (baseline, ours, baseline, ours...) and
 * each side's figure is its best round (BENCH_FORMATS_ROUNDS, default 3), since the machine is
 * shared and noisy. The summary line is MT940's; camt's is in `camt` and printed in the table.
 *
 * Goals: floors that catch a regression, set from what was measured, not parity. The camt side
 * adds a validation pass (cheap next to fast-xml-parser's parse) and the mapping: camt ratio >= 0.5.
 * The MT940 baseline is one regex a line, ~30 times less work than reading every field into exact
 * decimals, subfields, references and counterparties and checking the balances: MT940 ratio >= 0.015
 * (measured 0.020–0.031 on the shared 2-core machine; the ~60 ms baseline is the noisiest figure).
 */
import { XMLParser } from 'fast-xml-parser';
import { parseCamt, parseMt940 } from '../extractors/formats/index.js';
import { XML_PARSER_OPTIONS } from '../extractors/formats/xml/safe-xml.js';
import { envInt, machineInfo, round, table, type Benchmark, type BenchResult } from './lib.js';

const NAME = 'formats';
const GOALS = { mt940: 0.015, camt: 0.5 };
const PER_STATEMENT = 1000;

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const cents = (n: number) => 100 + ((n * 7919) % 99_900);
const swift = (c: number) => `${Math.floor(c / 100)},${pad(c % 100, 2)}`;
const dec = (c: number) => `${Math.floor(c / 100)}.${pad(c % 100, 2)}`;

/** A valid German IBAN for counterparty `k` (1,000 distinct ones, as a month of a busy account has). */
const ibans = new Map<number, string>();
function iban(i: number): string {
  const k = i % 1000;
  let v = ibans.get(k);
  if (!v) {
    const bban = `37040044${pad(532013000 + k, 10)}`;
    const check = 98n - (BigInt(`${bban}131400`) % 97n);
    v = `DE${pad(Number(check), 2)}${bban}`;
    ibans.set(k, v);
  }
  return v;
}

function details86(i: number): string {
  switch (i % 3) {
    case 0:
      return `166?00SEPA-GUTSCHRIFT?100599?20EREF+E2E-${i}?21SVWZ+Rechnung ${i} vom?22 01.03.2024?30COBADEFFXXX?31${iban(i)}?32Kunde ${i} GmbH`;
    case 1:
      return `/TRTP/SEPA OVERBOEKING/IBAN/${iban(i)}/BIC/COBADEFFXXX/NAME/Klant ${i}/REMI/Factuur ${i}/EREF/E2E-${i}`;
    default:
      return `BETALING ${i} KAARTNUMMER 1234 WINKEL AMSTERDAM\nTRANSACTIE ${i}`;
  }
}

export function generateMt940(entries: number): Buffer {
  const out: string[] = [];
  let balance = 1_000_000_00;
  for (let s = 0; s * PER_STATEMENT < entries; s++) {
    const n = Math.min(PER_STATEMENT, entries - s * PER_STATEMENT);
    out.push(`:20:STMT${s}`, ':25:DE89370400440532013000', `:28C:${s + 1}/1`, `:60F:C240301EUR${swift(balance)}`);
    for (let k = 0; k < n; k++) {
      const i = s * PER_STATEMENT + k;
      const c = cents(i);
      const debit = i % 2 === 1;
      balance += debit ? -c : c;
      out.push(`:61:2403010301${debit ? 'D' : 'C'}${swift(c)}NTRFREF${i}//B${i}`, `:86:${details86(i)}`);
    }
    out.push(`:62F:C240301EUR${swift(balance)}`, '-');
  }
  return Buffer.from(out.join('\r\n') + '\r\n', 'latin1');
}

export function generateCamt053(entries: number): Buffer {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><GrpHdr><MsgId>BENCH</MsgId><CreDtTm>2024-03-02T06:00:00</CreDtTm></GrpHdr>',
  ];
  const bal = (code: string, c: number) =>
    `<Bal><Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">${dec(c)}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-03-01</Dt></Dt></Bal>`;
  let balance = 1_000_000_00;
  for (let s = 0; s * PER_STATEMENT < entries; s++) {
    const n = Math.min(PER_STATEMENT, entries - s * PER_STATEMENT);
    const body: string[] = [];
    const opening = balance;
    for (let k = 0; k < n; k++) {
      const i = s * PER_STATEMENT + k;
      const c = cents(i);
      const debit = i % 2 === 1;
      balance += debit ? -c : c;
      const mark = debit ? 'DBIT' : 'CRDT';
      const role = debit ? 'Cdtr' : 'Dbtr';
      body.push(
        `<Ntry><NtryRef>${i}</NtryRef><Amt Ccy="EUR">${dec(c)}</Amt><CdtDbtInd>${mark}</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>` +
          `<BookgDt><Dt>2024-03-01</Dt></BookgDt><ValDt><Dt>2024-03-01</Dt></ValDt><AcctSvcrRef>SVC${i}</AcctSvcrRef>` +
          `<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>` +
          `<NtryDtls><TxDtls><Refs><MsgId>M${i}</MsgId><PmtInfId>P${i}</PmtInfId><EndToEndId>E2E-${i}</EndToEndId></Refs>` +
          `<Amt Ccy="EUR">${dec(c)}</Amt><CdtDbtInd>${mark}</CdtDbtInd>` +
          `<RltdPties><${role}><Pty><Nm>Party ${i} GmbH</Nm></Pty></${role}><${role}Acct><Id><IBAN>${iban(i)}</IBAN></Id></${role}Acct></RltdPties>` +
          `<RltdAgts><${role}Agt><FinInstnId><BICFI>COBADEFFXXX</BICFI></FinInstnId></${role}Agt></RltdAgts>` +
          `<RmtInf><Ustrd>Invoice ${i} &amp; services March</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>`,
      );
    }
    out.push(
      `<Stmt><Id>S${s}</Id><ElctrncSeqNb>${s + 1}</ElctrncSeqNb><CreDtTm>2024-03-02T06:00:00</CreDtTm><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>`,
      bal('OPBD', opening),
      bal('CLBD', balance),
      ...body,
      '</Stmt>',
    );
  }
  out.push('</BkToCstmrStmt></Document>');
  return Buffer.from(out.join('\n'), 'utf8');
}

const LINE_61 = /^:61:(\d{6})(\d{4})?(R?[CD])([A-Z])?(\d[\d,]*)([A-Z][A-Z0-9 ]{3})?(.*)$/;

/** The MT940 baseline: text, lines, one regex per :61: line. Returns the number of entries seen. */
function bareMt940(bytes: Buffer): number {
  let n = 0;
  for (const line of bytes.toString('latin1').split(/\r?\n/)) if (line.startsWith(':61:') && LINE_61.test(line)) n++;
  return n;
}

const bareParser = new XMLParser(XML_PARSER_OPTIONS);

/** The camt baseline: the bare parse. Returns the number of entries seen. */
function bareCamt(bytes: Buffer): number {
  const tree = bareParser.parse(bytes.toString('utf8')) as { Document: { BkToCstmrStmt: { Stmt: { Ntry: unknown[] }[] }[] }[] };
  return tree.Document[0]!.BkToCstmrStmt[0]!.Stmt.reduce((a, s) => a + s.Ntry.length, 0);
}

interface Side {
  rounds: number[];
  best: number;
}

function measure(entries: number, rounds: number, sides: Record<'baseline' | 'ours', () => number>): Record<'baseline' | 'ours', Side> {
  const out = { baseline: { rounds: [] as number[], best: 0 }, ours: { rounds: [] as number[], best: 0 } };
  for (let r = 0; r < rounds; r++) {
    for (const side of ['baseline', 'ours'] as const) {
      const t0 = performance.now();
      const seen = sides[side]();
      const s = (performance.now() - t0) / 1000;
      if (seen !== entries) throw new Error(`${side} saw ${seen} entries, expected ${entries}`);
      const perSecond = entries / s;
      out[side].rounds.push(round(perSecond));
      out[side].best = Math.max(out[side].best, perSecond);
    }
  }
  return out;
}

const benchmark: Benchmark = {
  name: NAME,
  description: 'MT940 and camt.053 entries a second on large generated files, against a bare regex pass and a bare fast-xml-parser parse',
  async run(): Promise<BenchResult> {
    const mtEntries = envInt('BENCH_FORMATS_MT940_ENTRIES', 100_000);
    const camtEntries = envInt('BENCH_FORMATS_CAMT_ENTRIES', 20_000);
    const rounds = envInt('BENCH_FORMATS_ROUNDS', 3);
    const mtBytes = generateMt940(mtEntries);
    const camtBytes = generateCamt053(camtEntries);
    console.log(`MT940: ${mtEntries} entries, ${round(mtBytes.length / 2 ** 20, 1)} MB; camt.053: ${camtEntries} entries, ${round(camtBytes.length / 2 ** 20, 1)} MB; ${rounds} rounds a side`);

    const count = (r: ReturnType<typeof parseMt940> | ReturnType<typeof parseCamt>) =>
      'statements' in r ? r.statements.reduce((a, s) => a + s.entries.length, 0) : r.reports.reduce((a, s) => a + s.entries.length, 0);
    const mt = measure(mtEntries, rounds, { baseline: () => bareMt940(mtBytes), ours: () => count(parseMt940(mtBytes, { file: 'bench.sta' })) });
    const camt = measure(camtEntries, rounds, { baseline: () => bareCamt(camtBytes), ours: () => count(parseCamt(camtBytes, { file: 'bench.xml' })) });

    const mtRatio = mt.ours.best / mt.baseline.best;
    const camtRatio = camt.ours.best / camt.baseline.best;
    console.log(
      '\n' +
        table(
          ['format', 'entries', 'ours entries/s', 'baseline entries/s', 'ratio', 'goal', 'rounds (ours)', 'rounds (baseline)'],
          [
            ['MT940', mtEntries, round(mt.ours.best), round(mt.baseline.best), round(mtRatio, 3).toFixed(3), `>= ${GOALS.mt940}`, mt.ours.rounds.join(' '), mt.baseline.rounds.join(' ')],
            ['camt.053', camtEntries, round(camt.ours.best), round(camt.baseline.best), round(camtRatio, 3).toFixed(3), `>= ${GOALS.camt}`, camt.ours.rounds.join(' '), camt.baseline.rounds.join(' ')],
          ],
        ),
    );
    const met = mtRatio >= GOALS.mt940 && camtRatio >= GOALS.camt;
    return {
      name: NAME,
      unit: 'entries/s',
      value: round(mt.ours.best),
      baseline: round(mt.baseline.best),
      ratio: round(mtRatio, 3),
      goal: { ratioAtLeast: GOALS.mt940, text: `MT940 ratio >= ${GOALS.mt940} and camt ratio >= ${GOALS.camt}`, met },
      mt940: { entries: mtEntries, bytes: mtBytes.length, value: round(mt.ours.best), baseline: round(mt.baseline.best), ratio: round(mtRatio, 3), rounds: mt },
      camt: { entries: camtEntries, bytes: camtBytes.length, value: round(camt.ours.best), baseline: round(camt.baseline.best), ratio: round(camtRatio, 3), rounds: camt },
      baselines: { mt940: 'bytes to latin1 text, split into lines, one regex per :61: line', camt: 'fast-xml-parser XMLParser.parse of the same text with our options, no validation, no mapping' },
      machine: machineInfo(),
      at: new Date().toISOString(),
    };
  },
};

export default benchmark;
