/** What the payment-entry tests build and wait for: an instruction, an item's status, the bot's result. */
import { addDays, nextBusinessDay, todayIn } from '../../banking/index.js';
import type { PaymentEntryInput, PaymentEntryResult } from '../../bots/payment-entry/index.js';
import type { Runtime } from '../../queue/runtime.js';
import { waitFor } from './wait.js';

type Instruction = PaymentEntryInput['instruction'];
let n = 0;

/** A valid EUR instruction two business days ahead, under a fresh reference `<prefix>-<time>-<n>`. */
export function paymentInstruction(prefix: string, debitAccount: string, over: Partial<Instruction> = {}): Instruction {
  n++;
  return {
    reference: `${prefix}-${Date.now()}-${n}`,
    debitAccount,
    beneficiaryName: 'Müller & Söhne GmbH',
    beneficiaryIban: 'DE89 3704 0044 0532 0130 00',
    amount: '1.234,56',
    currency: 'EUR',
    executionDate: nextBusinessDay(addDays(todayIn('Europe/Berlin', new Date()), 2)),
    ...over,
  };
}

/** Waits until the item has one of the `wanted` statuses, and returns it. */
export const itemStatus = (rt: Runtime, itemId: string, ...wanted: string[]) =>
  waitFor(async () => {
    const s = (await rt.items.get(itemId))?.status;
    return s !== undefined && wanted.includes(s) && s;
  }, `item status ${wanted.join('/')}`, 30_000);

/** Waits for the payment-entry job's return value. */
export const entryResult = (rt: Runtime, itemId: string) =>
  waitFor(async () => (await rt.queue('payment-entry').getJob(itemId))?.returnvalue as PaymentEntryResult | null, 'the result');
