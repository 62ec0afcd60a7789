/**
 * A creditor's collection file as the bank books it and as our bots expect it: the simulator credits
 * the settled file as one batch entry (its message id on the statement) and debits each return; our
 * expectations (the collections credited as one batch, a rejected one withdrawn, a return debited) are
 * reconciled against the day's camt.053: the batch by the grouped rule, the return by its reference,
 * nothing left over.
 */
import { describe, expect, it } from 'vitest';
import { bankLinesOf, collectionCredit, collectionReturnDebit } from '../../../bots/reconcile/index.js';
import { parseBankFile } from '../../../extractors/formats/index.js';
import { creditCreditor } from '../../../legacy-bank/creditor-credit.js';
import type { CollectionFile } from '../../../legacy-bank/collection-files.js';
import { camt053, dayStatement } from '../../../legacy-bank/statement-files.js';
import { reconcile } from '../../../reconciliation/index.js';
import { testConfig } from '../../helpers/runtime.js';
import { testAccount } from '../../helpers/statements.js';
import { reconcileSettings } from '../../../bots/reconcile/index.js';

const DAY = '2027-01-08';

describe('collections on the creditor\'s statement', () => {
  it('the batch credit matches our batch of collections (a rejected one withdrawn), each return its debit; nothing is a break', () => {
    const collections = [
      { endToEndId: 'DDC-1', umr: 'M-1', amount: '19.90', debtorName: 'Anna Achterberg' },
      { endToEndId: 'DDC-2', umr: 'M-2', amount: '29.90', debtorName: 'Bernd Brandauer' },
      { endToEndId: 'DDC-3', umr: 'M-3', amount: '39.90', debtorName: 'Clara Castellano' },
      { endToEndId: 'DDC-4', umr: 'M-4', amount: '49.90', debtorName: 'Dieter Dobrowolski' },
      { endToEndId: 'DDC-5', umr: 'M-5', amount: '59.90', debtorName: 'Elif Eisenhower' },
    ];
    const file: CollectionFile = {
      reference: 'DDF-000001',
      messageId: 'ddc-test-1',
      version: 'pain.008.001.02',
      uploadedAt: 0,
      username: 'bot1',
      fileName: 'ddc-test-1.xml',
      transactions: 5,
      amount: '199.50',
      sha256: 'x',
      creditorIban: 'DE02100200300000202051',
      collections: collections.map((c) => ({ ...c, paymentInfoId: 'ddc-test-1-1', creditorId: 'DE98ZZZ09999999999', debtorIban: 'DE89370400440532013000', collectionDate: DAY, sequenceType: 'RCUR' })),
      status: 'SETTLED',
      outcomes: [
        { endToEndId: 'DDC-1', status: 'settled' },
        { endToEndId: 'DDC-2', status: 'rejected', reason: 'AC04' },
        { endToEndId: 'DDC-3', status: 'settled' },
        { endToEndId: 'DDC-4', status: 'returned', reason: 'AM04' },
        { endToEndId: 'DDC-5', status: 'settled' },
      ],
    };
    const creditor = testAccount('0000202051', 100_000);
    creditCreditor(creditor, file, DAY);
    const statement = parseBankFile(camt053(dayStatement(creditor, DAY)), { file: `${DAY}.xml` });
    if (statement.kind !== 'camt.053') throw new Error(statement.kind);
    const bank = bankLinesOf(statement.statements[0]!);
    expect(bank.map((l) => l.amount.toString())).toEqual(['169.60', '-49.90']);

    // What the cycle and the answers expect: every collection not rejected (DDC-2 withdrawn), and the return.
    const ledger = [
      ...collections.filter((c) => c.endToEndId !== 'DDC-2').map((c) => collectionCredit({ ...c, collectionDate: DAY }, file.messageId, file.fileName)),
      collectionReturnDebit(collections[3]!, DAY, 'NTF-1.xml'),
    ];
    const result = reconcile(bank, ledger, reconcileSettings(testConfig(), DAY));
    expect(result.breaks).toEqual([]);
    expect(result.matches.map((m) => `${m.rule} ${m.ledger.length}`).sort()).toEqual(['grouped 4', 'reference 1']);
  });
});
