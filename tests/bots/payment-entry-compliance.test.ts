/**
 * payment-entry's compliance step against the simulator, with the project's demo sanctions list:
 * a sanctions hit and an AML hold stop the payment before the legacy system; a hold is released only
 * by two different people and the payment is then entered exactly once; a rejected hold ends the item;
 * a clean payment records which list version screened it and counts in the AML windows once.
 */
import { describe, expect, it } from 'vitest';
import { Money } from '../../banking/index.js';
import { paymentEntry, type PaymentEntryInput } from '../../bots/payment-entry/index.js';
import { decideException } from '../../queue/decisions.js';
import { dispatchItem } from '../../queue/dispatch.js';
import { useBankWorker } from '../helpers/bank-worker.js';
import { entryResult, itemStatus, paymentInstruction } from '../helpers/payment-entry.js';

const env = useBankWorker({ bots: [paymentEntry], usernames: ['bot1'], config: () => ({ bots: { 'payment-entry': { concurrency: 1, attempts: 2, backoffMs: 100 } } }) });
const rt = () => env.rt;

const instruction = (over: Partial<PaymentEntryInput['instruction']> = {}): PaymentEntryInput => ({
  instruction: paymentInstruction('CMP', env.bank.state.accounts[0]!.accountNumber, over),
});
const postings = async (ref: string) => (await env.postingCounts())[ref] ?? 0;
const status = (itemId: string, ...wanted: string[]) => itemStatus(rt(), itemId, ...wanted);
const result = (itemId: string) => entryResult(rt(), itemId);
const person = (username: string, ...roles: ('handler' | 'approver')[]) => ({ username, roles });

describe('payment-entry: compliance before the legacy system', () => {
  it('a sanctions hit holds the payment with its explanation; two different people release it; it is then entered once', async () => {
    const input = instruction({ beneficiaryName: 'Golden Crescent Trading L.L.C.' });
    const d = await dispatchItem(rt(), 'payment-entry', input, { runId: 'cmp-1' });
    expect(await status(d.itemId, 'exception', 'done')).toBe('exception');
    const [exc] = await rt().exceptions.list({ runId: 'cmp-1' });
    expect(exc!.type).toBe('compliance');
    expect(exc!.error.name).toBe('ComplianceHold');
    expect(exc!.error.details).toMatchObject({ rule: 'sanctions.block', decision: 'block' });
    expect(exc!.error.details!.explanation).toMatch(/GOLDEN CRESCENT TRADING/);
    expect(exc!.error.details!.listVersions).toEqual([expect.objectContaining({ source: 'ofac-sdn', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) })]);
    expect(await postings(input.instruction.reference)).toBe(0);

    await decideException(rt(), exc!.id, 'recommend', person('officer-a', 'approver'), { note: 'different company, checked the registry' });
    await expect(decideException(rt(), exc!.id, 'approve', person('officer-a', 'approver'))).rejects.toThrow(/second, different approver/);
    expect(await postings(input.instruction.reference)).toBe(0);
    await decideException(rt(), exc!.id, 'approve', person('officer-b', 'approver'));

    expect(await status(d.itemId, 'done')).toBe('done');
    const r = await result(d.itemId);
    expect(r.outcome).toBe('posted');
    expect(r.compliance.screening).toMatchObject({ decision: 'block', released: true });
    expect(r.compliance.screening.listVersions[0]!.source).toBe('ofac-sdn');
    expect(await postings(input.instruction.reference)).toBe(1);
  });

  it('an AML hold (structuring: a third amount just under the cash threshold within the week) is rejected with a reason: nothing is posted', async () => {
    const debitAccount = env.bank.state.accounts[1]!.accountNumber;
    const under = ['9.500,00', '9.650,00', '9.800,00'].map((amount, i) => instruction({ debitAccount, amount, beneficiaryName: `Supplier ${i + 1} Ltd` }));
    for (const [i, input] of under.slice(0, 2).entries()) {
      const d = await dispatchItem(rt(), 'payment-entry', input, { runId: `cmp-2-${i}` });
      expect(await status(d.itemId, 'done', 'exception')).toBe('done');
    }
    const third = under[2]!;
    const d = await dispatchItem(rt(), 'payment-entry', third, { runId: 'cmp-2' });
    expect(await status(d.itemId, 'exception', 'done')).toBe('exception');
    const [exc] = await rt().exceptions.list({ runId: 'cmp-2' });
    expect(exc!.type).toBe('compliance');
    expect(exc!.error.details!.rule).toBe('aml:structuring');
    expect(exc!.reason).toMatch(/3 payments/);
    await expect(decideException(rt(), exc!.id, 'reject', person('officer-a', 'approver'))).rejects.toThrow(/reason/);
    await decideException(rt(), exc!.id, 'reject', person('officer-a', 'approver'), { note: 'split to avoid the threshold' });
    expect(await status(d.itemId, 'rejected')).toBe('rejected');
    expect(await postings(third.instruction.reference)).toBe(0);
  });

  it('a clean payment is entered, records the list version that screened it, and counts in the AML windows once', async () => {
    const input = instruction();
    const d = await dispatchItem(rt(), 'payment-entry', input, { runId: 'cmp-3' });
    expect(await status(d.itemId, 'done', 'exception')).toBe('done');
    const r = await result(d.itemId);
    expect(r.compliance.screening).toMatchObject({ decision: 'pass', released: false });
    expect(r.compliance.screening.listVersions).toHaveLength(1);
    expect(r.compliance.aml.action).toBe('pass');
    // recorded when posted: recording the same payment again (a retry) changes nothing
    const again = await rt().botServices.compliance.recordPosted({
      id: input.instruction.reference,
      debtorAccount: input.instruction.debitAccount,
      beneficiaryName: input.instruction.beneficiaryName,
      beneficiaryIban: 'DE89370400440532013000',
      amount: Money.of('1234.56', 'EUR'),
      at: new Date(),
    });
    expect(again).toBe(false);
  });
});
