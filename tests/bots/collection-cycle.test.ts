/**
 * Proof: three monthly collection cycles over a few hundred mandates, through the real parts (the
 * worker host on Redis, the simulator's upload screen in Chromium, its settlement and answers, our
 * readers). Rejects, returns, a refund, insufficient funds presented again, an amendment, a final
 * collection and a one-off mandate: every collection and mandate ends in the state the rulebook
 * gives, and every file validates against the official XSD (../shared/corpus; without it, the
 * writer's own checks run and the test says the schema was not used).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { composeIBAN } from 'ibantools';
import { ExpectedBook } from '../../bots/reconcile/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkMandateTerms, mandateKey, todayIn, type MandateTerms } from '../../banking/index.js';
import { XsdSchema } from '../../banking/pain008/index.js';
import { collectionCycle, collectionPlan, type CollectionCycleReport, type CollectionCycleResult } from '../../bots/collection-cycle/index.js';
import { CollectionLedger, cycleReport } from '../../bots/collection-ledger/index.js';
import { collectionAnswers, collectionAnswersFetch, collectionAnswersRun, collectionReturn, type CollectionAnswersFetchResult } from '../../bots/collection-return/index.js';
import { ddControl, type DdControlResult } from '../../bots/dd-control/index.js';
import { readPain008 } from '../../extractors/formats/index.js';
import type { DebtorOutcome } from '../../legacy-bank/collection-settlement.js';
import { ownKeys } from '../../queue/keys.js';
import { dispatchItem } from '../../queue/dispatch.js';
import { runDropFolder } from '../../queue/run-inboxes.js';
import { dispatchFile } from '../../queue/run-sources.js';
import { useBankWorker } from '../helpers/bank-worker.js';
import { waitFor } from '../helpers/wait.js';

const XSD = path.resolve('../shared/corpus/sepa/xsd/pain.008.001.02.xsd');
const hasXsd = existsSync(XSD);
if (!hasXsd) console.warn(`collection-cycle proof: ${XSD} is absent (../shared/corpus): the files are checked by the writer only, not against the XSD`);

/** Mandates in the first cycle (a few hundred), and new ones signed before the second. */
const N = Number(process.env.DD_PROOF_MANDATES ?? 240);
const NEW = 10;
const CREDITOR = { id: 'DE98ZZZ09999999999', name: 'Stadtwerke Musterstadt GmbH', iban: 'DE02120300000000202051' };
const dir = mkdtempSync(path.join(tmpdir(), 'rpa-dd-cycles-'));

const env = useBankWorker({
  bots: [collectionPlan, collectionCycle, collectionReturn, collectionAnswers, collectionAnswersFetch, ddControl],
  config: () => ({
    collectionAnswers: { inbox: path.join(dir, 'inbox-answers') },
    // A blocked account (AC06) here stops nothing: the bank's own choice (directDebits.reasonActions), which shows a rejected first collection going out as FRST again.
    directDebits: { creditors: [CREDITOR], reasonActions: { AC06: 'no-re-presentation' }, ...(hasXsd ? { schemas: { 'pain.008.001.02': XSD } } : {}) },
    bots: { 'collection-plan': { concurrency: 8 } },
  }),
});
let ledger: CollectionLedger;
let schema: XsdSchema | undefined;

const iban = (k: number) => composeIBAN({ countryCode: 'DE', bban: `${String(37040044 + (k % 7)).padStart(8, '0')}${String(532013000 + k * 7).padStart(10, '0')}` })!;
const umr = (k: number) => `STW-${String(k).padStart(5, '0')}`;
const key = (k: number) => mandateKey({ creditorId: CREDITOR.id, umr: umr(k) });

/** Special mandates, by number; every other one is collected every month and settles. */
const S = { closed: 1, blocked: 2, noMandate: 3, deceased: 4, refuses: 5, refunds: 6, fundsOnce: 7, fundsTwice: 8, amended: 10, final: 11, oneOff: 12, b2b: 13, unknown: 9_999 };

function terms(k: number): MandateTerms {
  return checkMandateTerms(
    {
      umr: umr(k),
      creditorId: CREDITOR.id,
      creditorName: CREDITOR.name,
      debtorName: `Kunde ${k} Beispiel`,
      debtorAddress: [`Hauptstrasse ${k}`, '10115 Berlin'],
      debtorIban: iban(k),
      scheme: k === S.b2b ? 'B2B' : 'CORE',
      type: k === S.oneOff ? 'one-off' : 'recurrent',
      signedOn: '2026-10-01',
      signedAt: 'Berlin',
      b2bConfirmedByDebtorBank: k === S.b2b,
    },
    { today: '2026-12-01' as never },
  );
}

interface Claim {
  k: number;
  amount: string;
  final?: boolean;
  notifiedOn?: string;
}

function claimsFile(name: string, date: string, claims: Claim[]): string {
  const de = (iso: string) => iso.split('-').reverse().join('.');
  const rows = claims.map((c) => [umr(c.k), c.amount.replace('.', ','), de(date), `Abschlag ${name} Kunde ${c.k}`, c.final ? 'ja' : '', c.notifiedOn ? de(c.notifiedOn) : ''].join(';'));
  const file = path.join(dir, `${name}.csv`);
  writeFileSync(file, ['Mandatsreferenz;Betrag;Fälligkeitsdatum;Verwendungszweck;Letzte Lastschrift;Vorabankündigung', ...rows].join('\r\n') + '\r\n');
  return file;
}

const amountOf = (k: number, cycle: number) => `${20 + (k % 50)}.${String((k * 7 + cycle) % 100).padStart(2, '0')}`;

async function runCycle(name: string, date: string, claims: Claim[]) {
  const run = await dispatchFile(env.rt, 'collection-cycle', claimsFile(name, date, claims));
  const result = (await waitFor(async () => (await env.rt.queue('collection-cycle').getJob(run.runId))?.returnvalue, `cycle ${name}`, 240_000)) as CollectionCycleResult;
  return { runId: run.runId, result };
}

/** The bank's settlement of what it holds, its answers through the collection-answers run (pain.002 before camt.054). */
async function answer(name: string) {
  const answers = env.bank.state.collectionFiles.settle(Date.now(), () => false);
  const reports = [];
  for (const a of [...answers].sort((x, y) => (x.kind < y.kind ? 1 : -1))) {
    const file = path.join(dir, `${name}-${a.name}`);
    writeFileSync(file, a.xml);
    const run = await dispatchFile(env.rt, 'collection-answers', file);
    reports.push(await waitFor(async () => (await env.rt.queue('collection-answers').getJob(run.runId))?.returnvalue, `answers ${a.name}`, 120_000));
  }
  return reports;
}

/** The bank's answers as a bot fetches them from its screen (DD02) into the drop folder, and the folder's runs. */
async function fetchAnswers(asOf: string): Promise<CollectionAnswersFetchResult> {
  const d = await dispatchItem(env.rt, 'collection-answers-fetch', { asOf }, { runId: `fetch-${asOf}` });
  const fetched = (await waitFor(async () => (await env.rt.queue('collection-answers-fetch').getJob(d.itemId))?.returnvalue, `fetch ${asOf}`, 120_000)) as CollectionAnswersFetchResult;
  return fetched;
}

const outcomes = () => env.bank.state.collectionFiles.debtorOutcomes;
const setOutcome = (k: number, o: DebtorOutcome | null) => (o ? outcomes().set(iban(k), o) : outcomes().delete(iban(k)));

async function exceptionsOf(runId: string) {
  const items = await env.rt.runIndex.listByRun(runId);
  const out = new Map<string, string>();
  for (const i of items.filter((x) => x.status === 'exception')) out.set(i.businessKey, (await env.rt.exceptions.list({ itemId: i.itemId }))[0]?.reason ?? '');
  return out;
}

async function checkFile(result: CollectionCycleResult) {
  const file = path.join(env.rt.config.dataDir, 'collection-files', result.file!.name);
  if (schema) expect(await schema.validate(readFileSync(file, 'utf8'))).toEqual([]);
  expect(result.file!.schemaChecked).toBe(hasXsd);
  const message = await readPain008(file);
  expect(message.warnings).toEqual([]);
  return new Map(message.blocks.flatMap((b) => b.collections.map((c) => [c.umr + (c.endToEndId.includes('-R') ? '#again' : ''), { ...c, sequenceType: b.sequenceType, scheme: b.scheme }] as const)));
}

beforeAll(async () => {
  ledger = new CollectionLedger(env.rt.redis, ownKeys(env.rt.prefix));
  if (hasXsd) schema = await XsdSchema.load(XSD);
  for (let k = 0; k < N; k++) await ledger.mandates.record(key(k), terms(k), 'proof: the register');
});
afterAll(() => schema?.dispose());

describe('three monthly collection cycles', () => {
  it('ends every collection and mandate in the state the rulebook gives, every file valid', { timeout: 600_000 }, async () => {
    const started = Date.now();
    // ---- Cycle 1: January. Outcomes the debtors' banks will give.
    setOutcome(S.closed, 'closed');
    setOutcome(S.blocked, 'blocked');
    setOutcome(S.noMandate, 'no-mandate');
    setOutcome(S.deceased, 'deceased');
    setOutcome(S.refuses, 'refuses');
    setOutcome(S.refunds, 'refunds');
    setOutcome(S.fundsOnce, 'insufficient-funds');
    setOutcome(S.fundsTwice, 'insufficient-funds');
    const c1Claims: Claim[] = Array.from({ length: N }, (_, k) => ({ k, amount: amountOf(k, 1), ...(k % 40 === 20 ? {} : { notifiedOn: '2026-12-01' }) }));
    c1Claims.push({ k: S.unknown, amount: '10.00', notifiedOn: '2026-12-01' });
    const c1 = await runCycle('2027-01', '2027-01-05', c1Claims);
    expect(c1.result.counts).toMatchObject({ claims: N + 1, planned: N, represented: 0, exceptions: 1 });
    expect(c1.result.noticesOwed.length).toBe(c1Claims.filter((c) => !c.notifiedOn).length);
    const f1 = await checkFile(c1.result);
    expect(f1.get(umr(0))?.sequenceType).toBe('FRST');
    expect(f1.get(umr(S.oneOff))?.sequenceType).toBe('OOFF');
    expect(f1.get(umr(S.b2b))?.scheme).toBe('B2B');
    expect([...(await exceptionsOf(c1.runId)).values()][0]).toMatch(/mandate STW-09999 .* is not in the mandate register/);
    expect(env.bank.state.collectionFiles.byMessageId(c1.runId)).toHaveLength(1);
    await answer('c1');

    const state = async (k: number, runId: string, again = false) =>
      (await ledger.ofRun(runId)).find((c) => c.umr === umr(k) && !!c.represents === again)?.state;
    expect(await state(0, c1.runId)).toBe('settled');
    expect(await state(S.closed, c1.runId)).toBe('rejected');
    expect(await state(S.blocked, c1.runId)).toBe('rejected');
    expect(await state(S.noMandate, c1.runId)).toBe('rejected');
    expect(await state(S.deceased, c1.runId)).toBe('returned');
    expect(await state(S.refuses, c1.runId)).toBe('returned');
    expect(await state(S.refunds, c1.runId)).toBe('refunded');
    expect(await state(S.fundsOnce, c1.runId)).toBe('re-presented');
    for (const k of [S.closed, S.noMandate, S.deceased]) expect((await ledger.mandateState(key(k))).stopped).toMatch(/^(AC04|MD01|MD07)/);
    expect(await ledger.mandateState(key(S.blocked))).toEqual({ presented: 0 });
    expect((await ledger.mandateState(key(S.refuses))).stopped).toBeUndefined();
    // What the creditor's statement should show (reconcile-day's books side): the collections not rejected, credited as
    // one batch on the collection date; each return debited back on the day it was applied.
    const expectedBook = new ExpectedBook(env.rt.redis, ownKeys(env.rt.prefix));
    const c1Collections = await ledger.ofRun(c1.runId);
    const credited = await expectedBook.ofDay(CREDITOR.iban, '2027-01-05');
    expect(credited.map((l) => l.id).sort()).toEqual(c1Collections.filter((c) => c.state !== 'rejected').map((c) => `collection:${c.endToEndId}`).sort());
    expect(credited.every((l) => l.batch === c1.runId && l.amount.isPositive())).toBe(true);
    const debited = (await expectedBook.ofDay(CREDITOR.iban, todayIn(env.rt.config.banking.timeZone, new Date()))).filter((l) => l.id.startsWith('return:'));
    expect(debited.map((l) => l.id).sort()).toEqual(c1Collections.filter((c) => ['returned', 'refunded', 're-presented'].includes(c.state)).map((c) => `return:${c.endToEndId}`).sort());

    // ---- Between cycles: a debtor moves to another bank (the register amended), new mandates signed.
    for (const k of [S.refuses, S.refunds, S.fundsOnce, S.blocked]) setOutcome(k, null);
    const moved = { ...terms(S.amended), debtorIban: composeIBAN({ countryCode: 'NL', bban: 'ABNA0417164300' })! };
    await ledger.mandates.recordAmendment(key(S.amended), { originalDebtorIban: iban(S.amended), debtorBankChanged: true });
    await ledger.mandates.record(key(S.amended), moved, 'proof: amended in the register');
    for (let k = N; k < N + NEW; k++) await ledger.mandates.record(key(k), terms(k), 'proof: the register');

    // ---- Cycle 2: February.
    const c2Claims: Claim[] = Array.from({ length: N + NEW }, (_, k) => ({ k, amount: amountOf(k, 2), ...(k === S.final ? { final: true } : {}) }));
    const c2 = await runCycle('2027-02', '2027-02-05', c2Claims);
    const stoppedOrUsed = [S.closed, S.noMandate, S.deceased, S.oneOff];
    expect(c2.result.counts).toMatchObject({ claims: N + NEW, planned: N + NEW - stoppedOrUsed.length, represented: 2, exceptions: stoppedOrUsed.length });
    const x2 = await exceptionsOf(c2.runId);
    expect([...x2.values()].filter((r) => /collections on mandate STW-\d+ are stopped/.test(r))).toHaveLength(3);
    expect([...x2.values()].some((r) => /one-off and was used/.test(r))).toBe(true);
    const f2 = await checkFile(c2.result);
    expect(f2.get(umr(0))?.sequenceType).toBe('RCUR');
    expect(f2.get(umr(N))?.sequenceType).toBe('FRST');
    expect(f2.get(umr(S.final))?.sequenceType).toBe('FNAL');
    // January's first collection on the blocked account was rejected before settlement: this one is a first collection again.
    expect(f2.get(umr(S.blocked))?.sequenceType).toBe('FRST');
    // Presented again: the same amount as in January, a failed FRST stays FRST.
    expect(f2.get(`${umr(S.fundsOnce)}#again`)).toMatchObject({ sequenceType: 'FRST' });
    expect(f2.get(`${umr(S.fundsOnce)}#again`)?.amount.toString()).toBe(amountOf(S.fundsOnce, 1));
    // Another bank: the file says SMNDA (same mandate, new debtor agent), not the old account.
    expect(f2.get(umr(S.amended))?.amendment).toEqual({ debtorBankChanged: true });
    expect(f2.get(umr(S.amended))?.debtorIban).toBe(moved.debtorIban);
    const answers2 = (await answer('c2')) as { counts: { exceptions: number } }[];
    // The re-presentation on the twice-short account came back AM04 again: an exception, not a third try.
    expect(answers2.reduce((n, r) => n + r.counts.exceptions, 0)).toBe(1);
    expect(await state(S.fundsOnce, c2.runId, true)).toBe('settled');
    expect(await state(S.fundsTwice, c2.runId, true)).toBe('returned');
    expect(await state(S.refuses, c2.runId)).toBe('settled');
    expect((await ledger.mandateState(key(S.final))).stopped).toMatch(/final collection/);

    // ---- Cycle 3: March.
    setOutcome(S.fundsTwice, null);
    const c3Claims: Claim[] = Array.from({ length: N + NEW }, (_, k) => ({ k, amount: amountOf(k, 3) })).filter((c) => c.k !== S.oneOff);
    const c3 = await runCycle('2027-03', '2027-03-05', c3Claims);
    const f3 = await checkFile(c3.result);
    expect(f3.get(umr(S.amended))?.amendment).toBeUndefined();
    expect(f3.get(umr(0))?.sequenceType).toBe('RCUR');
    // The February regular collection on the twice-short account came back AM04 too: presented again once.
    expect(c3.result.counts.represented).toBe(1);
    expect(c3.result.counts.exceptions).toBe(4);
    expect(f3.get(umr(S.blocked))?.sequenceType).toBe('RCUR');
    // This time through the bank's screen: every answer it lists is fetched once (those of January and
    // February too, which were applied: the same content is the same run, nothing is applied twice).
    const fetched = await fetchAnswers('2027-03');
    expect(fetched.fetched).toHaveLength(6);
    expect((await fetchAnswers('2027-03-again')).fetched).toHaveLength(0);
    const folder = runDropFolder(env.rt, collectionAnswersRun)!;
    await folder.start();
    try {
      await waitFor(async () => (await ledger.ofRun(c3.runId)).every((c) => c.state === 'settled') || undefined, 'the March answers applied', 60_000);
      await waitFor(async () => readdirSync(path.join(dir, 'archive')).length === 6 || undefined, 'every answer file archived');
    } finally {
      await folder.stop();
    }
    expect(await state(S.fundsTwice, c3.runId, true)).toBe('settled');

    // Every collection in a final state; the files each uploaded once.
    const all = [...(await ledger.ofRun(c1.runId)), ...(await ledger.ofRun(c2.runId)), ...(await ledger.ofRun(c3.runId))];
    const finalStates = new Set(['settled', 'rejected', 'returned', 'refunded', 're-presented']);
    expect(all.filter((c) => !finalStates.has(c.state)).map((c) => `${c.endToEndId}:${c.state}`)).toEqual([]);
    for (const r of [c1, c2, c3]) expect(env.bank.state.collectionFiles.byMessageId(r.runId)).toHaveLength(1);

    // The control of automated movements: every debit the bank booked those days is one of our collections, as made.
    for (const [i, day] of ['2027-01-05', '2027-02-05', '2027-03-05'].entries()) {
      const d = await dispatchItem(env.rt, 'dd-control', { day }, { runId: 'dd-control' });
      const checked = (await waitFor(async () => (await env.rt.queue('dd-control').getJob(d.itemId))?.returnvalue, `dd-control ${day}`, 60_000)) as DdControlResult;
      const booked = all.filter((c) => c.runId === [c1, c2, c3][i]!.runId && c.state !== 'rejected').length;
      expect(checked).toMatchObject({ day, postings: booked, findings: 0 });
    }

    // The cycle's report for people, rewritten as answers came: January's shows how each collection ended.
    const written = JSON.parse(readFileSync(path.join(env.rt.config.dataDir, 'reports', `${c1.runId}.json`), 'utf8')) as CollectionCycleReport;
    expect(written.collections.find((c) => c.umr === umr(S.closed))).toMatchObject({ state: 'rejected', reason: 'AC04' });
    expect(written.creditors[0]!.byReason).toMatchObject({ AC04: { count: 1 }, MD06: { count: 1 } });
    expect(written.file).toMatchObject({ messageId: c1.runId, schema: hasXsd ? XSD : null });
    expect(readFileSync(c1.result.report!.pdf).subarray(0, 5).toString()).toBe('%PDF-');
    expect(existsSync(c1.result.report!.xlsx)).toBe(true);
    // And at a glance on the board's run page: every collection not settled, with its state and reason.
    const glance = JSON.parse(readFileSync(c1.result.report!.json.replace(/\.json$/, '.summary.json'), 'utf8')) as { tables: { caption: string; rows: string[][] }[] };
    const open = glance.tables.find((t) => t.caption === 'Collections not settled')!.rows;
    expect(open.find((r) => r[1] === umr(S.closed))?.slice(5)).toEqual(['rejected', 'AC04']);
    expect(open).toHaveLength(8);

    const reports = [c1, c2, c3].map((r, i) => cycleReport(CREDITOR.id, `2027-0${i + 1}`, all.filter((c) => c.runId === r.runId)));
    for (const r of reports) console.log(`cycle ${r.cycle}: ${r.collections} collections, ${r.total} EUR; R-rate ${((r.rRate ?? 0) * 100).toFixed(2)}%; by state ${JSON.stringify(Object.fromEntries(Object.entries(r.byState).map(([s, v]) => [s, v!.count])))}`);
    expect(reports[0]!.byReason).toMatchObject({ AC04: { count: 1 }, AC06: { count: 1 }, MD01: { count: 1 }, MD07: { count: 1 }, MS02: { count: 1 }, MD06: { count: 1 }, AM04: { count: 2 } });
    console.log(`three cycles over ${N + NEW} mandates (${all.length} collections) in ${((Date.now() - started) / 1000).toFixed(1)} s; schema: ${hasXsd ? XSD : 'none (corpus absent)'}`);
  });
});
