/**
 * A corpus of broken files, made here in a temp dir: each gives a clear error naming the file,
 * within bounded time and memory. The 100 MB file is sparse (`truncateSync`), so the test writes
 * nothing and the reader must refuse it from its size, before reading it.
 */
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BankFileMalformed,
  detectFormat,
  DocumentTooLarge,
  DocumentUnreadable,
  NotABankFile,
  readBankFile,
  readCamt,
  readMt940,
  readPain002,
  UnsafeXml,
} from '../../../extractors/formats/index.js';
import { BusinessRuleError } from '../../../banking/index.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'rpa-formats-broken-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const p = path.join(tmp, name);
  writeFileSync(p, content);
  return p;
}

const readers = { readMt940, readCamt, readPain002, readBankFile } as const;

/** Runs `read`, expects an error of `cls` whose message starts with the path; returns it and the time taken. */
async function refused(read: (p: string) => Promise<unknown>, p: string, cls: abstract new (...a: never[]) => Error): Promise<{ err: Error; ms: number }> {
  const t0 = performance.now();
  const err = await read(p).then(
    () => undefined,
    (e: unknown) => e,
  );
  const ms = performance.now() - t0;
  expect(err, `${p}: expected ${cls.name}`).toBeInstanceOf(cls);
  expect(err).toBeInstanceOf(BusinessRuleError);
  expect((err as Error).message.startsWith(p) || (err as Error).message.includes(p)).toBe(true);
  expect((err as { whatNext: string }).whatNext.length).toBeGreaterThan(20);
  expect(ms).toBeLessThan(2000);
  return { err: err as Error, ms };
}

const camt = (body: string, ns = 'urn:iso:std:iso:20022:tech:xsd:camt.053.001.02') =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="${ns}">\n<BkToCstmrStmt>\n<GrpHdr><MsgId>M1</MsgId></GrpHdr>\n${body}\n</BkToCstmrStmt>\n</Document>\n`;
const stmt = `<Stmt><Id>S1</Id><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">10.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-01-01</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">15.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-01-02</Dt></Dt></Bal>
<Ntry><Amt Ccy="EUR">5.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><NtryDtls><TxDtls><RmtInf><Ustrd>Müller</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry></Stmt>`;
const mt940 = ':20:REF\n:25:DE89370400440532013000\n:28C:1\n:60F:C240101EUR10,00\n:61:240102C5,00NTRFNONREF\n:86:Müller\n:62F:C240102EUR15,00\n-\n';

describe('broken files', () => {
  it('the good files these are made from are read', async () => {
    expect((await readCamt(file('good.xml', camt(stmt)))).kind).toBe('camt.053');
    expect((await readMt940(file('good.sta', mt940))).kind).toBe('mt940');
  });

  it('truncated XML: "truncated", with the line', async () => {
    const full = camt(stmt);
    const p = file('truncated.xml', full.slice(0, Math.floor(full.length * 0.6)));
    const { err } = await refused(readCamt, p, BankFileMalformed);
    expect((err as BankFileMalformed).problem).toBe('truncated');
    expect(err.message).toMatch(/the XML ends before its elements are closed: the file is truncated or malformed .*\(line \d+, column \d+\)/);
  });

  it('truncated MT940: the statement has no closing balance', async () => {
    const p = file('truncated.sta', mt940.slice(0, mt940.indexOf(':62F:') + 3));
    const { err } = await refused(readMt940, p, BankFileMalformed);
    expect(err.message).toMatch(/no closing balance/);
  });

  it('mismatched XML tags', async () => {
    const { err } = await refused(readCamt, file('mismatch.xml', camt(stmt).replace('</Acct>', '</Acc>')), BankFileMalformed);
    expect(err.message).toMatch(/the XML is malformed: .*closing tag/);
  });

  it('wrong encoding: declared UTF-8, written in Latin-1', async () => {
    const p = file('latin1.xml', iconv.encode(camt(stmt), 'latin1'));
    const { err } = await refused(readCamt, p, BankFileMalformed);
    expect(err.message).toMatch(/not valid UTF-8, as its XML declaration \(encoding="UTF-8"\) says it is/);
    // Declared as what it is, it is read.
    const declared = file('latin1-declared.xml', iconv.encode(camt(stmt).replace('UTF-8', 'ISO-8859-1'), 'latin1'));
    const r = await readCamt(declared);
    expect(r.kind === 'camt.053' && r.statements[0]!.entries[0]!.remittance).toBe('Müller');
    await refused(readCamt, file('unknown-enc.xml', camt(stmt).replace('UTF-8', 'X-NOPE-9')), BankFileMalformed);
  });

  it('wrong encoding: UTF-16 without a byte-order mark is not taken for text', async () => {
    const p = file('utf16.sta', iconv.encode(mt940, 'utf-16le'));
    await refused(readMt940, p, NotABankFile);
    // With its byte-order mark it is read.
    const bom = file('utf16-bom.sta', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(mt940, 'utf-16le')]));
    expect((await readMt940(bom)).kind).toBe('mt940');
  });

  it('binary garbage: "not a … file" from every reader', async () => {
    let seed = 42;
    const bytes = Buffer.from(Buffer.alloc(64 * 1024, 0).map(() => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16) & 0xff));
    const p = file('garbage.bin', bytes);
    for (const read of Object.values(readers)) {
      const { err } = await refused(read, p, NotABankFile);
      expect(err.message).toMatch(/binary content|neither MT940/);
    }
    expect(detectFormat(bytes)).toBeNull();
  });

  it('a PDF or an empty file is not a bank file', async () => {
    const pdf = file('statement.sta', '%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
    await refused(readMt940, pdf, NotABankFile);
    await refused(readCamt, pdf, NotABankFile);
    await refused(readBankFile, file('empty.xml', ''), NotABankFile);
    await refused(readMt940, file('blank.sta', '\r\n  \r\n'), NotABankFile);
  });

  it('an XML bomb (billion laughs) is refused before parsing, fast', async () => {
    const lol = ['<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`)].join('');
    const bomb = `<?xml version="1.0"?>\n<!DOCTYPE Document [${lol}]>\n${camt(stmt).replace(/^<\?xml[^>]*>\n/, '').replace('<MsgId>M1</MsgId>', '<MsgId>&lol9;</MsgId>')}`;
    const heap = process.memoryUsage().heapUsed;
    const { err, ms } = await refused(readCamt, file('bomb.xml', bomb), UnsafeXml);
    expect(err.message).toMatch(/declares entities/);
    expect(ms).toBeLessThan(500);
    expect(process.memoryUsage().heapUsed - heap).toBeLessThan(50 * 2 ** 20);
    await refused(readPain002, file('bomb-pain.xml', bomb), UnsafeXml);
  });

  it('an external entity (XXE) is refused', async () => {
    const xxe = `<?xml version="1.0"?>\n<!DOCTYPE Document SYSTEM "file:///etc/passwd">\n${camt(stmt).replace(/^<\?xml[^>]*>\n/, '')}`;
    const { err } = await refused(readCamt, file('xxe.xml', xxe), UnsafeXml);
    expect(err.message).toMatch(/external DTD/);
  });

  it('elements nested thousands deep are refused, not followed', async () => {
    const deep = camt(`${'<X>'.repeat(5000)}${'</X>'.repeat(5000)}${stmt}`);
    await refused(readCamt, file('deep.xml', deep), BankFileMalformed);
  });

  it('a 100 MB file is refused from its size, before it is read', async () => {
    const p = path.join(tmp, 'huge.xml');
    writeFileSync(p, '');
    truncateSync(p, 100 * 2 ** 20);
    const rss = process.memoryUsage().rss;
    for (const read of Object.values(readers)) {
      const { err } = await refused(read, p, DocumentTooLarge);
      expect(err.message).toMatch(/limit is 52428800 bytes/);
    }
    expect(process.memoryUsage().rss - rss).toBeLessThan(50 * 2 ** 20);
    // A smaller limit is an option.
    await refused((f) => readMt940(f, { maxBytes: 100 }), file('small-limit.sta', mt940), DocumentTooLarge);
  });

  it('a missing file', async () => {
    await refused(readMt940, path.join(tmp, 'nope.sta'), DocumentUnreadable);
  });
});

/** What real banks' statement files do that the standards do not: read, with what was read otherwise kept and flagged. */
describe('statements from real banks', () => {
  it('a 30 February (30-day booking months) is read as the last day of February, the original text kept in the provenance', async () => {
    const text = ':20:FEB30\n:25:DE89370400440532013000\n:28C:2\n:60F:C230227EUR10,00\n:61:2302300230C5,00NTRFNONREF\n:86:Zinsen\n:62F:C230230EUR15,00\n-\n';
    const r = await readMt940(file('feb30.sta', text));
    if (r.kind !== 'mt940') throw new Error('expected an MT940 statement');
    const [s] = r.statements;
    const [e] = s!.entries;
    expect([e!.valueDate, e!.bookingDate, s!.closing.date]).toEqual(['2023-02-28', '2023-02-28', '2023-02-28']);
    expect(e!.provenance.asWritten).toEqual({ ':61: value date': '230230', ':61: entry date': '0230' });
    expect(s!.closing.provenance.asWritten).toEqual({ ':62F: date': '230230' });
    expect(s!.flags).toEqual([expect.objectContaining({ code: 'date-adjusted' })]);
    // In a leap year it is the 29th; a 31 February or a 30 April stays an error.
    const leap = await readMt940(file('feb30-leap.sta', text.replaceAll('2302', '2402').replaceAll('2302', '2402')));
    if (leap.kind !== 'mt940') throw new Error('expected an MT940 statement');
    expect(leap.statements[0]!.entries[0]!.valueDate).toBe('2024-02-29');
    await refused(readMt940, file('feb31.sta', text.replace(':61:2302300230', ':61:2302310230')), BankFileMalformed);
    await refused(readMt940, file('apr31.sta', text.replace(':61:2302300230', ':61:2304310230')), BankFileMalformed);
  });

  it('a camt booking date of 30 February is read the same way', async () => {
    const body = stmt.replace('<Sts>BOOK</Sts>', '<Sts>BOOK</Sts><BookgDt><Dt>2023-02-30</Dt></BookgDt>');
    const r = await readCamt(file('feb30.xml', camt(body)));
    if (r.kind !== 'camt.053') throw new Error('expected camt.053');
    const e = r.statements[0]!.entries[0]!;
    expect(e.bookingDate).toBe('2023-02-28');
    expect(e.provenance.asWritten).toEqual({ BookgDt: '2023-02-30' });
  });

  it('spaces in place of the optional entry date of :61: are read as no entry date', async () => {
    const r = await readMt940(file('blank-entry-date.sta', mt940.replace(':61:240102C5,00', ':61:240102    C5,00')));
    if (r.kind !== 'mt940') throw new Error('expected an MT940 statement');
    const e = r.statements[0]!.entries[0]!;
    expect([e.valueDate, e.bookingDate, e.amount.toString()]).toEqual(['2024-01-02', null, '5.00']);
  });

  it('a second :25: or :20: inside one statement is refused, as a second opening balance is', async () => {
    const account = await refused(readMt940, file('two-accounts.sta', mt940.replace(':86:Müller\n', ':86:Müller\n:25:Rest of a broken 86\n')), BankFileMalformed);
    expect(account.err.message).toMatch(/a second account :25: in statement "REF"/);
    const ref = await refused(readMt940, file('two-refs.sta', mt940.replace(':86:Müller\n', ':86:Müller\n:20:OTHER\n')), BankFileMalformed);
    expect(ref.err.message).toMatch(/a second transaction reference :20:/);
  });

  it('a statement in a withdrawn currency (DEM, ITL) is read with that currency\'s minor units, and flagged', async () => {
    const dem = await readMt940(file('dem.sta', mt940.replaceAll('EUR', 'DEM')));
    if (dem.kind !== 'mt940') throw new Error('expected an MT940 statement');
    const s = dem.statements[0]!;
    expect([s.currency, s.closing.amount.toString(), s.closing.amount.toMinorUnits()]).toEqual(['DEM', '15.00', 1500n]);
    expect(s.flags).toEqual([expect.objectContaining({ code: 'historic-currency', message: expect.stringMatching(/DEM \(Deutsche Mark\).*withdrawn in 2002-03.*EUR/) })]);
    const itl = await readCamt(file('itl.xml', camt(stmt.replaceAll('EUR', 'ITL').replaceAll('10.00', '10000').replaceAll('15.00', '15000').replaceAll('5.00', '5000'))));
    if (itl.kind !== 'camt.053') throw new Error('expected camt.053');
    expect([itl.statements[0]!.closing.amount.toString(), itl.statements[0]!.closing.amount.toMinorUnits()]).toEqual(['15000', 15000n]);
    expect(itl.statements[0]!.flags?.[0]?.code).toBe('historic-currency');
    // Lire have no decimals: 10.50 ITL is not an amount, and the statement is refused for it.
    await refused(readCamt, file('itl-cents.xml', camt(stmt.replaceAll('EUR', 'ITL').replace('10.00', '10.50').replace('15.00', '15.50'))), BankFileMalformed);
  });
});
