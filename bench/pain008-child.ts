/**
 * One measured pass of the pain008 benchmark, in its own process so that its peak RSS is its own:
 * `node --import tsx bench/pain008-child.ts <ours|baseline> <count> <out.xml> [xsd]`. Prints one JSON
 * line (Pain008ChildReport). The clock covers building and writing the whole file (ours: also the
 * XSD validation, when an XSD is given: the product never sends an unvalidated file).
 *
 *   ours     = writePain008 (banking/pain008) over a generator of collections, pain.008.001.02.
 *   baseline = the `sepa` npm package: a Document, one PaymentInfo per sequence type, every
 *              transaction added, `toString()`, the text written to the file. It takes amounts as
 *              JavaScript numbers, as its README shows.
 * Both sides get the same collections: two sequence types, one collection date, amounts with cents,
 * debtors by IBAN only (no BIC: NOTPROVIDED, as SEPA allows).
 */
import { writeFileSync } from 'node:fs';
import { centsOf } from './pain008-data.js';
import { peakRssMB } from './peak-rss.js';

export interface Pain008ChildReport {
  side: 'ours' | 'baseline';
  count: number;
  ms: number;
  cpuMs: number;
  maxRssMB: number;
  bytes: number;
  /** The group header's CtrlSum as the side wrote it. */
  controlSum: string;
  /** ours: the XSD the file was validated against (null: none given). */
  schema?: string | null;
}

const CREDITOR = { name: 'Stadtwerke Musterstadt GmbH', iban: 'DE02120300000000202051', bic: 'BYLADEM1001', creditorId: 'DE98ZZZ09999999999' };
const DEBTOR_IBANS = ['DE89370400440532013000', 'NL91ABNA0417164300', 'AT611904300234573201', 'FR1420041010050500013M02606'];

async function ours(count: number, out: string, xsd?: string) {
  const [{ Money, parseLocalDate }, p8] = await Promise.all([import('../banking/index.js'), import('../banking/pain008/index.js')]);
  const schema = xsd ? await p8.XsdSchema.load(xsd) : undefined;
  const date = parseLocalDate('2026-12-15', 'collectionDate');
  function* entries(): Generator<import('../banking/pain008/index.js').Pain008Entry> {
    for (let i = 0; i < count; i++) {
      const c = centsOf(i);
      yield {
        umr: `MNDT-${i}`,
        creditorId: CREDITOR.creditorId,
        amount: Money.of(`${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`, 'EUR'),
        collectionDate: date,
        endToEndId: `E2E-${i}`,
        remittance: `Invoice ${i}`,
        scheme: 'CORE',
        sequenceType: i % 10 === 0 ? 'FRST' : 'RCUR',
        debtorName: `Debtor ${i}`,
        debtorIban: DEBTOR_IBANS[i % DEBTOR_IBANS.length]!,
        mandateSignedOn: '2026-11-02',
        creditor: CREDITOR,
      };
    }
  }
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const w = await p8.writePain008(out, entries(), { version: 'pain.008.001.02', messageId: 'BENCH-PAIN008', createdAt: new Date(), initiatingParty: CREDITOR.name, schema });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  await schema?.dispose();
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, controlSum: w.controlSum, schema: w.schema, count: w.count };
}

async function baseline(count: number, out: string) {
  const SEPA = (await import('sepa')).default as unknown as SepaModule;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const doc = new SEPA.Document('pain.008.001.02');
  doc.grpHdr.id = 'BENCH-PAIN008';
  doc.grpHdr.created = new Date();
  doc.grpHdr.initiatorName = CREDITOR.name;
  const blocks = ['FRST', 'RCUR'].map((seq) => {
    const info = doc.createPaymentInfo();
    info.collectionDate = new Date('2026-12-15');
    info.creditorIBAN = CREDITOR.iban;
    info.creditorBIC = CREDITOR.bic;
    info.creditorName = CREDITOR.name;
    info.creditorId = CREDITOR.creditorId;
    info.sequenceType = seq;
    doc.addPaymentInfo(info);
    return info;
  });
  for (let i = 0; i < count; i++) {
    const info = blocks[i % 10 === 0 ? 0 : 1]!;
    const tx = info.createTransaction();
    tx.debtorName = `Debtor ${i}`;
    tx.debtorIBAN = DEBTOR_IBANS[i % DEBTOR_IBANS.length]!;
    tx.mandateId = `MNDT-${i}`;
    tx.mandateSignatureDate = new Date('2026-11-02');
    tx.amount = centsOf(i) / 100;
    tx.remittanceInfo = `Invoice ${i}`;
    tx.end2endId = `E2E-${i}`;
    info.addTransaction(tx);
  }
  const xml = doc.toString();
  writeFileSync(out, xml);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const controlSum = /<GrpHdr>[\s\S]*?<CtrlSum>([^<]*)<\/CtrlSum>/.exec(xml)?.[1] ?? '';
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, controlSum, count };
}

interface SepaModule {
  Document: new (format: string) => {
    grpHdr: { id: string; created: Date; initiatorName: string };
    createPaymentInfo(): SepaInfo;
    addPaymentInfo(info: SepaInfo): void;
    toString(): string;
  };
}
interface SepaInfo {
  collectionDate: Date;
  creditorIBAN: string;
  creditorBIC: string;
  creditorName: string;
  creditorId: string;
  sequenceType: string;
  createTransaction(): Record<string, unknown>;
  addTransaction(tx: Record<string, unknown>): void;
}

async function main(): Promise<void> {
  const [side, countText, out, xsd] = process.argv.slice(2);
  const count = Number(countText);
  if ((side !== 'ours' && side !== 'baseline') || !Number.isInteger(count) || !out) throw new Error('usage: pain008-child.ts <ours|baseline> <count> <out.xml> [xsd]');
  const r = side === 'ours' ? await ours(count, out, xsd) : await baseline(count, out);
  const { statSync } = await import('node:fs');
  const report: Pain008ChildReport = { side, count: r.count, ms: r.ms, cpuMs: r.cpuMs, maxRssMB: peakRssMB(), bytes: statSync(out).size, controlSum: r.controlSum, ...('schema' in r ? { schema: r.schema as string | null } : {}) };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

await main();
