/** The simulated bank's own reading of an uploaded pain.008: what it accepts, and what it refuses and why. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Money, parseLocalDate } from '../../banking/index.js';
import { writePain008 } from '../../banking/pain008/index.js';
import { Pain008Refused, readPain008Upload } from '../../legacy-bank/pain008-intake.js';

const dir = mkdtempSync(path.join(tmpdir(), 'rpa-intake-'));
const creditor = { name: 'Stadtwerke', iban: 'DE02120300000000202051', creditorId: 'DE98ZZZ09999999999' };

async function file(): Promise<string> {
  const f = path.join(dir, 'ok.xml');
  await writePain008(
    f,
    [1, 2, 3].map((i) => ({
      umr: `M-${i}`,
      creditorId: creditor.creditorId,
      amount: Money.of(`${i}.05`, 'EUR'),
      collectionDate: parseLocalDate('2026-12-15', 'd'),
      endToEndId: `E-${i}`,
      scheme: 'CORE' as const,
      sequenceType: 'RCUR' as const,
      debtorName: `Debtor ${i}`,
      debtorIban: 'DE89370400440532013000',
      mandateSignedOn: '2026-11-02',
      creditor,
    })),
    { version: 'pain.008.001.08', messageId: 'MSG-INTAKE', createdAt: new Date(), initiatingParty: 'Stadtwerke' },
  );
  return readFileSync(f, 'utf8');
}

describe('readPain008Upload', () => {
  it('reads the message, its version, the creditor account and every collection; totals in cents', async () => {
    const intake = readPain008Upload(Buffer.from(await file()));
    expect(intake).toMatchObject({ messageId: 'MSG-INTAKE', version: 'pain.008.001.08', creditorIban: creditor.iban, cents: 615n });
    expect(intake.collections.map((c) => [c.endToEndId, c.amount, c.umr, c.sequenceType, c.collectionDate])).toEqual([
      ['E-1', '1.05', 'M-1', 'RCUR', '2026-12-15'],
      ['E-2', '2.05', 'M-2', 'RCUR', '2026-12-15'],
      ['E-3', '3.05', 'M-3', 'RCUR', '2026-12-15'],
    ]);
  });

  it('refuses what a bank refuses: declared totals that do not add up, no pain.008, a DOCTYPE', async () => {
    const xml = await file();
    const refused = (text: string) => {
      try {
        readPain008Upload(Buffer.from(text));
      } catch (e) {
        if (e instanceof Pain008Refused) return e.message;
        throw e;
      }
      return 'accepted';
    };
    expect(refused(xml.replace('<CtrlSum>6.15</CtrlSum>', '<CtrlSum>6.16</CtrlSum>'))).toMatch(/CTRLSUM DOES NOT MATCH/);
    expect(refused(xml.replace(/<NbOfTxs>3<\/NbOfTxs>/, '<NbOfTxs>4</NbOfTxs>'))).toMatch(/NBOFTXS 4 BUT 3/);
    expect(refused(xml.replace('pain.008.001.08', 'pain.001.001.09'))).toBe('NOT A PAIN.008 FILE');
    expect(refused(`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>${xml.slice(xml.indexOf('<Document'))}`)).toBe('DOCTYPE NOT ALLOWED');
  });
});
