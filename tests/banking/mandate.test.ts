import { describe, expect, it } from 'vitest';
import {
  InvalidBic,
  InvalidCreditorId,
  InvalidIban,
  InvalidMandateReference,
  MandateRuleBroken,
  addMonths,
  amendMandate,
  assertCollectable,
  checkMandateTerms,
  expiresOn,
  localDate,
  mandateKey,
  mandateStatusOn,
  newMandate,
  parseMandateReference,
  recordCollection,
  type MandateInput,
} from '../../banking/index.js';

const today = localDate(2026, 12, 4);
const input: MandateInput = {
  umr: 'M-2026-0001',
  creditorId: 'DE98 ZZZ 0999 9999 999',
  creditorName: 'Stadtwerke Musterstadt GmbH',
  debtorName: 'Jürgen Müller',
  debtorAddress: ['Hauptstraße 1', '12345 Musterstadt'],
  debtorIban: 'DE89 3704 0044 0532 0130 00',
  debtorBic: 'COBADEFFXXX',
  scheme: 'core',
  type: 'Recurrent',
  signedOn: '2026-11-20',
  signedAt: 'Musterstadt',
};

function refused<E extends Error>(fn: () => unknown, cls: new (...a: never[]) => E): E {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(cls);
    return e as E;
  }
  throw new Error(`expected ${cls.name}`);
}

describe('mandate terms', () => {
  it('normalises what a form or a sheet gives: ids, SEPA text, IBAN and BIC, scheme and type', () => {
    const t = checkMandateTerms(input, { today });
    expect(t).toEqual({
      umr: 'M-2026-0001',
      creditorId: 'DE98ZZZ09999999999',
      creditorName: 'Stadtwerke Musterstadt GmbH',
      debtorName: 'Juergen Mueller',
      debtorAddress: { lines: ['Hauptstrasse 1', '12345 Musterstadt'] },
      debtorIban: 'DE89370400440532013000',
      debtorBic: 'COBADEFFXXX',
      scheme: 'CORE',
      type: 'recurrent',
      signedOn: '2026-11-20',
      signedAt: 'Musterstadt',
    });
    expect(mandateKey(t)).toBe('DE09999999999/M-2026-0001');
    // The business code does not make another creditor; the UMR's case does make another mandate.
    expect(mandateKey({ ...t, creditorId: 'DE98ABC09999999999' })).toBe(mandateKey(t));
    expect(mandateKey({ ...t, umr: 'm-2026-0001' })).not.toBe(mandateKey(t));
  });

  it('refuses each wrong field with its field and reason', () => {
    expect(refused(() => checkMandateTerms({ ...input, creditorId: 'DE97ZZZ09999999999' }, { today }), InvalidCreditorId).field).toBe('creditorId');
    expect(refused(() => checkMandateTerms({ ...input, debtorIban: 'DE89370400440532013001' }, { today }), InvalidIban).field).toBe('debtorIban');
    expect(refused(() => checkMandateTerms({ ...input, debtorBic: 'BNPAFRPPXXX' }, { today }), InvalidBic).field).toBe('debtorBic');
    expect(refused(() => checkMandateTerms({ ...input, umr: 'M_1' }, { today }), InvalidMandateReference).field).toBe('umr');
    const future = refused(() => checkMandateTerms({ ...input, signedOn: '2026-12-05' }, { today }), MandateRuleBroken);
    expect([future.field, future.rule]).toEqual(['signedOn', 'signature-in-future']);
    expect(future.whatNext).toMatch(/date of signature/);
    const b2b = refused(() => checkMandateTerms({ ...input, scheme: 'B2B' }, { today }), MandateRuleBroken);
    expect([b2b.field, b2b.rule]).toEqual(['b2bConfirmedByDebtorBank', 'b2b-unconfirmed']);
    expect(checkMandateTerms({ ...input, scheme: 'B2B', b2bConfirmedByDebtorBank: true }, { today }).b2bConfirmedByDebtorBank).toBe(true);
    expect(refused(() => checkMandateTerms({ ...input, scheme: 'COR1' }, { today }), MandateRuleBroken).field).toBe('scheme');
    expect(refused(() => checkMandateTerms({ ...input, type: 'monthly' }, { today }), MandateRuleBroken).field).toBe('type');
    expect(refused(() => checkMandateTerms({ ...input, debtorName: ' ' }, { today }), MandateRuleBroken).rule).toBe('incomplete');
    expect(refused(() => checkMandateTerms({ ...input, signedAt: '' }, { today }), MandateRuleBroken).field).toBe('signedAt');
    expect(refused(() => checkMandateTerms({ ...input, debtorAddress: ['a', 'b', 'c'] }, { today }), MandateRuleBroken).field).toBe('debtorAddress');
  });

  it('UMR: 1–35 SEPA characters, case kept, no leading, trailing or double slash', () => {
    expect(parseMandateReference(' Abc/123 ')).toBe('Abc/123');
    expect(parseMandateReference('x'.repeat(35))).toHaveLength(35);
    for (const bad of ['', 'x'.repeat(36), '/ABC', 'ABC/', 'A//B', 'ABC€1', 'ABC_1']) refused(() => parseMandateReference(bad), InvalidMandateReference);
  });
});

describe('mandate status and use', () => {
  const mandate = newMandate(checkMandateTerms(input, { today }));

  it('expires 36 months after its last collection, or after its signature when never used', () => {
    expect(expiresOn(mandate)).toBe('2029-11-20');
    expect(mandateStatusOn(mandate, localDate(2029, 11, 19))).toBe('active');
    expect(mandateStatusOn(mandate, localDate(2029, 11, 20))).toBe('expired');
    const used = recordCollection(mandate, localDate(2027, 3, 1));
    expect(used).toMatchObject({ collections: 1, lastCollectionOn: '2027-03-01' });
    expect(expiresOn(used)).toBe('2030-03-01');
    const e = refused(() => assertCollectable(used, localDate(2030, 3, 1)), MandateRuleBroken);
    expect(e.rule).toBe('expired');
    expect(addMonths(localDate(2024, 1, 31), 1)).toBe('2024-02-29');
    expect(addMonths(localDate(2024, 2, 29), 36)).toBe('2027-02-28');
  });

  it('uses a one-off mandate once, and never a suspended or cancelled one', () => {
    const oneOff = newMandate(checkMandateTerms({ ...input, type: 'one-off' }, { today }));
    const used = recordCollection(oneOff, localDate(2026, 12, 10));
    expect(refused(() => recordCollection(used, localDate(2026, 12, 20)), MandateRuleBroken).rule).toBe('one-off-used');
    expect(refused(() => assertCollectable({ ...mandate, status: 'suspended' }, today), MandateRuleBroken).rule).toBe('suspended');
    expect(refused(() => assertCollectable({ ...mandate, status: 'cancelled' }, today), MandateRuleBroken).rule).toBe('cancelled');
    expect(refused(() => assertCollectable({ ...mandate, scheme: 'B2B' }, today), MandateRuleBroken).rule).toBe('b2b-unconfirmed');
  });
});

describe('mandate amendments', () => {
  const mandate = newMandate(checkMandateTerms(input, { today }));
  const on = localDate(2026, 12, 4);

  it('records each changed field with old and new value, day and source; marks what a collection must carry', () => {
    const { mandate: amended, amendments } = amendMandate(
      mandate,
      { umr: 'M-2026-0001-A', debtorIban: 'FR1420041010050500013M02606', debtorBic: 'PSSTFRPPXXX', debtorAddress: ['1 rue de la Paix', '75002 Paris'] },
      { on, source: 'form scan-7.pdf page 1', today },
    );
    expect(amendments.map((a) => [a.field, a.carriedInCollection])).toEqual([
      ['umr', true],
      ['debtorAddress', false],
      ['debtorIban', true],
      ['debtorBic', true],
    ]);
    expect(amendments.find((a) => a.field === 'umr')).toMatchObject({ from: 'M-2026-0001', to: 'M-2026-0001-A', on, source: 'form scan-7.pdf page 1' });
    expect(amendments.find((a) => a.field === 'debtorIban')).toMatchObject({ debtorBankChanged: true });
    expect(amended.umr).toBe('M-2026-0001-A');
    expect(amended.amendments).toHaveLength(4);
  });

  it('an account at the same bank is a change of account, not of bank; the same terms again record nothing', () => {
    const { amendments } = amendMandate(mandate, { debtorIban: 'DE62370400440532013001' }, { on, source: 'sheet crm.xlsx row 3', today });
    expect(amendments).toHaveLength(1);
    expect(amendments[0]).toMatchObject({ field: 'debtorIban', carriedInCollection: true, debtorBankChanged: false });
    expect(amendMandate(mandate, { ...input }, { on, source: 'again', today }).amendments).toEqual([]);
  });

  it('refuses an amendment that breaks a rule, and any amendment of a cancelled mandate', () => {
    refused(() => amendMandate(mandate, { creditorId: 'DE00ZZZ09999999999' }, { on, source: 's', today }), InvalidCreditorId);
    expect(refused(() => amendMandate({ ...mandate, status: 'cancelled' }, { debtorName: 'X' }, { on, source: 's', today }), MandateRuleBroken).rule).toBe('cancelled');
  });
});
