/**
 * collection-plan: a claim made a collection, or an exception saying why not (no browser needed:
 * nothing reaches the bank at this step). The debtor screened: a sanctioned one is a compliance hold.
 */
import { describe, expect, it } from 'vitest';
import { addDays, businessDayOnOrAfter, checkMandateTerms, mandateKey, todayIn, type LocalDate } from '../../banking/index.js';
import { collectionPlan, type CollectionPlanInput, type CollectionPlanResult } from '../../bots/collection-cycle/index.js';
import { CollectionLedger } from '../../bots/collection-ledger/index.js';
import { dispatchItem } from '../../queue/dispatch.js';
import { ownKeys } from '../../queue/keys.js';
import { WorkerHost } from '../../queue/worker-host.js';
import { testConfig, testRuntime } from '../helpers/runtime.js';
import { itemStatus } from '../helpers/payment-entry.js';
import { waitFor } from '../helpers/wait.js';
import { afterAll, beforeAll } from 'vitest';

const CREDITOR = { id: 'DE98ZZZ09999999999', name: 'Stadtwerke Musterstadt GmbH', iban: 'DE02120300000000202051' };
const rt = testRuntime({ bots: [collectionPlan], config: testConfig({ directDebits: { creditors: [CREDITOR], maxAmountPerDebtor: '500' } }) });
const host = new WorkerHost(rt, ['collection-plan']);
const ledger = new CollectionLedger(rt.redis, ownKeys(rt.prefix));
const today = todayIn(rt.config.banking.timeZone, new Date());
const date = businessDayOnOrAfter(addDays(today, 20));

async function mandate(umr: string, debtorName = 'Anna Beispiel') {
  const terms = checkMandateTerms(
    { umr, creditorId: CREDITOR.id, creditorName: CREDITOR.name, debtorName, debtorAddress: [], debtorIban: 'DE89370400440532013000', scheme: 'CORE', type: 'recurrent', signedOn: '2026-10-01', signedAt: 'Berlin' },
    { today: '2026-12-01' as LocalDate },
  );
  await ledger.mandates.record(mandateKey(terms), terms, 'test');
}

beforeAll(async () => {
  await host.start();
  await mandate('CP-OK');
  await mandate('CP-STOPPED');
  await ledger.stopMandate(mandateKey({ creditorId: CREDITOR.id, umr: 'CP-STOPPED' }), 'MD07 (camt.054 NTF-1)');
  await mandate('CP-LISTED', 'Golden Crescent Trading L.L.C.');
});
afterAll(async () => {
  await host.shutdown(1_000);
  await rt.close();
});

let row = 1;
const claim = (over: Partial<CollectionPlanInput['claim']>, extra: Partial<CollectionPlanInput> = {}): CollectionPlanInput => {
  row++;
  return {
    claim: { umr: 'CP-OK', amount: '49,90', collectionDate: date, ...over },
    endToEndId: `CP-${process.pid}-${row}`,
    runId: 'cp-test',
    amountLocale: 'de',
    source: { file: 'claims.csv', sha256: 'abc', row },
    ...extra,
  };
};

async function outcome(input: CollectionPlanInput) {
  const d = await dispatchItem(rt, 'collection-plan', input, { runId: 'cp-test' });
  const status = await itemStatus(rt, d.itemId, 'done', 'exception');
  // The item index says done as the job completes: its return value follows a moment later.
  if (status === 'done') return { result: await waitFor(async () => (await rt.queue('collection-plan').getJob(d.itemId))?.returnvalue as CollectionPlanResult | null, 'the result') };
  const [e] = await rt.exceptions.list({ itemId: d.itemId });
  return { exception: e! };
}

describe('collection-plan', () => {
  it('plans a claim once, with its sequence type, the notice still owed and the debtor screened', async () => {
    const input = claim({});
    const r = await outcome(input);
    expect(r.result).toMatchObject({ outcome: 'planned', entry: { sequenceType: 'FRST', amount: '49.90', debtorName: 'Anna Beispiel' }, notice: { status: 'due' }, screening: { decision: 'pass' } });
    expect((await ledger.get(input.endToEndId))?.state).toBe('planned');
  });

  it('refuses, each with what to do: a stopped mandate, an unknown one, an amount over the limit, a notice too late, a second claim in the file, a sanctioned debtor', async () => {
    const stopped = await outcome(claim({ umr: 'CP-STOPPED' }));
    expect(stopped.exception?.reason).toMatch(/row \d+ of claims.csv: collections on mandate CP-STOPPED are stopped: MD07/);
    const unknown = await outcome(claim({ umr: 'CP-NOBODY' }));
    expect(unknown.exception?.reason).toMatch(/mandate CP-NOBODY of DE98ZZZ09999999999 is not in the mandate register we entered/);
    const over = await outcome(claim({ amount: '750,00' }));
    expect(over.exception?.reason).toMatch(/above the limit of 500(\.00)? EUR for one debtor/);
    const late = await outcome(claim({ notifiedOn: addDays(date, -3) }));
    expect(late.exception?.reason).toMatch(/the debtor was told on .*; the notice was due by/);
    const twice = await outcome(claim({}, { duplicateOfRow: 2 }));
    expect(twice.exception?.reason).toMatch(/claims again on mandate CP-OK .* as row 2 does/);
    const listed = await outcome(claim({ umr: 'CP-LISTED' }));
    expect(listed.exception?.type).toBe('compliance');
    expect(listed.exception?.reason).toMatch(/collection .* on mandate CP-LISTED/);
    for (const r of [stopped, unknown, over, late, twice, listed]) expect(r.result).toBeUndefined();
  });
});
