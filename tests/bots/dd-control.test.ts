/**
 * dd-control against the simulator's direct-debit postings screen (DD03): a day whose debits are our
 * collections as we made them passes; a debit with no mandate, on a stopped mandate, with another
 * amount, booked twice (that day and across days) or not ours is a finding, an alert each, and the
 * day an exception listing them. As a run a night starts: the day's control is one item, its report
 * the postings and their total; the same day controlled again finds what it found the first time.
 */
import { describe, expect, it } from 'vitest';
import { checkMandateTerms, mandateKey, type LocalDate } from '../../banking/index.js';
import { CollectionLedger } from '../../bots/collection-ledger/index.js';
import { ddControl, ddControlOfDay, ddControlRun, type DdControlResult, type Finding } from '../../bots/dd-control/index.js';
import { dispatchRun } from '../../queue/run-dispatch.js';
import { dispatchItem } from '../../queue/dispatch.js';
import { ownKeys } from '../../queue/keys.js';
import { useBankWorker } from '../helpers/bank-worker.js';
import { itemStatus } from '../helpers/payment-entry.js';
import { waitFor } from '../helpers/wait.js';

const env = useBankWorker({ bots: [ddControl, ddControlOfDay] });
const CREDITOR = 'DE98ZZZ09999999999';
const IBAN = 'DE89370400440532013000';

async function seed(ledger: CollectionLedger) {
  for (const umr of ['DDC-1', 'DDC-2', 'DDC-STOPPED']) {
    const terms = checkMandateTerms(
      { umr, creditorId: CREDITOR, creditorName: 'Stadtwerke', debtorName: 'Anna Beispiel', debtorAddress: [], debtorIban: IBAN, scheme: 'CORE', type: 'recurrent', signedOn: '2026-10-01', signedAt: 'Berlin' },
      { today: '2026-12-01' as LocalDate },
    );
    await ledger.mandates.record(mandateKey(terms), terms, 'test');
  }
  await ledger.stopMandate(mandateKey({ creditorId: CREDITOR, umr: 'DDC-STOPPED' }), 'AC04 (pain.002 STS-1)');
  for (const [e2e, umr, amount] of [['DDC-E-1', 'DDC-1', '49.90'], ['DDC-E-2', 'DDC-2', '20.00'], ['DDC-E-3', 'DDC-2', '15.00']] as const) {
    await ledger.plan({ endToEndId: e2e, umr, mandateKey: mandateKey({ creditorId: CREDITOR, umr }), amount, collectionDate: '2027-01-05', sequenceType: 'RCUR' }, 'test');
  }
}

const book = (day: string, e2e: string, umr: string, amount: string) =>
  env.bank.state.collectionFiles.book({ bookedOn: day, endToEndId: e2e, umr, creditorId: CREDITOR, debtorIban: IBAN, debtorName: 'Anna Beispiel', amount });

describe('dd-control', () => {
  it('passes a day of our collections as made; makes each wrong debit a finding with an alert, and the day an exception', async () => {
    await seed(new CollectionLedger(env.rt.redis, ownKeys(env.rt.prefix)));
    book('2027-01-05', 'DDC-E-1', 'DDC-1', '49.90');
    book('2027-01-05', 'DDC-E-2', 'DDC-2', '20.00');
    const clean = await dispatchItem(env.rt, 'dd-control', { day: '2027-01-05' }, { runId: 'ddc-test' });
    expect(await itemStatus(env.rt, clean.itemId, 'done', 'exception')).toBe('done');
    // The item index says done as the job completes: its return value follows a moment later.
    const checked = await waitFor(async () => (await env.rt.queue('dd-control').getJob(clean.itemId))?.returnvalue as DdControlResult | null, 'the result');
    expect(checked).toEqual({ day: '2027-01-05', postings: 2, findings: 0, total: '69.90' });

    book('2027-01-06', 'DDC-E-3', 'DDC-2', '150.00'); // another amount
    book('2027-01-06', 'DDC-E-2', 'DDC-2', '20.00'); // booked again, a day later
    book('2027-01-06', 'XYZ-1', 'NO-SUCH-MANDATE', '10.00'); // no mandate
    book('2027-01-06', 'XYZ-2', 'DDC-STOPPED', '12.00'); // a stopped mandate
    book('2027-01-06', 'XYZ-3', 'DDC-1', '13.00'); // no collection of ours
    const day = await dispatchItem(env.rt, 'dd-control', { day: '2027-01-06' }, { runId: 'ddc-test' });
    expect(await itemStatus(env.rt, day.itemId, 'done', 'exception')).toBe('exception');
    const [exception] = await env.rt.exceptions.list({ itemId: day.itemId });
    expect(exception!.reason).toMatch(/5 finding\(s\) in 5 postings/);
    const findings = (exception!.error.details as { findings: Finding[] }).findings;
    expect(findings.map((f) => [f.endToEndId, f.kind])).toEqual([
      ['DDC-E-3', 'amount-differs'],
      ['DDC-E-2', 'twice'],
      ['XYZ-1', 'no-mandate'],
      ['XYZ-2', 'cancelled-mandate'],
      ['XYZ-3', 'no-collection'],
    ]);
    const alerts = env.logs.lines.filter((l) => l.includes('"alert ') || l.includes('alert dd-control.'));
    expect(alerts.filter((l) => l.includes('dd-control.')).length).toBeGreaterThanOrEqual(5);
  });

  it("runs as a night's step: one item for the day, its report the postings and their total; a second control of the day finds no posting twice", async () => {
    // The day of the first test, controlled again, now as a run started by a night's plan.
    const plan = await ddControlRun.fromSchedule!({}, { schedule: 'night', at: '2027-01-05T00:00:00.000Z', day: '2027-01-05' }, env.rt.config);
    expect(plan.parent).toEqual({ bot: 'dd-control-of-day', input: { schedule: 'night', day: '2027-01-05' } });
    const run = await dispatchRun(env.rt, plan);
    expect(run.items).toHaveLength(1);
    const report = await waitFor(async () => (await env.rt.queue('dd-control-of-day').getJob(run.runId))?.returnvalue as Record<string, unknown> | null, 'the run report', 30_000);
    expect(report).toEqual({ day: '2027-01-05', counts: { postings: 2, findings: 0, exceptions: 0 }, totals: [{ currency: 'EUR', amount: '69.90', count: 2 }] });
    const previous = await ddControlRun.fromSchedule!({ day: 'previous-business-day' }, { schedule: 'night', at: '2027-01-05T00:00:00.000Z', day: '2027-01-05' }, env.rt.config);
    expect(previous.children).toEqual([{ bot: 'dd-control', input: { day: '2027-01-04' }, businessKey: 'dd-control@2027-01-04 (night 2027-01-05T00:00:00.000Z)' }]);
    await expect(ddControlRun.fromSchedule!({ day: 'tomorrow' }, { schedule: 'night', at: '2027-01-05T00:00:00.000Z', day: '2027-01-05' }, env.rt.config)).rejects.toThrow(/parameters for dd-control-of-day are wrong: day/);
  });
});
